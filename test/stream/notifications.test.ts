import { createHmac } from 'node:crypto';
import { fanOutStep, startNotification } from '../../domain/notifications/fan-out';
import { createWebhookSender } from '../../adapters/webhooks';
import type { Senders } from '../../domain/senders';
import { freshServices } from '../../domain/services';
import { notificationKeys } from '../../store/keys';
import { getVersion } from '../../store/notices';
import {
  adminToken,
  createEvent,
  createEventFixture,
  createPublishedNotice,
  createWebhookPartner,
  dataOf,
  grantConsent,
  personToken,
  publishNextVersion,
  registerPerson,
  uniqueEmail,
  type WebhookPartner,
} from '../support/factories';
import { eventually, mails, waitForMail, type TestServer } from '../support/harness';
import { serverPerTest } from '../support/servers';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';

// A material publication tells every partner of the table: each test has a table of its own.
const startOwnServer = serverPerTest({ stream: true });
// Tries for seconds rather than a day, so that a delivery fails within the test.
const startServerFailingSoon = serverPerTest({
  stream: true,
  retrySchedule: { baseMs: 100, capMs: 400, windowMs: 8_000 },
});
let answering: WebhookReceiver;
let failing: WebhookReceiver;
const HOUR = 3_600_000;
const TOPIC = 'notice.material_change';

beforeAll(async () => {
  answering = await startWebhookReceiver(200);
  failing = await startWebhookReceiver(500);
});
afterAll(async () => {
  await answering.close();
  await failing.close();
});

const NOTIFICATIONS = `query ($noticeId: ID!) { noticeChangeNotifications(noticeId: $noticeId) { version subjectsNotified partnersNotified createdAt } }`;

interface Audience {
  noticeId: string;
  partner: WebhookPartner;
  /** Consented under the notice, or registered under it for an event not yet ended. */
  told: string[];
  /** Registered for an event that has ended, withdrew their consent, or consented under another notice. */
  notTold: string[];
}

/** A notice with people tied to it in each way that does, or does not, call for word of its change. */
async function audienceOf(server: TestServer): Promise<Audience> {
  const partner = await createWebhookPartner(server, answering, { name: 'Acme' });
  const fixture = await createEventFixture(server, { cosponsor: partner });
  const marketing = fixture.purposes.marketing.id;
  const now = server.clock.now().getTime();
  const soon = await createEvent(server, fixture.purposes.registration.id, {
    startsAt: new Date(now + HOUR).toISOString(),
    endsAt: new Date(now + 2 * HOUR).toISOString(),
  });
  const atSoon = { ...fixture, eventId: soon.id };
  const [consented, registered, past, withdrawn] = await Promise.all([
    registerPerson(server, atSoon, {
      email: uniqueEmail('consented'),
      consentPurposeIds: [marketing],
    }),
    registerPerson(server, fixture, { email: uniqueEmail('registered') }),
    registerPerson(server, atSoon, { email: uniqueEmail('past') }),
    registerPerson(server, atSoon, {
      email: uniqueEmail('withdrawn'),
      consentPurposeIds: [marketing],
    }),
  ]);
  dataOf(
    await server.gql(
      `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { status } }`,
      { purposeId: marketing },
      await personToken(withdrawn.email),
    ),
  );
  // Consent under another notice is not a reason to hear about this one.
  const elsewhere = uniqueEmail('elsewhere');
  await grantConsent(server, elsewhere, marketing, await createPublishedNotice(server));
  // The event "soon" ends: its attendees without consent are no longer told.
  server.clock.advance(3 * HOUR);
  return {
    noticeId: fixture.noticeId,
    partner,
    told: [consented.email, registered.email],
    notTold: [past.email, withdrawn.email, elsewhere],
  };
}

/** Waits until everyone told and the partner have word of `version`. */
async function toldOf(server: TestServer, audience: Audience, version: number) {
  for (const email of audience.told) {
    await waitForMail(
      server.mailDir,
      (m) => m.topic === TOPIC && m.to.includes(email) && m.raw.includes(`(version ${version})`),
    );
  }
  return eventually(async () => hooksOf(audience.partner, version)[0]);
}

function hooksOf(partner: WebhookPartner, version: number) {
  return partner.hooks().filter((hook) => JSON.parse(hook.body).data.version === version);
}

function mailsOf(server: TestServer, version: number) {
  return mails(server.mailDir).filter(
    (m) => m.topic === TOPIC && m.raw.includes(`(version ${version})`),
  );
}

describe('a material publication', () => {
  it('reaches every consenting or registered person and every partner within seconds', async () => {
    const server = await startOwnServer();
    const admin = await adminToken();
    const audience = await audienceOf(server);
    const other = await createWebhookPartner(server, failing, { name: 'Globex' });
    const version = await publishNextVersion(server, audience.noticeId, { material: true });

    for (const email of audience.told) {
      const mail = await waitForMail(
        server.mailDir,
        (m) => m.topic === TOPIC && m.to.includes(email),
        10_000,
      );
      expect(mail.raw).toContain(`version ${version}`);
      expect(mail.raw).toMatch(/take effect on \d{4}-\d{2}-\d{2}T/);
    }
    const hook = await eventually(async () => audience.partner.hooks()[0]);
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      topic: TOPIC,
      data: { noticeId: audience.noticeId, version },
    });
    expect(typeof body.data.effectiveAt).toBe('string');
    expect(hook.headers['x-privacy-ops-signature']).toBe(
      `sha256=${createHmac('sha256', audience.partner.webhookSecret).update(hook.body).digest('hex')}`,
    );
    expect(hook.headers['x-privacy-ops-delivery']).toBe(body.id);
    await eventually(async () => other.hooks().length > 0);

    // Each chain of the fan-out (one per shard of the audience) records its mails' deliveries
    // and its count once it has sent them: shortly after the last mail arrives, the deliveries
    // show everyone mailed and no one else, and the counts add up.
    const mailedTo = await eventually(async () => {
      const deliveries = await server.gql(
        `{ deliveries(first: 100) { nodes { channel to topic } } }`,
        {},
        admin,
      );
      const to: string[] = deliveries.data?.deliveries.nodes
        .filter((node: { channel: string; topic: string }) => node.channel === 'EMAIL')
        .map((node: { to: string }) => node.to);
      return to.length >= audience.told.length ? to : null;
    });
    expect(mailedTo.sort()).toEqual([...audience.told].sort());
    const notMailed = mails(server.mailDir).filter((m) =>
      audience.notTold.some((email) => m.to.includes(email)),
    );
    expect(notMailed).toEqual([]);
    const notifications = await eventually(async () => {
      const answer = await server.gql(NOTIFICATIONS, { noticeId: audience.noticeId }, admin);
      const [notification] = answer.data?.noticeChangeNotifications ?? [];
      return notification?.subjectsNotified >= audience.told.length ? answer : null;
    });
    expect(notifications.data?.noticeChangeNotifications).toEqual([
      expect.objectContaining({ version, subjectsNotified: 2, partnersNotified: 2 }),
    ]);
  });

  it('retries a failing partner with one delivery id, then records it FAILED', async () => {
    const server = await startServerFailingSoon();
    const admin = await adminToken();
    const notice = await createPublishedNotice(server);
    const partner = await createWebhookPartner(server, failing, { name: 'Globex' });
    await publishNextVersion(server, notice.noticeId, { material: true });

    const failed = await eventually(async () => {
      const response = await server.gql(
        `{ deliveries(status: FAILED, first: 10) { nodes { id channel to topic attempts lastError } } }`,
        {},
        admin,
      );
      return response.data?.deliveries.nodes[0];
    }, 45_000);
    expect(failed).toMatchObject({ channel: 'WEBHOOK', to: partner.id, topic: TOPIC });
    expect(failed.attempts).toBeGreaterThanOrEqual(5);
    expect(failed.lastError).toContain('500');
    const calls = partner.hooks();
    expect(calls).toHaveLength(failed.attempts);
    expect(new Set(calls.map((hook) => hook.headers['x-privacy-ops-delivery']))).toEqual(
      new Set([failed.id]),
    );
  }, 60_000);

  it('tells nobody twice when a step runs again', async () => {
    const server = await startOwnServer();
    const admin = await adminToken();
    const audience = await audienceOf(server);
    const version = await publishNextVersion(server, audience.noticeId, { material: true });
    await toldOf(server, audience, version);

    const services = freshServices(server.services);
    // The steps run again send through a sender that counts: a mail sent twice would show.
    const sentAgain: string[] = [];
    const senders: Senders = {
      mail: {
        send: async (mail) => {
          sentAgain.push(mail.deliveryId);
        },
      },
      webhook: createWebhookSender(),
    };
    const published = await getVersion(server.db, audience.noticeId, version);
    if (!published) throw new Error(`no version ${version}`);
    await startNotification(services, published);
    for (let shard = 0; shard < notificationKeys.shards; shard += 1) {
      await fanOutStep(services, senders, {
        noticeId: audience.noticeId,
        version,
        shard,
        step: 0,
        cursor: null,
        told: 0,
        checkWritten: false,
      });
    }
    // The stream is handled in order: once a later publication is told, anything the steps run
    // again had caused would have been sent.
    await toldOf(
      server,
      audience,
      await publishNextVersion(server, audience.noticeId, { material: true }),
    );

    expect(sentAgain).toEqual([]);
    expect(mailsOf(server, version)).toHaveLength(audience.told.length);
    expect(hooksOf(audience.partner, version)).toHaveLength(1);
    const notifications = await server.gql(NOTIFICATIONS, { noticeId: audience.noticeId }, admin);
    expect(
      notifications.data?.noticeChangeNotifications.find(
        (notification: { version: number }) => notification.version === version,
      ),
    ).toMatchObject({ subjectsNotified: 2, partnersNotified: 1 });
    const sent = await server.gql(`{ deliveries(first: 100) { nodes { attempts } } }`, {}, admin);
    expect(
      sent.data?.deliveries.nodes.every((node: { attempts: number }) => node.attempts === 1),
    ).toBe(true);
  });
});

describe('a minor publication', () => {
  it('sends nothing', async () => {
    const server = await startOwnServer();
    const admin = await adminToken();
    const audience = await audienceOf(server);
    const minor = await publishNextVersion(server, audience.noticeId, { material: false });
    // The stream is handled in order: once a later material publication is told,
    // whatever the minor one had caused would have been sent.
    const material = await publishNextVersion(server, audience.noticeId, { material: true });
    await toldOf(server, audience, material);

    expect(mailsOf(server, minor)).toEqual([]);
    expect(hooksOf(audience.partner, minor)).toEqual([]);
    const notifications = await server.gql(NOTIFICATIONS, { noticeId: audience.noticeId }, admin);
    expect(
      notifications.data?.noticeChangeNotifications.map(
        (notification: { version: number }) => notification.version,
      ),
    ).toEqual([material]);
  });
});
