/**
 * Typed reading of environment variables, for the settings modules only
 * (`local/settings.ts`, `lambdas/settings.ts`, `cdk/settings.ts`): each reader
 * returns the value, undefined when the variable is unset or empty (the caller
 * applies its default with `??`), or throws a SettingsError that names the
 * variable and what it expects.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A setting that is missing or malformed: its message says which and what would do. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** A value a reader returned, which must be there: `what` says what the variable should hold. */
export function required<T>(name: string, value: T | undefined, what: string): T {
  if (value === undefined) throw new SettingsError(`${name} is not set: it must be ${what}`);
  return value;
}

const MAILBOX = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const EMAIL = /^[^\s<>@]+@[^\s<>@]+$/;

export interface EnvironmentReader {
  /** Whether the variable is set to something. */
  has(name: string): boolean;
  text(name: string): string | undefined;
  /** Never quoted in an error: it may be a secret. */
  secret(name: string, minLength: number): string | undefined;
  integer(name: string, min: number, max: number): number | undefined;
  /** A number (fractions allowed) above 0, at most `max`. */
  positive(name: string, max: number): number | undefined;
  /** `1` or `0`. */
  flag(name: string): boolean | undefined;
  /** An http or https URL, without a trailing slash. */
  url(name: string): string | undefined;
  /** An address (ada@example.org) with or without a display name (Privacy team <privacy@example.org>). */
  mailbox(name: string): string | undefined;
  email(name: string): string | undefined;
  /** One of `values`, in any case; returned as listed. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined;
  /** Matches `pattern`; `what` describes it in the error. */
  matching(name: string, pattern: RegExp, what: string): string | undefined;
  /** Comma-separated, blanks dropped; undefined when none is left. */
  list(name: string): string[] | undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function environmentReader(env: Environment): EnvironmentReader {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const checked = <T>(name: string, what: string, parse: (value: string) => T | undefined) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = parse(value);
    if (parsed === undefined) throw new SettingsError(`${name} must be ${what}, not "${value}"`);
    return parsed;
  };
  return {
    has: (name) => text(name) !== undefined,
    text,
    secret(name, minLength) {
      const value = text(name);
      if (value !== undefined && value.length < minLength) {
        throw new SettingsError(`${name} must be at least ${minLength} characters long`);
      }
      return value;
    },
    integer: (name, min, max) =>
      checked(name, `a whole number from ${min} to ${max}`, (value) => {
        const parsed = Number(value);
        return Number.isInteger(parsed) && parsed >= min && parsed <= max ? parsed : undefined;
      }),
    positive: (name, max) =>
      checked(name, `a number above 0 and at most ${max}`, (value) => {
        const parsed = Number(value);
        return Number.isFinite(parsed) && parsed > 0 && parsed <= max ? parsed : undefined;
      }),
    flag: (name) =>
      checked(name, '1 or 0', (value) =>
        value === '1' ? true : value === '0' ? false : undefined,
      ),
    url: (name) =>
      checked(name, 'an http or https URL', (value) =>
        isHttpUrl(value) ? value.replace(/\/+$/, '') : undefined,
      ),
    mailbox: (name) =>
      checked(
        name,
        'a mail address, optionally with a name: Name <address@example.org>',
        (value) => (MAILBOX.test(value) ? value : undefined),
      ),
    email: (name) =>
      checked(name, 'a mail address', (value) => (EMAIL.test(value) ? value : undefined)),
    oneOf: (name, values) =>
      checked(name, `one of ${values.join(', ')}`, (value) =>
        values.find((known) => known.toUpperCase() === value.toUpperCase()),
      ),
    matching: (name, pattern, what) =>
      checked(name, what, (value) => (pattern.test(value) ? value : undefined)),
    list(name) {
      const items = (text(name) ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0 ? items : undefined;
    },
  };
}
