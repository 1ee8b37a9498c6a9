import { useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type {
  DisclosureShownFragment,
  MyPrivacyQuery,
  SeparateConsentScope,
  SeparateConsentShownFragment,
} from '../gql/graphql';
import { ApiError, describeError, request } from '../shared/api';
import { ErrorNotice } from '../shared/components';
import { downloadFile, formatDateTime } from '../shared/format';
import { noticeInEffect } from './my-privacy-consents';
import {
  choiceKey,
  DisclosureFacts,
  scopeAction,
  SCOPE_HEADING,
  SCOPE_WORDS,
} from './separate-consent';

graphql(`
  fragment SeparateConsentShown on SeparateConsent {
    partner {
      id
      name
    }
    scope
    status
    noticeId
    noticeVersion
    updatedAt
    record
  }
`);

const GrantSeparateConsent = graphql(`
  mutation GrantSeparateConsent($input: SeparateConsentInput!) {
    grantSeparateConsent(input: $input) {
      ...SeparateConsentShown
    }
  }
`);

const WithdrawSeparateConsent = graphql(`
  mutation WithdrawSeparateConsent($partnerId: ID!, $scope: SeparateConsentScope!) {
    withdrawSeparateConsent(partnerId: $partnerId, scope: $scope) {
      ...SeparateConsentShown
    }
  }
`);

const SeparateConsentDisclosureToShow = graphql(`
  query SeparateConsentDisclosureToShow($partnerId: ID!, $scope: SeparateConsentScope!) {
    separateConsentDisclosure(partnerId: $partnerId, scope: $scope) {
      ...DisclosureShown
    }
  }
`);

type Notice = MyPrivacyQuery['notices'][number];

interface SeparateConsentsProps {
  token: string;
  notices: Notice[];
  consents: SeparateConsentShownFragment[];
  /** What the events the person is registered for ask; those never answered can be given here. */
  offered: DisclosureShownFragment[];
}

/** The file name of a consent's ISO/IEC TS 27560 record. */
function recordFileName(consent: SeparateConsentShownFragment): string {
  return `separate-consent-record-${consent.partner.id}-${consent.scope.toLowerCase()}.jsonld`;
}

/**
 * The person's PIPL separate consents: each partner and scope on its own,
 * withdrawn in one click, and given (again) only after what PIPL says the
 * person must be told first.
 */
export function SeparateConsentsSection({
  token,
  notices,
  consents,
  offered,
}: SeparateConsentsProps) {
  const [shown, setShown] = useState(consents);
  const [said, setSaid] = useState<string | null>(null);
  const answered = new Set(shown.map(choiceKey));
  const notGiven = [
    ...new Map(
      offered
        .filter((disclosure) => !answered.has(choiceKey(disclosure)))
        .map((disclosure) => [choiceKey(disclosure), disclosure]),
    ).values(),
  ];
  const changed = (consent: SeparateConsentShownFragment, words: string) => {
    const key = choiceKey(consent);
    setShown((previous) =>
      previous.some((item) => choiceKey(item) === key)
        ? previous.map((item) => (choiceKey(item) === key ? consent : item))
        : [...previous, consent],
    );
    setSaid(words);
  };
  // One list, so that a card keeps its place and focus when a consent never given is given.
  const cards = [
    ...shown.map((consent) => ({ about: consent, consent, known: null })),
    ...notGiven.map((disclosure) => ({ about: disclosure, consent: null, known: disclosure })),
  ];
  return (
    <section aria-labelledby="separate-heading">
      <h2 id="separate-heading">Sharing with other organisations</h2>
      <p>
        China’s Personal Information Protection Law asks for your separate consent before we give
        your data to an organisation that decides itself how to use it, or send it abroad. Each
        consent covers one organisation and one of these, and you can withdraw it in one click: from
        then on we no longer share your data on it.
      </p>
      {shown.length === 0 && notGiven.length === 0 && (
        <p>You have not given or been asked for any such consent.</p>
      )}
      {cards.map((card) => (
        <SeparateConsentCard
          key={choiceKey(card.about)}
          token={token}
          notices={notices}
          {...card}
          onChanged={changed}
          onStart={() => setSaid(null)}
        />
      ))}
      <div role="status">{said && <p class="notice notice-ok">{said}</p>}</div>
    </section>
  );
}

interface CardProps {
  token: string;
  notices: Notice[];
  /** The partner and scope the card is about. */
  about: { partner: { id: string; name: string }; scope: SeparateConsentScope };
  /** The consent on record; null when the person was asked but never gave it. */
  consent: SeparateConsentShownFragment | null;
  /** What to tell the person before they agree, when the page already has it. */
  known: DisclosureShownFragment | null;
  onChanged: (consent: SeparateConsentShownFragment, words: string) => void;
  onStart: () => void;
}

function SeparateConsentCard({
  token,
  notices,
  about,
  consent,
  known,
  onChanged,
  onStart,
}: CardProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [disclosure, setDisclosure] = useState<DisclosureShownFragment | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const disclosureHeading = useRef<HTMLHeadingElement>(null);
  const action = scopeAction(about.scope, about.partner.name);
  const granted = consent?.status === 'GRANTED';
  const idBase = `separate-${choiceKey(about).replace(/[^A-Za-z0-9_-]/g, '-')}`;

  const act = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    onStart();
    try {
      await work();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = () =>
    act(async () => {
      const answer = await request(
        WithdrawSeparateConsent,
        { partnerId: about.partner.id, scope: about.scope },
        token,
      );
      onChanged(answer.withdrawSeparateConsent, `${action}: you withdrew your consent.`);
      heading.current?.focus();
    });

  const ask = () =>
    act(async () => {
      const told =
        known ??
        (
          await request(
            SeparateConsentDisclosureToShow,
            { partnerId: about.partner.id, scope: about.scope },
            token,
          )
        ).separateConsentDisclosure;
      setDisclosure(told);
      requestAnimationFrame(() => disclosureHeading.current?.focus());
    });

  const grant = () =>
    act(async () => {
      const notice =
        (consent && noticeInEffect(notices, consent.noticeId)) ?? noticeInEffect(notices);
      if (!notice) throw new ApiError('No privacy notice is in effect to agree under.', 'CONFLICT');
      const answer = await request(
        GrantSeparateConsent,
        { input: { partnerId: about.partner.id, scope: about.scope, ...notice } },
        token,
      );
      setDisclosure(null);
      onChanged(answer.grantSeparateConsent, `${action}: you gave your consent.`);
      heading.current?.focus();
    });

  const cancel = () => {
    setDisclosure(null);
    heading.current?.focus();
  };

  return (
    <div class="card" aria-busy={busy}>
      <h3 ref={heading} tabIndex={-1} id={`${idBase}-heading`}>
        {about.partner.name}: {SCOPE_HEADING[about.scope]}
      </h3>
      <p class="muted">{SCOPE_WORDS[about.scope]}</p>
      <p>
        {!consent
          ? `${action}: not given. An event you registered for asks it; we do not share your data on this ground without it.`
          : granted
            ? `${action}: you agreed on ${formatDateTime(consent.updatedAt)}, under version ${consent.noticeVersion} of the privacy notice.`
            : `${action}: you withdrew on ${formatDateTime(consent.updatedAt)}. We no longer share your data on this consent.`}
      </p>
      {disclosure && (
        <div class="banner">
          <h4 ref={disclosureHeading} tabIndex={-1}>
            {consent ? 'Before you agree again' : 'Before you agree'}
          </h4>
          <p>What PIPL says we must tell you first:</p>
          <DisclosureFacts disclosure={disclosure} />
          <div class="actions">
            <button
              type="button"
              disabled={busy}
              aria-label={`I agree: ${action}`}
              onClick={() => void grant()}
            >
              I agree
            </button>
            <button type="button" class="secondary" onClick={cancel}>
              Not now
            </button>
          </div>
        </div>
      )}
      <div class="actions">
        {granted ? (
          <button
            type="button"
            class="secondary"
            disabled={busy}
            aria-label={`Withdraw consent: ${action}`}
            onClick={() => void withdraw()}
          >
            Withdraw consent
          </button>
        ) : (
          !disclosure && (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={`${consent ? 'Give consent again' : 'Give consent'}: ${action}`}
              onClick={() => void ask()}
            >
              {consent ? 'Give consent again' : 'Give consent'}
            </button>
          )
        )}
        {consent && (
          <button
            type="button"
            class="secondary"
            aria-label={`Download record (JSON-LD): ${action}`}
            onClick={() =>
              downloadFile(
                recordFileName(consent),
                'application/ld+json',
                JSON.stringify(consent.record, null, 2),
              )
            }
          >
            Download record (JSON-LD)
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}
