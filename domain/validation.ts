import { DATA_CATEGORIES } from './constants';
import { BadInputError } from './errors';
import type { AttendeeField } from './vocabulary';

interface Range {
  min: number;
  max: number;
}

/**
 * Every bound on what callers send, in one place; the README's "Input bounds"
 * lists them. Lengths count UTF-16 code units, as JavaScript and GraphQL do.
 */
export const BOUNDS = {
  /** Every id: chosen by an admin, or made by the API (a UUID). */
  idLength: 64,
  /** A delivery's id names a topic, a cause and a receiver: the API makes them, a few dozen characters. */
  deliveryIdLength: 256,
  /** Names, titles and headings. */
  nameLength: 200,
  /** A paragraph: summaries, descriptions, reasons, notes, legal references. */
  shortTextLength: 2_000,
  /** Long free text: a notice section's body, a request's details. */
  longTextLength: 20_000,
  /** A notice version's sections together, as stored: well inside DynamoDB's 400 KB item. */
  sectionsBytes: 300_000,
  /** RFC 5321's longest forward path. */
  emailLength: 254,
  urlLength: 2_048,
  /** RFC 5646's advice for the longest language tag to support. */
  languageLength: 35,
  /** The mailed codes have six digits. */
  codeLength: 16,
  /** The API's own cursors are far shorter; every key they decode to stays inside DynamoDB's. */
  cursorLength: 1_024,
  webhookSecretLength: { min: 16, max: 512 },
  attendeeLength: {
    name: 200,
    email: 254,
    country: 2,
    organization: 200,
    jobTitle: 200,
    industry: 200,
    postalAddress: 500,
    phone: 50,
    organizationType: 100,
  } satisfies Record<AttendeeField, number>,
  sections: 100,
  /** Lists of ids: cosponsors, purposes consented to or named in a request. */
  idList: 100,
  dataUses: 100,
  /** Separate consents ticked on one registration form: two writes each, in its one transaction. */
  separateConsentChoices: 20,
  /** Purposes a partner receives data for, named by the admin for PIPL disclosures. */
  disclosedPurposes: 20,
  /** Lists of data categories or of corrections: one item per category. */
  categoryList: DATA_CATEGORIES.length,
  pageSize: { min: 1, max: 100 },
  versionNumber: { min: 1, max: 2_147_483_647 },
  purposeRetentionDays: { min: 0, max: 36_500 },
  eventRetentionDays: { min: 0, max: 3_650 },
  /** Four-digit years, so that stored times sort as text, with room for retention after an event. */
  dateTime: { min: '1970-01-01T00:00:00.000Z', max: '2999-12-31T23:59:59.999Z' },
} as const;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Half of a UTF-16 surrogate pair standing alone: DynamoDB stores UTF-8, which cannot encode it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** At most `maxLength` characters of well-formed Unicode; any other content is the caller's. */
export function requireLength(value: string, field: string, maxLength: number): string {
  if (value.length > maxLength) {
    throw new BadInputError(`${field} is longer than ${maxLength} characters`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw new BadInputError(`${field} is not well-formed Unicode text (it holds a lone surrogate)`);
  }
  return value;
}

/** Non-blank and at most `maxLength` characters. */
export function requireText(value: string, field: string, maxLength: number): string {
  requireLength(value, field, maxLength);
  if (value.trim().length === 0) throw new BadInputError(`${field} must not be blank`);
  return value;
}

/** Optional text: blank becomes null. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  maxLength: number,
): string | null {
  if (value === null || value === undefined) return null;
  requireLength(value, field, maxLength);
  return value.trim() ? value : null;
}

/**
 * Ids: letters, digits, '.', '_' and '-', so they are safe inside keys and
 * URLs. Admins choose them so; the API's own are UUIDs.
 */
export function requireIdentifier(value: string, field: string): string {
  if (value.length > BOUNDS.idLength || !ID_PATTERN.test(value)) {
    throw new BadInputError(
      `${field} must be 1 to ${BOUNDS.idLength} letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value;
}

/** A list of ids, null for none: at most `maxItems`, each an id. */
export function requireIdentifiers(
  values: readonly string[] | null | undefined,
  field: string,
  maxItems: number = BOUNDS.idList,
): string[] {
  const ids = requireListLength(values ?? [], field, maxItems);
  return ids.map((id, index) => requireIdentifier(id, `${field}[${index}]`));
}

export function requireListLength<T>(values: readonly T[], field: string, maxItems: number): T[] {
  if (values.length > maxItems) {
    throw new BadInputError(`${field} holds more than ${maxItems} items`);
  }
  return [...values];
}

export function requireWholeNumber(value: number, field: string, range: Range): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new BadInputError(`${field} must be a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}

export function requireDateTime(value: Date, field: string): Date {
  const time = value.getTime();
  if (!(time >= Date.parse(BOUNDS.dateTime.min) && time <= Date.parse(BOUNDS.dateTime.max))) {
    throw new BadInputError(
      `${field} must lie from ${BOUNDS.dateTime.min} to ${BOUNDS.dateTime.max}`,
    );
  }
  return value;
}

/**
 * The pattern of the schema's EmailAddress scalar (graphql-scalars), so that
 * every address stored can be served; an address from a token or a
 * correction has not passed the scalar.
 */
const EMAIL_ADDRESS =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= BOUNDS.emailLength && EMAIL_ADDRESS.test(value);
}

export function requireEmail(value: string, field: string): string {
  requireLength(value, field, BOUNDS.emailLength);
  if (!EMAIL_ADDRESS.test(value)) throw new BadInputError(`${field} is not an email address`);
  return value;
}

/** Addresses are compared, stored and looked up in one form. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
