import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ApiError, describeError, request } from '../shared/api';
import { ErrorNotice, Field } from '../shared/components';
import { formatDate } from '../shared/format';
import { routeHref } from '../shared/router';
import {
  askedFields,
  attendeeInput,
  ConsentBox,
  distinctPurposes,
  FieldInput,
  whyWeAsk,
  type Event,
} from './events-fields';
import { NoticeChanged, Recorded, type NoticeVersion, type Registration } from './events-outcome';
import { SeparateConsentsFieldset } from './events-separate';
import type { AttendeeField } from './events-words';
import { choiceKey } from './separate-consent';
import { emailOfToken, useSubjectSession } from './session';

graphql(`
  fragment NoticeToRegisterUnder on Notice {
    id
    current {
      number
      effectiveAt
      changeSummary
      language
      sections {
        ...SectionText
      }
    }
  }
`);

const NoticeNow = graphql(`
  query NoticeNow {
    notices {
      ...NoticeToRegisterUnder
    }
  }
`);

const RegisterForEvent = graphql(`
  mutation RegisterForEvent($input: RegisterForEventInput!) {
    registerForEvent(input: $input) {
      id
      noticeVersion
      attendee {
        name
        email
        country
        organization
        jobTitle
        industry
        postalAddress
        phone
        organizationType
      }
    }
  }
`);

interface RegistrationFormProps {
  event: Event;
  noticeId: string;
  /** The notice version in effect when the page was read: the one the person is shown. */
  notice: NoticeVersion;
  globalPrivacyControl: boolean;
}

/**
 * A registration form built from the event's declared data uses: only the
 * fields it declared, each with its purposes and lawful bases beside it, and
 * its consent purposes as boxes left unticked. The notice version named
 * above the button is the one sent.
 */
export function RegistrationForm({
  event,
  noticeId,
  notice,
  globalPrivacyControl,
}: RegistrationFormProps) {
  const { token } = useSubjectSession();
  const asked = askedFields(event.dataUses);
  const consentPurposes = distinctPurposes(event.dataUses).filter(
    (purpose) => purpose.lawfulBasis === 'CONSENT',
  );
  const offered = consentPurposes.filter((purpose) => !(globalPrivacyControl && purpose.marketing));
  const refusedBySignal = consentPurposes.filter(
    (purpose) => globalPrivacyControl && purpose.marketing,
  );
  const [values, setValues] = useState<Partial<Record<AttendeeField, string>>>(() => ({
    email: emailOfToken(token),
  }));
  const [consented, setConsented] = useState<ReadonlySet<string>>(new Set());
  // Separate consents ticked, by partner and scope (choiceKey).
  const [separate, setSeparate] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(notice);
  const [changed, setChanged] = useState<NoticeVersion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [registration, setRegistration] = useState<Registration | null>(null);
  const errorBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) errorBox.current?.focus();
  }, [error]);

  if (registration) {
    return (
      <Recorded
        event={event}
        registration={registration}
        consents={offered.filter((purpose) => consented.has(purpose.id))}
        separateConsents={event.separateConsentDisclosures}
        separateChosen={separate}
      />
    );
  }

  const missing = asked.filter(({ field, spec }) => spec.required && !values[field]?.trim());

  const register = async (version: NoticeVersion) => {
    setError(null);
    if (missing.length > 0) {
      setError(
        `Please fill in: ${missing.map(({ spec }) => spec.label.toLowerCase()).join(', ')}.`,
      );
      return;
    }
    setBusy(true);
    try {
      const answer = await request(RegisterForEvent, {
        input: {
          eventId: event.id,
          attendee: attendeeInput(asked, values, consented),
          noticeId,
          noticeVersion: version.number,
          consentPurposeIds: offered
            .filter((purpose) => consented.has(purpose.id))
            .map((purpose) => purpose.id),
          separateConsents: event.separateConsentDisclosures
            .filter((disclosure) => separate.has(choiceKey(disclosure)))
            .map((disclosure) => ({ partnerId: disclosure.partner.id, scope: disclosure.scope })),
        },
      });
      setRegistration(answer.registerForEvent);
    } catch (failure) {
      const now =
        failure instanceof ApiError && failure.code === 'CONFLICT'
          ? await noticeInEffect(noticeId)
          : null;
      if (now && now.number !== version.number) setChanged(now);
      else setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const confirmNewVersion = () => {
    if (!changed) return;
    setShown(changed);
    setChanged(null);
    void register(changed);
  };

  const toggle = (purposeId: string, on: boolean) =>
    setConsented(switched(consented, purposeId, on));

  return (
    <form
      noValidate
      aria-labelledby="registration-form"
      onSubmit={(submitted) => {
        submitted.preventDefault();
        void register(shown);
      }}
    >
      <h2 id="registration-form">Your details</h2>
      <p>We ask only for what this event declared, and say why beside each field.</p>
      <div ref={errorBox} tabIndex={-1}>
        <ErrorNotice error={error} />
      </div>
      {asked.map((item) => (
        <Field
          key={item.field}
          label={`${item.spec.label}${item.spec.required ? ' (required)' : ''}`}
          hint={whyWeAsk(item)}
        >
          {(attributes) => (
            <FieldInput
              asked={item}
              value={values[item.field] ?? ''}
              onInput={(value) => setValues({ ...values, [item.field]: value })}
              attributes={attributes}
            />
          )}
        </Field>
      ))}
      {consentPurposes.length > 0 && (
        <fieldset>
          <legend>Your consent (optional)</legend>
          {offered.length > 0 && (
            <p class="hint">Tick a box only if you agree. You can withdraw at any time.</p>
          )}
          {offered.map((purpose) => (
            <ConsentBox
              key={purpose.id}
              purpose={purpose}
              checked={consented.has(purpose.id)}
              onChange={(on) => toggle(purpose.id, on)}
            />
          ))}
          {refusedBySignal.length > 0 && (
            <p>
              Not offered, because your browser sends Global Privacy Control, which we honour:{' '}
              {refusedBySignal.map((purpose) => purpose.name).join(', ')}.
            </p>
          )}
        </fieldset>
      )}
      <SeparateConsentsFieldset
        disclosures={event.separateConsentDisclosures}
        chosen={separate}
        onChange={(key, on) => setSeparate(switched(separate, key, on))}
      />
      {changed ? (
        <NoticeChanged seen={shown} now={changed} onConfirm={confirmNewVersion} busy={busy} />
      ) : (
        <>
          <p>
            You register under the <a href={routeHref('/')}>privacy notice</a> of{' '}
            {formatDate(shown.effectiveAt)}, version {shown.number}.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Registering…' : 'Register'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function switched(set: ReadonlySet<string>, key: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}

/** The version in effect now; null when it cannot be read, and the CONFLICT's own words are shown instead. */
async function noticeInEffect(noticeId: string): Promise<NoticeVersion | null> {
  try {
    const { notices } = await request(NoticeNow, {});
    return notices.find((notice) => notice.id === noticeId)?.current ?? null;
  } catch {
    return null;
  }
}
