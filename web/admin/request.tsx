import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestStatus, RequestType } from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading, StatusNotice } from '../shared/components';
import { downloadFile, formatDateTime } from '../shared/format';
import { useAction, useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import { Confirm } from './confirm';
import {
  JURISDICTION_LABELS,
  REQUEST_CHANNEL_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_TYPE_LABELS,
} from './labels';
import { useAdminSession } from './session';

const AdminRequest = graphql(`
  query AdminRequest($id: ID!) {
    subjectRequest(id: $id) {
      id
      type
      status
      email
      jurisdiction
      details
      receivedAt
      channel
      verifiedAt
      dueAt
      overdue
      extensionReason
      completedAt
      rejectionReason
      result
      history {
        at
        status
        actor
        note
      }
    }
  }
`);

const CompleteRequest = graphql(`
  mutation CompleteRequest($id: ID!, $note: String) {
    completeSubjectRequest(id: $id, note: $note) {
      id
      status
    }
  }
`);

const ExtendRequest = graphql(`
  mutation ExtendRequest($id: ID!, $reason: String!) {
    extendSubjectRequest(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

const RejectRequest = graphql(`
  mutation RejectRequest($id: ID!, $reason: String!) {
    rejectSubjectRequest(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

type Decision = 'complete' | 'extend' | 'reject';

/** What an admin may decide in each status (domain/requests/lifecycle.ts holds the API's rule). */
const DECISIONS: Record<RequestStatus, readonly Decision[]> = {
  AWAITING_VERIFICATION: ['reject'],
  OPEN: ['complete', 'extend', 'reject'],
  EXTENDED: ['complete', 'reject'],
  COMPLETED: [],
  REJECTED: [],
};

interface DecisionText {
  /** Opens the decision's form. */
  button: string;
  /** Sends the form on to its confirmation. */
  submit: string;
  field: string;
  hint: string;
  /** A reason the person is told: required. A completion's note is not. */
  required: boolean;
  question: string;
  confirm: string;
  done: string;
}

const DECISION_TEXT: Record<Decision, DecisionText> = {
  complete: {
    button: 'Complete…',
    submit: 'Complete',
    field: 'Note',
    hint: 'Optional. Completing carries the request out (export, erasure, correction…) and mails the person.',
    required: false,
    question:
      'Complete this request? It is carried out now, partners that received the data are told, and the person is mailed.',
    confirm: 'Yes, complete it',
    done: 'The request is completed.',
  },
  extend: {
    button: 'Extend…',
    submit: 'Extend',
    field: 'Reason for the extension',
    hint: 'Mailed to the person. A request can be extended once, within its first period.',
    required: true,
    question: 'Extend the deadline of this request? The person is mailed the reason.',
    confirm: 'Yes, extend it',
    done: 'The deadline is extended.',
  },
  reject: {
    button: 'Reject…',
    submit: 'Reject',
    field: 'Reason for the rejection',
    hint: 'Mailed to the person, with their right to complain to a supervisory authority.',
    required: true,
    question: 'Reject this request? The person is mailed the reason.',
    confirm: 'Yes, reject it',
    done: 'The request is rejected.',
  },
};

/** The types whose completion leaves an export of everything held. */
const EXPORTED: ReadonlySet<RequestType> = new Set<RequestType>(['ACCESS', 'PORTABILITY']);

/** The statuses in which a new request of the same type from the same address is answered with this one. */
const STILL_OPEN: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['OPEN', 'EXTENDED']);

/** When the request became open, as its history tells it. */
function openSince(found: {
  history: readonly { at: string; status: RequestStatus }[];
  receivedAt: string;
}): string {
  return found.history.find((event) => event.status === 'OPEN')?.at ?? found.receivedAt;
}

interface RequestPageProps {
  requestId: string;
  /** Opened as the answer to a request just entered: the same request was already open. */
  answeredWithOpen?: boolean;
}

export function RequestPage({ requestId, answeredWithOpen = false }: RequestPageProps) {
  const { call } = useAdminSession();
  const [revision, setRevision] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const loaded = useLoad(() => call(AdminRequest, { id: requestId }), [requestId, revision]);

  if (loaded.loading && !loaded.data) return <Loading what="the request" />;
  const found = loaded.data?.subjectRequest;
  if (!found) {
    return (
      <>
        <PageHeading>Request not found</PageHeading>
        <ErrorNotice error={loaded.error ?? `There is no request ${requestId}.`} />
        <p>
          <a href={routeHref('/requests')}>Back to the requests</a>
        </p>
      </>
    );
  }
  const decisions = DECISIONS[found.status];
  return (
    <>
      <PageHeading>
        {REQUEST_TYPE_LABELS[found.type]} request {found.id}
      </PageHeading>
      <p>
        <a href={routeHref('/requests')}>Back to the requests</a>
      </p>
      {answeredWithOpen && STILL_OPEN.has(found.status) && (
        <StatusNotice>
          Already open since {formatDateTime(openSince(found))}: the request you entered is this
          one, of the same type from the same address. Nothing new was recorded and its deadline
          stands.
        </StatusNotice>
      )}
      {done && <StatusNotice>{done}</StatusNotice>}
      <dl class="facts">
        <dt>Requester</dt>
        <dd>{found.email}</dd>
        <dt>Type</dt>
        <dd>{REQUEST_TYPE_LABELS[found.type]}</dd>
        <dt>Jurisdiction</dt>
        <dd>{JURISDICTION_LABELS[found.jurisdiction]}</dd>
        <dt>Status</dt>
        <dd>{REQUEST_STATUS_LABELS[found.status]}</dd>
        <dt>Due</dt>
        <dd>
          {formatDateTime(found.dueAt)}
          {found.overdue && (
            <>
              {' '}
              <strong class="overdue">Overdue</strong>
            </>
          )}
        </dd>
        <dt>Received</dt>
        <dd>{formatDateTime(found.receivedAt)}</dd>
        <dt>Received by</dt>
        <dd>{REQUEST_CHANNEL_LABELS[found.channel]}</dd>
        <dt>Verified</dt>
        <dd>{found.verifiedAt ? formatDateTime(found.verifiedAt) : 'Not yet'}</dd>
        {found.details && (
          <>
            <dt>Details</dt>
            <dd class="prose">
              <p>{found.details}</p>
            </dd>
          </>
        )}
        {found.extensionReason && (
          <>
            <dt>Reason for the extension</dt>
            <dd>{found.extensionReason}</dd>
          </>
        )}
        {found.completedAt && (
          <>
            <dt>Completed</dt>
            <dd>{formatDateTime(found.completedAt)}</dd>
          </>
        )}
        {found.rejectionReason && (
          <>
            <dt>Reason for the rejection</dt>
            <dd>{found.rejectionReason}</dd>
          </>
        )}
      </dl>

      {EXPORTED.has(found.type) && found.result !== null && (
        <>
          <h2>Export</h2>
          <p>Everything held about the person when the request was completed, as JSON.</p>
          <div class="actions">
            <button
              type="button"
              onClick={() =>
                downloadFile(
                  `request-${found.id}.json`,
                  'application/json',
                  JSON.stringify(found.result, null, 2),
                )
              }
            >
              Download the export (JSON)
            </button>
          </div>
        </>
      )}

      {decisions.length > 0 && (
        <>
          <h2>Decide</h2>
          <Decisions
            requestId={found.id}
            decisions={decisions}
            onDecided={(decision) => {
              setDone(DECISION_TEXT[decision].done);
              setRevision((value) => value + 1);
            }}
          />
        </>
      )}

      <h2>History</h2>
      <ol>
        {found.history.map((event, index) => (
          <li key={index}>
            <strong>{REQUEST_STATUS_LABELS[event.status]}</strong>, {formatDateTime(event.at)}, by{' '}
            {event.actor}
            {event.note && <>: {event.note}</>}
          </li>
        ))}
      </ol>
    </>
  );
}

interface DecisionsProps {
  requestId: string;
  decisions: readonly Decision[];
  onDecided: (decision: Decision) => void;
}

function Decisions({ requestId, decisions, onDecided }: DecisionsProps) {
  const [open, setOpen] = useState<Decision | null>(null);
  return (
    <>
      <div class="actions">
        {decisions.map((decision) => (
          <button
            key={decision}
            type="button"
            class={decision === 'reject' ? 'danger' : open === decision ? undefined : 'secondary'}
            aria-expanded={open === decision}
            onClick={() => setOpen(open === decision ? null : decision)}
          >
            {DECISION_TEXT[decision].button}
          </button>
        ))}
      </div>
      {open && (
        <DecisionForm
          key={open}
          requestId={requestId}
          decision={open}
          onCancel={() => setOpen(null)}
          onDecided={() => {
            setOpen(null);
            onDecided(open);
          }}
        />
      )}
    </>
  );
}

interface DecisionFormProps {
  requestId: string;
  decision: Decision;
  onCancel: () => void;
  onDecided: () => void;
}

function DecisionForm({ requestId, decision, onCancel, onDecided }: DecisionFormProps) {
  const { call } = useAdminSession();
  const text = DECISION_TEXT[decision];
  const [words, setWords] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const act = useAction(async () => {
    const given = words.trim();
    switch (decision) {
      case 'complete':
        return call(CompleteRequest, { id: requestId, note: given || null });
      case 'extend':
        return call(ExtendRequest, { id: requestId, reason: given });
      case 'reject':
        return call(RejectRequest, { id: requestId, reason: given });
    }
  });
  const submit = (event: Event) => {
    event.preventDefault();
    const lacking = text.required && !words.trim();
    setMissing(lacking);
    if (!lacking) setConfirming(true);
  };
  const confirm = async () => {
    const result = await act.run();
    setConfirming(false);
    if (result) onDecided();
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <Field label={text.field} hint={text.hint}>
        {(attributes) => (
          <textarea
            {...attributes}
            rows={3}
            required={text.required}
            aria-invalid={missing || undefined}
            value={words}
            onInput={(event) => setWords(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={missing ? `Give the ${text.field.toLowerCase()}.` : act.error} />
      {confirming ? (
        <Confirm
          question={text.question}
          confirmLabel={text.confirm}
          danger={decision === 'reject'}
          busy={act.busy}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div class="actions">
          <button type="submit" class={decision === 'reject' ? 'danger' : undefined}>
            {text.submit}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
