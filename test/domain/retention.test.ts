import { runRetention } from '../../domain/retention';
import { freshServices } from '../../domain/services';
import { startTestServer, tokenFor, type TestServer } from '../support/harness';
import { CREATE_EVENT, REGISTER, eventInput, seedRegister } from '../support/people';

let server: TestServer;
let admin: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin' });
  await seedRegister(server.gql, admin);
  const soon = Date.now();
  await server.gql(
    CREATE_EVENT,
    {
      input: eventInput('meetup', {
        startsAt: new Date(soon + HOUR).toISOString(),
        endsAt: new Date(soon + 2 * HOUR).toISOString(),
        retentionDays: 1,
      }),
    },
    admin,
  );
  const attendees = [
    ['a@example.org', 'CN', 'University'],
    ['b@example.org', 'CN', 'Company'],
    ['c@example.org', 'DE', 'University'],
  ];
  for (const [email, country, organizationType] of attendees) {
    const response = await server.gql(REGISTER, {
      input: {
        eventId: 'meetup',
        attendee: { name: 'Someone', email, country, organizationType },
        noticeId: 'site',
        noticeVersion: 1,
      },
    });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
});
afterAll(() => server.close());

const EVENT = `{ event(id: "meetup") {
  deidentifiedAt
  attendance { total byCountry { value count } byOrganizationType { value count } }
  registrations(first: 10) { nodes { status attendee { name } } }
} }`;

describe('retention', () => {
  it('keeps attendee data until endsAt + retentionDays', async () => {
    server.clock.advance(2 * HOUR + 23 * HOUR);
    expect(await runRetention(freshServices(server.services))).toEqual({
      events: 0,
      deidentified: 0,
    });
    const event = await server.gql(EVENT, {}, admin);
    expect(event.data?.event.registrations.nodes[0]).toEqual({
      status: 'REGISTERED',
      attendee: { name: 'Someone' },
    });
  });

  it('then de-identifies every registration, leaving only counts, once even when run twice at once', async () => {
    server.clock.advance(2 * HOUR);
    const reports = await Promise.all([
      runRetention(freshServices(server.services)),
      runRetention(freshServices(server.services)),
    ]);
    expect(reports.reduce((sum, report) => sum + report.deidentified, 0)).toBe(3);

    const event = await server.gql(EVENT, {}, admin);
    expect(event.data?.event.registrations.nodes).toEqual(
      Array(3).fill({ status: 'DEIDENTIFIED', attendee: null }),
    );
    expect(event.data?.event.attendance).toEqual({
      total: 3,
      byCountry: [
        { value: 'CN', count: 2 },
        { value: 'DE', count: 1 },
      ],
      byOrganizationType: [
        { value: 'University', count: 2 },
        { value: 'Company', count: 1 },
      ],
    });
    expect(event.data?.event.deidentifiedAt).not.toBeNull();
    expect(await runRetention(freshServices(server.services))).toEqual({
      events: 0,
      deidentified: 0,
    });
  });
});
