import { createHmac } from 'node:crypto';
import { fanOutStep, startNotification } from '../../domain/notifications/fan-out';
import { freshServices } from '../../domain/services';
import { getVersion } from '../../store/notices';
import {
  eventually,
  mails,
  startTestServer,
  tokenFor,
  waitForMail,
  type TestServer,
} from '../support/harness';
import { CREATE_EVENT, REGISTER, eventInput, publish, seedRegister } from '../support/people';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';

let server: TestServer;
let admin: string;
let good: WebhookReceiver;
let failing: WebhookReceiver;
const HOUR = 3_600_000;

const NOTIFICATIONS = `{ noticeChangeNotifications(noticeId: "site") { version subjectsNotified partnersNotified createdAt } }`;

async function register(email: string, eventId: string, consentPurposeIds: string[] = []) {
  const response = await server.gql(REGISTER, {
    input: {
      eventId,
      attendee: { name: 'Someone', email },
      noticeId: 'site',
      noticeVersion: 1,
      consentPurposeIds,
    },
  });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
}

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  admin = await tokenFor({ role: 'admin' });
  await seedRegister(server.gql, admin);
  good = await startWebhookReceiver(200);
  failing = await startWebhookReceiver(500);
  const partner = `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`;
  await server.gql(
    partner,
    {
      input: {
        id: 'acme',
        name: 'Acme',
        kind: 'COSPONSOR',
        webhookUrl: good.url,
        webhookSecret: 'acme-secret-0123456789',
      },
    },
    admin,
  );
  await server.gql(
    partner,
    {
      input: {
        id: 'globex',
        name: 'Globex',
        kind: 'SERVICE_PROVIDER',
        webhookUrl: failing.url,
        webhookSecret: 'globex-secret-0123456789',
      },
    },
    admin,
  );

  await server.gql(CREATE_EVENT, { input: eventInput('later') }, admin);
  const soon = Date.now();
  await server.gql(
    CREATE_EVENT,
    {
      input: eventInput('soon', {
        startsAt: new Date(soon + HOUR).toISOString(),
        endsAt: new Date(soon + 2 * HOUR).toISOString(),
      }),
    },
    admin,
  );
  await register('consented@example.org', 'soon', ['marketing']);
  await register('registered@example.org', 'later');
  await register('past@example.org', 'soon');
  await register('withdrawn@example.org', 'soon', ['marketing']);
  const withdrawn = await tokenFor({ role: 'subject', email: 'withdrawn@example.org' });
  await server.gql(
    `mutation { withdrawConsent(purposeId: "marketing") { status } }`,
    {},
    withdrawn,
  );
  // Consent under another notice is not a reason to hear about this one.
  await server.gql(
    `mutation { createNotice(input: { id: "other", title: "Other" }) { id } }`,
    {},
    admin,
  );
  await server.gql(
    `mutation { saveNoticeDraft(input: { noticeId: "other", sections: [{ key: "a", heading: "A", body: "B" }] }) { number } }`,
    {},
    admin,
  );
  await server.gql(
    `mutation { publishNoticeVersion(input: { noticeId: "other", number: 1, material: true }) { number } }`,
    {},
    admin,
  );
  const elsewhere = await tokenFor({ role: 'subject', email: 'elsewhere@example.org' });
  const granted = await server.gql(
    `mutation { grantConsent(input: { purposeId: "marketing", noticeId: "other", noticeVersion: 1 }) { status } }`,
    {},
    elsewhere,
  );
  if (granted.errors) throw new Error(JSON.stringify(granted.errors));
  // The event "soon" ends: its attendees without consent are no longer told.
  server.clock.advance(3 * HOUR);
});
afterAll(async () => {
  await server.close();
  await good.close();
  await failing.close();
});

describe('a material publication', () => {
  it('reaches every consenting or registered person and every partner within seconds', async () => {
    const version = await publish(server.gql, admin, true);
    const told = ['consented@example.org', 'registered@example.org'];
    for (const email of told) {
      const mail = await waitForMail(
        server.mailDir,
        (m) => m.topic === 'notice.material_change' && m.to.includes(email),
        10_000,
      );
      expect(mail.raw).toContain(`version ${version}`);
      expect(mail.raw).toMatch(/take effect on \d{4}-\d{2}-\d{2}T/);
    }
    const hook = await eventually(async () => good.received[0]);
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      topic: 'notice.material_change',
      data: { noticeId: 'site', version },
    });
    expect(typeof body.data.effectiveAt).toBe('string');
    expect(hook.headers['x-privacy-ops-signature']).toBe(
      `sha256=${createHmac('sha256', 'acme-secret-0123456789').update(hook.body).digest('hex')}`,
    );
    expect(hook.headers['x-privacy-ops-delivery']).toBe(body.id);

    const notMailed = mails(server.mailDir).filter(
      (m) => m.topic === 'notice.material_change' && /past@|withdrawn@|elsewhere@/.test(m.to),
    );
    expect(notMailed).toEqual([]);
    const notifications = await server.gql(NOTIFICATIONS, {}, admin);
    expect(notifications.data?.noticeChangeNotifications).toEqual([
      expect.objectContaining({ version, subjectsNotified: 2, partnersNotified: 2 }),
    ]);
  });

  it('retries a failing partner with one delivery id, then records it FAILED', async () => {
    const failed = await eventually(async () => {
      const response = await server.gql(
        `{ deliveries(status: FAILED, first: 10) { nodes { id channel to topic attempts lastError } } }`,
        {},
        admin,
      );
      return response.data?.deliveries.nodes[0];
    }, 45_000);
    expect(failed).toMatchObject({
      channel: 'WEBHOOK',
      to: 'globex',
      topic: 'notice.material_change',
    });
    expect(failed.attempts).toBeGreaterThanOrEqual(5);
    expect(failed.lastError).toContain('500');
    expect(failing.received).toHaveLength(failed.attempts);
    expect(new Set(failing.received.map((hook) => hook.headers['x-privacy-ops-delivery']))).toEqual(
      new Set([failed.id]),
    );
  }, 60_000);

  it('tells nobody twice when a step runs again', async () => {
    const before = mails(server.mailDir).length;
    const services = freshServices(server.services);
    const version = await getVersion(server.db, 'site', 2);
    if (!version) throw new Error('no version 2');
    await startNotification(services, version);
    await fanOutStep(services, {
      noticeId: 'site',
      version: 2,
      step: 0,
      cursor: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mails(server.mailDir).length).toBe(before);
    expect(good.received).toHaveLength(1);
    const notifications = await server.gql(NOTIFICATIONS, {}, admin);
    expect(notifications.data?.noticeChangeNotifications[0]).toMatchObject({
      subjectsNotified: 2,
      partnersNotified: 2,
    });
  });
});

describe('a minor publication', () => {
  it('sends nothing', async () => {
    const mailsBefore = mails(server.mailDir).length;
    const hooksBefore = good.received.length;
    await publish(server.gql, admin, false);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(mails(server.mailDir).length).toBe(mailsBefore);
    expect(good.received.length).toBe(hooksBefore);
    expect(
      (await server.gql(NOTIFICATIONS, {}, admin)).data?.noticeChangeNotifications,
    ).toHaveLength(1);
  });
});
