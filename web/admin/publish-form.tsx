import { useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field } from '../shared/components';
import { formatDateTime } from '../shared/format';
import { useAction } from '../shared/hooks';
import { Confirm } from './confirm';
import { useAdminSession } from './session';

const PublishNoticeVersion = graphql(`
  mutation PublishNoticeVersion($input: PublishNoticeVersionInput!) {
    publishNoticeVersion(input: $input) {
      number
      status
      effectiveAt
    }
  }
`);

interface PublishFormProps {
  noticeId: string;
  draftNumber: number;
  /** The draft's languages: all are published together. */
  languages: readonly string[];
  /** Told what happened, in a sentence to show. */
  onPublished: (outcome: string) => void;
}

/** A `datetime-local` value (the admin's own time zone) as an instant; empty is now. */
function instantOf(localValue: string): string | null {
  if (!localValue) return null;
  const at = new Date(localValue);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Publishes the draft now or schedules it, after a confirmation that says what will happen. */
export function PublishForm({ noticeId, draftNumber, languages, onPublished }: PublishFormProps) {
  const { call } = useAdminSession();
  const materialId = useId();
  const [material, setMaterial] = useState(false);
  const [effective, setEffective] = useState('');
  const [confirming, setConfirming] = useState(false);
  const publish = useAction(() =>
    call(PublishNoticeVersion, {
      input: { noticeId, number: draftNumber, material, effectiveAt: instantOf(effective) },
    }),
  );
  const effectiveAt = instantOf(effective);
  const scheduled = effectiveAt !== null && Date.parse(effectiveAt) > Date.now();

  const confirm = async () => {
    const result = await publish.run();
    setConfirming(false);
    if (!result) return;
    const version = result.publishNoticeVersion;
    onPublished(
      version.status === 'SCHEDULED'
        ? `Version ${version.number} is scheduled: it takes effect on ${formatDateTime(version.effectiveAt)}.`
        : `Version ${version.number} is published and in effect.`,
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        publish.clearError();
        setConfirming(true);
      }}
      noValidate
    >
      <div class="choice">
        <input
          type="checkbox"
          id={materialId}
          aria-describedby={`${materialId}-hint`}
          checked={material}
          onChange={(event) => setMaterial(event.currentTarget.checked)}
        />
        <label for={materialId}>Material change</label>
      </div>
      <p class="hint" id={`${materialId}-hint`}>
        A material change is mailed to everyone with a consent or registration under this notice and
        sent to every partner&apos;s webhook; people are asked to reconfirm their consents.
      </p>
      <Field
        label="Effective date"
        hint="Leave empty to publish now. A future date schedules the version: it takes effect then, and the version in effect stays until that moment."
      >
        {(attributes) => (
          <input
            {...attributes}
            type="datetime-local"
            value={effective}
            onInput={(event) => setEffective(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={publish.error} />
      {confirming ? (
        <Confirm
          question={
            <>
              {scheduled
                ? `Schedule version ${draftNumber} (${languages.join(', ')}) to take effect on ${formatDateTime(effectiveAt)}`
                : `Publish version ${draftNumber} (${languages.join(', ')}) now`}
              {material
                ? ', as a material change that people and partners are told about?'
                : ', as a minor change that tells no one?'}{' '}
              It cannot be edited afterwards.
            </>
          }
          confirmLabel={
            scheduled
              ? `Yes, schedule version ${draftNumber}`
              : `Yes, publish version ${draftNumber}`
          }
          busy={publish.busy}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div class="actions">
          <button type="submit">Publish version {draftNumber}…</button>
        </div>
      )}
    </form>
  );
}
