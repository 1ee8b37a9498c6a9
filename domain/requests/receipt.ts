/**
 * When and how a request reached the organisation. Deadlines count from
 * receipt, so only an admin, who enters requests received by post, phone,
 * mail or in person, may say when that was; a request made on the web pages
 * (PUBLIC, or a person's own token) is received when it is submitted.
 */
import type { Caller } from '../caller';
import type { Jurisdiction, RequestChannel } from '../constants';
import { BadInputError, ForbiddenError } from '../errors';
import { requireDateTime } from '../validation';

/** How far ahead of the server's clock a receipt may lie: the admin's clock may run a little fast. */
export const RECEIPT_CLOCK_TOLERANCE_MS = 60_000;

/**
 * The day each law began to apply: no request under it was received before.
 * The earliest receipt accepted, so that a mistyped century or an epoch zero
 * is refused, while a request found late, however overdue, can still be
 * entered with the day it truly arrived.
 */
export const IN_FORCE_FROM: Record<Jurisdiction, string> = {
  GDPR: '2018-05-25T00:00:00Z',
  CCPA: '2020-01-01T00:00:00Z',
  PIPL: '2021-11-01T00:00:00Z',
};

/** How a channel is said in a request's history. */
const RECEIVED_BY: Record<RequestChannel, string> = {
  WEB: 'Received',
  EMAIL: 'Received by email',
  POST: 'Received by post',
  PHONE: 'Received by phone',
  IN_PERSON: 'Received in person',
};

export interface Receipt {
  receivedAt: Date;
  channel: RequestChannel;
}

/** The receipt a submission states, or now on the web; FORBIDDEN or BAD_USER_INPUT otherwise. */
export function receiptOf(
  caller: Caller,
  input: { receivedAt?: Date | null; channel?: RequestChannel | null },
  jurisdiction: Jurisdiction,
  now: Date,
): Receipt {
  const channel = input.channel ?? 'WEB';
  if (caller.role !== 'ADMIN') {
    if (input.receivedAt) {
      throw new ForbiddenError('Only an administrator may say when a request was received');
    }
    if (channel !== 'WEB') {
      throw new ForbiddenError('Only an administrator may enter a request received off the web');
    }
    return { receivedAt: now, channel };
  }
  const receivedAt = input.receivedAt ? requireDateTime(input.receivedAt, 'receivedAt') : now;
  if (receivedAt.getTime() > now.getTime() + RECEIPT_CLOCK_TOLERANCE_MS) {
    throw new BadInputError('receivedAt lies in the future');
  }
  const inForce = IN_FORCE_FROM[jurisdiction];
  if (receivedAt.getTime() < Date.parse(inForce)) {
    throw new BadInputError(
      `receivedAt lies before ${jurisdiction} applied (${inForce.slice(0, 10)}): check the year`,
    );
  }
  return { receivedAt, channel };
}

/** The first entry of a request's history: how it was received, and whether the identity is known. */
export function receivedNote(channel: RequestChannel, verified: boolean): string {
  return `${RECEIVED_BY[channel]}; ${verified ? 'identity verified' : 'waiting for the mailed code'}`;
}
