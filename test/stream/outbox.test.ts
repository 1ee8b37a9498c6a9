import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailSender } from '../../adapters/mail';
import { createLogger } from '../../adapters/telemetry';
import { createWebhookSender } from '../../adapters/webhooks';
import { mailDelivery } from '../../domain/deliveries';
import { freshServices } from '../../domain/services';
import type { Delivery } from '../../domain/types';
import { createOutboxHandler } from '../../lambdas/outbox';
import { createAttemptRecorder, getDeliveries } from '../../store/deliveries';
import { getItem } from '../../store/items';
import { deliveryKeys } from '../../store/keys';
import { transact } from '../../store/transactions';
import { createTestApi, type TestApi } from '../support/harness';

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});

/** Pending mails to `count` people, written as the change that causes them writes them. */
async function pendingMails(label: string, count: number): Promise<Delivery[]> {
  const mails = Array.from({ length: count }, (_, index) => ({
    id: `${label}-${index}`,
    subjectId: `${label}-person-${index}`,
    to: `${label}-${index}@example.org`,
    topic: 'notice.material_change' as const,
    subject: 'Our privacy notice changed',
    text: 'What changed, and what you can do.',
  }));
  await transact(
    api.db,
    mails.map((mail) => mailDelivery(api.services, mail)),
  );
  const stored = await getDeliveries(api.db, mails);
  return stored.map((delivery) => {
    if (!delivery) throw new Error('a delivery was not written');
    return delivery;
  });
}

/** The INSERT records of the deliveries, as the stream brings them. */
async function insertRecords(deliveries: Delivery[]): Promise<DynamoDBRecord[]> {
  return Promise.all(
    deliveries.map(async (delivery, index): Promise<DynamoDBRecord> => {
      const key = deliveryKeys.delivery(delivery.id, delivery.subjectId);
      const item = await getItem(api.db, key);
      // The SDK's attribute values and the Lambda event's are one JSON shape, typed twice.
      const image = (value: object) =>
        marshall(value, { removeUndefinedValues: true }) as StreamImage;
      return {
        eventID: `${delivery.id}-insert`,
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: image(key),
          NewImage: image({ ...item, ...key }),
          SequenceNumber: String(index + 1).padStart(21, '0'),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      };
    }),
  );
}

function outbox() {
  const mailDir = mkdtempSync(join(tmpdir(), 'privacy-ops-outbox-'));
  const handler = createOutboxHandler(
    api.services,
    {
      mail: createMailSender({ kind: 'files', dir: mailDir, from: 'privacy@example.org' }),
      webhook: createWebhookSender(),
    },
    createLogger('SILENT'),
  );
  const written = () => readdirSync(mailDir).filter((file) => file.endsWith('.eml'));
  const writtenAt = (id: string) => statSync(join(mailDir, `${id}.eml`)).mtimeMs;
  return { handler, written, writtenAt };
}

describe('the outbox', () => {
  it('sends each mail of a batch once and records one try each', async () => {
    const deliveries = await pendingMails('batch', 30);
    const { handler, written } = outbox();

    const response = await handler({ Records: await insertRecords(deliveries) });

    expect(response.batchItemFailures).toEqual([]);
    expect(written()).toHaveLength(30);
    const recorded = await getDeliveries(api.db, deliveries);
    expect(recorded.every((delivery) => delivery?.status === 'SENT')).toBe(true);
    expect(recorded.every((delivery) => delivery?.attempts === 1)).toBe(true);
    expect(recorded.every((delivery) => delivery?.mail === null)).toBe(true);
  });

  it('sends nothing again when the stream brings a batch twice', async () => {
    const deliveries = await pendingMails('twice', 5);
    const records = await insertRecords(deliveries);
    const { handler, writtenAt } = outbox();
    await handler({ Records: records });
    const first = deliveries.map((delivery) => writtenAt(delivery.id));

    await handler({ Records: records });

    expect(deliveries.map((delivery) => writtenAt(delivery.id))).toEqual(first);
    const recorded = await getDeliveries(api.db, deliveries);
    expect(recorded.map((delivery) => delivery?.attempts)).toEqual([1, 1, 1, 1, 1]);
  });

  it('leaves alone a delivery of the batch that another process has already sent', async () => {
    const deliveries = await pendingMails('raced', 4);
    const records = await insertRecords(deliveries);
    const [sentElsewhere] = deliveries;
    await createAttemptRecorder(api.db).load({
      delivery: sentElsewhere as Delivery,
      outcome: { status: 'SENT', at: new Date().toISOString() },
    });
    const { handler, written } = outbox();

    await handler({ Records: records });

    expect(written().sort()).toEqual(deliveries.slice(1).map((delivery) => `${delivery.id}.eml`));
    const recorded = await getDeliveries(api.db, deliveries);
    expect(recorded.map((delivery) => delivery?.attempts)).toEqual([1, 1, 1, 1]);
  });
});

describe('recording the tries of a batch together', () => {
  it('records every try whose delivery is as read, and refuses only the one recorded meanwhile', async () => {
    const deliveries = await pendingMails('together', 3);
    const recorder = createAttemptRecorder(api.db);
    const at = new Date().toISOString();
    const stale = deliveries[1] as Delivery;
    await recorder.load({ delivery: stale, outcome: { status: 'SENT', at } });

    const { loaders } = freshServices(api.services);
    const answers = await Promise.all(
      deliveries.map((delivery) =>
        loaders.deliveryAttempt.load({
          delivery,
          outcome: { status: 'SENT', at },
        }),
      ),
    );

    expect(answers).toEqual([true, false, true]);
    const recorded = await getDeliveries(api.db, deliveries);
    expect(recorded.map((delivery) => delivery?.attempts)).toEqual([1, 1, 1]);
  });
});
