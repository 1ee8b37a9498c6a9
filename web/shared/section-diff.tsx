import { diffWords } from 'diff';
import { graphql } from '../gql';

/** The fields of a section every view of a notice reads: `...SectionText` in an operation. */
export const SectionTextFields = graphql(`
  fragment SectionText on NoticeSection {
    key
    heading
    summary
    body
  }
`);

/** A notice section as both the centre and the admin desk hold it. */
export interface SectionLike {
  key: string;
  heading: string;
  summary?: string | null;
  body: string;
}

export type SectionChangeKind = 'ADDED' | 'REMOVED' | 'MODIFIED';

export interface SectionChange {
  key: string;
  kind: SectionChangeKind;
  before: SectionLike | null;
  after: SectionLike | null;
}

const KIND_WORDS: Record<SectionChangeKind, string> = {
  ADDED: 'Added section',
  REMOVED: 'Removed section',
  MODIFIED: 'Changed section',
};

/**
 * Section by section, by key, with the API's rule (domain/notices.ts
 * diffSections): sections of `after` in their order, then those `after` dropped.
 */
export function sectionChanges(
  before: readonly SectionLike[],
  after: readonly SectionLike[],
): SectionChange[] {
  const old = new Map(before.map((section) => [section.key, section]));
  const kept = new Set(after.map((section) => section.key));
  const changes: SectionChange[] = [];
  for (const section of after) {
    const previous = old.get(section.key);
    if (!previous) changes.push({ key: section.key, kind: 'ADDED', before: null, after: section });
    else if (
      previous.heading !== section.heading ||
      (previous.summary ?? null) !== (section.summary ?? null) ||
      previous.body !== section.body
    ) {
      changes.push({ key: section.key, kind: 'MODIFIED', before: previous, after: section });
    }
  }
  for (const section of before) {
    if (!kept.has(section.key))
      changes.push({ key: section.key, kind: 'REMOVED', before: section, after: null });
  }
  return changes;
}

function countsLine(changes: readonly SectionChange[]): string {
  const count = (kind: SectionChangeKind) =>
    changes.filter((change) => change.kind === kind).length;
  const parts = [
    [count('ADDED'), 'added'],
    [count('REMOVED'), 'removed'],
    [count('MODIFIED'), 'changed'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  const total = changes.length;
  return `${total} section${total === 1 ? '' : 's'} differ: ${said.join(', ')}.`;
}

/**
 * A word-level diff (jsdiff). Inserted and deleted words are marked for the
 * eye by <ins>/<del> and for screen readers by words, never by colour alone.
 * Words are split with Intl.Segmenter, so Chinese text is diffed by word too.
 */
export function WordDiff({
  before,
  after,
  language,
}: {
  before: string;
  after: string;
  language?: string;
}) {
  const parts = diffWords(before, after, {
    intlSegmenter: new Intl.Segmenter(language, { granularity: 'word' }),
  });
  return (
    <>
      {parts.map((part, index) => {
        if (part.added)
          return (
            <ins class="diff" key={index}>
              <span class="visually-hidden" lang="en">
                added:{' '}
              </span>
              {part.value}
            </ins>
          );
        if (part.removed)
          return (
            <del class="diff" key={index}>
              <span class="visually-hidden" lang="en">
                removed:{' '}
              </span>
              {part.value}
            </del>
          );
        return <span key={index}>{part.value}</span>;
      })}
    </>
  );
}

type TitleElement = 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'p';

function SectionChangeView({
  change,
  titleAs: Title,
  language,
}: {
  change: SectionChange;
  titleAs: TitleElement;
  language?: string;
}) {
  const before = change.before ?? { key: change.key, heading: '', summary: null, body: '' };
  const after = change.after ?? { key: change.key, heading: '', summary: null, body: '' };
  const shownHeading = change.after?.heading ?? change.before?.heading ?? change.key;
  const summaryChanged = (before.summary ?? '') !== (after.summary ?? '');
  return (
    <div class={`section-change section-change-${change.kind.toLowerCase()}`}>
      <Title class="section-change-title">
        {KIND_WORDS[change.kind]}: <span lang={language}>{shownHeading}</span>
      </Title>
      {change.kind === 'MODIFIED' && before.heading !== after.heading && (
        <p>
          Heading:{' '}
          <span lang={language}>
            <WordDiff before={before.heading} after={after.heading} language={language} />
          </span>
        </p>
      )}
      {summaryChanged && (
        <p class="in-short">
          In short:{' '}
          <span lang={language}>
            <WordDiff
              before={before.summary ?? ''}
              after={after.summary ?? ''}
              language={language}
            />
          </span>
        </p>
      )}
      {before.body !== after.body && (
        <div class="prose" lang={language}>
          <p>
            <WordDiff before={before.body} after={after.body} language={language} />
          </p>
        </div>
      )}
    </div>
  );
}

export interface SectionDiffProps {
  before: readonly SectionLike[];
  after: readonly SectionLike[];
  /** The element of each section's title: a heading that fits the page's outline, or `p` where headings would break it. */
  titleAs?: TitleElement;
  /** The BCP 47 language of the sections' text: marks it with `lang` and splits its words. */
  language?: string;
}

/**
 * Every section added, removed or changed between two versions of a notice,
 * with the words that changed. Shared by the privacy centre (the material
 * change banner, the registration form's notice-changed step) and the admin
 * desk (a draft against the published version).
 */
export function SectionDiff({ before, after, titleAs = 'h3', language }: SectionDiffProps) {
  const changes = sectionChanges(before, after);
  if (changes.length === 0) return <p class="section-diff">No section differs.</p>;
  return (
    <div class="section-diff">
      <p>{countsLine(changes)}</p>
      {changes.map((change) => (
        <SectionChangeView key={change.key} change={change} titleAs={titleAs} language={language} />
      ))}
    </div>
  );
}
