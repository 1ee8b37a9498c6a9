import { useEffect, useRef } from 'preact/hooks';
import type {
  DisclosureShownFragment,
  NoticeToRegisterUnderFragment,
  RegisterForEventMutation,
} from '../gql/graphql';
import { StatusNotice } from '../shared/components';
import { formatDate } from '../shared/format';
import { routeHref } from '../shared/router';
import { SectionDiff } from '../shared/section-diff';
import type { Event, Purpose } from './events-fields';
import { ATTENDEE_FIELDS, type AttendeeField } from './events-words';
import { choiceKey, scopeAction } from './separate-consent';

export type NoticeVersion = NonNullable<NoticeToRegisterUnderFragment['current']>;
export type Registration = RegisterForEventMutation['registerForEvent'];

/** The notice in effect is newer than the one the form was made under: what changed, and a way on. */
export function NoticeChanged({
  seen,
  now,
  onConfirm,
  busy,
}: {
  seen: NoticeVersion;
  now: NoticeVersion;
  onConfirm: () => void;
  busy: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [now.number]);
  return (
    <section class="banner" aria-labelledby="notice-changed">
      <h2 id="notice-changed" ref={heading} tabIndex={-1}>
        The privacy notice changed while you filled in the form
      </h2>
      <p>
        Version {now.number}, in effect since {formatDate(now.effectiveAt)}, replaces version{' '}
        {seen.number} that you were shown. Your answers are kept: read what changed, then register
        under the new version.
      </p>
      {now.changeSummary && <p>What changed: {now.changeSummary}</p>}
      <SectionDiff
        before={seen.sections}
        after={now.sections}
        titleAs="h3"
        language={now.language}
      />
      <div class="actions">
        <button type="button" onClick={onConfirm} disabled={busy}>
          I have read it: register under version {now.number}
        </button>
      </div>
    </section>
  );
}

/** What the registration recorded, and the consents given with it. */
export function Recorded({
  event,
  registration,
  consents,
  separateConsents,
  separateChosen,
}: {
  event: Event;
  registration: Registration;
  consents: readonly Purpose[];
  /** The separate consents the form offered, and the keys of those ticked. */
  separateConsents: readonly DisclosureShownFragment[];
  separateChosen: ReadonlySet<string>;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  const rows = (Object.keys(ATTENDEE_FIELDS) as AttendeeField[]).flatMap((field) => {
    const value = registration.attendee?.[field];
    if (!value) return [];
    const shown = field === 'country' ? (regionNames.of(value) ?? value) : value;
    return [{ field, label: ATTENDEE_FIELDS[field].label, shown }];
  });
  return (
    <section aria-labelledby="registered">
      <h2 id="registered" ref={heading} tabIndex={-1}>
        You are registered
      </h2>
      <StatusNotice>
        You are registered for {event.title}, under version {registration.noticeVersion} of the
        privacy notice.
      </StatusNotice>
      <h3>What we recorded</h3>
      <dl>
        {rows.map((row) => (
          <div key={row.field}>
            <dt>{row.label}</dt>
            <dd>{row.shown}</dd>
          </div>
        ))}
      </dl>
      <h3>Your consent</h3>
      {consents.length > 0 ? (
        <>
          <p>You agreed to:</p>
          <ul>
            {consents.map((purpose) => (
              <li key={purpose.id}>{purpose.name}</li>
            ))}
          </ul>
          <p>
            A receipt for each consent, and the means to withdraw it, are in{' '}
            <a href={routeHref('/my')}>My privacy</a> (sign in with a code we mail you).
          </p>
        </>
      ) : (
        <p>You gave no consent beyond what the event needs.</p>
      )}
      <SeparateConsentsGiven offered={separateConsents} chosen={separateChosen} />
    </section>
  );
}

/** Which separate consents were given with the registration, and which were not. */
function SeparateConsentsGiven({
  offered,
  chosen,
}: {
  offered: readonly DisclosureShownFragment[];
  chosen: ReadonlySet<string>;
}) {
  if (offered.length === 0) return null;
  const given = offered.filter((disclosure) => chosen.has(choiceKey(disclosure)));
  const refused = offered.filter((disclosure) => !chosen.has(choiceKey(disclosure)));
  const item = (disclosure: DisclosureShownFragment) => (
    <li key={choiceKey(disclosure)}>{scopeAction(disclosure.scope, disclosure.partner.name)}</li>
  );
  return (
    <>
      <h3>Sharing with other organisations</h3>
      {given.length > 0 ? (
        <>
          <p>You gave your separate consent to:</p>
          <ul>{given.map(item)}</ul>
        </>
      ) : (
        <p>You gave no separate consent to share your data with other organisations.</p>
      )}
      {refused.length > 0 && given.length > 0 && (
        <>
          <p>You did not agree to:</p>
          <ul>{refused.map(item)}</ul>
        </>
      )}
      {given.length > 0 && (
        <p>
          You can withdraw each of them at any time in <a href={routeHref('/my')}>My privacy</a>.
        </p>
      )}
    </>
  );
}
