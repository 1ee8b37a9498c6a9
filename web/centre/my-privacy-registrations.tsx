import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { EventFormat, RegistrationShownFragment } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice } from '../shared/components';
import { formatDateTime } from '../shared/format';
import { useAction } from '../shared/hooks';
import { REGISTRATION_STATUS_WORDS } from './my-privacy-words';

graphql(`
  fragment RegistrationShown on Registration {
    id
    status
    registeredAt
    noticeVersion
    event {
      id
      title
      format
      startsAt
    }
  }
`);

const CancelRegistration = graphql(`
  mutation CancelRegistration($id: ID!) {
    cancelRegistration(id: $id) {
      ...RegistrationShown
    }
  }
`);

const FORMAT_WORDS: Record<EventFormat, string> = { IN_PERSON: 'in person', WEBINAR: 'online' };

interface RegistrationsProps {
  token: string;
  registrations: RegistrationShownFragment[];
}

/** The person's event registrations; each still open can be cancelled, after a confirmation. */
export function RegistrationsSection({ token, registrations }: RegistrationsProps) {
  const [shown, setShown] = useState(registrations);
  const [said, setSaid] = useState<string | null>(null);
  const cancel = useAction((id: string) => request(CancelRegistration, { id }, token));

  const cancelled = async (registration: RegistrationShownFragment) => {
    setSaid(null);
    const answer = await cancel.run(registration.id);
    if (!answer) return false;
    setShown((previous) =>
      previous.map((item) => (item.id === registration.id ? answer.cancelRegistration : item)),
    );
    setSaid(`Your registration for ${registration.event.title} is cancelled.`);
    return true;
  };

  return (
    <section aria-labelledby="registrations-heading">
      <h2 id="registrations-heading">Event registrations</h2>
      {shown.length === 0 && <p>You have not registered for any event.</p>}
      {shown.map((registration) => (
        <RegistrationCard
          key={registration.id}
          registration={registration}
          busy={cancel.busy}
          onCancel={() => cancelled(registration)}
        />
      ))}
      <div role="status">{said && <p class="notice notice-ok">{said}</p>}</div>
      <ErrorNotice error={cancel.error} />
    </section>
  );
}

interface CardProps {
  registration: RegistrationShownFragment;
  busy: boolean;
  onCancel: () => Promise<boolean>;
}

function RegistrationCard({ registration, busy, onCancel }: CardProps) {
  const [confirming, setConfirming] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { event } = registration;

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    if (await onCancel()) {
      setConfirming(false);
      heading.current?.focus();
    }
  };

  const keep = () => {
    setConfirming(false);
    heading.current?.focus();
  };

  return (
    <div class="card">
      <h3 ref={heading} tabIndex={-1}>
        {event.title}
      </h3>
      <p>
        {formatDateTime(event.startsAt)}, {FORMAT_WORDS[event.format]}.{' '}
        {REGISTRATION_STATUS_WORDS[registration.status]}. You registered on{' '}
        {formatDateTime(registration.registeredAt)}, under version {registration.noticeVersion} of
        the privacy notice.
      </p>
      {registration.status === 'REGISTERED' && !confirming && (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            aria-label={`Cancel registration: ${event.title}`}
            onClick={() => setConfirming(true)}
          >
            Cancel registration
          </button>
        </div>
      )}
      {confirming && (
        <div role="group" aria-labelledby={`confirm-${registration.id}`}>
          <p id={`confirm-${registration.id}`} ref={question} tabIndex={-1}>
            Cancel your registration for {event.title}? To attend after all, you would register
            again.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void confirm()}>
              Yes, cancel it
            </button>
            <button type="button" class="secondary" onClick={keep}>
              No, keep it
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
