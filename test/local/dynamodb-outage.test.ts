/**
 * DynamoDB failing under four concurrent writers, with the server started as
 * a user starts it: killed, then started again on the same data folder and
 * port; or hung, answering nothing. The limits asserted are the contract's
 * (issue 14, Faults): deadlines of behaviour, not speed measurements.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/dynamodb';
import {
  adminToken,
  createEventFixture,
  dataOf,
  personToken,
  REGISTER,
  registrationInput,
  unique,
  uniqueEmail,
  type EventFixture,
  type FixtureServer,
} from '../support/factories';
import {
  eventually,
  mails,
  TEST_SECRET,
  waitForMail,
  type GraphqlResponse,
} from '../support/harness';
import { internalsPattern } from '../support/leaks';
import { killStarted, servedAt, start, waitForHealth, type Started } from '../support/process';

jest.setTimeout(300_000);

const ANSWER_DEADLINE_MS = 15_000;
const RECOVERY_DEADLINE_MS = 30_000;
/** How long the writers run before DynamoDB is killed, and after service is back. */
const STEADY_MS = 3_000;
const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

type WriterKind = 'registerForEvent' | 'grantConsent' | 'submitSubjectRequest' | 'upsertPurpose';

interface Attempt {
  kind: WriterKind;
  /** The address or purpose id the write is about. */
  key: string;
  /** The answer, or null when none came within the deadline. */
  answer: GraphqlResponse | null;
  /** The id an acknowledged write answered with. */
  id?: string;
}

const acknowledged = (attempt: Attempt) => attempt.id !== undefined;

/** One write of each kind, about a key of its own: the address or purpose id. */
function writes(
  server: FixtureServer,
  fixture: EventFixture,
): Record<WriterKind, () => Promise<Omit<Attempt, 'kind'>>> {
  /** Each mutation answers `{ id }` under its own name. */
  const attempt = async (kind: WriterKind, key: string, call: () => Promise<GraphqlResponse>) => {
    let answer: GraphqlResponse | null = null;
    try {
      answer = await call();
    } catch {
      // No answer within the deadline, or no connection: the test reports it as unanswered.
    }
    const data = answer?.errors?.length
      ? null
      : (answer?.data as Partial<Record<WriterKind, { id: string }>>);
    const id = data?.[kind]?.id;
    return { key, answer, id };
  };
  return {
    registerForEvent: () => {
      const email = uniqueEmail('attendee');
      return attempt('registerForEvent', email, () =>
        server.gql(
          REGISTER,
          registrationInput(
            fixture,
            email,
            {},
            {
              consentPurposeIds: [fixture.purposes.marketing.id],
            },
          ),
        ),
      );
    },
    grantConsent: () => {
      const email = uniqueEmail('consenter');
      return attempt('grantConsent', email, async () =>
        server.gql(
          `mutation ($input: ConsentInput!) { grantConsent(input: $input) { id: subjectId } }`,
          {
            input: {
              purposeId: fixture.purposes.updates.id,
              noticeId: fixture.noticeId,
              noticeVersion: fixture.noticeVersion,
            },
          },
          await personToken(email),
        ),
      );
    },
    submitSubjectRequest: () => {
      const email = uniqueEmail('requester');
      return attempt('submitSubjectRequest', email, () =>
        server.gql(
          `mutation ($email: EmailAddress!) { submitSubjectRequest(input: { type: ACCESS, email: $email }) { id } }`,
          { email },
        ),
      );
    },
    upsertPurpose: () => {
      const id = unique('purpose');
      return attempt('upsertPurpose', id, async () =>
        server.gql(
          `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
          {
            input: {
              id,
              name: `Purpose ${id}`,
              lawfulBasis: 'CONSENT',
              dataCategories: ['EMAIL', 'NAME'],
            },
          },
          await adminToken(),
        ),
      );
    },
  };
}

/** Runs each kind of write one after another, the four kinds at once, until stopped. */
function startWriters(server: FixtureServer, fixture: EventFixture) {
  const attempts: Attempt[] = [];
  let stopped = false;
  const kinds = writes(server, fixture);
  const loops = (Object.keys(kinds) as WriterKind[]).map(async (kind) => {
    while (!stopped) {
      attempts.push({ kind, ...(await kinds[kind]()) });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    attempts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
  } catch {
    return false;
  }
}

interface Fault {
  name: string;
  /** How long DynamoDB answers nothing. */
  forMs: number;
  begin(dynamo: EmbeddedDynamo): Promise<void> | void;
  /** Ends the fault; resolves with the DynamoDB that answers again. */
  end(dynamo: EmbeddedDynamo, restart: () => Promise<EmbeddedDynamo>): Promise<EmbeddedDynamo>;
}

const FAULTS: Fault[] = [
  {
    name: 'killed for 8 s, then started again on the same data folder and port',
    forMs: 8_000,
    begin: (dynamo) => dynamo.kill(),
    end: (_dynamo, restart) => restart(),
  },
  {
    // Connections stay open and nothing answers: the SDK's own timeouts must end each call.
    name: 'hung for 20 s, then going on',
    forMs: 20_000,
    begin: (dynamo) => dynamo.pause(),
    end: async (dynamo) => {
      dynamo.resume();
      return dynamo;
    },
  },
];

describe.each(FAULTS)('DynamoDB $name under four writers', (fault) => {
  let dataDir: string;
  let dynamo: EmbeddedDynamo | null = null;
  let writers: ReturnType<typeof startWriters> | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-outage-'));
  });

  afterEach(async () => {
    killStarted();
    await writers?.stop();
    await dynamo?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers cleanly meanwhile, comes back by itself and loses or half-writes nothing', async () => {
    const dynamoDir = join(dataDir, 'dynamodb');
    const dynamoPort = await freePort();
    dynamo = await startEmbeddedDynamo({ dataDir: dynamoDir, port: dynamoPort });
    const port = await freePort();
    const table = `outage-${randomUUID()}`;
    const mailDir = join(dataDir, 'mail');
    const server: Started = start('local/main.ts', {
      PORT: String(port),
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      PRIVACY_OPS_TABLE: table,
      PRIVACY_OPS_DATA_DIR: dataDir,
      PRIVACY_OPS_JWT_SECRET: TEST_SECRET,
      PRIVACY_OPS_SEED: '0',
    });
    await waitForHealth(port, server);
    const api = servedAt(port, ANSWER_DEADLINE_MS);
    const fixture = await createEventFixture(api);

    writers = startWriters(api, fixture);
    await new Promise((resolve) => setTimeout(resolve, STEADY_MS));
    await fault.begin(dynamo);
    const downFrom = writers.attempts.length;
    await new Promise((resolve) => setTimeout(resolve, fault.forMs));
    dynamo = await fault.end(dynamo, () =>
      startEmbeddedDynamo({ dataDir: dynamoDir, port: dynamoPort }),
    );
    const backAt = Date.now();

    // Service is back when /health answers and a write succeeds, within the contract's 30 s.
    await eventually(
      async () =>
        (await healthy(port)) && (await writes(api, fixture).upsertPurpose()).id !== undefined,
      RECOVERY_DEADLINE_MS,
      250,
    );
    expect(Date.now() - backAt).toBeLessThanOrEqual(RECOVERY_DEADLINE_MS);
    await new Promise((resolve) => setTimeout(resolve, STEADY_MS));
    await writers.stop();
    const { attempts } = writers;

    expect(server.child.exitCode).toBeNull();
    // Every request was answered within the deadline, and the outage did fail some.
    expect(attempts.filter((attempt) => attempt.answer === null)).toEqual([]);
    const failed = attempts.filter((attempt) => !acknowledged(attempt));
    expect(failed.length).toBeGreaterThan(0);
    expect(attempts.slice(0, downFrom).some(acknowledged)).toBe(true);
    const leaking = internalsPattern(table, dynamo.endpoint);
    for (const attempt of failed) {
      for (const error of attempt.answer?.errors ?? []) {
        expect(CONTRACT_CODES).toContain(error.extensions?.code);
        expect(JSON.stringify(error)).not.toMatch(leaking);
      }
    }

    const admin = servedAt(port);
    const adminBearer = await adminToken();
    const asAdmin = async (query: string, variables: Record<string, unknown>) =>
      dataOf(await admin.gql(query, variables, adminBearer));
    const byKind = (kind: WriterKind) => attempts.filter((attempt) => attempt.kind === kind);
    for (const kind of [
      'registerForEvent',
      'grantConsent',
      'submitSubjectRequest',
      'upsertPurpose',
    ] as const) {
      expect(byKind(kind).some(acknowledged)).toBe(true);
    }

    // Registrations: each one there has its person, its consent and its audit entry, as one transaction wrote them.
    const listed = await eventRegistrationIds(asAdmin, fixture.eventId);
    const registered = new Set<string>();
    for (const attempt of byKind('registerForEvent')) {
      const { subject } = await asAdmin(
        `query ($email: EmailAddress!) { subject(email: $email) {
          registrations { id event { id } }
          consents { purpose { id } status history { status } }
        } }`,
        { email: attempt.key },
      );
      if (!acknowledged(attempt) && subject === null) continue;
      expect(subject.registrations).toEqual([
        { id: expect.any(String), event: { id: fixture.eventId } },
      ]);
      if (attempt.id) expect(subject.registrations[0].id).toBe(attempt.id);
      expect(subject.consents).toEqual([
        {
          purpose: { id: fixture.purposes.marketing.id },
          status: 'GRANTED',
          history: [{ status: 'GRANTED' }],
        },
      ]);
      const registrationId: string = subject.registrations[0].id;
      registered.add(registrationId);
      const { auditLog } = await asAdmin(
        `query ($id: String!) { auditLog(entity: "Registration", entityId: $id) { nodes { action } } }`,
        { id: registrationId },
      );
      expect(auditLog.nodes).toEqual([{ action: 'registerForEvent' }]);
    }
    expect(new Set(listed)).toEqual(registered);

    // Consents: a person with a consent has its whole history.
    for (const attempt of byKind('grantConsent')) {
      const { me } = dataOf(
        await admin.gql(
          '{ me { consents { purpose { id } status history { status } } } }',
          {},
          await personToken(attempt.key),
        ),
      );
      if (!acknowledged(attempt) && me === null) continue;
      expect(me.consents).toEqual([
        {
          purpose: { id: fixture.purposes.updates.id },
          status: 'GRANTED',
          history: [{ status: 'GRANTED' }],
        },
      ]);
    }

    // Requests: each one there waits for its code and has, through the stream, its one verification mail.
    const waiting = await awaitingRequests(asAdmin);
    const requested = new Set(byKind('submitSubjectRequest').map((attempt) => attempt.key));
    const ours = waiting.filter((request) => requested.has(request.email));
    for (const attempt of byKind('submitSubjectRequest').filter(acknowledged)) {
      expect(ours.map((request) => request.id)).toContain(attempt.id);
    }
    await eventually(
      async () =>
        ours.every((request) =>
          mails(mailDir).some(
            (mail) => mail.topic === 'request.verification' && mail.raw.includes(request.id),
          ),
        ),
      RECOVERY_DEADLINE_MS,
      250,
    );
    for (const request of ours) {
      const sent = mails(mailDir).filter((mail) => mail.raw.includes(request.id));
      expect(sent).toHaveLength(1);
    }

    // Purposes: each one there has its audit entry.
    const { purposes } = await asAdmin('{ purposes { id name } }', {});
    const upserted = new Set(byKind('upsertPurpose').map((attempt) => attempt.key));
    const stored = (purposes as { id: string; name: string }[]).filter((purpose) =>
      upserted.has(purpose.id),
    );
    for (const attempt of byKind('upsertPurpose').filter(acknowledged)) {
      expect(stored).toContainEqual({ id: attempt.key, name: `Purpose ${attempt.key}` });
    }
    for (const purpose of stored) {
      const { auditLog } = await asAdmin(
        `query ($id: String!) { auditLog(entity: "Purpose", entityId: $id) { nodes { action } } }`,
        { id: purpose.id },
      );
      expect(auditLog.nodes).toEqual([{ action: 'upsertPurpose' }]);
    }

    // The stream handlers read on: a mail caused now arrives.
    const after = await writes(api, fixture).submitSubjectRequest();
    expect(after.id).toBeDefined();
    await waitForMail(
      mailDir,
      (mail) => mail.topic === 'request.verification' && mail.raw.includes(after.id ?? ''),
      RECOVERY_DEADLINE_MS,
    );

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // The failures were logged, by kind only: no address written in the requests.
    const printed = server.output();
    expect(printed).toContain('"message":"Internal error"');
    const addresses = attempts
      .filter((attempt) => attempt.kind !== 'upsertPurpose')
      .map((attempt) => attempt.key);
    expect(addresses.filter((address) => printed.includes(address))).toEqual([]);
  });
});

type AdminQuery = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the test reads answers loosely

async function eventRegistrationIds(asAdmin: AdminQuery, eventId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const { event } = await asAdmin(
      `query ($id: ID!, $after: String) { event(id: $id) { registrations(first: 100, after: $after) { nodes { id } pageInfo { endCursor } } } }`,
      { id: eventId, after },
    );
    ids.push(...event.registrations.nodes.map((node: { id: string }) => node.id));
    after = event.registrations.pageInfo.endCursor;
  } while (after);
  return ids;
}

async function awaitingRequests(asAdmin: AdminQuery): Promise<{ id: string; email: string }[]> {
  const found: { id: string; email: string }[] = [];
  let after: string | null = null;
  do {
    const { subjectRequests } = await asAdmin(
      `query ($after: String) { subjectRequests(status: AWAITING_VERIFICATION, first: 100, after: $after) { nodes { id email } pageInfo { endCursor } } }`,
      { after },
    );
    found.push(...subjectRequests.nodes);
    after = subjectRequests.pageInfo.endCursor;
  } while (after);
  return found;
}
