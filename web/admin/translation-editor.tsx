import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field, StatusNotice } from '../shared/components';
import { useAction } from '../shared/hooks';
import type { SectionText } from './draft-editor';
import { useAdminSession } from './session';

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
  /** The draft's sections: a translation has the same keys, in the same order. */
  sections: SectionText[];
  onSaved: () => void;
}

/** One language's text for every section of the draft; publication publishes it with the draft. */
export function TranslationEditor({
  noticeId,
  draftNumber,
  draftLanguage,
  sections,
  onSaved,
}: TranslationEditorProps) {
  const { call } = useAdminSession();
  const [language, setLanguage] = useState('');
  const [changeSummary, setChangeSummary] = useState('');
  const [texts, setTexts] = useState<Record<string, TranslatedText>>({});
  const [saved, setSaved] = useState<string | null>(null);
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
    const result = await save.run();
    if (result) {
      setSaved(result.saveNoticeTranslation.language);
      onSaved();
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        Translate every section of draft version {draftNumber} (written in {draftLanguage}). Saving
        again in the same language replaces that translation; all languages are published together.
      </p>
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
          <fieldset key={section.key} class="section-editor">
            <legend>
              Section {index + 1} ({section.key}): {section.heading}
            </legend>
            <Field label="Translated heading">
              {(attributes) => (
                <input
                  {...attributes}
                  type="text"
                  lang={language.trim() || undefined}
                  value={text?.heading ?? ''}
                  onInput={(event) => change(section.key, 'heading', event.currentTarget.value)}
                />
              )}
            </Field>
            <Field
              label="Translated In short"
              hint={
                section.summary
                  ? `Original: ${section.summary}`
                  : 'The original has none; may stay empty.'
              }
            >
              {(attributes) => (
                <textarea
                  {...attributes}
                  rows={2}
                  lang={language.trim() || undefined}
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
                  lang={language.trim() || undefined}
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
            lang={language.trim() || undefined}
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
