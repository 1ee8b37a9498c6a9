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
          key
          heading
          summary
          body
        }
      }
    }
  }
`);

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

export function NoticePage() {
  const [wishes, setWishes] = useState(wishedLanguages);
  const loaded = useLoad(() => loadNotice(wishes), [wishes.join()]);

  if (!loaded.data) {
    if (loaded.loading) return <Loading what="the privacy notice" />;
    return (
      <>
        <PageHeading>Privacy notice</PageHeading>
        <ErrorNotice error={loaded.error} />
        {!loaded.error && <p>No privacy notice is in effect yet.</p>}
      </>
    );
  }

  const { title, languages, version } = loaded.data;
  const words = noticeWords(version.language);
  const sections = version.sections;
  const choose = (language: string) => {
    chooseLanguage(language);
    setWishes([language]);
  };
  return (
    <>
      <PageHeading>{title}</PageHeading>
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
      <ErrorNotice error={loaded.error} />
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
