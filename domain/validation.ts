import { BadInputError } from './errors';

export const ID_MAX_LENGTH = 64;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Non-blank and at most `maxLength` characters. */
export function requireText(value: string, field: string, maxLength: number): string {
  if (value.trim().length === 0) throw new BadInputError(`${field} must not be blank`);
  if (value.length > maxLength) {
    throw new BadInputError(`${field} is longer than ${maxLength} characters`);
  }
  return value;
}

/** Optional text: blank becomes null. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  maxLength: number,
): string | null {
  if (!value?.trim()) return null;
  return requireText(value, field, maxLength);
}

/** Ids chosen by admins: letters, digits, '.', '_' and '-', so they are safe inside keys and URLs. */
export function requireIdentifier(value: string, field: string): string {
  if (value.length > ID_MAX_LENGTH || !ID_PATTERN.test(value)) {
    throw new BadInputError(
      `${field} must be 1 to ${ID_MAX_LENGTH} letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value;
}

/** Addresses are compared, stored and looked up in one form. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
