import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestStatus } from '../../domain/constants';
import { attemptDelivery, mailDelivery } from '../../domain/deliveries';
import { isOverdue } from '../../domain/requests/lifecycle';
import { getDeliveries } from '../../store/deliveries';
import { requestInserts } from '../../store/requests';
import { transact } from '../../store/transactions';
import {
  adminToken,
  createEventFixture,
  createPartner,
  dataOf,
  registerPerson,
} from '../support/factories';
import { codes, type TestServer } from '../support/harness';
import { storedRequest } from '../support/records';
import { serverPerTest } from '../support/servers';

// Whole-table listings (audit, deliveries, requests): each test has a table of its own.
const startOwnServer = serverPerTest();
const ITEMS = 48;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every node of a listing, page by page: `connection` picks the connection out of an answer. */
async function pageThrough<T>(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  connection: (data: Record<string, unknown>) => Connection<T>,
  first: number,
): Promise<{ nodes: T[]; pages: number }> {
  const token = await adminToken();
  const nodes: T[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page = connection(dataOf(await server.gql(query, { ...variables, first, after }, token)));
    expect(page.nodes.length).toBeLessThanOrEqual(first);
    expect(page.pageInfo.hasNextPage).toBe(page.pageInfo.endCursor !== null);
    nodes.push(...page.nodes);
    after = page.pageInfo.endCursor;
    pages += 1;
  } while (after);
  return { nodes, pages };
}

/** The index partitions (shards) the table's items hold under `attribute` that start with `prefix`. */
async function partitionsHolding(
  server: TestServer,
  attribute: string,
  prefix: string,
): Promise<Set<string>> {
  const { Items = [] } = await server.db.doc.send(
    new ScanCommand({ TableName: server.db.table, ProjectionExpression: attribute }),
  );
  return new Set(
    Items.map((item) => item[attribute]).filter(
      (value): value is string => typeof value === 'string' && value.startsWith(prefix),
    ),
  );
}

/** In the listing's order: by time, then by id, as the sort key `<time>#<id>` orders them. */
function byTimeThenId<T extends { id: string }>(time: (node: T) => string, descending = false) {
  return (a: T, b: T) => {
    const order = Date.parse(time(a)) - Date.parse(time(b)) || (a.id < b.id ? -1 : 1);
    return descending ? -order : order;
  };
}

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

describe('listings spread over shards', () => {
  it('list sharing records oldest first and audit entries newest first, page by page', async () => {
    const server = await startOwnServer();
    const admin = await adminToken();
    const partner = await createPartner(server);
    const now = server.clock.now().getTime();
    // Recorded in an order unlike the order they were shared in.
    const sharedAt = Array.from({ length: ITEMS }, (_, i) => now - ((i * 17) % ITEMS) * MINUTE);
    const recorded: string[] = [];
    for (const at of sharedAt) {
      const response = await server.gql(
        `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
        {
          input: {
            partnerId: partner.id,
            categories: ['EMAIL'],
            purpose: 'Attendance figures',
            situation: 'AGGREGATED_STATISTICS',
            sharedAt: new Date(at).toISOString(),
          },
        },
        admin,
      );
      recorded.push(dataOf(response).recordSharing.id);
    }

    const SHARING = `query ($partnerId: ID, $since: DateTime, $first: Int, $after: String) {
      sharingRecords(partnerId: $partnerId, since: $since, first: $first, after: $after) {
        nodes { id sharedAt } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Shared = { id: string; sharedAt: string };
    const sharing = (data: Record<string, unknown>) => data.sharingRecords as Connection<Shared>;
    const all = await pageThrough(server, SHARING, {}, sharing, 7);
    expect(all.pages).toBe(Math.ceil(ITEMS / 7));
    expect(all.nodes).toHaveLength(ITEMS);
    expect(new Set(ids(all.nodes))).toEqual(new Set(recorded));
    expect(all.nodes).toEqual([...all.nodes].sort(byTimeThenId((node) => node.sharedAt)));
    const partners = await pageThrough(server, SHARING, { partnerId: partner.id }, sharing, 5);
    expect(ids(partners.nodes)).toEqual(ids(all.nodes));
    const since = new Date(now - 20 * MINUTE).toISOString();
    const recent = await pageThrough(server, SHARING, { since }, sharing, 4);
    expect(ids(recent.nodes)).toEqual(
      ids(all.nodes.filter((node) => Date.parse(node.sharedAt) >= Date.parse(since))),
    );

    const AUDIT = `query ($entity: String, $first: Int, $after: String) {
      auditLog(entity: $entity, first: $first, after: $after) {
        nodes { id at entityId } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Entry = { id: string; at: string; entityId: string };
    const audit = (data: Record<string, unknown>) => data.auditLog as Connection<Entry>;
    const entries = await pageThrough(server, AUDIT, { entity: 'SharingRecord' }, audit, 6);
    expect(entries.nodes.map((node) => node.entityId).sort()).toEqual([...recorded].sort());
    expect(entries.nodes).toEqual([...entries.nodes].sort(byTimeThenId((node) => node.at, true)));
    const everything = await pageThrough(server, AUDIT, {}, audit, 9);
    expect(everything.nodes).toEqual(
      [...everything.nodes].sort(byTimeThenId((node) => node.at, true)),
    );
    expect(everything.nodes.length).toBeGreaterThan(ITEMS);

    expect((await partitionsHolding(server, 'gsi2pk', 'SHARES#')).size).toBeGreaterThan(1);
    expect(
      (await partitionsHolding(server, 'gsi1pk', `PARTNER#${partner.id}#SHARES#`)).size,
    ).toBeGreaterThan(1);
    expect((await partitionsHolding(server, 'gsi1pk', 'AUDIT#')).size).toBeGreaterThan(1);
  });

  it('list an event’s registrations in the order they came, page by page', async () => {
    const server = await startOwnServer();
    const fixture = await createEventFixture(server);
    for (let i = 0; i < ITEMS; i += 8) {
      await Promise.all(Array.from({ length: 8 }, () => registerPerson(server, fixture)));
      server.clock.advance(MINUTE);
    }

    const REGISTRATIONS = `query ($id: ID!, $first: Int, $after: String) {
      event(id: $id) {
        registrations(first: $first, after: $after) {
          nodes { id registeredAt } pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    type Registered = { id: string; registeredAt: string };
    const registrations = (data: Record<string, unknown>) =>
      (data.event as { registrations: Connection<Registered> }).registrations;
    const { nodes } = await pageThrough(
      server,
      REGISTRATIONS,
      { id: fixture.eventId },
      registrations,
      10,
    );
    expect(nodes).toHaveLength(ITEMS);
    expect(nodes).toEqual([...nodes].sort(byTimeThenId((node) => node.registeredAt)));

    expect(
      (await partitionsHolding(server, 'gsi1pk', `EVENT#${fixture.eventId}#REGS#`)).size,
    ).toBeGreaterThan(1);
    // The people registered are the notice's audience, spread over its shards too.
    expect(
      (await partitionsHolding(server, 'gsi3pk', `NOTICE#${fixture.noticeId}#AUDIENCE#`)).size,
    ).toBeGreaterThan(1);
  });

  it('list requests by due date, whichever the filter, page by page', async () => {
    const server = await startOwnServer();
    const now = server.clock.now().getTime();
    const statuses: RequestStatus[] = ['OPEN', 'EXTENDED', 'COMPLETED', 'REJECTED'];
    // Due half a day off whole days from now, so that no due date meets the time of the query.
    const requests = Array.from({ length: ITEMS }, (_, i) =>
      storedRequest({
        id: `request-${String(i).padStart(2, '0')}`,
        subjectId: `person-${i}`,
        status: statuses[i % statuses.length] ?? 'OPEN',
        receivedAt: new Date(now - 40 * DAY).toISOString(),
        dueAt: new Date(now + (((i * 7) % ITEMS) - ITEMS / 2) * DAY + DAY / 2).toISOString(),
      }),
    );
    for (let i = 0; i < requests.length; i += 10) {
      await transact(
        server.db,
        requests.slice(i, i + 10).flatMap((request) => requestInserts(server.db, request)),
      );
    }

    const QUEUE = `query ($status: RequestStatus, $overdue: Boolean, $first: Int, $after: String) {
      subjectRequests(status: $status, overdue: $overdue, first: $first, after: $after) {
        nodes { id dueAt } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Queued = { id: string; dueAt: string };
    const queue = (data: Record<string, unknown>) => data.subjectRequests as Connection<Queued>;
    const inDueOrder = (chosen: typeof requests) =>
      [...chosen].sort(byTimeThenId((request) => request.dueAt)).map((request) => request.id);
    const late = (request: (typeof requests)[number]) => isOverdue(request, new Date(now));

    const cases: [Record<string, unknown>, typeof requests][] = [
      [{}, requests],
      [{ status: 'OPEN' }, requests.filter((request) => request.status === 'OPEN')],
      [{ overdue: true }, requests.filter(late)],
      [{ overdue: false }, requests.filter((request) => !late(request))],
    ];
    for (const [filter, expected] of cases) {
      const { nodes } = await pageThrough(server, QUEUE, filter, queue, 5);
      expect(ids(nodes)).toEqual(inDueOrder(expected));
    }
    expect((await partitionsHolding(server, 'gsi3pk', 'REQUESTS#ALL#')).size).toBeGreaterThan(1);
    expect((await partitionsHolding(server, 'gsi2pk', 'REQUESTS#ACTIVE#')).size).toBeGreaterThan(1);
  });

  it('list deliveries newest first, and by status as each moves on, page by page', async () => {
    const server = await startOwnServer();
    const deliveryIds = Array.from({ length: ITEMS }, (_, i) => `delivery-${i}`);
    for (const id of deliveryIds) {
      await transact(server.db, [
        mailDelivery(server.services, {
          id,
          subjectId: `person-${id}`,
          to: `${id}@example.org`,
          topic: 'request.completed',
          subject: 'Done',
          text: 'Done.',
        }),
      ]);
      server.clock.advance(1_000);
    }
    const sent = deliveryIds.filter((_, i) => i % 3 === 0);
    const delivered = {
      mail: { send: async () => undefined },
      webhook: { send: async () => undefined },
    };
    const toSend = await getDeliveries(
      server.db,
      sent.map((id) => ({ id, subjectId: `person-${id}` })),
    );
    for (const delivery of toSend) {
      if (delivery) await attemptDelivery(server.services, delivered, delivery);
    }

    const DELIVERIES = `query ($status: DeliveryStatus, $first: Int, $after: String) {
      deliveries(status: $status, first: $first, after: $after) {
        nodes { id status createdAt } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Listed = { id: string; status: string; createdAt: string };
    const deliveries = (data: Record<string, unknown>) => data.deliveries as Connection<Listed>;
    const newestFirst = [...deliveryIds].reverse();
    const all = await pageThrough(server, DELIVERIES, {}, deliveries, 8);
    expect(ids(all.nodes)).toEqual(newestFirst);
    const bySent = await pageThrough(server, DELIVERIES, { status: 'SENT' }, deliveries, 4);
    expect(ids(bySent.nodes)).toEqual(newestFirst.filter((id) => sent.includes(id)));
    const pending = await pageThrough(server, DELIVERIES, { status: 'PENDING' }, deliveries, 6);
    expect(ids(pending.nodes)).toEqual(newestFirst.filter((id) => !sent.includes(id)));

    expect((await partitionsHolding(server, 'gsi1pk', 'DELIVERIES#')).size).toBeGreaterThan(1);
    expect((await partitionsHolding(server, 'gsi2pk', 'DELIVERIES#SENT#')).size).toBeGreaterThan(1);
  });

  it('refuse the cursor of one listing in another', async () => {
    const server = await startOwnServer();
    const admin = await adminToken();
    const [acme, globex] = await Promise.all([createPartner(server), createPartner(server)]);
    for (let i = 0; i < 3; i += 1) {
      await server.gql(
        `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
        {
          input: {
            partnerId: acme.id,
            categories: ['EMAIL'],
            purpose: 'Attendance figures',
            situation: 'AGGREGATED_STATISTICS',
          },
        },
        admin,
      );
    }
    const LIST = `query ($partnerId: ID, $after: String) {
      sharingRecords(partnerId: $partnerId, first: 1, after: $after) { pageInfo { endCursor } }
    }`;
    const first = await server.gql(LIST, { partnerId: acme.id }, admin);
    const cursor = dataOf(first).sharingRecords.pageInfo.endCursor;
    expect(typeof cursor).toBe('string');
    expect(codes(await server.gql(LIST, { partnerId: globex.id, after: cursor }, admin))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        await server.gql(
          `query ($after: String) { auditLog(after: $after) { nodes { id } } }`,
          { after: cursor },
          admin,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
