import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { runScheduledJob } from '../../domain/scheduled-job';
import {
  adminToken,
  dataOf,
  personToken,
  uniqueEmail,
  verificationMail,
} from '../support/factories';
import { codes, type TestServer } from '../support/harness';
import { serverPerTest } from '../support/servers';

// Each test reads the whole table and moves the clock: a table of its own.
const startServer = serverPerTest({ stream: true });
let admin: string;

beforeAll(async () => {
  admin = await adminToken();
});

const HOUR_MS = 3_600_000;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id status receivedAt } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id status } }`;
const READ = `query ($id: ID!) { subjectRequest(id: $id) { id status } }`;
const QUEUE = `query ($status: RequestStatus, $overdue: Boolean) { subjectRequests(status: $status, overdue: $overdue, first: 100) { nodes { id } } }`;
const SUBJECT = `query ($email: EmailAddress!) { subject(email: $email) { id requests { id status } } }`;
const ME = `{ me { id requests { id status } } }`;
const REJECT = `mutation ($id: ID!) { rejectSubjectRequest(id: $id, reason: "Not a request we can act on") { status } }`;
const COMPLETE = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { result } }`;

type StoredItem = Record<string, unknown> & { pk: string; sk: string };

/** Every item of the test's own table that mentions `text` anywhere: what the table holds of it. */
async function itemsMentioning(server: TestServer, text: string): Promise<StoredItem[]> {
  const found: StoredItem[] = [];
  for await (const page of paginateScan(
    { client: server.db.doc },
    { TableName: server.db.table },
  )) {
    for (const item of page.Items ?? []) {
      if (JSON.stringify(item).includes(text)) found.push(item as StoredItem);
    }
  }
  return found;
}

async function submitUnverified(server: TestServer, email: string, type = 'ACCESS') {
  const request = dataOf(await server.gql(SUBMIT, { input: { type, email } }))
    .submitSubjectRequest as { id: string; status: string; receivedAt: string };
  const { code } = await verificationMail(server.mailDir, request.id);
  return { ...request, code };
}

async function queueIds(server: TestServer, args: Record<string, unknown> = {}) {
  const { subjectRequests } = dataOf(await server.gql(QUEUE, args, admin));
  return subjectRequests.nodes.map((node: { id: string }) => node.id);
}

describe('an unverified request', () => {
  it('leaves no person: the person is created when the request is verified, and holds it', async () => {
    const server = await startServer();
    const email = uniqueEmail('newcomer');
    const request = await submitUnverified(server, email);
    expect(dataOf(await server.gql(SUBJECT, { email }, admin)).subject).toBeNull();
    expect(dataOf(await server.gql(ME, {}, await personToken(email))).me).toBeNull();
    const held = await itemsMentioning(server, email);
    expect(held.some((item) => item.sk === 'PROFILE' || item.pk.startsWith('EMAIL#'))).toBe(false);

    dataOf(await server.gql(VERIFY, { id: request.id, code: request.code }));
    const { subject } = dataOf(await server.gql(SUBJECT, { email }, admin));
    expect(subject.requests).toEqual([{ id: request.id, status: 'OPEN' }]);
    expect(dataOf(await server.gql(ME, {}, await personToken(email))).me.id).toBe(subject.id);
    // The address is now held by the person alone: the code's mail went with the code.
    for (const item of await itemsMentioning(server, email)) {
      expect([`SUBJECT#${subject.id}`, `EMAIL#${email}`]).toContain(item.pk);
      expect(item.ttl).toBeUndefined();
    }
  });

  it('joins the person who has the address once verified, and shows nowhere of theirs before', async () => {
    const server = await startServer();
    const email = uniqueEmail('known');
    const token = await personToken(email);
    const own = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email } }, token),
    ).submitSubjectRequest;
    const before = dataOf(await server.gql(ME, {}, token)).me;

    // Of other types: another ACCESS would be answered with the open one.
    const first = await submitUnverified(server, email, 'PORTABILITY');
    const second = await submitUnverified(server, email, 'OBJECTION');
    expect(dataOf(await server.gql(ME, {}, token)).me).toEqual(before);
    const exported = dataOf(await server.gql(COMPLETE, { id: own.id }, admin));
    expect(JSON.stringify(exported)).not.toContain(first.id);

    dataOf(await server.gql(VERIFY, { id: first.id, code: first.code }));
    dataOf(await server.gql(VERIFY, { id: second.id, code: second.code }));
    const after = dataOf(await server.gql(ME, {}, token)).me;
    expect(after.id).toBe(before.id);
    expect(after.requests.map((request: { id: string }) => request.id).sort()).toEqual(
      [own.id, first.id, second.id].sort(),
    );
  });

  it('carries the TTL on each of its items until verified', async () => {
    const server = await startServer();
    const { TimeToLiveDescription } = await server.db.client.send(
      new DescribeTimeToLiveCommand({ TableName: server.db.table }),
    );
    expect(TimeToLiveDescription).toMatchObject({
      AttributeName: 'ttl',
      TimeToLiveStatus: 'ENABLED',
    });

    const request = await submitUnverified(server, uniqueEmail('expiring'));
    const expiresAt = (Date.parse(request.receivedAt) + 24 * HOUR_MS) / 1000;
    const items = await itemsMentioning(server, request.id);
    // The request, its lookup, its verification mail, and the current request of its type.
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(item.ttl).toBeGreaterThanOrEqual(expiresAt);
      expect(item.ttl).toBeLessThan(expiresAt + 1);
    }
  });

  it('counts as gone 24 hours after submission: no read shows it and its code opens nothing', async () => {
    const server = await startServer();
    const request = await submitUnverified(server, uniqueEmail('late'));
    server.clock.advance(24 * HOUR_MS - 60_000);
    expect(dataOf(await server.gql(READ, { id: request.id }, admin)).subjectRequest).toEqual({
      id: request.id,
      status: 'AWAITING_VERIFICATION',
    });
    expect(await queueIds(server)).toEqual([request.id]);

    // Expiry is kept in whole seconds, as DynamoDB's time to live counts.
    server.clock.advance(61_000);
    expect(dataOf(await server.gql(READ, { id: request.id }, admin)).subjectRequest).toBeNull();
    expect(await queueIds(server)).toEqual([]);
    expect(await queueIds(server, { status: 'AWAITING_VERIFICATION' })).toEqual([]);
    expect(await queueIds(server, { overdue: false })).toEqual([]);
    expect(codes(await server.gql(VERIFY, { id: request.id, code: request.code }))).toEqual([
      'NOT_FOUND',
    ]);

    // Long past its deadline too, it is counted nowhere.
    server.clock.advance(60 * 24 * HOUR_MS);
    expect(await queueIds(server, { overdue: true })).toEqual([]);
    expect(await queueIds(server, { status: 'AWAITING_VERIFICATION', overdue: true })).toEqual([]);
  });

  it('is deleted by the scheduled job once gone, with everything that held its address', async () => {
    const server = await startServer();
    const email = uniqueEmail('swept');
    // Of three types: a second of one type would replace the first.
    const gone = await Promise.all(
      ['ACCESS', 'ERASURE', 'PORTABILITY'].map((type) => submitUnverified(server, email, type)),
    );
    const rejected = await submitUnverified(server, uniqueEmail('refused'));
    dataOf(await server.gql(REJECT, { id: rejected.id }, admin));
    expect((await runScheduledJob(server.services)).unverifiedRequestsRemoved).toBe(0);

    server.clock.advance(24 * HOUR_MS);
    // Two runs at once, as two schedules might: each request is deleted once.
    const reports = await Promise.all([
      runScheduledJob(server.services),
      runScheduledJob(server.services),
    ]);
    expect(reports.reduce((sum, report) => sum + report.unverifiedRequestsRemoved, 0)).toBe(3);
    expect(await itemsMentioning(server, email)).toEqual([]);
    for (const request of gone) expect(await itemsMentioning(server, request.id)).toEqual([]);

    // A request an admin answered is no longer waiting: it stays.
    expect(dataOf(await server.gql(READ, { id: rejected.id }, admin)).subjectRequest).toEqual({
      id: rejected.id,
      status: 'REJECTED',
    });
  });
});
