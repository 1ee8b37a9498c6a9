import {
  deliveryPut,
  listDeliveries,
  type AttemptOutcome,
  type DeliveryKey,
} from '../store/deliveries';
import type { TransactItem } from '../store/transactions';
import { backoffMs, sleep, type Backoff } from '../lib/retry';
import type { DeliveryStatus, MailTopic, WebhookTopic } from './constants';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import type { Services } from './services';
import type { Senders } from './senders';
import type { Delivery } from './types';

/** Six tries in all, the first retry within a second or two. */
export const MAX_ATTEMPTS = 6;
/** The waits between tries: 1 s doubling to 8 s, with jitter. */
export const DELIVERY_BACKOFF: Backoff = { baseMs: 1_000, capMs: 8_000 };

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
    id: mail.id,
    channel: 'EMAIL',
    to: mail.to,
    topic: mail.topic,
    status: 'PENDING',
    attempts: 0,
    createdAt: services.now().toISOString(),
    subjectId: mail.subjectId,
    sentAt: null,
    lastError: null,
    nextAttemptAt: null,
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
  const now = services.now().toISOString();
  return deliveryPut(services.db, {
    id: webhook.id,
    channel: 'WEBHOOK',
    to: webhook.partnerId,
    topic: webhook.topic,
    status: 'PENDING',
    attempts: 0,
    createdAt: now,
    subjectId: null,
    sentAt: null,
    lastError: null,
    nextAttemptAt: null,
    mail: null,
    webhook: { partnerId: webhook.partnerId, occurredAt: now, data: webhook.data },
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
    const attempts = delivery.attempts + 1;
    const last = attempts >= MAX_ATTEMPTS;
    const now = services.now();
    services.telemetry.count(last ? 'DeliveriesFailed' : 'DeliveriesRetried', 1, {
      channel: delivery.channel,
    });
    return {
      status: last ? 'FAILED' : 'PENDING',
      at: now.toISOString(),
      error: failureReason(error),
      nextAttemptAt: last
        ? undefined
        : new Date(now.getTime() + backoffMs(attempts, DELIVERY_BACKOFF)).toISOString(),
    };
  }
}

/**
 * One try of a pending delivery, as the stream brings it (its INSERT, or the
 * MODIFY that recorded the previous failed try). The stored item is read
 * again first, so a stream record seen twice sends nothing twice; the try is
 * recorded only if nobody recorded it first. A failure schedules the next try
 * by writing it, which the stream brings back. Tries made with the same
 * services (one stream batch's) are read and recorded together.
 */
export async function attemptDelivery(
  services: Services,
  senders: Senders,
  key: DeliveryKey,
): Promise<void> {
  const delivery = await services.loaders.delivery.load(key);
  if (!delivery || delivery.status !== 'PENDING') return;
  const wait = Date.parse(delivery.nextAttemptAt ?? '') - services.now().getTime();
  if (wait > 0) await sleep(Math.min(wait, DELIVERY_BACKOFF.capMs));
  const outcome = await tryDelivery(services, senders, delivery);
  await services.loaders.deliveryAttempt.load({ delivery, outcome });
}

/**
 * The first try of a new delivery, made by the stream handler that creates
 * it (a fan-out step, which is itself the outbox record of its page of
 * mail): the delivery as it is to be written, SENT, or PENDING with its next
 * try, which the outbox then makes.
 */
export async function firstTry(
  services: Services,
  senders: Senders,
  delivery: Delivery,
): Promise<Delivery> {
  const outcome = await tryDelivery(services, senders, delivery);
  return {
    ...delivery,
    attempts: delivery.attempts + 1,
    status: outcome.status,
    sentAt: outcome.status === 'SENT' ? outcome.at : null,
    lastError: outcome.error ?? null,
    nextAttemptAt: outcome.nextAttemptAt ?? null,
    // A mail's body is kept only while it may still be sent.
    mail: outcome.status === 'PENDING' ? delivery.mail : null,
  };
}

export async function deliveries(
  services: Services,
  args: PageArgs & { status?: DeliveryStatus | null },
): Promise<Connection<Delivery>> {
  const page = pageRequest(args);
  const result = await readPage(() => listDeliveries(services.db, args.status ?? undefined, page));
  return connectionOf(result.items, result.cursor);
}
