import { runRetention } from '../../domain/retention';
import { freshServices } from '../../domain/services';
import {
  adminToken,
  createEvent,
  createPublishedNotice,
  createPurpose,
  registerPerson,
} from '../support/factories';
import type { TestServer } from '../support/harness';
import { serverPerTest } from '../support/servers';

// The retention job sweeps every event of the table: each test has a table of its own.
const startOwnServer = serverPerTest();
const HOUR = 3_600_000;

const EVENT = `query ($id: ID!) { event(id: $id) {
  deidentifiedAt
  attendance { total byCountry { value count } byOrganizationType { value count } }
  registrations(first: 10) { nodes { status attendee { name } } }
} }`;

/** A meetup in an hour, for an hour, whose data is kept one day; three people registered. */
async function meetup(server: TestServer): Promise<string> {
  const [purpose, notice] = await Promise.all([
    createPurpose(server, 'registration'),
    createPublishedNotice(server),
  ]);
  const now = server.clock.now().getTime();
  const event = await createEvent(server, purpose.id, {
    startsAt: new Date(now + HOUR).toISOString(),
    endsAt: new Date(now + 2 * HOUR).toISOString(),
    retentionDays: 1,
  });
  const attendees = [
    ['CN', 'University'],
    ['CN', 'Company'],
    ['DE', 'University'],
  ];
  for (const [country, organizationType] of attendees) {
    await registerPerson(
      server,
      { ...notice, eventId: event.id },
      { attendee: { name: 'Someone', country, organizationType } },
    );
  }
  return event.id;
}

describe('retention', () => {
  it('keeps attendee data until endsAt + retentionDays', async () => {
    const server = await startOwnServer();
    const eventId = await meetup(server);
    server.clock.advance(2 * HOUR + 23 * HOUR);
    expect(await runRetention(freshServices(server.services))).toEqual({
      events: 0,
      deidentified: 0,
    });
    const event = await server.gql(EVENT, { id: eventId }, await adminToken());
    expect(event.data?.event.registrations.nodes).toEqual(
      Array(3).fill({ status: 'REGISTERED', attendee: { name: 'Someone' } }),
    );
    expect(event.data?.event.deidentifiedAt).toBeNull();
  });

  it('then de-identifies every registration, leaving only counts, once even when run twice at once', async () => {
    const server = await startOwnServer();
    const eventId = await meetup(server);
    server.clock.advance(2 * HOUR + 25 * HOUR);
    const reports = await Promise.all([
      runRetention(freshServices(server.services)),
      runRetention(freshServices(server.services)),
    ]);
    expect(reports.reduce((sum, report) => sum + report.deidentified, 0)).toBe(3);

    const event = await server.gql(EVENT, { id: eventId }, await adminToken());
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
