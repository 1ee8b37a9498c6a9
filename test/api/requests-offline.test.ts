import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { requestKeys } from '../../store/keys';
import { requestInserts } from '../../store/requests';
import { listAudit } from '../../store/audit';
import { transact } from '../../store/transactions';
import {
  adminToken,
  dataOf,
  personToken,
  uniqueEmail,
  verificationMail,
} from '../support/factories';
import { codes, type TestServer } from '../support/harness';
import { storedRequest } from '../support/records';
import { serverPerTest } from '../support/servers';

// Each test sets the clock, and some read the whole queue: a table of its own.
const startServer = serverPerTest({ stream: true });
let admin: string;

beforeAll(async () => {
  admin = await adminToken();
});

const FIELDS = `id status email jurisdiction receivedAt verifiedAt dueAt channel history { at status actor note }`;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { ${FIELDS} } }`;
const READ = `query ($id: ID!) { subjectRequest(id: $id) { ${FIELDS} } }`;
const QUEUE = `{ subjectRequests(first: 100) { nodes { id } } }`;
const DELIVERIES = `{ deliveries(first: 100) { nodes { id } } }`;

/** A server whose clock reads `at`. */
async function serverAt(at: string): Promise<TestServer> {
  const server = await startServer();
  server.clock.advance(Date.parse(at) - server.clock.now().getTime());
  return server;
}

describe('a request an admin enters with the day it arrived', () => {
  it.each([
    ['a common year', '2027-01-31T10:00:00Z', '2027-02-28'],
    ['a leap year', '2028-01-31T10:00:00Z', '2028-02-29'],
  ])(
    'GDPR, received by post on 31 January of %s: due at the end of the last day of February',
    async (_year, receivedAt, lastOfFebruary) => {
      const server = await serverAt(receivedAt.replace('01-31T10', '02-09T08'));
      const enteredAt = server.clock.now().toISOString();
      const entered = dataOf(
        await server.gql(
          SUBMIT,
          {
            input: {
              type: 'ACCESS',
              email: uniqueEmail('letter'),
              receivedAt,
              channel: 'POST',
              identityVerified: true,
            },
          },
          admin,
        ),
      ).submitSubjectRequest;
      expect(entered).toMatchObject({
        status: 'OPEN',
        jurisdiction: 'GDPR',
        receivedAt: new Date(receivedAt).toISOString(),
        dueAt: `${lastOfFebruary}T23:59:59.999Z`,
        channel: 'POST',
        history: [
          {
            at: new Date(receivedAt).toISOString(),
            status: 'OPEN',
            note: 'Received by post; identity verified',
          },
        ],
      });
      // Verified when entered, received when the letter came.
      expect(entered.verifiedAt >= enteredAt).toBe(true);
    },
  );

  it.each([
    ['CCPA', 'PHONE', '2027-04-29'],
    ['PIPL', 'IN_PERSON', '2027-04-05'],
  ])(
    '%s counts from receipt too (received by %s on Monday 15 March 2027)',
    async (jurisdiction, channel, due) => {
      const server = await serverAt('2027-03-22T09:00:00Z');
      const entered = dataOf(
        await server.gql(
          SUBMIT,
          {
            input: {
              type: 'ERASURE',
              email: uniqueEmail('offline'),
              jurisdiction,
              channel,
              receivedAt: '2027-03-15T09:00:00Z',
              identityVerified: true,
            },
          },
          admin,
        ),
      ).submitSubjectRequest;
      expect(entered).toMatchObject({ channel, dueAt: `${due}T23:59:59.999Z` });
    },
  );

  it('mails the code to an address not yet verified, and keeps the day it arrived', async () => {
    const server = await serverAt('2027-02-03T09:00:00Z');
    const email = uniqueEmail('unverified.letter');
    const entered = dataOf(
      await server.gql(
        SUBMIT,
        { input: { type: 'ACCESS', email, receivedAt: '2027-01-31T10:00:00Z', channel: 'POST' } },
        admin,
      ),
    ).submitSubjectRequest;
    expect(entered).toMatchObject({
      status: 'AWAITING_VERIFICATION',
      dueAt: '2027-02-28T23:59:59.999Z',
      history: [
        { at: '2027-01-31T10:00:00.000Z', note: 'Received by post; waiting for the mailed code' },
      ],
    });

    const { mail, code } = await verificationMail(server.mailDir, entered.id);
    expect(mail.to).toContain(email);
    const verifiedFrom = server.clock.now().toISOString();
    const verified = dataOf(
      await server.gql(VERIFY, { id: entered.id, code }),
    ).verifySubjectRequest;
    expect(verified).toMatchObject({
      status: 'OPEN',
      receivedAt: '2027-01-31T10:00:00.000Z',
      dueAt: '2027-02-28T23:59:59.999Z',
      channel: 'POST',
    });
    expect(verified.history).toHaveLength(2);
    expect(verified.history[0].at).toBe('2027-01-31T10:00:00.000Z');
    expect(verified.history[1].at >= verifiedFrom).toBe(true);
  });

  it('records the channel in the audit entry', async () => {
    const server = await startServer();
    const entered = dataOf(
      await server.gql(
        SUBMIT,
        {
          input: { type: 'ACCESS', email: uniqueEmail(), channel: 'EMAIL', identityVerified: true },
        },
        admin,
      ),
    ).submitSubjectRequest;
    const { items } = await listAudit(
      server.db,
      { entity: 'SubjectRequest', entityId: entered.id },
      { limit: 10, after: null },
    );
    expect(items).toEqual([
      expect.objectContaining({
        action: 'submitSubjectRequest',
        role: 'ADMIN',
        details: { channel: 'EMAIL', receivedAt: entered.receivedAt },
      }),
    ]);
  });

  it.each([
    ['in the future', (now: number) => now + 5 * 60_000],
    ['before the GDPR applied', () => Date.parse('2018-05-24T12:00:00Z')],
  ])('refuses a receipt %s, and writes nothing', async (_case, receivedAt) => {
    const server = await startServer();
    const email = uniqueEmail('misdated');
    const refused = await server.gql(
      SUBMIT,
      {
        input: {
          type: 'ACCESS',
          email,
          channel: 'POST',
          receivedAt: new Date(receivedAt(server.clock.now().getTime())).toISOString(),
        },
      },
      admin,
    );
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(dataOf(await server.gql(QUEUE, {}, admin)).subjectRequests.nodes).toEqual([]);
    expect(dataOf(await server.gql(DELIVERIES, {}, admin)).deliveries.nodes).toEqual([]);
    const { items } = await listAudit(
      server.db,
      { entity: 'SubjectRequest' },
      { limit: 10, after: null },
    );
    expect(items).toEqual([]);
  });

  it('takes a receipt a few seconds ahead of the server’s clock, as now', async () => {
    const server = await startServer();
    const ahead = new Date(server.clock.now().getTime() + 20_000).toISOString();
    const entered = await server.gql(
      SUBMIT,
      {
        input: { type: 'ACCESS', email: uniqueEmail(), receivedAt: ahead, identityVerified: true },
      },
      admin,
    );
    expect(dataOf(entered).submitSubjectRequest.receivedAt).toBe(ahead);
  });
});

describe('a request made on the web', () => {
  it.each([
    ['the public', async () => undefined],
    ['a person', () => personToken(uniqueEmail('self'))],
  ])('%s can neither date it nor name another channel', async (_who, token) => {
    const server = await startServer();
    const asCaller = await token();
    const email = uniqueEmail('self');
    for (const extra of [
      { receivedAt: '2026-01-31T10:00:00Z' },
      { channel: 'POST' },
      { channel: 'IN_PERSON', receivedAt: '2026-01-31T10:00:00Z' },
    ]) {
      const forged = await server.gql(
        SUBMIT,
        { input: { type: 'ACCESS', email, ...extra } },
        asCaller,
      );
      expect(codes(forged)).toEqual(['FORBIDDEN']);
    }
    expect(dataOf(await server.gql(QUEUE, {}, admin)).subjectRequests.nodes).toEqual([]);
  });

  it('is received now, on the WEB channel, whether it says so or not', async () => {
    const server = await startServer();
    const before = server.clock.now().toISOString();
    const plain = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email: uniqueEmail() } }),
    ).submitSubjectRequest;
    const said = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email: uniqueEmail(), channel: 'WEB' } }),
    ).submitSubjectRequest;
    for (const request of [plain, said]) {
      expect(request.channel).toBe('WEB');
      expect(request.receivedAt >= before).toBe(true);
      expect(request.history[0].note).toBe('Received; waiting for the mailed code');
    }
    const byAdmin = dataOf(
      await server.gql(
        SUBMIT,
        { input: { type: 'ACCESS', email: uniqueEmail(), identityVerified: true } },
        admin,
      ),
    ).submitSubjectRequest;
    expect(byAdmin.channel).toBe('WEB');
  });

  it('serves WEB for a request stored before channels were kept', async () => {
    const server = await startServer();
    const stored = storedRequest({ id: 'before-channels', subjectId: 'someone', channel: 'POST' });
    await transact(server.db, requestInserts(server.db, stored));
    await server.db.doc.send(
      new UpdateCommand({
        TableName: server.db.table,
        Key: requestKeys.request(stored.subjectId, stored.id),
        UpdateExpression: 'REMOVE channel',
      }),
    );
    expect(dataOf(await server.gql(READ, { id: stored.id }, admin)).subjectRequest).toMatchObject({
      id: stored.id,
      channel: 'WEB',
    });
  });
});
