import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { request } from '../shared/api';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { formatDate } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { NoticeBody } from './notice-body';
import { bestLanguage, chooseLanguage, languageName, wishedLanguages } from './notice-language';
import { noticeWords } from './notice-words';

const NoticeLanguages = graphql(`
  query NoticeLanguages {
    notices {
      id
      title
      languages
      current {
        number
      }
    }
  }
`);

const NoticeInLanguage = graphql(`
  query NoticeInLanguage($id: ID!, $language: String!) {
    notice(id: $id) {
      currentIn(language: $language) {
        number
        language
        effectiveAt
        sections {
          ...SectionText
        }
      }
    }
  }
`);

const NoticeVersionLanguages = graphql(`
  query NoticeVersionLanguages($id: ID!, $number: Int!) {
    notice(id: $id) {
      title
      current {
        number
      }
      version(number: $number) {
        languages
      }
    }
  }
`);

const NoticeVersionInLanguage = graphql(`
  query NoticeVersionInLanguage($id: ID!, $number: Int!, $language: String!) {
    notice(id: $id) {
      version(number: $number) {
        translation(language: $language) {
          number
          language
          effectiveAt
          sections {
            ...SectionText
          }
        }
      }
    }
  }
`);

/**
 * One version, as a consent receipt links to it: in the wished language
 * where it has that translation, else in its own.
 */
async function loadNoticeVersion(id: string, number: number, wishes: readonly string[]) {
  const { notice } = await request(NoticeVersionLanguages, { id, number });
  const languages = notice?.version?.languages;
  if (!notice || !languages) return null;
  const language = bestLanguage(languages, wishes) ?? languages[0] ?? '';
  const read = await request(NoticeVersionInLanguage, { id, number, language });
  const version = read.notice?.version?.translation;
  if (!version) return null;
  return { title: notice.title, languages, version, inEffect: notice.current?.number === number };
}

/** The lab has one notice: the one with a version in effect (the seeded one). */
async function loadNotice(wishes: readonly string[]) {
  const { notices } = await request(NoticeLanguages, {});
  const notice = notices.find((candidate) => candidate.current) ?? null;
  if (!notice) return null;
  const language = bestLanguage(notice.languages, wishes) ?? '';
  const { notice: read } = await request(NoticeInLanguage, { id: notice.id, language });
  const version = read?.currentIn;
  return version ? { title: notice.title, languages: notice.languages, version } : null;
}

function sectionId(key: string): string {
  return `notice-section-${key}`;
}

/**
 * In-page links that leave the URL's hash alone (it holds the route): the
 * section's heading takes focus, which brings it into view.
 */
function goToSection(event: MouseEvent, key: string) {
  event.preventDefault();
  const heading = document.getElementById(sectionId(key));
  heading?.focus();
  heading?.scrollIntoView({ block: 'start' });
}

interface ShownNotice {
  title: string;
  languages: readonly string[];
  version: {
    number: number;
    language: string;
    effectiveAt?: string | null;
    sections: readonly { key: string; heading: string; summary?: string | null; body: string }[];
  };
}

/** The notice in effect, in the language the person wishes. */
export function NoticePage() {
  const [wishes, setWishes] = useState(wishedLanguages);
  const loaded = useLoad(() => loadNotice(wishes), [wishes.join()]);
  if (!loaded.data) return <NoticeMissing loading={loaded.loading} error={loaded.error} />;
  return <NoticeDocument notice={loaded.data} error={loaded.error} onChoose={setWishes} />;
}

/** One version of a notice, the page a consent receipt's notice link leads to. */
export function NoticeVersionPage({ noticeId, number }: { noticeId: string; number: number }) {
  const [wishes, setWishes] = useState(wishedLanguages);
  const loaded = useLoad(
    () => loadNoticeVersion(noticeId, number, wishes),
    [noticeId, number, wishes.join()],
  );
  if (!loaded.data) return <NoticeMissing loading={loaded.loading} error={loaded.error} />;
  return (
    <NoticeDocument notice={loaded.data} error={loaded.error} onChoose={setWishes}>
      {!loaded.data.inEffect && (
        <p class="banner">
          This is an earlier or later version of the notice than the one in effect now.{' '}
          <a href="#/">Read the notice in effect</a>.
        </p>
      )}
    </NoticeDocument>
  );
}

function NoticeMissing({ loading, error }: { loading: boolean; error: string | null }) {
  if (loading) return <Loading what="the privacy notice" />;
  return (
    <>
      <PageHeading>Privacy notice</PageHeading>
      <ErrorNotice error={error} />
      {!error && <p>No such privacy notice is in effect.</p>}
    </>
  );
}

interface NoticeDocumentProps {
  notice: ShownNotice;
  error: string | null;
  onChoose: (wishes: string[]) => void;
  children?: ComponentChildren;
}

function NoticeDocument({ notice, error, onChoose, children }: NoticeDocumentProps) {
  const { title, languages, version } = notice;
  const words = noticeWords(version.language);
  const sections = version.sections;
  const choose = (language: string) => {
    chooseLanguage(language);
    onChoose([language]);
  };
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {children}
      {languages.length > 1 && (
        <Field label="Language of the notice">
          {(attributes) => (
            <select
              {...attributes}
              value={version.language}
              onChange={(event) => choose(event.currentTarget.value)}
            >
              {languages.map((language) => (
                <option key={language} value={language} lang={language}>
                  {languageName(language)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <ErrorNotice error={error} />
      <article lang={version.language}>
        <p class="muted">
          <span lang={words.lang}>
            {words.lastRevised}
            {words.colon}
          </span>
          <time dateTime={version.effectiveAt ?? undefined}>
            {formatDate(version.effectiveAt, version.language)}
          </time>{' '}
          <span lang={words.lang}>{words.version(version.number)}</span>
        </p>
        <section aria-labelledby="notice-in-short" class="in-short">
          <h2 id="notice-in-short" lang={words.lang}>
            {words.inShort}
          </h2>
          <ul>
            {sections
              .filter((section) => section.summary)
              .map((section) => (
                <li key={section.key}>
                  <strong>{section.heading}</strong>
                  {words.colon}
                  {section.summary}
                </li>
              ))}
          </ul>
        </section>
        <nav aria-labelledby="notice-contents">
          <h2 id="notice-contents" lang={words.lang}>
            {words.contents}
          </h2>
          <ol>
            {sections.map((section) => (
              <li key={section.key}>
                <a
                  href={`#${sectionId(section.key)}`}
                  onClick={(event) => goToSection(event, section.key)}
                >
                  {section.heading}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        {sections.map((section) => (
          <section key={section.key} aria-labelledby={sectionId(section.key)}>
            <h2 id={sectionId(section.key)} tabIndex={-1}>
              {section.heading}
            </h2>
            {section.summary && (
              <p class="in-short">
                <strong lang={words.lang}>
                  {words.inShort}
                  {words.colon}
                </strong>
                {section.summary}
              </p>
            )}
            <NoticeBody body={section.body} />
          </section>
        ))}
      </article>
    </>
  );
}
