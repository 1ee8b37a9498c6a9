import { useEffect, useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type {
  DataCategory,
  EntryPurposesQuery,
  Jurisdiction,
  RequestChannel,
  RequestType,
  SubmitSubjectRequestInput,
} from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { useAction, useLoad } from '../shared/hooks';
import { navigate, routeHref } from '../shared/router';
import { instantOfDayAndTime, pastInstantOfDay, todayInputValue } from './days';
import {
  CORRECTABLE_CATEGORIES,
  DATA_CATEGORY_LABELS,
  JURISDICTION_LABELS,
  LAWFUL_BASIS_LABELS,
  OFFLINE_REQUEST_CHANNELS,
  REQUEST_CHANNEL_LABELS,
  REQUEST_TYPE_LABELS,
} from './labels';
import { useAdminSession } from './session';

const EntryPurposes = graphql(`
  query EntryPurposes {
    purposes {
      id
      name
      lawfulBasis
      marketing
    }
  }
`);

const RequestsHeldFor = graphql(`
  query RequestsHeldFor($email: EmailAddress!) {
    subject(email: $email) {
      id
      requests {
        id
      }
    }
  }
`);

const EnterRequest = graphql(`
  mutation EnterRequest($input: SubmitSubjectRequestInput!) {
    submitSubjectRequest(input: $input) {
      id
    }
  }
`);

type Purpose = EntryPurposesQuery['purposes'][number];
type OfflineChannel = Exclude<RequestChannel, 'WEB'>;

/** What a type of request carries beyond the common fields. */
type RequestExtra = 'corrections' | 'purposes' | 'none';

const EXTRA_OF: Record<RequestType, RequestExtra> = {
  ACCESS: 'none',
  RECTIFICATION: 'corrections',
  ERASURE: 'none',
  RESTRICTION: 'none',
  PORTABILITY: 'none',
  OBJECTION: 'purposes',
  WITHDRAW_CONSENT: 'purposes',
  AUTOMATED_DECISION_REVIEW: 'none',
};

const TYPES = Object.keys(REQUEST_TYPE_LABELS) as RequestType[];
const JURISDICTIONS = Object.keys(JURISDICTION_LABELS) as Jurisdiction[];

interface Correction {
  /** Keeps a row's identity while rows are added and removed. */
  key: number;
  category: DataCategory | '';
  value: string;
}

interface EntryDraft {
  type: RequestType | '';
  email: string;
  jurisdiction: Jurisdiction;
  channel: OfflineChannel | '';
  receivedOn: string;
  /** Optional: empty when only the day is known. */
  receivedTime: string;
  identityVerified: boolean;
  details: string;
  corrections: Correction[];
  purposeIds: string[];
}

const EMPTY_DRAFT: EntryDraft = {
  type: '',
  email: '',
  jurisdiction: 'GDPR',
  channel: '',
  receivedOn: '',
  receivedTime: '',
  identityVerified: false,
  details: '',
  corrections: [{ key: 0, category: '', value: '' }],
  purposeIds: [],
};

/** The API's input for a draft: only what its type carries. */
function inputOf(
  draft: EntryDraft,
  type: RequestType,
  channel: OfflineChannel,
): SubmitSubjectRequestInput {
  const extra = EXTRA_OF[type];
  return {
    type,
    email: draft.email.trim(),
    jurisdiction: draft.jurisdiction,
    channel,
    receivedAt: draft.receivedTime
      ? instantOfDayAndTime(draft.receivedOn, draft.receivedTime)
      : pastInstantOfDay(draft.receivedOn),
    identityVerified: draft.identityVerified,
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

/** The purposes a request can name: consents to withdraw, or uses one may object to. */
function purposesFor(type: RequestType, purposes: readonly Purpose[]): Purpose[] {
  if (type === 'WITHDRAW_CONSENT') return purposes.filter((p) => p.lawfulBasis === 'CONSENT');
  return purposes.filter(
    (p) =>
      p.marketing || p.lawfulBasis === 'LEGITIMATE_INTERESTS' || p.lawfulBasis === 'PUBLIC_TASK',
  );
}

/**
 * A request that reached the organisation by post, phone, mail or in person,
 * entered with the day it arrived: its deadline counts from that day. Opens
 * the request once entered; an open request of the same type from the same
 * address is answered instead, and the detail says so.
 */
export function RequestEntryPage() {
  const { call } = useAdminSession();
  const purposes = useLoad(() => call(EntryPurposes, {}), []);
  const [draft, setDraft] = useState<EntryDraft>(EMPTY_DRAFT);
  const set = (changes: Partial<EntryDraft>) => setDraft({ ...draft, ...changes });
  const verifiedId = useId();
  const enter = useAction(async (type: RequestType, channel: OfflineChannel) => {
    const email = draft.email.trim();
    // An open request of the same type is answered with itself: known by its id being held already.
    const held = await call(RequestsHeldFor, { email });
    const earlier = new Set(held.subject?.requests.map((each) => each.id));
    const entered = (await call(EnterRequest, { input: inputOf(draft, type, channel) }))
      .submitSubjectRequest;
    return { id: entered.id, alreadyOpen: earlier.has(entered.id) };
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!draft.type || !draft.channel) return;
    const entered = await enter.run(draft.type, draft.channel);
    if (entered) {
      navigate(`/requests/${entered.id}${entered.alreadyOpen ? '/already-open' : ''}`);
    }
  };

  const extra = draft.type ? EXTRA_OF[draft.type] : 'none';
  return (
    <>
      <PageHeading>Enter a request received offline</PageHeading>
      <p>
        <a href={routeHref('/requests')}>Back to the requests</a>
      </p>
      <p>
        For a request that came by post, phone, mail or in person. The deadline counts from the day
        it reached us, not from today.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <Field label="Type of request">
          {(attributes) => (
            <select
              {...attributes}
              required
              value={draft.type}
              onChange={(event) => set({ type: event.currentTarget.value as RequestType | '' })}
            >
              <option value="">Choose a type</option>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {REQUEST_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Requester's email address"
          hint="Where the person is told about the request, and the address the request is about."
        >
          {(attributes) => (
            <input
              {...attributes}
              type="email"
              required
              autocomplete="off"
              value={draft.email}
              onInput={(event) => set({ email: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="Jurisdiction" hint="It sets the deadline.">
          {(attributes) => (
            <select
              {...attributes}
              value={draft.jurisdiction}
              onChange={(event) => set({ jurisdiction: event.currentTarget.value as Jurisdiction })}
            >
              {JURISDICTIONS.map((jurisdiction) => (
                <option key={jurisdiction} value={jurisdiction}>
                  {JURISDICTION_LABELS[jurisdiction]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Received by">
          {(attributes) => (
            <select
              {...attributes}
              required
              value={draft.channel}
              onChange={(event) =>
                set({ channel: event.currentTarget.value as OfflineChannel | '' })
              }
            >
              <option value="">Choose how it arrived</option>
              {OFFLINE_REQUEST_CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {REQUEST_CHANNEL_LABELS[channel]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Received on"
          hint="The day the request reached us: today or earlier. The deadline counts from it."
        >
          {(attributes) => (
            <input
              {...attributes}
              type="date"
              required
              max={todayInputValue()}
              value={draft.receivedOn}
              onInput={(event) => set({ receivedOn: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          label="Received at (optional)"
          hint="The time of day on your clock, if known, e.g. of a call."
        >
          {(attributes) => (
            <input
              {...attributes}
              type="time"
              value={draft.receivedTime}
              onInput={(event) => set({ receivedTime: event.currentTarget.value })}
            />
          )}
        </Field>
        <div class="choice">
          <input
            type="checkbox"
            id={verifiedId}
            aria-describedby={`${verifiedId}-hint`}
            checked={draft.identityVerified}
            onChange={(event) => set({ identityVerified: event.currentTarget.checked })}
          />
          <label for={verifiedId}>Identity verified</label>
        </div>
        <p class="hint" id={`${verifiedId}-hint`}>
          Tick only if you have checked that the requester is the person the address belongs to: a
          mail sent from that address and answered there, or an identity document seen in person.
          Otherwise a code is mailed to the address and the request waits for it.
        </p>

        {draft.type && extra === 'corrections' && (
          <CorrectionsFields
            corrections={draft.corrections}
            onChange={(corrections) => set({ corrections })}
          />
        )}
        {draft.type && extra === 'purposes' && (
          <>
            {purposes.loading && <Loading what="the purposes" />}
            <ErrorNotice error={purposes.error} />
            {purposes.data && (
              <PurposesFields
                purposes={purposesFor(draft.type, purposes.data.purposes)}
                chosen={draft.purposeIds}
                onChange={(purposeIds) => set({ purposeIds })}
              />
            )}
          </>
        )}

        <Field
          label="Details (optional)"
          hint="What the person asked for in their own words, and the letter's or call's reference."
        >
          {(attributes) => (
            <textarea
              {...attributes}
              rows={4}
              maxLength={20_000}
              value={draft.details}
              onInput={(event) => set({ details: event.currentTarget.value })}
            />
          )}
        </Field>
        <ErrorNotice error={enter.error} />
        <div class="actions">
          <button type="submit" disabled={enter.busy}>
            {enter.busy ? 'Entering…' : 'Enter the request'}
          </button>
        </div>
      </form>
    </>
  );
}

function CorrectionsFields({
  corrections,
  onChange,
}: {
  corrections: Correction[];
  onChange: (corrections: Correction[]) => void;
}) {
  const idBase = useId();
  // After a row is added or removed, focus goes where the admin can carry on.
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
      <legend>Corrections asked for</legend>
      <p class="hint">One row per detail. A country is its two-letter code, e.g. DE.</p>
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
                  update(row.key, { category: event.currentTarget.value as DataCategory | '' })
                }
              >
                <option value="">Choose a detail</option>
                {CORRECTABLE_CATEGORIES.filter((category) => !taken.has(category)).map(
                  (category) => (
                    <option key={category} value={category}>
                      {DATA_CATEGORY_LABELS[category]}
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
      <legend>Purposes concerned</legend>
      <p class="hint">Tick none to mean all of them.</p>
      {purposes.length === 0 && <p>No purpose of this kind is registered.</p>}
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
              {LAWFUL_BASIS_LABELS[purpose.lawfulBasis]}
              {purpose.marketing && ', direct marketing'}
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}
