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
    record
    history {
      status
      at
      method
      requestedStatus
      confirmedDespiteSignal
    }
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
export function noticeInEffect(
  notices: Notice[],
  noticeId?: string,
): { noticeId: string; noticeVersion: number } | null {
  const notice = notices.find(
    (candidate) => candidate.current && (!noticeId || candidate.id === noticeId),
  );
  return notice?.current ? { noticeId: notice.id, noticeVersion: notice.current.number } : null;
}

type ConsentEvent = ConsentShownFragment['history'][number];

function latestEvent(consent: ConsentShownFragment | undefined): ConsentEvent | undefined {
  return consent?.history[consent.history.length - 1];
}

/** The person asked for it, and the Global Privacy Control signal refused it (CCPA §7025(c)(3)). */
function refusedBySignal(consent: ConsentShownFragment | undefined): boolean {
  const latest = latestEvent(consent);
  return latest?.requestedStatus === 'GRANTED' && latest.status === 'WITHDRAWN';
}

function statusLine(consent: ConsentShownFragment | undefined): string {
  if (!consent) return 'You have not answered: we do not use your data for this.';
  if (refusedBySignal(consent)) {
    return `You asked for this on ${formatDateTime(consent.updatedAt)}, but your browser sent a Global Privacy Control signal, and we honoured it: the signal refused your choice, so this stays off.`;
  }
  if (consent.method === 'GLOBAL_PRIVACY_CONTROL') {
    return `Off since ${formatDateTime(consent.updatedAt)}: your browser sent a Global Privacy Control signal, and we honoured it.`;
  }
  if (consent.status === 'GRANTED') {
    const confirmed = latestEvent(consent)?.confirmedDespiteSignal
      ? ' You confirmed it although your browser sends Global Privacy Control.'
      : '';
    return `You agreed ${CONSENT_METHOD_WORDS[consent.method]} on ${formatDateTime(consent.updatedAt)}, under version ${consent.noticeVersion} of the privacy notice.${confirmed}`;
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

  const change = async (purpose: Purpose, grant: boolean, how: GrantHow = {}) => {
    if (pending.has(purpose.id)) return;
    setPending((previous) => new Set(previous).add(purpose.id));
    setError(null);
    setSaid(null);
    try {
      let consent: ConsentShownFragment;
      if (grant) {
        const notice = noticeInEffect(props.notices, how.noticeId);
        if (!notice)
          throw new ApiError('No privacy notice is in effect to agree under.', 'CONFLICT');
        const answer = await request(
          GrantConsent,
          {
            input: {
              purposeId: purpose.id,
              ...notice,
              ...(how.confirmDespiteSignal ? { confirmDespiteSignal: true } : {}),
            },
          },
          props.token,
        );
        consent = answer.grantConsent;
      } else {
        const answer = await request(WithdrawConsent, { purposeId: purpose.id }, props.token);
        consent = answer.withdrawConsent;
      }
      setConsents((previous) => new Map(previous).set(purpose.id, consent));
      setSaid(
        consent.method === 'GLOBAL_PRIVACY_CONTROL' || refusedBySignal(consent)
          ? `${purpose.name}: off, as your browser’s Global Privacy Control signal asks.`
          : consent.status === 'GRANTED'
            ? how.confirmDespiteSignal
              ? `${purpose.name}: you agreed, although your browser asks not to.`
              : `${purpose.name}: you agreed.`
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
          signalOn={props.globalPrivacyControl && purpose.marketing}
          onChange={(grant, how) => void change(purpose, grant, how)}
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

/** Which notice a grant is given under, and whether it overrides the browser's signal. */
interface GrantHow {
  noticeId?: string;
  confirmDespiteSignal?: boolean;
}

interface ConsentRowProps {
  purpose: Purpose;
  consent: ConsentShownFragment | undefined;
  busy: boolean;
  /** Global Privacy Control is on and this is marketing: a plain tick is refused by the signal. */
  signalOn: boolean;
  onChange: (grant: boolean, how?: GrantHow) => void;
}

function ConsentRow({ purpose, consent, busy, signalOn, onChange }: ConsentRowProps) {
  const id = useId();
  const granted = consent?.status === 'GRANTED';
  const signalSaysNo = signalOn && !granted;
  const offerConfirmation = signalOn && refusedBySignal(consent);
  const described = [
    purpose.description && `${id}-about`,
    `${id}-status`,
    signalSaysNo && !offerConfirmation && `${id}-gpc`,
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
      {signalSaysNo && !offerConfirmation && (
        <p id={`${id}-gpc`}>
          Your browser’s Global Privacy Control signal says no to marketing, so we keep this off
          while the signal is on. If you tick it, we ask you to confirm that you want it anyway.
        </p>
      )}
      {offerConfirmation && (
        <div class="banner">
          <p>
            Your browser asks us not to use your data for marketing, but you ticked {purpose.name}.
            Which do you want? If you confirm, we record that you chose it yourself, and the signal
            no longer turns it off; you can still withdraw it at any time.
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() => onChange(true, { confirmDespiteSignal: true })}
          >
            Yes, send me {purpose.name} although my browser asks not to
          </button>
        </div>
      )}
      {consent?.needsReconfirmation && granted && (
        <div class="banner">
          <p>
            Our privacy notice changed in a way that matters since you agreed to this on{' '}
            {formatDate(consent.updatedAt)}. Do you still agree? If not, untick the box.
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() => onChange(true, { noticeId: consent.noticeId })}
          >
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
          <button
            type="button"
            class="secondary"
            aria-label={`Download record (JSON-LD): ${purpose.name}`}
            onClick={() =>
              downloadFile(
                `consent-record-${purpose.id}.jsonld`,
                'application/ld+json',
                JSON.stringify(consent.record, null, 2),
              )
            }
          >
            Download record (JSON-LD)
          </button>
        </div>
      )}
    </div>
  );
}
