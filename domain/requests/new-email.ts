/**
 * A request acts only on verified identities: a RECTIFICATION that moves the
 * person to another email address changes it only once that address is
 * proven theirs, by a code mailed to it when the request opens (the request's
 * own code proved the old one). Proof and completion may come in either
 * order; whichever comes last applies the change.
 */
import type { TransactItem } from '../../store/transactions';
import { hashCode, newCode } from '../codes';
import { mailDelivery } from '../deliveries';
import type { Services } from '../services';
import { unverifiedExpiry } from './expiry';
import { newAddressMail } from './mail-text';
import type { Correction, NewEmail, SubjectRequest } from './types';

/** The new address a request's corrections ask for, if it differs from the request's own. */
export function newEmailOf(email: string, corrections: Correction[] | null): NewEmail | null {
  const address = corrections?.find((correction) => correction.category === 'EMAIL')?.value;
  if (!address || address === email) return null;
  return { address, verification: null, provenAt: null, appliedAt: null };
}

/** The code for the new address is hashed apart from the request's own code. */
export function newEmailSalt(requestId: string): string {
  return `${requestId}#new-email`;
}

/** Proven and not yet applied: completion applies it. */
export function isProvenUnapplied(newEmail: NewEmail | null): newEmail is NewEmail {
  return newEmail !== null && newEmail.provenAt !== null && newEmail.appliedAt === null;
}

/** Waiting for its code to be entered, which may still happen. */
export function awaitsProof(newEmail: NewEmail | null, now: Date): newEmail is NewEmail {
  return (
    newEmail?.verification != null &&
    newEmail.provenAt === null &&
    Date.parse(newEmail.verification.expiresAt) > now.getTime()
  );
}

/**
 * A request opening with a new address: the code that proves it, mailed to
 * it (under the request.verification topic, in the same transaction as the
 * opening), and the request's new-address state that holds the code's hash.
 * None for a request that asks for no new address.
 */
export function newEmailCode(
  services: Services,
  request: SubjectRequest,
  now: Date,
): { newEmail: NewEmail; mail: TransactItem } | null {
  if (!request.newEmail) return null;
  const code = newCode();
  const expiresAt = unverifiedExpiry(now, services.deadlines.unverifiedHours).toISOString();
  return {
    newEmail: {
      ...request.newEmail,
      verification: {
        codeHash: hashCode(newEmailSalt(request.id), code),
        expiresAt,
        failedAttempts: 0,
      },
    },
    mail: mailDelivery(services, {
      id: `request.verification-${request.id}-new-email`,
      subjectId: request.subjectId,
      to: request.newEmail.address,
      topic: 'request.verification',
      ...newAddressMail(request, code, expiresAt, services.controller),
    }),
  };
}
