import { DEFAULT_CONTROLLER } from '../../domain/controller';
import { attemptDelivery, mailDelivery, webhookDelivery } from '../../domain/deliveries';
import { DEFAULT_DEADLINES } from '../../domain/requests/deadlines';
import { DEFAULT_RETRY_SCHEDULE } from '../../domain/retry-schedule';
import { reportOverdueRequests } from '../../domain/requests/overdue';
import type { Senders } from '../../domain/senders';
import { freshServices, type Services } from '../../domain/services';
import { deliveryPut, getDeliveries, type DeliveryKey } from '../../store/deliveries';
import type { RequestStatus } from '../../domain/constants';
import type { MailToSend } from '../../domain/deliveries';
import { requestInserts } from '../../store/requests';
import { transact } from '../../store/transactions';
import { createTestDb } from '../support/harness';
import { storedRequest } from '../support/records';
import { recordingTelemetry } from '../support/telemetry';

const DAY = 86_400_000;

let services: Services;
let telemetry: ReturnType<typeof recordingTelemetry>;

beforeEach(async () => {
  telemetry = recordingTelemetry();
  services = freshServices({
    db: await createTestDb(),
    now: () => new Date(),
    controller: DEFAULT_CONTROLLER,
    deadlines: DEFAULT_DEADLINES,
    retrySchedule: DEFAULT_RETRY_SCHEDULE,
    telemetry,
  });
});

const mail = (id: string): MailToSend => ({
  id,
  subjectId: 'person-1',
  to: 'ada@example.org',
  topic: 'request.completed',
  subject: 'Done',
  text: 'Done.',
});

/** One try of the stored delivery, as the due job makes it. */
async function attempt(key: DeliveryKey, mailWorks: boolean): Promise<void> {
  const [delivery] = await getDeliveries(services.db, [key]);
  if (!delivery) throw new Error(`no delivery ${key.id}`);
  await attemptDelivery(services, senders(mailWorks), delivery);
}

function senders(mailWorks: boolean): Senders {
  return {
    mail: {
      send: async () => {
        if (!mailWorks) throw new Error('The mail server is away');
      },
    },
    webhook: { send: async () => undefined },
  };
}

describe('what operators are told', () => {
  it('counts a mail delivered, by channel', async () => {
    await transact(services.db, [mailDelivery(services, mail('sent-1'))]);
    await attempt({ id: 'sent-1', subjectId: 'person-1' }, true);
    expect(telemetry.counts).toEqual([
      { name: 'DeliveriesSent', value: 1, dimensions: { channel: 'EMAIL' } },
    ]);
  });

  it('counts a failed try as retried, and the last of its window as failed', async () => {
    const windowOver = new Date(Date.now() - DEFAULT_RETRY_SCHEDULE.windowMs).toISOString();
    await transact(services.db, [
      mailDelivery(services, mail('retried-1')),
      webhookDelivery(services, {
        id: 'retried-2',
        partnerId: 'gone',
        topic: 'subject.erasure',
        data: {},
      }),
      deliveryPut(services.db, {
        id: 'last-1',
        channel: 'EMAIL',
        to: 'ada@example.org',
        topic: 'request.completed',
        status: 'PENDING',
        attempts: 30,
        createdAt: windowOver,
        subjectId: 'person-1',
        sentAt: null,
        lastError: null,
        nextAttemptAt: new Date().toISOString(),
        retryWindowStart: windowOver,
        attemptsBeforeWindow: 0,
        mail: { subject: 'Done', text: 'Done.' },
        webhook: null,
      }),
    ]);
    await attempt({ id: 'retried-1', subjectId: 'person-1' }, false);
    await attempt({ id: 'retried-2', subjectId: null }, false);
    await attempt({ id: 'last-1', subjectId: 'person-1' }, false);
    expect(telemetry.counts).toEqual([
      { name: 'DeliveriesRetried', value: 1, dimensions: { channel: 'EMAIL' } },
      { name: 'DeliveriesRetried', value: 1, dimensions: { channel: 'WEBHOOK' } },
      { name: 'DeliveriesFailed', value: 1, dimensions: { channel: 'EMAIL' } },
    ]);
  });

  it('counts the requests past their deadline that are still open', async () => {
    const now = Date.now();
    const request = (id: string, status: RequestStatus, dueInDays: number) =>
      requestInserts(
        services.db,
        storedRequest({
          id,
          subjectId: `person-${id}`,
          status,
          receivedAt: new Date(now - 40 * DAY).toISOString(),
          dueAt: new Date(now + dueInDays * DAY).toISOString(),
        }),
      );
    await transact(services.db, [
      ...request('late', 'OPEN', -2),
      ...request('later', 'EXTENDED', -1),
      ...request('in-time', 'OPEN', 5),
      ...request('answered', 'COMPLETED', -3),
    ]);
    expect(await reportOverdueRequests(services)).toBe(2);
    expect(telemetry.counts).toEqual([{ name: 'OverdueRequests', value: 2, dimensions: {} }]);
  });
});
