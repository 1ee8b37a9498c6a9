import { useEffect, useId, useState } from 'preact/hooks';
import type {
  DataCategory,
  Jurisdiction,
  RequestPurposesQuery,
  RequestType,
  SubmitSubjectRequestInput,
} from '../gql/graphql';
import { ErrorNotice, Field } from '../shared/components';
import { CATEGORY_WORDS, LAWFUL_BASIS_WORDS } from './my-privacy-words';
import { JURISDICTIONS, REQUEST_TYPES, type RequestExtra } from './request-words';

type Purpose = RequestPurposesQuery['purposes'][number];

export interface Correction {
  /** Keeps a row's identity while rows are added and removed. */
  key: number;
  category: DataCategory | '';
  value: string;
}

/** What the person has filled in so far; kept while they confirm the code, to start again. */
export interface RequestDraft {
  type: RequestType | null;
  email: string;
  jurisdiction: Jurisdiction;
  details: string;
  corrections: Correction[];
  purposeIds: string[];
}

export const EMPTY_DRAFT: RequestDraft = {
  type: null,
  email: '',
  jurisdiction: 'GDPR',
  details: '',
  corrections: [{ key: 0, category: '', value: '' }],
  purposeIds: [],
};

/** The attendee details a correction can name (what registrations hold). */
const CORRECTABLE: readonly DataCategory[] = [
  'NAME',
  'EMAIL',
  'COUNTRY',
  'ORGANIZATION',
  'JOB_TITLE',
  'INDUSTRY',
  'POSTAL_ADDRESS',
  'PHONE',
  'ORGANIZATION_TYPE',
];

const TYPE_ORDER = Object.keys(REQUEST_TYPES) as RequestType[];
const JURISDICTION_ORDER = Object.keys(JURISDICTIONS) as Jurisdiction[];

/** The API's input for a draft: only what the chosen type carries. */
export function inputOf(draft: RequestDraft, type: RequestType): SubmitSubjectRequestInput {
  const extra: RequestExtra = REQUEST_TYPES[type].extra;
  return {
    type,
    email: draft.email.trim(),
    jurisdiction: draft.jurisdiction,
    details: draft.details.trim() || null,
    ...(extra === 'corrections'
      ? {
          corrections: draft.corrections.flatMap(({ category, value }) =>
            category ? [{ category, value: value.trim() }] : [],
          ),
        }
      : {}),
    ...(extra === 'purposes' ? { purposeIds: draft.purposeIds } : {}),
  };
}

/** The purposes a type of request can name: consents to withdraw, or uses one may object to. */
function purposesFor(type: RequestType, purposes: Purpose[]): Purpose[] {
  if (type === 'WITHDRAW_CONSENT') return purposes.filter((p) => p.lawfulBasis === 'CONSENT');
  return purposes.filter(
    (p) =>
      p.marketing || p.lawfulBasis === 'LEGITIMATE_INTERESTS' || p.lawfulBasis === 'PUBLIC_TASK',
  );
}

interface RequestFormProps {
  draft: RequestDraft;
  onChange: (draft: RequestDraft) => void;
  purposes: Purpose[];
  signedIn: boolean;
  busy: boolean;
  error: string | null;
  onSubmit: (type: RequestType) => void;
}

export function RequestForm(props: RequestFormProps) {
  const { draft, onChange } = props;
  const idBase = useId();
  const set = (changes: Partial<RequestDraft>) => onChange({ ...draft, ...changes });
  const extra = draft.type ? REQUEST_TYPES[draft.type].extra : 'none';

  const submit = (event: Event) => {
    event.preventDefault();
    if (draft.type) props.onSubmit(draft.type);
  };

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>What would you like us to do?</legend>
        {TYPE_ORDER.map((type) => (
          <div class="choice" key={type}>
            <input
              id={`${idBase}-type-${type}`}
              type="radio"
              name="type"
              required
              checked={draft.type === type}
              aria-describedby={`${idBase}-type-${type}-hint`}
              onChange={() => set({ type })}
            />
            <div>
              <label for={`${idBase}-type-${type}`}>{REQUEST_TYPES[type].name}</label>
              <p class="hint" id={`${idBase}-type-${type}-hint`}>
                {REQUEST_TYPES[type].explanation}
              </p>
            </div>
          </div>
        ))}
      </fieldset>

      {draft.type && (
        <>
          <Field
            label="Your email address"
            hint={
              props.signedIn
                ? 'We email you about the request there. Your own address needs no code while you are signed in.'
                : 'We email you a code there to confirm the request is yours, and tell you when it is done.'
            }
          >
            {(attributes) => (
              <input
                {...attributes}
                type="email"
                name="email"
                autocomplete="email"
                required
                value={draft.email}
                onInput={(event) => set({ email: event.currentTarget.value })}
              />
            )}
          </Field>

          <fieldset>
            <legend>Which law do you make it under?</legend>
            <p class="hint">It sets when we must answer by.</p>
            {JURISDICTION_ORDER.map((jurisdiction) => (
              <div class="choice" key={jurisdiction}>
                <input
                  id={`${idBase}-law-${jurisdiction}`}
                  type="radio"
                  name="jurisdiction"
                  checked={draft.jurisdiction === jurisdiction}
                  aria-describedby={`${idBase}-law-${jurisdiction}-hint`}
                  onChange={() => set({ jurisdiction })}
                />
                <div>
                  <label for={`${idBase}-law-${jurisdiction}`}>
                    {JURISDICTIONS[jurisdiction].name}
                  </label>
                  <p class="hint" id={`${idBase}-law-${jurisdiction}-hint`}>
                    {JURISDICTIONS[jurisdiction].deadline}
                  </p>
                </div>
              </div>
            ))}
          </fieldset>

          {extra === 'corrections' && <CorrectionsFields draft={draft} set={set} />}
          {extra === 'purposes' && draft.type && (
            <PurposesFields
              purposes={purposesFor(draft.type, props.purposes)}
              chosen={draft.purposeIds}
              onChange={(purposeIds) => set({ purposeIds })}
            />
          )}

          <Field
            label="Details (optional)"
            hint="Anything that helps us find your data or understand the request."
          >
            {(attributes) => (
              <textarea
                {...attributes}
                name="details"
                maxLength={20_000}
                value={draft.details}
                onInput={(event) => set({ details: event.currentTarget.value })}
              />
            )}
          </Field>
        </>
      )}

      <ErrorNotice error={props.error} />
      <div class="actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Sending…' : 'Send request'}
        </button>
      </div>
    </form>
  );
}

function CorrectionsFields({
  draft,
  set,
}: {
  draft: RequestDraft;
  set: (changes: Partial<RequestDraft>) => void;
}) {
  const idBase = useId();
  const rows = draft.corrections;
  // After a row is added or removed, focus goes where the person can carry on.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId, rows.length]);
  const update = (key: number, changes: Partial<Correction>) =>
    set({ corrections: rows.map((row) => (row.key === key ? { ...row, ...changes } : row)) });
  const add = () => {
    const key = Math.max(-1, ...rows.map((row) => row.key)) + 1;
    set({ corrections: [...rows, { key, category: '', value: '' }] });
    setFocusId(`${idBase}-${key}-category`);
  };
  const remove = (key: number) => {
    set({ corrections: rows.filter((row) => row.key !== key) });
    setFocusId(`${idBase}-add`);
  };

  return (
    <fieldset>
      <legend>What should we correct?</legend>
      <p class="hint">
        One row per detail: which detail, and what it should be. A country is its two-letter code,
        e.g. DE.
      </p>
      {rows.map((row, index) => {
        const taken = new Set(rows.filter((other) => other.key !== row.key).map((o) => o.category));
        const number = index + 1;
        return (
          <div class="card" key={row.key}>
            <div class="field">
              <label for={`${idBase}-${row.key}-category`}>Detail {number}</label>
              <select
                id={`${idBase}-${row.key}-category`}
                required
                value={row.category}
                onChange={(event) =>
                  update(row.key, { category: event.currentTarget.value as DataCategory | '' })
                }
              >
                <option value="">Choose a detail</option>
                {CORRECTABLE.filter((category) => !taken.has(category)).map((category) => (
                  <option key={category} value={category}>
                    {CATEGORY_WORDS[category]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`${idBase}-${row.key}-value`}>Correct value {number}</label>
              <input
                id={`${idBase}-${row.key}-value`}
                type="text"
                required
                value={row.value}
                onInput={(event) => update(row.key, { value: event.currentTarget.value })}
              />
            </div>
            {rows.length > 1 && (
              <button type="button" class="secondary" onClick={() => remove(row.key)}>
                Remove correction {number}
              </button>
            )}
          </div>
        );
      })}
      {rows.length < CORRECTABLE.length && (
        <button id={`${idBase}-add`} type="button" class="secondary" onClick={add}>
          Add another correction
        </button>
      )}
    </fieldset>
  );
}

function PurposesFields({
  purposes,
  chosen,
  onChange,
}: {
  purposes: Purpose[];
  chosen: string[];
  onChange: (purposeIds: string[]) => void;
}) {
  const idBase = useId();
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((other) => other !== id));
  return (
    <fieldset>
      <legend>Which uses of your data?</legend>
      <p class="hint">Tick none to mean all of them.</p>
      {purposes.map((purpose) => (
        <div class="choice" key={purpose.id}>
          <input
            id={`${idBase}-${purpose.id}`}
            type="checkbox"
            checked={chosen.includes(purpose.id)}
            aria-describedby={`${idBase}-${purpose.id}-hint`}
            onChange={(event) => toggle(purpose.id, event.currentTarget.checked)}
          />
          <div>
            <label for={`${idBase}-${purpose.id}`}>{purpose.name}</label>
            <p class="hint" id={`${idBase}-${purpose.id}-hint`}>
              On the basis of {LAWFUL_BASIS_WORDS[purpose.lawfulBasis]}
              {purpose.marketing && ', for marketing'}.
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}
