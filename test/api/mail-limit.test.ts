import { adminToken, dataOf, uniqueEmail, verificationMail } from '../support/factories';
import { codes, startTestServer, type GraphqlResponse, type TestServer } from '../support/harness';
import { twoInstancesOnOneTable } from '../support/servers';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  admin = await adminToken();
});
afterAll(() => server.close());

const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id status } }`;
const DELIVERIES = `{ deliveries(first: 100) { nodes { to topic } } }`;
const QUEUE = `{ subjectRequests(status: AWAITING_VERIFICATION, first: 100) { nodes { email } } }`;
const HOUR_MS = 3_600_000;

interface RateLimitedError {
  extensions?: { code?: string; retryAfter?: number };
}

type Submitted = {
  submitSubjectRequest: { id: string; status: string };
};

/**
 * The types a request may have without naming anything more. A second
 * request of one type replaces the first while unverified, so requests that
 * are all to stay are of different types.
 */
const PLAIN_TYPES = [
  'ACCESS',
  'ERASURE',
  'RESTRICTION',
  'PORTABILITY',
  'OBJECTION',
  'WITHDRAW_CONSENT',
  'AUTOMATED_DECISION_REVIEW',
];

function submit(
  target: TestServer,
  email: string,
  token?: string,
  type = 'ACCESS',
): Promise<GraphqlResponse<Submitted>> {
  return target.gql<Submitted>(SUBMIT, { input: { type, email } }, token);
}

/** The verification codes the table holds for an address: every mail goes out through one. */
async function codeMailsTo(target: TestServer, email: string): Promise<number> {
  const { deliveries } = dataOf(await target.gql(DELIVERIES, {}, admin));
  return deliveries.nodes.filter(
    (node: { to: string; topic: string }) =>
      node.to === email && node.topic === 'request.verification',
  ).length;
}

async function requestsFor(target: TestServer, email: string): Promise<number> {
  const { subjectRequests } = dataOf(await target.gql(QUEUE, {}, admin));
  return subjectRequests.nodes.filter((node: { email: string }) => node.email === email).length;
}

function retryAfterOf(response: GraphqlResponse): number | undefined {
  return (response.errors?.[0] as RateLimitedError | undefined)?.extensions?.retryAfter;
}

describe('mail to one address from public callers', () => {
  it('mails five codes in an hour, then refuses the sixth with RATE_LIMITED and the seconds to wait', async () => {
    const email = uniqueEmail('flooded');
    const accepted = [];
    for (const type of PLAIN_TYPES.slice(0, 5)) {
      accepted.push(dataOf(await submit(server, email, undefined, type)));
    }
    for (const request of accepted) {
      const { mail } = await verificationMail(server.mailDir, request.submitSubjectRequest.id);
      expect(mail.to).toContain(email);
    }

    const refused = await submit(server, email, undefined, PLAIN_TYPES[5]);
    expect(refused.data).toBeNull();
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(Object.keys(refused.errors?.[0]?.extensions ?? {}).sort()).toEqual([
      'code',
      'retryAfter',
    ]);
    const retryAfter = retryAfterOf(refused) ?? 0;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(3_000);
    expect(retryAfter).toBeLessThanOrEqual(3_600);

    expect(await codeMailsTo(server, email)).toBe(5);
    expect(await requestsFor(server, email)).toBe(5);
  });

  it('counts the address however it is written', async () => {
    const email = uniqueEmail('spelled');
    for (let i = 0; i < 5; i += 1)
      dataOf(await submit(server, i % 2 ? email.toUpperCase() : email));
    expect(codes(await submit(server, email.toUpperCase()))).toEqual(['RATE_LIMITED']);
  });

  it('leaves other addresses alone', async () => {
    const flooded = uniqueEmail('flooded');
    for (let i = 0; i < 5; i += 1) dataOf(await submit(server, flooded));
    expect(codes(await submit(server, flooded))).toEqual(['RATE_LIMITED']);
    const neighbour = uniqueEmail('neighbour');
    expect(dataOf(await submit(server, neighbour)).submitSubjectRequest.status).toBe(
      'AWAITING_VERIFICATION',
    );
  });

  it('counts over a sliding hour: a slot frees when the oldest mail is an hour old', async () => {
    const email = uniqueEmail('sliding');
    dataOf(await submit(server, email));
    server.clock.advance(30 * 60_000);
    for (let i = 0; i < 4; i += 1) dataOf(await submit(server, email));
    const refused = await submit(server, email);
    const retryAfter = retryAfterOf(refused) ?? 0;
    // The oldest mail is half an hour old: it leaves the window in about half an hour.
    expect(retryAfter).toBeGreaterThan(1_700);
    expect(retryAfter).toBeLessThanOrEqual(1_800);

    server.clock.advance(retryAfter * 1000);
    dataOf(await submit(server, email));
    // The four sent half an hour later still count, with the one just sent.
    expect(codes(await submit(server, email))).toEqual(['RATE_LIMITED']);
    server.clock.advance(HOUR_MS);
    dataOf(await submit(server, email));
  });

  it('sends no more than five when many submissions for one address arrive at once', async () => {
    const email = uniqueEmail('stampede');
    const answers = await Promise.all(
      PLAIN_TYPES.map((type) => submit(server, email, undefined, type)),
    );
    const accepted = answers.filter((answer) => answer.data?.submitSubjectRequest);
    expect(accepted).toHaveLength(5);
    for (const answer of answers.filter((each) => !each.data)) {
      expect(codes(answer)).toEqual([expect.stringMatching(/^(RATE_LIMITED|CONFLICT)$/)]);
    }
    expect(await codeMailsTo(server, email)).toBe(5);
    expect(await requestsFor(server, email)).toBe(5);
  });

  it('does not limit an admin, nor count what an admin sends', async () => {
    const email = uniqueEmail('desk');
    for (let i = 0; i < 6; i += 1) dataOf(await submit(server, email, admin));
    for (let i = 0; i < 5; i += 1) dataOf(await submit(server, email));
    expect(codes(await submit(server, email))).toEqual(['RATE_LIMITED']);
  });
});

describe('the count in the table', () => {
  const startBoth = twoInstancesOnOneTable();

  it('holds across instances: what one counted, the other refuses', async () => {
    const [first, second] = await startBoth();
    const email = uniqueEmail('spread');
    for (let i = 0; i < 3; i += 1) dataOf(await submit(first, email));
    for (let i = 0; i < 2; i += 1) dataOf(await submit(second, email));
    expect(codes(await submit(first, email))).toEqual(['RATE_LIMITED']);
    expect(codes(await submit(second, email))).toEqual(['RATE_LIMITED']);
  });

  it('holds across a restart on the same table', async () => {
    const before = await startTestServer();
    const email = uniqueEmail('restarted');
    try {
      for (let i = 0; i < 5; i += 1) dataOf(await submit(before, email));
    } finally {
      await before.close();
    }
    const after = await startTestServer({ db: before.db });
    try {
      expect(codes(await submit(after, email))).toEqual(['RATE_LIMITED']);
    } finally {
      await after.close();
    }
  });
});
