/**
 * Webhooks to partners that are down (CONTRACT.md, Webhooks to partners), on
 * a schedule scaled from hours to seconds: waits doubling from 0.1 s, each at
 * most 0.4 s, so that a few seconds down stand for the minutes or hours of
 * many retries.
 */
import type { RetrySchedule } from '../../domain/retry-schedule';
import { getItem } from '../../store/items';
import { deliveryKeys } from '../../store/keys';
import {
  adminToken,
  createEventFixture,
  createPublishedNotice,
  createWebhookPartner,
  dataOf,
  publishNextVersion,
  recordSharing,
  registerPerson,
  submitRequest,
  type WebhookPartner,
} from '../support/factories';
import { codes, eventually, type TestServer } from '../support/harness';
import { serverPerTest, twoInstancesOnOneTable } from '../support/servers';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../support/webhooks';

// Each test waits for many tries through the stream and the due job: seconds on a busy machine.
jest.setTimeout(90_000);

const SCALED = { baseMs: 100, capMs: 400 };
/** Long enough that nothing fails while a test waits for it. */
const LONG_WINDOW: RetrySchedule = { ...SCALED, windowMs: 120_000 };
/** Short enough that a delivery fails within seconds. */
const SHORT_WINDOW: RetrySchedule = { ...SCALED, windowMs: 4_000 };

// A material publication tells every partner of the table: each test has a table of its own.
const startServer = serverPerTest({ stream: true, retrySchedule: LONG_WINDOW });
const startServerWithShortWindow = serverPerTest({ stream: true, retrySchedule: SHORT_WINDOW });
const startTwoServers = twoInstancesOnOneTable({ stream: true, retrySchedule: LONG_WINDOW });

const DELIVERIES = `query ($status: DeliveryStatus) {
  deliveries(status: $status, first: 100) {
    nodes { id channel to status attempts nextAttemptAt lastError createdAt }
  }
}`;
const REDELIVER = `mutation ($id: ID!) { redeliver(id: $id) { id status attempts nextAttemptAt } }`;

interface ListedDelivery {
  id: string;
  channel: string;
  to: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
}

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver(503);
});
afterEach(() => receiver.close());

async function deliveries(server: TestServer, status?: string): Promise<ListedDelivery[]> {
  const response = await server.gql(DELIVERIES, { status }, await adminToken());
  return dataOf(response).deliveries.nodes as ListedDelivery[];
}

/** The calls that carried this delivery id, in the order they came. */
function callsOf(partners: WebhookPartner[], id: string): ReceivedWebhook[] {
  return partners
    .flatMap((partner) => partner.hooks())
    .filter((hook) => hook.headers['x-privacy-ops-delivery'] === id);
}

/** Partners on the receiver, and a material change of a notice that each is to hear of. */
async function partnersToTell(server: TestServer, count: number): Promise<WebhookPartner[]> {
  const partners = [];
  for (let index = 0; index < count; index += 1) {
    partners.push(await createWebhookPartner(server, receiver));
  }
  const notice = await createPublishedNotice(server);
  await publishNextVersion(server, notice.noticeId, { material: true });
  return partners;
}

/** Waits until each partner was called `times` times: the receiver has been down for that many tries. */
async function calledAtLeast(partners: WebhookPartner[], times: number): Promise<void> {
  await eventually(
    async () => partners.every((partner) => partner.hooks().length >= times),
    20_000,
  );
}

/** Waits until every delivery of the table is SENT; answers them. */
async function allSent(server: TestServer, count: number): Promise<ListedDelivery[]> {
  return eventually(async () => {
    const sent = await deliveries(server, 'SENT');
    return sent.length === count && sent;
  }, 20_000);
}

/**
 * Each delivery reached its receiver once: one call answered 2xx, every try
 * recorded made exactly one call (a try sent twice would be a call more than
 * the tries), and every call carried the delivery's own id.
 */
function expectEachSentOnce(partners: WebhookPartner[], sent: ListedDelivery[]): void {
  for (const delivery of sent) {
    const calls = callsOf(partners, delivery.id);
    expect(calls.filter((call) => call.status === 200)).toHaveLength(1);
    expect(calls).toHaveLength(delivery.attempts);
    expect(new Set(calls.map((call) => JSON.parse(call.body).id))).toEqual(new Set([delivery.id]));
    expect(delivery.nextAttemptAt).toBeNull();
  }
  const sentTo = sent.map((delivery) => delivery.to).sort();
  expect(sentTo).toEqual(partners.map((partner) => partner.id).sort());
}

describe('a partner whose receiver is down', () => {
  it('gets every event once it is back, each exactly once per delivery id', async () => {
    const server = await startServer();
    const partners = await partnersToTell(server, 4);
    await calledAtLeast(partners, 6);
    const waiting = await deliveries(server, 'PENDING');
    expect(waiting).toHaveLength(4);
    for (const delivery of waiting) {
      expect(delivery.lastError).toContain('503');
      expect(Date.parse(delivery.nextAttemptAt ?? '')).toBeGreaterThan(0);
    }

    receiver.answerWith(200);

    expectEachSentOnce(partners, await allSent(server, 4));
  });

  it('is told by one of two servers on one table, never by both', async () => {
    const [first, second] = await startTwoServers();
    const partners = await partnersToTell(first, 5);
    await calledAtLeast(partners, 8);

    receiver.answerWith(200);

    const sent = await allSent(second, 5);
    expectEachSentOnce(partners, sent);
  });

  it('is tried for the whole window, then FAILED; redeliver sends it again under the same id', async () => {
    const server = await startServerWithShortWindow();
    const [partner] = await partnersToTell(server, 1);
    if (!partner) throw new Error('no partner');
    const [failed] = await eventually(async () => {
      const listed = await deliveries(server, 'FAILED');
      return listed.length > 0 && listed;
    }, 20_000);
    if (!failed) throw new Error('no delivery failed');
    expect(failed).toMatchObject({ channel: 'WEBHOOK', to: partner.id, nextAttemptAt: null });
    expect(failed.lastError).toContain('503');
    const calls = callsOf([partner], failed.id);
    expect(calls).toHaveLength(failed.attempts);
    expect(calls.at(-1)?.receivedAt).toBeGreaterThanOrEqual(
      Date.parse(failed.createdAt) + SHORT_WINDOW.windowMs,
    );

    receiver.answerWith(200);
    const admin = await adminToken();
    const again = dataOf(await server.gql(REDELIVER, { id: failed.id }, admin)).redeliver;
    expect(again).toMatchObject({ id: failed.id, status: 'PENDING', attempts: failed.attempts });
    expect(again.nextAttemptAt).not.toBeNull();

    const [sent] = await allSent(server, 1);
    expect(sent).toMatchObject({ id: failed.id, attempts: failed.attempts + 1 });
    const last = callsOf([partner], failed.id).at(-1);
    expect(last).toMatchObject({ status: 200 });
    // The same event: the FAILED delivery kept what it had to send.
    expect(last?.body).toBe(calls[0]?.body);
    const audit = await server.gql(
      `query ($id: String) { auditLog(entity: "Delivery", entityId: $id) { nodes { action actor } } }`,
      { id: failed.id },
      admin,
    );
    expect(dataOf(audit).auditLog.nodes).toEqual([
      expect.objectContaining({ action: 'redeliver' }),
    ]);
  });
});

describe('redeliver', () => {
  it('answers CONFLICT for a delivery that is PENDING or SENT, or that does not exist', async () => {
    const server = await startServer();
    const admin = await adminToken();
    await partnersToTell(server, 1);
    const [pending] = await eventually(async () => {
      const listed = await deliveries(server, 'PENDING');
      return listed.length > 0 && listed;
    });
    if (!pending) throw new Error('no delivery is pending');
    expect(codes(await server.gql(REDELIVER, { id: pending.id }, admin))).toEqual(['CONFLICT']);

    receiver.answerWith(200);
    await allSent(server, 1);
    expect(codes(await server.gql(REDELIVER, { id: pending.id }, admin))).toEqual(['CONFLICT']);
    expect(codes(await server.gql(REDELIVER, { id: 'no-such-delivery' }, admin))).toEqual([
      'CONFLICT',
    ]);
  });
});

describe('a sent delivery', () => {
  it('keeps no data of the webhook it sent, such as the address of a person erased', async () => {
    const server = await startServer();
    receiver.answerWith(200);
    const partner = await createWebhookPartner(server, receiver);
    const fixture = await createEventFixture(server, { cosponsor: partner });
    const { email } = await registerPerson(server, fixture);
    await recordSharing(server, partner.id, email);
    const request = await submitRequest(server, 'ERASURE', email);
    dataOf(
      await server.gql(
        `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`,
        { id: request.id },
        await adminToken(),
      ),
    );
    const hook = await eventually(async () =>
      partner.hooks().find((call) => call.headers['x-privacy-ops-topic'] === 'subject.erasure'),
    );
    expect(JSON.parse(hook.body).data.email).toBe(email);
    const id = String(hook.headers['x-privacy-ops-delivery']);

    const item = await eventually(async () => {
      const stored = await getItem(server.db, deliveryKeys.delivery(id, null));
      return stored?.status === 'SENT' && stored;
    });

    expect(item.webhook).toBeUndefined();
    expect(JSON.stringify(item)).not.toContain(email);
  });
});
