import { useId } from 'preact/hooks';
import { graphql } from '../gql';
import type {
  BannerVersionTextFragment,
  NoticeVersionHeadsQuery,
  NoticeVersionStatus,
} from '../gql/graphql';
import { request } from '../shared/api';
import { formatDate } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { routeHref, useHashPath } from '../shared/router';
import { SectionDiff } from '../shared/section-diff';
import { useSubjectSession } from './session';

const NoticeVersionHeads = graphql(`
  query NoticeVersionHeads {
    notices {
      id
      current {
        number
      }
      versions(first: 50) {
        nodes {
          number
          status
          language
          material
          changeSummary
          effectiveAt
        }
      }
    }
  }
`);

const MyConsentedVersions = graphql(`
  query MyConsentedVersions {
    me {
      consents {
        noticeId
        noticeVersion
        needsReconfirmation
        purpose {
          id
          name
        }
      }
    }
  }
`);

const TwoNoticeVersions = graphql(`
  query TwoNoticeVersions($id: ID!, $before: Int!, $after: Int!) {
    notice(id: $id) {
      before: version(number: $before) {
        ...BannerVersionText
      }
      after: version(number: $after) {
        ...BannerVersionText
      }
    }
  }
  fragment BannerVersionText on NoticeVersion {
    language
    sections {
      ...SectionText
    }
  }
`);

type Head = NoticeVersionHeadsQuery['notices'][number]['versions']['nodes'][number];

/** Why the banner shows: a material version to come, or one since the person's consents. */
type Change =
  | { kind: 'scheduled'; noticeId: string; version: Head; previous: number | null }
  | {
      kind: 'since-consent';
      noticeId: string;
      /** The versions published since, material ones, oldest first. */
      versions: Head[];
      /** The version the consents were given under, and the one in effect. */
      seen: number;
      current: number;
      purposes: string[];
    };

type Text = BannerVersionTextFragment;

type Shown = Change & { before: Text | null; after: Text | null };

const IN_FORCE = new Set<NoticeVersionStatus>(['PUBLISHED', 'SUPERSEDED']);

/** The published version each one is compared with: the one published before it (as the API's `changes`). */
function previousPublished(heads: readonly Head[], number: number): number | null {
  const earlier = heads.filter((head) => head.number < number && head.status !== 'DRAFT');
  return earlier.length > 0 ? Math.max(...earlier.map((head) => head.number)) : null;
}

async function findChanges(token: string | null): Promise<Change[]> {
  const [{ notices }, mine] = await Promise.all([
    request(NoticeVersionHeads, {}),
    // A token the API no longer takes leaves the public part of the banner standing.
    token ? request(MyConsentedVersions, {}, token).catch(() => null) : Promise.resolve(null),
  ]);
  const changes: Change[] = [];
  for (const notice of notices) {
    const heads = notice.versions.nodes;
    for (const head of heads) {
      if (head.status === 'SCHEDULED' && head.material) {
        const previous = previousPublished(heads, head.number);
        changes.push({ kind: 'scheduled', noticeId: notice.id, version: head, previous });
      }
    }
    const stale = (mine?.me?.consents ?? []).filter(
      (consent) => consent.noticeId === notice.id && consent.needsReconfirmation,
    );
    const current = notice.current?.number;
    if (stale.length === 0 || current === undefined) continue;
    const seen = Math.min(...stale.map((consent) => consent.noticeVersion));
    changes.push({
      kind: 'since-consent',
      noticeId: notice.id,
      versions: heads
        .filter((head) => head.material && IN_FORCE.has(head.status) && head.number > seen)
        .sort((a, b) => a.number - b.number),
      seen,
      current,
      purposes: stale.map((consent) => consent.purpose.name),
    });
  }
  return changes;
}

async function withText(change: Change): Promise<Shown> {
  const [before, after] =
    change.kind === 'scheduled'
      ? [change.previous, change.version.number]
      : [change.seen, change.current];
  if (before === null) return { ...change, before: null, after: null };
  const { notice } = await request(TwoNoticeVersions, { id: change.noticeId, before, after });
  return { ...change, before: notice?.before ?? null, after: notice?.after ?? null };
}

async function loadBanner(token: string | null): Promise<Shown[]> {
  return Promise.all((await findChanges(token)).map(withText));
}

function WhatChanged({ shown }: { shown: Shown }) {
  if (!shown.after) return null;
  return (
    <details>
      <summary>See what changes, section by section</summary>
      <SectionDiff
        before={shown.before?.sections ?? []}
        after={shown.after.sections}
        titleAs="p"
        language={shown.after.language}
      />
    </details>
  );
}

function ScheduledChange({ shown, version }: { shown: Shown; version: Head }) {
  const titleId = useId();
  return (
    <section class="banner" aria-labelledby={titleId}>
      <p id={titleId}>
        <strong>
          Our privacy notice changes on {formatDate(version.effectiveAt)}: version {version.number}{' '}
          is a material change.
        </strong>
      </p>
      {version.changeSummary && (
        <p>
          What changes: <span lang={version.language}>{version.changeSummary}</span>
        </p>
      )}
      <WhatChanged shown={shown} />
    </section>
  );
}

function ChangeSinceConsent({
  shown,
  versions,
  purposes,
}: {
  shown: Shown;
  versions: Head[];
  purposes: string[];
}) {
  const titleId = useId();
  return (
    <section class="banner" aria-labelledby={titleId}>
      <p id={titleId}>
        <strong>Our privacy notice changed after you gave your consent.</strong>
      </p>
      <p>
        You consented to {purposes.join(', ')} under an earlier version. Please read what changed
        and <a href={routeHref('/my')}>confirm or withdraw your consent in My privacy</a>.
      </p>
      <ul>
        {versions.map((version) => (
          <li key={version.number}>
            Version {version.number}, in effect since {formatDate(version.effectiveAt)}
            {version.changeSummary && (
              <>
                : <span lang={version.language}>{version.changeSummary}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <WhatChanged shown={shown} />
    </section>
  );
}

/**
 * Shown above every view of the centre: a material version that is to take
 * effect, and, for a signed-in person, one that took effect after their
 * consents were given. Read again on every view, so a reconfirmed consent
 * takes the banner away. A banner that cannot be read shows nothing: the view
 * below says what failed.
 */
export function MaterialChangeBanner() {
  const { token } = useSubjectSession();
  const path = useHashPath();
  const loaded = useLoad(() => loadBanner(token), [token, path]);
  return (
    <>
      {(loaded.data ?? []).map((shown) =>
        shown.kind === 'scheduled' ? (
          <ScheduledChange key={`s${shown.version.number}`} shown={shown} version={shown.version} />
        ) : (
          <ChangeSinceConsent
            key={`c${shown.current}`}
            shown={shown}
            versions={shown.versions}
            purposes={shown.purposes}
          />
        ),
      )}
    </>
  );
}
