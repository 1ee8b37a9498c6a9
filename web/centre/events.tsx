import { graphql } from '../gql';
import type { DataCategory } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { formatDate } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import { RegistrationForm } from './events-form';
import { ATTENDEE_FIELDS, BASIS_WORDS, CATEGORY_WORDS, FORMAT_WORDS } from './events-words';

const UpcomingEvents = graphql(`
  query UpcomingEvents {
    events(upcoming: true) {
      id
      title
      format
      startsAt
      endsAt
      cosponsors {
        id
        name
      }
      dataUses {
        category
      }
    }
  }
`);

const EventToRegister = graphql(`
  query EventToRegister($id: ID!) {
    event(id: $id) {
      id
      title
      format
      startsAt
      endsAt
      retentionDays
      cosponsors {
        id
        name
      }
      dataUses {
        category
        purpose {
          id
          name
          description
          lawfulBasis
          marketing
        }
      }
      separateConsentDisclosures {
        ...DisclosureShown
      }
    }
    notices {
      ...NoticeToRegisterUnder
    }
    privacySignals {
      globalPrivacyControl
    }
  }
`);

const DAY_MS = 86_400_000;

/** From start to end, in one phrase: "12 May 2030, 09:00 – 17:00". */
export function formatRange(startsAt: string, endsAt: string): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).formatRange(
    new Date(startsAt),
    new Date(endsAt),
  );
}

/** The categories in the order people read them, once each. */
function categoriesOf(uses: readonly { category: DataCategory }[]): DataCategory[] {
  const declared = new Set(uses.map((use) => use.category));
  return (Object.keys(CATEGORY_WORDS) as DataCategory[]).filter((category) =>
    declared.has(category),
  );
}

export function EventsPage() {
  const events = useLoad(() => request(UpcomingEvents, {}), []);
  return (
    <>
      <PageHeading>Upcoming events</PageHeading>
      {events.loading && <Loading what="the events" />}
      <ErrorNotice error={events.error} />
      {events.data?.events.length === 0 && <p>No event is planned at the moment.</p>}
      {events.data?.events.map((event) => (
        <article class="card" key={event.id} aria-labelledby={`event-${event.id}`}>
          <h2 id={`event-${event.id}`}>{event.title}</h2>
          <p>
            {FORMAT_WORDS[event.format]}: {formatRange(event.startsAt, event.endsAt)}
          </p>
          {event.cosponsors.length > 0 && (
            <p>Co-sponsored with {event.cosponsors.map((partner) => partner.name).join(', ')}.</p>
          )}
          <p>
            What it collects:{' '}
            {categoriesOf(event.dataUses)
              .map((category) => CATEGORY_WORDS[category])
              .join(', ')}
            .
          </p>
          <p>
            <a class="button" href={routeHref(`/events/${event.id}`)}>
              Register for {event.title}
            </a>
          </p>
        </article>
      ))}
    </>
  );
}

/** What the event collects outside the form (payment, usage, device), so that nothing declared goes unsaid. */
function CollectedElsewhere({
  uses,
}: {
  uses: readonly {
    category: DataCategory;
    purpose: { name: string; lawfulBasis: keyof typeof BASIS_WORDS };
  }[];
}) {
  const formCategories = new Set<DataCategory>(
    Object.values(ATTENDEE_FIELDS).map((field) => field.category),
  );
  const elsewhere = uses.filter((use) => !formCategories.has(use.category));
  if (elsewhere.length === 0) return null;
  return (
    <>
      <p>The event also collects, outside this form:</p>
      <ul>
        {elsewhere.map((use) => (
          <li key={`${use.category}-${use.purpose.name}`}>
            {CATEGORY_WORDS[use.category]}: for {use.purpose.name},{' '}
            {BASIS_WORDS[use.purpose.lawfulBasis]}
          </li>
        ))}
      </ul>
    </>
  );
}

export function RegistrationPage({ eventId }: { eventId: string }) {
  const loaded = useLoad(() => request(EventToRegister, { id: eventId }), [eventId]);
  if (loaded.loading) return <Loading what="the event" />;
  const event = loaded.data?.event;
  if (!event) {
    return (
      <>
        <PageHeading>Event not found</PageHeading>
        <ErrorNotice error={loaded.error} />
        <p>
          There is no such event. <a href={routeHref('/events')}>See the upcoming events</a>.
        </p>
      </>
    );
  }
  const notice = loaded.data?.notices.find((candidate) => candidate.current) ?? null;
  const ended = Date.parse(event.endsAt) <= Date.now();
  const deidentifiedFrom = new Date(
    Date.parse(event.endsAt) + event.retentionDays * DAY_MS,
  ).toISOString();
  return (
    <>
      <PageHeading>Register for {event.title}</PageHeading>
      <p>
        {FORMAT_WORDS[event.format]}: {formatRange(event.startsAt, event.endsAt)}
      </p>
      {event.cosponsors.length > 0 && (
        <p>Co-sponsored with {event.cosponsors.map((partner) => partner.name).join(', ')}.</p>
      )}
      <p>
        What you give us here is de-identified {event.retentionDays} days after the event ends (from{' '}
        {formatDate(deidentifiedFrom)}).
      </p>
      <CollectedElsewhere uses={event.dataUses} />
      {ended ? (
        <p>Registration is closed: the event has ended.</p>
      ) : notice?.current ? (
        <RegistrationForm
          event={event}
          noticeId={notice.id}
          notice={notice.current}
          globalPrivacyControl={loaded.data?.privacySignals.globalPrivacyControl ?? false}
        />
      ) : (
        <p>Registration opens once a privacy notice is in effect.</p>
      )}
    </>
  );
}
