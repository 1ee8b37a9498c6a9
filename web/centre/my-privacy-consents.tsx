import { useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { ConsentShownFragment, MyPrivacyQuery } from '../gql/graphql';
import { ApiError, describeError, request } from '../shared/api';
import { ErrorNotice } from '../shared/components';
import { downloadFile, formatDate, formatDateTime } from '../shared/format';
import { routeHref } from '../shared/router';
import { CONSENT_METHOD_WORDS, LAWFUL_BASIS_WORDS } from './my-privacy-words';

graphql(`
  fragment ConsentShown on Consent {
    purpose {
      id
    }
    status
    noticeId
    noticeVersion
    method
    updatedAt
    needsReconfirmation
    receipt
  }
`);

const GrantConsent = graphql(`
  mutation GrantConsent($input: ConsentInput!) {
    grantConsent(input: $input) {
      ...ConsentShown
    }
  }
`);

const WithdrawConsent = graphql(`
  mutation WithdrawConsent($purposeId: ID!) {
    withdrawConsent(purposeId: $purposeId) {
      ...ConsentShown
    }
  }
`);

type Purpose = MyPrivacyQuery['purposes'][number];
type Notice = MyPrivacyQuery['notices'][number];

interface ConsentsProps {
  token: string;
  purposes: Purpose[];
  notices: Notice[];
  consents: ConsentShownFragment[];
  globalPrivacyControl: boolean;
}

/** The version in effect of a notice, or of the first notice in effect when none is named. */
function noticeInEffect(
  notices: Notice[],
  noticeId?: string,
): { noticeId: string; noticeVersion: number } | null {
  const notice = notices.find(
    (candidate) => candidate.current && (!noticeId || candidate.id === noticeId),
  );
  return notice?.current ? { noticeId: notice.id, noticeVersion: notice.current.number } : null;
}

function statusLine(consent: ConsentShownFragment | undefined): string {
  if (!consent) return 'You have not answered: we do not use your data for this.';
  if (consent.method === 'GLOBAL_PRIVACY_CONTROL') {
    return `Off since ${formatDateTime(consent.updatedAt)}: your browser sent a Global Privacy Control signal, and we honoured it.`;
  }
  if (consent.status === 'GRANTED') {
    return `You agreed ${CONSENT_METHOD_WORDS[consent.method]} on ${formatDateTime(consent.updatedAt)}, under version ${consent.noticeVersion} of the privacy notice.`;
  }
  return `You withdrew ${CONSENT_METHOD_WORDS[consent.method]} on ${formatDateTime(consent.updatedAt)}.`;
}

/**
 * One checkbox per purpose that rests on consent, named by the purpose:
 * ticking grants and unticking withdraws, one click each.
 */
export function ConsentsSection(props: ConsentsProps) {
  const [consents, setConsents] = useState(
    () => new Map(props.consents.map((consent) => [consent.purpose.id, consent])),
  );
  // Purposes whose change is on its way; each purpose changes independently of the others.
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const askable = props.purposes.filter((purpose) => purpose.lawfulBasis === 'CONSENT');
  const others = props.purposes.filter((purpose) => purpose.lawfulBasis !== 'CONSENT');

  const change = async (purpose: Purpose, grant: boolean, noticeId?: string) => {
    if (pending.has(purpose.id)) return;
    setPending((previous) => new Set(previous).add(purpose.id));
    setError(null);
    setSaid(null);
    try {
      let consent: ConsentShownFragment;
      if (grant) {
        const notice = noticeInEffect(props.notices, noticeId);
        if (!notice)
          throw new ApiError('No privacy notice is in effect to agree under.', 'CONFLICT');
        const answer = await request(
          GrantConsent,
          { input: { purposeId: purpose.id, ...notice } },
          props.token,
        );
        consent = answer.grantConsent;
      } else {
        const answer = await request(WithdrawConsent, { purposeId: purpose.id }, props.token);
        consent = answer.withdrawConsent;
      }
      setConsents((previous) => new Map(previous).set(purpose.id, consent));
      setSaid(
        consent.method === 'GLOBAL_PRIVACY_CONTROL'
          ? `${purpose.name}: off, as your browser’s Global Privacy Control signal asks.`
          : consent.status === 'GRANTED'
            ? `${purpose.name}: you agreed.`
            : `${purpose.name}: you withdrew your consent.`,
      );
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setPending((previous) => {
        const next = new Set(previous);
        next.delete(purpose.id);
        return next;
      });
    }
  };

  return (
    <section aria-labelledby="consents-heading">
      <h2 id="consents-heading">Consents</h2>
      <p>
        Tick a purpose to agree to it, untick it to withdraw. Withdrawing is as easy as agreeing and
        takes effect at once.
      </p>
      {askable.length === 0 && <p>Nothing we do with your data asks for your consent.</p>}
      {askable.map((purpose) => (
        <ConsentRow
          key={purpose.id}
          purpose={purpose}
          consent={consents.get(purpose.id)}
          busy={pending.has(purpose.id)}
          blockedBySignal={props.globalPrivacyControl && purpose.marketing}
          onChange={(grant, noticeId) => void change(purpose, grant, noticeId)}
        />
      ))}
      <div role="status">{said && <p class="notice notice-ok">{said}</p>}</div>
      <ErrorNotice error={error} />
      {others.length > 0 && (
        <>
          <h3>Uses that do not rest on consent</h3>
          <p>
            We use your data for these on another lawful basis. You can{' '}
            <a href={routeHref('/request')}>object to them with a request</a>.
          </p>
          <ul>
            {others.map((purpose) => (
              <li key={purpose.id}>
                {purpose.name}: on the basis of {LAWFUL_BASIS_WORDS[purpose.lawfulBasis]}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface ConsentRowProps {
  purpose: Purpose;
  consent: ConsentShownFragment | undefined;
  busy: boolean;
  /** Global Privacy Control is on and this is marketing: it cannot be granted now. */
  blockedBySignal: boolean;
  onChange: (grant: boolean, noticeId?: string) => void;
}

function ConsentRow({ purpose, consent, busy, blockedBySignal, onChange }: ConsentRowProps) {
  const id = useId();
  const granted = consent?.status === 'GRANTED';
  const cannotGrant = blockedBySignal && !granted;
  const described = [
    purpose.description && `${id}-about`,
    `${id}-status`,
    cannotGrant && `${id}-gpc`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div class="card" aria-busy={busy}>
      <div class="choice">
        <input
          id={id}
          type="checkbox"
          checked={busy ? !granted : granted}
          disabled={cannotGrant}
          aria-describedby={described}
          onChange={() => onChange(!granted)}
        />
        <label for={id}>{purpose.name}</label>
      </div>
      {purpose.description && (
        <p class="hint" id={`${id}-about`}>
          {purpose.description}
        </p>
      )}
      <p id={`${id}-status`}>{statusLine(consent)}</p>
      {cannotGrant && (
        <p id={`${id}-gpc`}>
          Your browser’s Global Privacy Control signal says no to marketing, so we keep this off
          while the signal is on.
        </p>
      )}
      {consent?.needsReconfirmation && granted && (
        <div class="banner">
          <p>
            Our privacy notice changed in a way that matters since you agreed to this on{' '}
            {formatDate(consent.updatedAt)}. Do you still agree? If not, untick the box.
          </p>
          <button type="button" disabled={busy} onClick={() => onChange(true, consent.noticeId)}>
            Yes, I still agree to {purpose.name}
          </button>
        </div>
      )}
      {consent && (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            aria-label={`Download receipt: ${purpose.name}`}
            onClick={() =>
              downloadFile(
                `consent-receipt-${purpose.id}.json`,
                'application/json',
                JSON.stringify(consent.receipt, null, 2),
              )
            }
          >
            Download receipt
          </button>
        </div>
      )}
    </div>
  );
}
