import { setTimeout as sleep } from 'node:timers/promises';
import {
  claimDelivery,
  deliveryPut,
  dueDeliveries,
  findFailedDelivery,
  listDeliveries,
  redeliveryUpdate,
  type AttemptOutcome,
} from '../store/deliveries';
import { transact, type TransactItem } from '../store/transactions';
import { mapConcurrently } from '../lib/concurrency';
import { auditItem } from './audit';
import type { Caller } from './caller';
import type { DeliveryStatus, MailTopic, WebhookTopic } from './constants';
import { ConflictError, orConflict } from './errors';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import { nextTryAt } from './retry-schedule';
import { freshServices, type Services } from './services';
import type { Senders } from './senders';
import type { Delivery } from './types';
import { BOUNDS, requireText } from './validation';

/**
 * How long a try holds its delivery: no other process takes it meanwhile, and
 * one that dies trying (or loses DynamoDB halfway) leaves it due again after
 * this. Several times what a try takes (a webhook's answer is awaited 5 s, a
 * DynamoDB call gives up within about 13 s), short enough that such a
 * delivery is late by seconds once DynamoDB is back.
 */
export const TRY_HOLD_MS = 30_000;
/**
 * How long a new delivery is left to the stream handler that meets it first,
 * which is within a second or two; past this the due job takes it, so that a
 * record the stream set aside (while DynamoDB was away, say) is late by
 * seconds, not a minute. Either claims it before sending, so only one sends.
 */
export const FIRST_TRY_HOLD_MS = 10_000;
/** How often the due job looks for deliveries due: the first retry's wait plus this stays within 5 s. */
export const DUE_POLL_MS = 1_000;
/** Deliveries the due job takes at a time; a pass that leaves more due is followed by the next at once. */
const DUE_PER_PASS = 200;
/** Tries of one pass under way at once. */
const TRIES_IN_FLIGHT = 25;

function heldUntil(from: Date, holdMs = TRY_HOLD_MS): string {
  return new Date(from.getTime() + holdMs).toISOString();
}

/** A new delivery's state: pending, its window of tries open, held for the stream's first try. */
function newDelivery(services: Services) {
  const now = services.now();
  return {
    status: 'PENDING',
    attempts: 0,
    createdAt: now.toISOString(),
    sentAt: null,
    lastError: null,
    nextAttemptAt: heldUntil(now, FIRST_TRY_HOLD_MS),
    retryWindowStart: now.toISOString(),
    attemptsBeforeWindow: 0,
  } as const satisfies Partial<Delivery>;
}

export interface MailToSend {
  /** Names the receiver and the cause: the same id is never delivered twice. */
  id: string;
  subjectId: string | null;
  to: string;
  topic: MailTopic;
  subject: string;
  text: string;
}

/** The outbox item of a mail, for the transaction of the change that causes it. */
export function mailDelivery(services: Services, mail: MailToSend): TransactItem {
  return deliveryPut(services.db, pendingMail(services, mail));
}

/** A mail as the outbox holds it until it is sent. */
export function pendingMail(services: Services, mail: MailToSend): Delivery {
  return {
    ...newDelivery(services),
    id: mail.id,
    channel: 'EMAIL',
    to: mail.to,
    topic: mail.topic,
    subjectId: mail.subjectId,
    mail: { subject: mail.subject, text: mail.text },
    webhook: null,
  };
}

export interface WebhookToSend {
  id: string;
  partnerId: string;
  topic: WebhookTopic;
  data: Record<string, unknown>;
}

/** The outbox item of a webhook call to a partner. */
export function webhookDelivery(services: Services, webhook: WebhookToSend): TransactItem {
  const delivery = newDelivery(services);
  return deliveryPut(services.db, {
    ...delivery,
    id: webhook.id,
    channel: 'WEBHOOK',
    to: webhook.partnerId,
    topic: webhook.topic,
    subjectId: null,
    mail: null,
    webhook: { partnerId: webhook.partnerId, occurredAt: delivery.createdAt, data: webhook.data },
  });
}

/** Why a try failed, as `deliveries` shows it: never the body that was sent. */
function failureReason(error: unknown): string {
  const err = error as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError') return 'No answer within 5 s';
  return (err.cause?.code ? `${err.message} (${err.cause.code})` : err.message).slice(0, 500);
}

async function send(services: Services, senders: Senders, delivery: Delivery): Promise<void> {
  if (delivery.mail) {
    await senders.mail.send({
      deliveryId: delivery.id,
      to: delivery.to,
      topic: delivery.topic,
      ...delivery.mail,
    });
    return;
  }
  if (!delivery.webhook) throw new Error('The delivery has nothing to send');
  const partner = await services.loaders.partner
    .clear(delivery.webhook.partnerId)
    .load(delivery.webhook.partnerId);
  if (!partner?.webhookUrl) throw new Error('The partner has no webhook URL');
  await senders.webhook.send({
    deliveryId: delivery.id,
    url: partner.webhookUrl,
    secret: partner.webhookSecret,
    topic: delivery.topic,
    occurredAt: delivery.webhook.occurredAt,
    data: delivery.webhook.data,
  });
}

/** Sends the delivery once: what came of it, as the delivery records it. */
async function tryDelivery(
  services: Services,
  senders: Senders,
  delivery: Delivery,
): Promise<AttemptOutcome> {
  try {
    await send(services, senders, delivery);
    services.telemetry.count('DeliveriesSent', 1, { channel: delivery.channel });
    return { status: 'SENT', at: services.now().toISOString() };
  } catch (error) {
    const now = services.now();
    const next = nextTryAt(
      services.retrySchedule,
      {
        startedAt: delivery.retryWindowStart,
        tries: delivery.attempts + 1 - delivery.attemptsBeforeWindow,
      },
      now,
    );
    services.telemetry.count(next ? 'DeliveriesRetried' : 'DeliveriesFailed', 1, {
      channel: delivery.channel,
    });
    return {
      status: next ? 'PENDING' : 'FAILED',
      at: now.toISOString(),
      error: failureReason(error),
      nextAttemptAt: next?.toISOString(),
    };
  }
}

/**
 * One try of a pending delivery, as it was seen: in the stream image of its
 * INSERT (the first try), or in the due index (every later one). It is
 * claimed first, so that of the processes that see it at once (the stream
 * handler and the due job, two due jobs, a stream record seen twice) one
 * alone tries; the try is then recorded, the next one scheduled in the due
 * index if it failed. Tries made with the same services (one stream batch's,
 * one pass's) are recorded together. Answers whether this process tried it.
 */
export async function attemptDelivery(
  services: Services,
  senders: Senders,
  seen: Delivery,
): Promise<boolean> {
  const delivery = await claimDelivery(services.db, seen, heldUntil(services.now()));
  if (!delivery) return false;
  const outcome = await tryDelivery(services, senders, delivery);
  await services.loaders.deliveryAttempt.load({ delivery, outcome });
  return true;
}

/**
 * The first try of a new delivery, made by the stream handler that creates
 * it (a fan-out step, which is itself the outbox record of its page of
 * mail): the delivery as it is to be written, SENT, or PENDING with its next
 * try, which the due job then makes.
 */
export async function firstTry(
  services: Services,
  senders: Senders,
  delivery: Delivery,
): Promise<Delivery> {
  const outcome = await tryDelivery(services, senders, delivery);
  const sent = outcome.status === 'SENT';
  return {
    ...delivery,
    attempts: delivery.attempts + 1,
    status: outcome.status,
    sentAt: sent ? outcome.at : null,
    lastError: outcome.error ?? null,
    nextAttemptAt: outcome.nextAttemptAt ?? null,
    mail: sent ? null : delivery.mail,
    webhook: sent ? null : delivery.webhook,
  };
}

export interface DuePass {
  /** Deliveries this pass tried (others it found were taken by another process first). */
  tried: number;
  /** More were due than one pass takes. */
  more: boolean;
}

/** One pass of the due job: takes the deliveries whose next try is due and tries each. */
export async function deliverDue(base: Services, senders: Senders): Promise<DuePass> {
  const services = freshServices(base);
  const due = await dueDeliveries(services.db, services.now().toISOString(), DUE_PER_PASS);
  const tried = await mapConcurrently(due.deliveries, TRIES_IN_FLIGHT, (delivery) =>
    attemptDelivery(services, senders, delivery),
  );
  return { tried: tried.filter(Boolean).length, more: due.more };
}

export interface DueJobRun {
  /** Asked before each pass: false ends the run. */
  keepGoing: () => boolean;
  /** Ends the wait between passes early when aborted. */
  signal?: AbortSignal;
  /** A pass that failed (DynamoDB away, say): the run goes on with the next. */
  onError: (error: unknown) => void;
  pollMs?: number;
}

/**
 * The due job: a pass, then more while `keepGoing`, waiting `pollMs` after
 * a pass that left nothing due. Locally it runs for the life of the
 * server; on AWS for most of each minute of its schedule. Answers the tries made.
 */
export async function runDueJob(base: Services, senders: Senders, run: DueJobRun): Promise<number> {
  let tried = 0;
  do {
    let more = false;
    try {
      const pass = await deliverDue(base, senders);
      tried += pass.tried;
      more = pass.more;
    } catch (error) {
      run.onError(error);
    }
    if (!more && run.keepGoing()) {
      await sleep(run.pollMs ?? DUE_POLL_MS, undefined, { signal: run.signal }).catch(
        () => undefined,
      );
    }
  } while (run.keepGoing() && !run.signal?.aborted);
  return tried;
}

/**
 * Sends a FAILED delivery again under the same id: PENDING and due now, in a
 * new window of tries, with its audit entry in the same transaction. CONFLICT
 * unless it is FAILED.
 */
export async function redeliver(services: Services, caller: Caller, id: string): Promise<Delivery> {
  requireText(id, 'id', BOUNDS.deliveryIdLength);
  const notFailed = `Delivery "${id}" is not FAILED: only a FAILED delivery may be sent again`;
  const failed = await findFailedDelivery(services.db, id);
  if (!failed) throw new ConflictError(notFailed);
  const now = services.now();
  const again: Delivery = {
    ...failed,
    status: 'PENDING',
    nextAttemptAt: now.toISOString(),
    retryWindowStart: now.toISOString(),
    attemptsBeforeWindow: failed.attempts,
  };
  await orConflict(
    transact(services.db, [
      redeliveryUpdate(services.db, failed, again),
      auditItem(services, caller, { action: 'redeliver', entity: 'Delivery', entityId: id }, now),
    ]),
    notFailed,
  );
  return again;
}

export async function deliveries(
  services: Services,
  args: PageArgs & { status?: DeliveryStatus | null },
): Promise<Connection<Delivery>> {
  const page = pageRequest(args);
  const result = await readPage(() => listDeliveries(services.db, args.status ?? undefined, page));
  return connectionOf(result.items, result.cursor);
}
