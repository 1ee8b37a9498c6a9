import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface ConfirmProps {
  /** What is about to happen, as a question. */
  question: ComponentChildren;
  confirmLabel: string;
  busy: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The step before a change that cannot be undone: the question is focused
 * when it appears, so keyboard and screen-reader users meet it first.
 */
export function Confirm({
  question,
  confirmLabel,
  busy,
  danger,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const id = useId();
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id} ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <div class="actions">
        <button
          type="button"
          class={danger ? 'danger' : undefined}
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
