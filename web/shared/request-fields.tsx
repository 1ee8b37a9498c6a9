/**
 * What a rights request carries beyond the common fields, asked the same way
 * by the privacy centre's form and the desk's entry of a request received offline.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type {
  DataCategory,
  LawfulBasis,
  RequestType,
  SubmitSubjectRequestInput,
} from '../gql/graphql';

/**
 * The attendee details a correction can name (what registrations hold), worded
 * as the registration form asks for them.
 */
const CORRECTABLE_CATEGORY_WORDS = {
  NAME: 'Name',
  EMAIL: 'Email address',
  COUNTRY: 'Country or region',
  ORGANIZATION: 'Organisation',
  JOB_TITLE: 'Job title',
  INDUSTRY: 'Industry or field',
  POSTAL_ADDRESS: 'Postal address',
  PHONE: 'Phone number',
  ORGANIZATION_TYPE: 'Type of organisation',
} as const satisfies Partial<Record<DataCategory, string>>;

type CorrectableCategory = keyof typeof CORRECTABLE_CATEGORY_WORDS;

const CORRECTABLE_CATEGORIES = Object.keys(CORRECTABLE_CATEGORY_WORDS) as CorrectableCategory[];

/** What a type of request carries beyond the common fields. */
export type RequestExtra = 'corrections' | 'purposes' | 'none';

export const REQUEST_EXTRAS: Record<RequestType, RequestExtra> = {
  ACCESS: 'none',
  RECTIFICATION: 'corrections',
  ERASURE: 'none',
  RESTRICTION: 'none',
  PORTABILITY: 'none',
  OBJECTION: 'purposes',
  WITHDRAW_CONSENT: 'purposes',
  AUTOMATED_DECISION_REVIEW: 'none',
};

export interface Correction {
  /** Keeps a row's identity while rows are added and removed. */
  key: number;
  category: CorrectableCategory | '';
  value: string;
}

/** A draft's corrections before anything is chosen: one empty row. */
export const FIRST_CORRECTIONS: readonly Correction[] = [{ key: 0, category: '', value: '' }];

/** The part of the API's input that a type of request carries beyond the common fields. */
export function extrasInput(
  type: RequestType,
  corrections: readonly Correction[],
  purposeIds: string[],
): Pick<SubmitSubjectRequestInput, 'corrections' | 'purposeIds'> {
  const extra = REQUEST_EXTRAS[type];
  switch (extra) {
    case 'corrections':
      return {
        corrections: corrections.flatMap(({ category, value }) =>
          category ? [{ category, value: value.trim() }] : [],
        ),
      };
    case 'purposes':
      return { purposeIds };
    case 'none':
      return {};
  }
}

export interface RequestPurpose {
  id: string;
  name: string;
  lawfulBasis: LawfulBasis;
  marketing: boolean;
}

/** The purposes a type of request can name: consents to withdraw, or uses one may object to. */
export function purposesFor<P extends RequestPurpose>(
  type: RequestType,
  purposes: readonly P[],
): P[] {
  if (type === 'WITHDRAW_CONSENT') return purposes.filter((p) => p.lawfulBasis === 'CONSENT');
  return purposes.filter(
    (p) =>
      p.marketing || p.lawfulBasis === 'LEGITIMATE_INTERESTS' || p.lawfulBasis === 'PUBLIC_TASK',
  );
}

/** Rows of a detail to correct and its correct value; each detail can be chosen once. */
export function CorrectionsFields({
  legend,
  hint,
  corrections,
  onChange,
}: {
  legend: string;
  hint: string;
  corrections: readonly Correction[];
  onChange: (corrections: Correction[]) => void;
}) {
  const idBase = useId();
  // After a row is added or removed, focus goes where the person can carry on.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId, corrections.length]);
  const update = (key: number, changes: Partial<Correction>) =>
    onChange(corrections.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  const add = () => {
    const key = Math.max(-1, ...corrections.map((row) => row.key)) + 1;
    onChange([...corrections, { key, category: '', value: '' }]);
    setFocusId(`${idBase}-${key}-category`);
  };
  const remove = (key: number) => {
    onChange(corrections.filter((row) => row.key !== key));
    setFocusId(`${idBase}-add`);
  };

  return (
    <fieldset>
      <legend>{legend}</legend>
      <p class="hint">{hint}</p>
      {corrections.map((row, index) => {
        const taken = new Set(
          corrections.filter((other) => other.key !== row.key).map((o) => o.category),
        );
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
                  update(row.key, {
                    category: event.currentTarget.value as CorrectableCategory | '',
                  })
                }
              >
                <option value="">Choose a detail</option>
                {CORRECTABLE_CATEGORIES.filter((category) => !taken.has(category)).map(
                  (category) => (
                    <option key={category} value={category}>
                      {CORRECTABLE_CATEGORY_WORDS[category]}
                    </option>
                  ),
                )}
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
            {corrections.length > 1 && (
              <button type="button" class="secondary" onClick={() => remove(row.key)}>
                Remove correction {number}
              </button>
            )}
          </div>
        );
      })}
      {corrections.length < CORRECTABLE_CATEGORIES.length && (
        <button id={`${idBase}-add`} type="button" class="secondary" onClick={add}>
          Add another correction
        </button>
      )}
    </fieldset>
  );
}

/** Ticks for the purposes a request concerns; none ticked means all of them. */
export function PurposesFields<P extends RequestPurpose>({
  legend,
  purposes,
  chosen,
  onChange,
  basisOf,
  whenNone,
}: {
  legend: string;
  purposes: readonly P[];
  chosen: string[];
  onChange: (purposeIds: string[]) => void;
  /** The words under each purpose: the basis it rests on. */
  basisOf: (purpose: P) => string;
  /** Said when no purpose can be named; nothing is said without it. */
  whenNone?: string;
}) {
  const idBase = useId();
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((other) => other !== id));
  return (
    <fieldset>
      <legend>{legend}</legend>
      <p class="hint">Tick none to mean all of them.</p>
      {whenNone && purposes.length === 0 && <p>{whenNone}</p>}
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
              {basisOf(purpose)}
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}
