import { useId } from 'preact/hooks';
import type {
  Jurisdiction,
  RequestPurposesQuery,
  RequestType,
  SubmitSubjectRequestInput,
} from '../gql/graphql';
import { ErrorNotice, Field } from '../shared/components';
import {
  CorrectionsFields,
  extrasInput,
  FIRST_CORRECTIONS,
  PurposesFields,
  purposesFor,
  REQUEST_EXTRAS,
  type Correction,
} from '../shared/request-fields';
import { LAWFUL_BASIS_WORDS } from './my-privacy-words';
import { JURISDICTIONS, REQUEST_TYPES } from './request-words';

type Purpose = RequestPurposesQuery['purposes'][number];

/** What the person has filled in so far; kept while they confirm the code, to start again. */
export interface RequestDraft {
  type: RequestType | null;
  email: string;
  jurisdiction: Jurisdiction;
  details: string;
  corrections: readonly Correction[];
  purposeIds: string[];
}

export const EMPTY_DRAFT: RequestDraft = {
  type: null,
  email: '',
  jurisdiction: 'GDPR',
  details: '',
  corrections: FIRST_CORRECTIONS,
  purposeIds: [],
};

const TYPE_ORDER = Object.keys(REQUEST_TYPES) as RequestType[];
const JURISDICTION_ORDER = Object.keys(JURISDICTIONS) as Jurisdiction[];

/** The API's input for a draft: only what the chosen type carries. */
export function inputOf(draft: RequestDraft, type: RequestType): SubmitSubjectRequestInput {
  return {
    type,
    email: draft.email.trim(),
    jurisdiction: draft.jurisdiction,
    details: draft.details.trim() || null,
    ...extrasInput(type, draft.corrections, draft.purposeIds),
  };
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
  const extra = draft.type ? REQUEST_EXTRAS[draft.type] : 'none';

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

          {extra === 'corrections' && (
            <CorrectionsFields
              legend="What should we correct?"
              hint="One row per detail: which detail, and what it should be. A country is its two-letter code, e.g. DE."
              corrections={draft.corrections}
              onChange={(corrections) => set({ corrections })}
            />
          )}
          {extra === 'purposes' && draft.type && (
            <PurposesFields
              legend="Which uses of your data?"
              purposes={purposesFor(draft.type, props.purposes)}
              chosen={draft.purposeIds}
              onChange={(purposeIds) => set({ purposeIds })}
              basisOf={(purpose) =>
                `On the basis of ${LAWFUL_BASIS_WORDS[purpose.lawfulBasis]}${purpose.marketing ? ', for marketing' : ''}.`
              }
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
