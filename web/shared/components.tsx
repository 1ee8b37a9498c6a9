import type { ComponentChildren, JSX, Ref } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { routeHref } from './router';

/**
 * A view's heading, focused when the view opens, so that a keyboard or
 * screen-reader user lands on the new content after following a link.
 */
export function PageHeading({ children }: { children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** An error the person must notice: announced at once. */
export function ErrorNotice({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="notice notice-error" role="alert">
      {error}
    </p>
  );
}

/** A result announced politely (saved, sent). */
export function StatusNotice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice notice-ok" role="status">
      {children}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  /** The input itself; it receives `id` and `aria-describedby`. */
  children: (attributes: { id: string; 'aria-describedby'?: string }) => JSX.Element;
}

/** A visible label bound to its control, with an optional hint read with it. */
export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
    </div>
  );
}

interface CodeFieldProps {
  label: string;
  hint: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

/** A field for a code mailed to the person: numeric keyboard, and the browser may fill it from the mail. */
export function CodeField({
  label,
  hint,
  name,
  value,
  onInput,
  inputRef,
  disabled,
}: CodeFieldProps) {
  return (
    <Field label={label} hint={hint}>
      {(attributes) => (
        <input
          {...attributes}
          ref={inputRef}
          type="text"
          name={name}
          inputMode="numeric"
          autocomplete="one-time-code"
          required
          disabled={disabled}
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

interface NavLink {
  path: string;
  label: string;
}

interface ShellProps {
  siteName: string;
  links: readonly NavLink[];
  /** The current path, to mark the link of the open view. */
  path: string;
  /** Shown at the header's end: the sign-in state. */
  account?: ComponentChildren;
  children: ComponentChildren;
}

function isCurrent(link: string, path: string): boolean {
  return link === '/' ? path === '/' : path === link || path.startsWith(`${link}/`);
}

/** The frame of every page: a skip link, the site's header and navigation, the main content. */
export function Shell({ siteName, links, path, account, children }: ShellProps) {
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <a class="site-name" href={routeHref('/')}>
            {siteName}
          </a>
          <nav aria-label="Main">
            <ul>
              {links.map((link) => (
                <li key={link.path}>
                  <a
                    href={routeHref(link.path)}
                    aria-current={isCurrent(link.path, path) ? 'page' : undefined}
                  >
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {account && <div class="account">{account}</div>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The skip link moves focus without touching the hash, which holds the route. */
function skipToMain(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
