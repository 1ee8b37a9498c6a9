import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field, StatusNotice } from '../shared/components';
import { ApiError } from '../shared/api';
import { useAction } from '../shared/hooks';
import type { SectionText } from './draft-editor';
import { useAdminSession } from './session';

const NoticeTranslation = graphql(`
  query NoticeTranslation($id: ID!, $number: Int!, $language: String!) {
    notice(id: $id) {
      version(number: $number) {
        translation(language: $language) {
          language
          changeSummary
          sections {
            ...SectionText
          }
        }
      }
    }
  }
`);

const SaveNoticeTranslation = graphql(`
  mutation SaveNoticeTranslation($input: SaveNoticeTranslationInput!) {
    saveNoticeTranslation(input: $input) {
      number
      language
    }
  }
`);

interface TranslatedText {
  heading: string;
  summary: string;
  body: string;
}

interface TranslationEditorProps {
  noticeId: string;
  draftNumber: number;
  /** The draft's own language, which a translation cannot be in. */
  draftLanguage: string;
  /** The languages the draft is translated into already. */
  translated: readonly string[];
  /** The version in effect and its translations, to start a translation of the draft from. */
  earlier: { number: number; languages: readonly string[] } | null;
  /** The draft's sections: a translation has the same keys. */
  sections: SectionText[];
  onSaved: () => void;
}

/**
 * One language's text for every section of the draft, published with it. A
 * translation saved before, or the version in effect's, can be opened to
 * start from.
 */
export function TranslationEditor({
  noticeId,
  draftNumber,
  draftLanguage,
  translated,
  earlier,
  sections,
  onSaved,
}: TranslationEditorProps) {
  const { call } = useAdminSession();
  const [language, setLanguage] = useState('');
  const [changeSummary, setChangeSummary] = useState('');
  const [texts, setTexts] = useState<Record<string, TranslatedText>>({});
  const [opened, setOpened] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const open = useAction(async (number: number, tag: string) => {
    const answer = await call(NoticeTranslation, { id: noticeId, number, language: tag });
    const translation = answer.notice?.version?.translation;
    if (!translation)
      throw new ApiError(`Version ${number} has no ${tag} translation.`, 'NOT_FOUND');
    return translation;
  });
  const openTranslation = async (number: number, tag: string) => {
    setSaved(null);
    const translation = await open.run(number, tag);
    if (!translation) return;
    setLanguage(translation.language);
    setChangeSummary(number === draftNumber ? (translation.changeSummary ?? '') : '');
    setTexts(
      Object.fromEntries(
        translation.sections.map((section) => [
          section.key,
          { heading: section.heading, summary: section.summary ?? '', body: section.body },
        ]),
      ),
    );
    setOpened(
      number === draftNumber
        ? `The ${translation.language} translation of draft version ${number} is open.`
        : `The ${translation.language} translation of version ${number} is open: sections the draft added are empty.`,
    );
  };

  const save = useAction(() =>
    call(SaveNoticeTranslation, {
      input: {
        noticeId,
        number: draftNumber,
        language: language.trim(),
        changeSummary: changeSummary.trim() || null,
        sections: sections.map((section) => {
          const text = texts[section.key];
          return {
            key: section.key,
            heading: text?.heading.trim() ?? '',
            summary: text?.summary.trim() || null,
            body: text?.body ?? '',
          };
        }),
      },
    }),
  );
  const change = (key: string, field: keyof TranslatedText, value: string) =>
    setTexts((previous) => ({
      ...previous,
      [key]: { heading: '', summary: '', body: '', ...previous[key], [field]: value },
    }));
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    setOpened(null);
    const result = await save.run();
    if (result) {
      setSaved(result.saveNoticeTranslation.language);
      onSaved();
    }
  };
  const startFrom = earlier
    ? earlier.languages
        .filter((tag) => !translated.includes(tag))
        .map((tag) => ({ tag, number: earlier.number }))
    : [];
  const lang = language.trim() || undefined;

  return (
    <form onSubmit={submit} noValidate>
      <p>
        Draft version {draftNumber} is written in {draftLanguage}
        {translated.length > 0
          ? ` and translated into ${translated.join(', ')}`
          : ', with no translation yet'}
        . A translation has every section of the draft; all languages are published together. Saving
        the draft with other section keys drops its translations.
      </p>
      {(translated.length > 0 || startFrom.length > 0) && (
        <div class="actions">
          {translated.map((tag) => (
            <button
              key={`draft-${tag}`}
              type="button"
              class="secondary"
              disabled={open.busy}
              onClick={() => void openTranslation(draftNumber, tag)}
            >
              Edit the {tag} translation
            </button>
          ))}
          {startFrom.map(({ tag, number }) => (
            <button
              key={`earlier-${tag}`}
              type="button"
              class="secondary"
              disabled={open.busy}
              onClick={() => void openTranslation(number, tag)}
            >
              Start from version {number} in {tag}
            </button>
          ))}
        </div>
      )}
      <ErrorNotice error={open.error} />
      {opened && !open.busy && <StatusNotice>{opened}</StatusNotice>}
      <Field
        label="Language"
        hint="A BCP 47 language tag, e.g. zh-CN for Simplified Chinese or fr for French."
      >
        {(attributes) => (
          <input
            {...attributes}
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={language}
            onInput={(event) => setLanguage(event.currentTarget.value)}
          />
        )}
      </Field>
      {sections.map((section, index) => {
        const text = texts[section.key];
        return (
          <fieldset key={section.key}>
            <legend>
              Section {index + 1} ({section.key}): {section.heading}
            </legend>
            <Field label="Translated heading">
              {(attributes) => (
                <input
                  {...attributes}
                  type="text"
                  lang={lang}
                  value={text?.heading ?? ''}
                  onInput={(event) => change(section.key, 'heading', event.currentTarget.value)}
                />
              )}
            </Field>
            <Field
              label="Translated In short"
              hint={section.summary ? undefined : 'The original has none; may stay empty.'}
            >
              {(attributes) => (
                <textarea
                  {...attributes}
                  rows={2}
                  lang={lang}
                  value={text?.summary ?? ''}
                  onInput={(event) => change(section.key, 'summary', event.currentTarget.value)}
                />
              )}
            </Field>
            <Field label="Translated body">
              {(attributes) => (
                <textarea
                  {...attributes}
                  rows={6}
                  lang={lang}
                  value={text?.body ?? ''}
                  onInput={(event) => change(section.key, 'body', event.currentTarget.value)}
                />
              )}
            </Field>
          </fieldset>
        );
      })}
      <Field label="Translated change summary">
        {(attributes) => (
          <textarea
            {...attributes}
            rows={2}
            lang={lang}
            value={changeSummary}
            onInput={(event) => setChangeSummary(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={save.error} />
      {saved && !save.busy && (
        <StatusNotice>
          The {saved} translation of version {draftNumber} is saved.
        </StatusNotice>
      )}
      <div class="actions">
        <button type="submit" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save translation'}
        </button>
      </div>
    </form>
  );
}
