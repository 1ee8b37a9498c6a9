import type { AttendeeInput, EventToRegisterQuery, LawfulBasis } from '../gql/graphql';
import {
  ATTENDEE_FIELDS,
  BASIS_WORDS,
  countries,
  type AttendeeField,
  type FieldSpec,
} from './events-words';

export type Event = NonNullable<EventToRegisterQuery['event']>;
type Use = Event['dataUses'][number];

export interface Purpose {
  id: string;
  name: string;
  description: string | null;
  lawfulBasis: LawfulBasis;
  marketing: boolean;
}

export interface Asked {
  field: AttendeeField;
  spec: FieldSpec;
  purposes: Purpose[];
  /** Every purpose of the field is consent-based: kept only with one of those consents. */
  consentOnly: boolean;
}

export function distinctPurposes(uses: readonly Use[]): Purpose[] {
  const byId = new Map(uses.map((use) => [use.purpose.id, use.purpose]));
  return [...byId.values()];
}

/** The form's fields: those whose categories the event declared, each with the purposes it serves. */
export function askedFields(uses: readonly Use[]): Asked[] {
  return (Object.keys(ATTENDEE_FIELDS) as AttendeeField[]).flatMap((field) => {
    const spec = ATTENDEE_FIELDS[field];
    const purposes = distinctPurposes(uses.filter((use) => use.category === spec.category));
    if (purposes.length === 0) return [];
    const consentOnly = purposes.every((purpose) => purpose.lawfulBasis === 'CONSENT');
    return [{ field, spec, purposes, consentOnly }];
  });
}

export function whyWeAsk(asked: Asked): string {
  const reasons = asked.purposes
    .map((purpose) => `${purpose.name}: ${BASIS_WORDS[purpose.lawfulBasis]}`)
    .join('; ');
  return asked.consentOnly
    ? `Used for ${reasons}. Kept only if you agree below.`
    : `Used for ${reasons}.`;
}

export function FieldInput({
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
export function attendeeInput(
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

export function ConsentBox({
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
