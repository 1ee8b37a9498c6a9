import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type {
  AttendeeInput,
  EventToRegisterQuery,
  LawfulBasis,
  NoticeToRegisterUnderFragment,
  RegisterForEventMutation,
} from '../gql/graphql';
import { ApiError, describeError, request } from '../shared/api';
import { ErrorNotice, Field, StatusNotice } from '../shared/components';
import { formatDate } from '../shared/format';
import { routeHref } from '../shared/router';
import { SectionDiff } from '../shared/section-diff';
import {
  ATTENDEE_FIELDS,
  BASIS_WORDS,
  countries,
  type AttendeeField,
  type FieldSpec,
} from './events-words';
import { useSubjectSession } from './session';

graphql(`
  fragment NoticeToRegisterUnder on Notice {
    id
    current {
      number
      effectiveAt
      changeSummary
      language
      sections {
        key
        heading
        summary
        body
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

type Event = NonNullable<EventToRegisterQuery['event']>;
type Use = Event['dataUses'][number];
type NoticeVersion = NonNullable<NoticeToRegisterUnderFragment['current']>;
type Registration = RegisterForEventMutation['registerForEvent'];

interface Purpose {
  id: string;
  name: string;
  description: string | null;
  lawfulBasis: LawfulBasis;
  marketing: boolean;
}

interface Asked {
  field: AttendeeField;
  spec: FieldSpec;
  purposes: Purpose[];
  /** Every purpose of the field is consent-based: kept only with one of those consents. */
  consentOnly: boolean;
}

function distinctPurposes(uses: readonly Use[]): Purpose[] {
  const byId = new Map(uses.map((use) => [use.purpose.id, use.purpose]));
  return [...byId.values()];
}

/** The form's fields: those whose categories the event declared, each with the purposes it serves. */
function askedFields(uses: readonly Use[]): Asked[] {
  return (Object.keys(ATTENDEE_FIELDS) as AttendeeField[]).flatMap((field) => {
    const spec = ATTENDEE_FIELDS[field];
    const purposes = distinctPurposes(uses.filter((use) => use.category === spec.category));
    if (purposes.length === 0) return [];
    const consentOnly = purposes.every((purpose) => purpose.lawfulBasis === 'CONSENT');
    return [{ field, spec, purposes, consentOnly }];
  });
}

function whyWeAsk(asked: Asked): string {
  const reasons = asked.purposes
    .map((purpose) => `${purpose.name}: ${BASIS_WORDS[purpose.lawfulBasis]}`)
    .join('; ');
  return asked.consentOnly
    ? `Used for ${reasons}. Kept only if you agree below.`
    : `Used for ${reasons}.`;
}

/** The signed-in person's address, from their token's claims, to fill in the form. */
function emailOfToken(token: string | null): string {
  const payload = token?.split('.')[1];
  if (!payload) return '';
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { email?: unknown };
    return typeof claims.email === 'string' ? claims.email : '';
  } catch {
    return '';
  }
}

function FieldInput({
  asked,
  value,
  onInput,
  attributes,
}: {
  asked: Asked;
  value: string;
  onInput: (value: string) => void;
  attributes: { id: string; 'aria-describedby'?: string };
}) {
  const { spec } = asked;
  const common = {
    ...attributes,
    name: asked.field,
    value,
    autocomplete: spec.autocomplete,
    'aria-required': spec.required ? ('true' as const) : undefined,
  };
  const typed = {
    maxLength: spec.maxLength,
    onInput: (event: { currentTarget: HTMLInputElement }) => onInput(event.currentTarget.value),
  };
  switch (spec.input) {
    case 'country':
      return (
        <select {...common} onChange={(event) => onInput(event.currentTarget.value)}>
          <option value="">Choose a country or region</option>
          {countries().map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
      );
    case 'textarea':
      return (
        <textarea
          {...common}
          maxLength={spec.maxLength}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      );
    case 'email':
      return <input {...common} {...typed} type="email" />;
    case 'tel':
      return <input {...common} {...typed} type="tel" />;
    case 'text':
      return <input {...common} {...typed} type="text" />;
  }
}

/** The input as the API takes it: declared fields only, consent-only ones only with their consent. */
function attendeeInput(
  asked: readonly Asked[],
  values: Partial<Record<AttendeeField, string>>,
  consented: ReadonlySet<string>,
): AttendeeInput {
  const attendee: AttendeeInput = { name: '', email: '' };
  for (const { field, purposes, consentOnly } of asked) {
    const value = values[field]?.trim() ?? '';
    if (!value) continue;
    if (consentOnly && !purposes.some((purpose) => consented.has(purpose.id))) continue;
    attendee[field] = value;
  }
  return attendee;
}

function NoticeChanged({
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
  useEffect(() => heading.current?.focus(), [now.number]);
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

function Recorded({
  event,
  registration,
  consents,
}: {
  event: Event;
  registration: Registration;
  consents: readonly Purpose[];
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
    </section>
  );
}

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

  const toggle = (purposeId: string, on: boolean) => {
    const next = new Set(consented);
    if (on) next.add(purposeId);
    else next.delete(purposeId);
    setConsented(next);
  };

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

function ConsentBox({
  purpose,
  checked,
  onChange,
}: {
  purpose: Purpose;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = `consent-${purpose.id}`;
  return (
    <div class="choice">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        aria-describedby={purpose.description ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div>
        <label for={id}>{purpose.name}</label>
        {purpose.description && (
          <p class="hint" id={`${id}-hint`}>
            {purpose.description}
          </p>
        )}
      </div>
    </div>
  );
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
