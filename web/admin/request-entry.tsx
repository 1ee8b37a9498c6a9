import { useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type {
  Jurisdiction,
  RequestChannel,
  RequestType,
  SubmitSubjectRequestInput,
} from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { useAction, useLoad } from '../shared/hooks';
import {
  CorrectionsFields,
  extrasInput,
  FIRST_CORRECTIONS,
  PurposesFields,
  purposesFor,
  REQUEST_EXTRAS,
  type Correction,
} from '../shared/request-fields';
import { navigate, routeHref } from '../shared/router';
import { instantOfDayAndTime, pastInstantOfDay, todayInputValue } from './days';
import {
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

type OfflineChannel = Exclude<RequestChannel, 'WEB'>;

const TYPES = Object.keys(REQUEST_TYPE_LABELS) as RequestType[];
const JURISDICTIONS = Object.keys(JURISDICTION_LABELS) as Jurisdiction[];

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
  corrections: readonly Correction[];
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
  corrections: FIRST_CORRECTIONS,
  purposeIds: [],
};

/** The API's input for a draft: only what its type carries. */
function inputOf(
  draft: EntryDraft,
  type: RequestType,
  channel: OfflineChannel,
): SubmitSubjectRequestInput {
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
    ...extrasInput(type, draft.corrections, draft.purposeIds),
  };
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

  const extra = draft.type ? REQUEST_EXTRAS[draft.type] : 'none';
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
            legend="Corrections asked for"
            hint="One row per detail. A country is its two-letter code, e.g. DE."
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
                legend="Purposes concerned"
                purposes={purposesFor(draft.type, purposes.data.purposes)}
                chosen={draft.purposeIds}
                onChange={(purposeIds) => set({ purposeIds })}
                basisOf={(purpose) =>
                  `${LAWFUL_BASIS_LABELS[purpose.lawfulBasis]}${purpose.marketing ? ', direct marketing' : ''}`
                }
                whenNone="No purpose of this kind is registered."
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
