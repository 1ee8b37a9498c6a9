import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field, StatusNotice } from '../shared/components';
import { useAction } from '../shared/hooks';
import { useAdminSession } from './session';

const SaveNoticeDraft = graphql(`
  mutation SaveNoticeDraft($input: SaveNoticeDraftInput!) {
    saveNoticeDraft(input: $input) {
      number
    }
  }
`);

export interface SectionText {
  key: string;
  heading: string;
  summary?: string | null;
  body: string;
}

/** A section being edited; `uid` keeps its fields and focus with it as it moves. */
interface EditedSection {
  uid: number;
  key: string;
  heading: string;
  summary: string;
  body: string;
}

type SectionField = 'key' | 'heading' | 'summary' | 'body';

interface DraftEditorProps {
  noticeId: string;
  /** The open draft's number, or null to start one from `sections`. */
  draftNumber: number | null;
  sections: SectionText[];
  changeSummary: string;
  onSaved: (number: number) => void;
}

function edited(section: SectionText, uid: number): EditedSection {
  return {
    uid,
    key: section.key,
    heading: section.heading,
    summary: section.summary ?? '',
    body: section.body,
  };
}

/** Sections to add, remove, reorder and rewrite, and the summary of the change. */
export function DraftEditor({
  noticeId,
  draftNumber,
  sections: initial,
  changeSummary: initialSummary,
  onSaved,
}: DraftEditorProps) {
  const { call } = useAdminSession();
  const prefix = useId();
  const [sections, setSections] = useState<EditedSection[]>(() =>
    initial.map((section, index) => edited(section, index)),
  );
  const nextUid = useRef(initial.length);
  const [changeSummary, setChangeSummary] = useState(initialSummary);
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const save = useAction(() =>
    call(SaveNoticeDraft, {
      input: {
        noticeId,
        changeSummary: changeSummary.trim() || null,
        sections: sections.map((section) => ({
          key: section.key.trim(),
          heading: section.heading.trim(),
          summary: section.summary.trim() || null,
          body: section.body,
        })),
      },
    }),
  );

  // Moving or adding a section re-renders the list: focus follows the control that was used.
  useEffect(() => {
    if (!focusNext) return;
    document.querySelector<HTMLElement>(`[data-focus="${focusNext}"]`)?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const controlId = (uid: number, what: string) => `${prefix}-${uid}-${what}`;
  const change = (uid: number, field: SectionField, value: string) =>
    setSections((previous) =>
      previous.map((section) => (section.uid === uid ? { ...section, [field]: value } : section)),
    );
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    const moved = sections[index];
    if (!moved || target < 0 || target >= sections.length) return;
    const next = sections.filter((_, position) => position !== index);
    next.splice(target, 0, moved);
    setSections(next);
    const stillPossible = by === -1 ? target > 0 : target < next.length - 1;
    const sameWay = by === -1 ? 'up' : 'down';
    setFocusNext(controlId(moved.uid, stillPossible ? sameWay : by === -1 ? 'down' : 'up'));
  };
  const remove = (index: number) => {
    const next = sections.filter((_, position) => position !== index);
    setSections(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    setFocusNext(neighbour ? controlId(neighbour.uid, 'key') : `${prefix}-add`);
  };
  const add = () => {
    const section = edited({ key: '', heading: '', summary: '', body: '' }, nextUid.current++);
    setSections([...sections, section]);
    setFocusNext(controlId(section.uid, 'key'));
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const result = await save.run();
    if (result) {
      setSaved(result.saveNoticeDraft.number);
      onSaved(result.saveNoticeDraft.number);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        {draftNumber === null
          ? "No draft is open: the sections below are the latest version's. Change them and save to start a draft."
          : `Version ${draftNumber} is the open draft. Saving replaces its content.`}
      </p>
      {sections.map((section, index) => (
        <fieldset key={section.uid}>
          <legend>
            Section {index + 1}
            {section.heading.trim() ? `: ${section.heading.trim()}` : ''}
          </legend>
          <Field
            label="Key"
            hint="Letters, digits, '.', '_' or '-'; keeps the section's place in diffs and translations."
          >
            {(attributes) => (
              <input
                {...attributes}
                data-focus={controlId(section.uid, 'key')}
                type="text"
                autoComplete="off"
                value={section.key}
                onInput={(event) => change(section.uid, 'key', event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Heading">
            {(attributes) => (
              <input
                {...attributes}
                type="text"
                value={section.heading}
                onInput={(event) => change(section.uid, 'heading', event.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            label="In short"
            hint="One or two plain lines that open the section; may be empty."
          >
            {(attributes) => (
              <textarea
                {...attributes}
                rows={2}
                value={section.summary}
                onInput={(event) => change(section.uid, 'summary', event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Body">
            {(attributes) => (
              <textarea
                {...attributes}
                rows={8}
                value={section.body}
                onInput={(event) => change(section.uid, 'body', event.currentTarget.value)}
              />
            )}
          </Field>
          <div class="actions">
            <button
              type="button"
              class="secondary"
              data-focus={controlId(section.uid, 'up')}
              disabled={index === 0}
              onClick={() => move(index, -1)}
            >
              Move up
            </button>
            <button
              type="button"
              class="secondary"
              data-focus={controlId(section.uid, 'down')}
              disabled={index === sections.length - 1}
              onClick={() => move(index, 1)}
            >
              Move down
            </button>
            <button type="button" class="danger" onClick={() => remove(index)}>
              Remove section
            </button>
          </div>
        </fieldset>
      ))}
      <div class="actions">
        <button type="button" class="secondary" data-focus={`${prefix}-add`} onClick={add}>
          Add section
        </button>
      </div>
      <Field
        label="Change summary"
        hint="What changed and why, in a line or two: people are shown it with a material change."
      >
        {(attributes) => (
          <textarea
            {...attributes}
            rows={3}
            value={changeSummary}
            onInput={(event) => setChangeSummary(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={save.error} />
      {saved !== null && !save.busy && <StatusNotice>Draft version {saved} saved.</StatusNotice>}
      <div class="actions">
        <button type="submit" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save draft'}
        </button>
      </div>
    </form>
  );
}
