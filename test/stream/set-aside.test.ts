/**
 * A stream record whose handler keeps failing (CONTRACT.md, the issue's
 * faults): on AWS the event source mapping retries it STREAM_RETRY_ATTEMPTS
 * times and sends it to the dead-letter queue; the local stream pump makes
 * the same tries, then sets it aside, says so by ids alone and counts it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createMailSender } from '../../adapters/mail';
import { createWebhookSender } from '../../adapters/webhooks';
import { mailDelivery } from '../../domain/deliveries';
import { STREAM_RETRY_ATTEMPTS } from '../../lambdas/stream-filters';
import { streamHandlers } from '../../local/stream-handlers';
import { startStreamPump, type StreamPump } from '../../local/stream-pump';
import { transact } from '../../store/transactions';
import { createTestApi, eventually, type TestApi } from '../support/harness';
import { recordingTelemetry } from '../support/telemetry';

// The pump waits a little longer after each failed try, as Lambda does: about ten seconds in all.
jest.setTimeout(60_000);

const PERSON = 'person-set-aside';
const POISONED = 'poisoned';

let api: TestApi;
let pump: StreamPump;
const mailDir = mkdtempSync(join(tmpdir(), 'privacy-ops-set-aside-'));
const telemetry = recordingTelemetry();
const logged: string[] = [];
let poisonedTries = 0;

beforeAll(async () => {
  api = await createTestApi();
  const handlers = streamHandlers(
    api.services,
    {
      mail: createMailSender({ kind: 'files', dir: mailDir, from: 'privacy@example.org' }),
      webhook: createWebhookSender(),
    },
    api.api.logger,
  );
  // The outbox as it is, but failing every time on the record of one delivery.
  const outbox = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const poisoned = event.Records.filter(
      (record) => record.dynamodb?.NewImage?.id?.S === POISONED,
    );
    if (poisoned.length > 0) poisonedTries += 1;
    const response = await handlers.outbox({
      Records: event.Records.filter((record) => !poisoned.includes(record)),
    });
    return {
      batchItemFailures: [
        ...response.batchItemFailures,
        ...poisoned.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })),
      ],
    };
  };
  pump = await startStreamPump({
    db: api.db,
    endpoint: process.env.TEST_DYNAMODB_ENDPOINT ?? '',
    handlers: { ...handlers, outbox },
    positionFile: null,
    pollMs: 100,
    log: (line) => logged.push(line),
    telemetry,
  });
});
afterAll(async () => {
  await pump.stop();
  rmSync(mailDir, { recursive: true, force: true });
});

/** A mail to the one person: all in one partition, so in one stream shard, in the order written. */
async function writeMail(id: string): Promise<void> {
  await transact(api.db, [
    mailDelivery(api.services, {
      id,
      subjectId: PERSON,
      to: 'ada@example.org',
      topic: 'request.completed',
      subject: 'Done',
      text: 'Your request is done.',
    }),
  ]);
}

const mailed = (id: string) => existsSync(join(mailDir, `${id}.eml`));

describe('the local stream pump', () => {
  it('sets aside a record its handler keeps failing on, after the tries Lambda makes, and goes on with the rest', async () => {
    for (const id of [POISONED, 'after-1', 'after-2']) await writeMail(id);

    await eventually(async () => logged.some((line) => line.includes('set aside')), 40_000);
    expect(poisonedTries).toBe(1 + STREAM_RETRY_ATTEMPTS);
    expect(mailed('after-1') && mailed('after-2')).toBe(true);
    expect(mailed(POISONED)).toBe(false);
    expect(telemetry.counts).toEqual([{ name: 'StreamRecordsSetAside', value: 1, dimensions: {} }]);

    // Set aside for good: the records written since are handled, and it is not tried again.
    await writeMail('later');
    await eventually(async () => mailed('later'));
    expect(poisonedTries).toBe(1 + STREAM_RETRY_ATTEMPTS);

    const setAside = logged.filter((line) => line.includes('set aside'));
    expect(setAside).toHaveLength(1);
    expect(setAside[0]).toMatch(/handler outbox, shard \S+, sequence \d+, event \S+\)$/);
    expect(logged.join('\n')).not.toContain('ada@example.org');
  });
});
