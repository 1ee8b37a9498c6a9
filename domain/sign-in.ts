/**
 * Sign-in by mailed code: a person proves an address is theirs by the code
 * mailed to it and gets a SUBJECT token for it (CONTRACT.md, Tokens). A code
 * is mailed to any valid address, known or not, and the answer is the same,
 * so that nobody learns from it whom the API holds data about.
 */
import { randomUUID } from 'node:crypto';
import {
  getSignInCode,
  countWrongTry,
  expiringWithCode,
  signInCodeWrites,
  spendSignInCode,
} from '../store/sign-in-codes';
import { ConditionFailed, transact } from '../store/transactions';
import { codeMatches, hashCode, newCode } from './codes';
import type { Controller } from './controller';
import { mailDelivery } from './deliveries';
import { UnauthenticatedError } from './errors';
import { writeCountedMail } from './mail-limit';
import { signature, type MailText } from './mail-text';
import type { Services } from './services';
import type { SignInCode } from './types';
import { BOUNDS, normaliseEmail, requireEmail, requireLength } from './validation';

/** How long a mailed code may be used. */
export const SIGN_IN_CODE_MINUTES = 15;
/** Wrong codes a code takes; then even the right one fails until a new one is asked for. */
export const MAX_SIGN_IN_ATTEMPTS = 5;
/** How long a sign-in token lasts: a session on a page, not a standing credential. */
export const SIGN_IN_TOKEN_SECONDS = 3_600;

/** The token a sign-in gives, and when it stops working. */
export interface SignInResult {
  token: string;
  expiresAt: Date;
}

/**
 * Issues the API's own SUBJECT tokens: locally HS256 under the local key, on
 * AWS RS256 by a key only the stack holds (resolvers/authenticate.ts chooses).
 */
export interface SignInTokens {
  /** A token for the person with this (proven) address. */
  issue(email: string): Promise<SignInResult>;
}

/** One message for every refusal: which it was would tell whether a code is out for the address. */
const REFUSED = 'The code is wrong, used or expired: ask for a new one if it keeps failing';

const signInMailId = (code: SignInCode) => `subject.sign_in-${code.id}`;

function signInMail(code: string, expiresAt: string, controller: Controller): MailText {
  return {
    subject: 'Your sign-in code',
    text: [
      'To sign in to your privacy page, enter this code where you asked for it:',
      '',
      `Code: ${code}`,
      '',
      `The code is valid until ${expiresAt}, and once. If you did not ask to sign in, ignore this message: nothing will happen.`,
      '',
      signature(controller),
    ].join('\n'),
  };
}

/**
 * PUBLIC: mails a new code to the address, replacing the one before. The
 * mail counts against the address's limit (domain/mail-limit.ts), written
 * with the code in one transaction. Nothing is read or written about a
 * person, and nothing is audited: the address is all there is.
 */
export async function requestSignInCode(services: Services, email: string): Promise<true> {
  const address = normaliseEmail(requireEmail(email, 'email'));
  return writeCountedMail(services, address, async () => {
    const now = services.now();
    const replaced = await getSignInCode(services.db, address);
    const code = newCode();
    const id = randomUUID();
    const stored: SignInCode = {
      id,
      codeHash: hashCode(id, code),
      expiresAt: new Date(now.getTime() + SIGN_IN_CODE_MINUTES * 60_000).toISOString(),
      failedAttempts: 0,
    };
    const mail = mailDelivery(services, {
      id: signInMailId(stored),
      subjectId: null,
      to: address,
      topic: 'subject.sign_in',
      ...signInMail(code, stored.expiresAt, services.controller),
    });
    return {
      writes: [
        ...signInCodeWrites(services.db, address, stored, replaced ? signInMailId(replaced) : null),
        expiringWithCode(stored, mail),
      ],
      result: true,
    };
  });
}

/**
 * PUBLIC: the address's code, once, within its time and its tries, gives a
 * token for the address. The person need not exist: `me` is null until
 * something is held about them.
 */
export async function signIn(
  services: Services,
  tokens: SignInTokens,
  email: string,
  code: string,
): Promise<SignInResult> {
  const address = normaliseEmail(requireEmail(email, 'email'));
  requireLength(code, 'code', BOUNDS.codeLength);
  const stored = await getSignInCode(services.db, address);
  if (
    !stored ||
    Date.parse(stored.expiresAt) <= services.now().getTime() ||
    stored.failedAttempts >= MAX_SIGN_IN_ATTEMPTS
  ) {
    throw new UnauthenticatedError(REFUSED);
  }
  if (!codeMatches(stored.id, code, stored.codeHash)) {
    await countWrongTry(services.db, address, stored);
    throw new UnauthenticatedError(REFUSED);
  }
  try {
    await transact(
      services.db,
      spendSignInCode(services.db, address, stored, signInMailId(stored), MAX_SIGN_IN_ATTEMPTS),
    );
  } catch (error) {
    if (error instanceof ConditionFailed) throw new UnauthenticatedError(REFUSED);
    throw error;
  }
  return tokens.issue(address);
}
