import { expect, test } from '@playwright/test';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';
import { sidewaysOverflow, signInToDesk } from './admin-desk';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

// A delivery is tried for 3 s only, so a partner that is down makes it FAILED within seconds.
const server = useLocalServer({ PRIVACY_OPS_RETRY_FOR_SECONDS: '3' });

const UPSERT_PARTNER = `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`;
const CREATE_EVENT = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const UPSERT_PURPOSE = `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`;
const SAVE_DRAFT = `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`;
const PUBLISH = `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`;
const FAILED = `query { deliveries(status: FAILED, first: 10) { nodes { id to topic } } }`;
const RECORD_ASSESSMENT = `mutation ($input: ImpactAssessmentInput!) { recordImpactAssessment(input: $input) { id } }`;

const DAY = 86_400_000;
/** An assessment of Acme made 400 days ago, whose review fell due 35 days ago. */
const lapsedAssessment = {
  conductedAt: new Date(Date.now() - 400 * DAY).toISOString(),
  reviewBy: new Date(Date.now() - 35 * DAY).toISOString(),
};

/** A date as the desk writes it, read in UTC as the register journeys' browser does. */
function longDate(at: string | Date): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(at));
}

let receiver: WebhookReceiver | null = null;
let failedDeliveryId = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const admin = await server().token({ role: 'admin' });
  const ok = async (query: string, variables: Record<string, unknown>) => {
    const answer = await server().gql(query, variables, admin);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };
  // The partner's receiver is down: every try of its webhook is answered 503.
  receiver = await startWebhookReceiver(503);
  await ok(UPSERT_PARTNER, {
    input: {
      id: 'acme',
      name: 'Acme Events GmbH',
      kind: 'COSPONSOR',
      country: 'DE',
      webhookUrl: receiver.urlFor('acme'),
      webhookSecret: 'a-webhook-secret-for-acme',
      contact: 'privacy@acme.example',
    },
  });
  await ok(UPSERT_PARTNER, {
    input: {
      id: 'mailhouse',
      name: 'Hangzhou Mailhouse Ltd',
      kind: 'SERVICE_PROVIDER',
      country: 'CN',
      contact: 'dpo@mailhouse.example.cn',
    },
  });
  await ok(RECORD_ASSESSMENT, {
    input: {
      partnerId: 'acme',
      scopes: ['PROVISION_TO_HANDLER'],
      ...lapsedAssessment,
      summary: 'Acme receives attendee names for badges at the summit it cosponsors.',
      risks: 'Acme decides its own uses; the names could reach its mailing lists.',
      safeguards: 'A data-sharing agreement forbids marketing use.',
    },
  });
  await ok(CREATE_EVENT, {
    input: {
      id: 'summit',
      title: 'Open Science Summit',
      format: 'IN_PERSON',
      startsAt: '2099-05-01T09:00:00Z',
      endsAt: '2099-05-01T17:00:00Z',
      cosponsorIds: ['acme'],
      dataUses: [{ category: 'NAME', purposeId: 'event-registration' }],
      retentionDays: 90,
    },
  });
  // Enough audit entries for the log to need a second page.
  for (let index = 0; index < 52; index += 1) {
    await ok(UPSERT_PURPOSE, {
      input: {
        id: `survey-${index}`,
        name: `Survey ${index}`,
        lawfulBasis: 'CONSENT',
        dataCategories: ['EMAIL'],
      },
    });
  }
  const draft = await ok(SAVE_DRAFT, {
    input: {
      noticeId: 'website',
      sections: [{ key: 'contact', heading: 'Contact', body: 'Write to the privacy team.' }],
      changeSummary: 'A shorter notice.',
    },
  });
  await ok(PUBLISH, {
    input: { noticeId: 'website', number: draft.saveNoticeDraft.number, material: true },
  });
  await expect
    .poll(
      async () => {
        const failed = (await ok(FAILED, {})).deliveries.nodes as { id: string; to: string }[];
        failedDeliveryId = failed.find((delivery) => delivery.to === 'acme')?.id ?? '';
        return failedDeliveryId;
      },
      { timeout: 60_000 },
    )
    .not.toBe('');
});

test.afterAll(async () => {
  await receiver?.close();
});

test.describe('deliveries', () => {
  test('a failed webhook shows its last error, and redelivered once the partner is back it is sent', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/deliveries');
    await expect(page.getByRole('heading', { level: 1, name: 'Deliveries' })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveValue('FAILED');
    const row = page
      .getByRole('row')
      .filter({ hasText: 'notice.material_change' })
      .filter({ hasText: 'acme' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Webhook');
    await expect(row).toContainText('Failed');
    await expect(row).toContainText('503');
    await expectNoSeriousViolations(page);

    receiver?.answerWith(200);
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Delivery ${failedDeliveryId} is pending again` }),
    ).toBeVisible();
    await expect(row).toContainText('Pending');
    await expect(row.getByRole('button', { name: 'Redeliver' })).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.getByLabel('Status').selectOption({ label: 'Sent' });
    const sent = page
      .getByRole('row')
      .filter({ hasText: 'notice.material_change' })
      .filter({ hasText: 'acme' });
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(sent).toContainText('Sent', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    expect(receiver?.receivedBy('acme').some((hook) => hook.status === 200)).toBe(true);
  });
});

test.describe('the audit log', () => {
  test('pages through every change, and narrows to one entity', async ({ page }) => {
    await signInToDesk(page, server(), '/audit');
    const log = page.getByRole('table', { name: /Audit entries/ });
    const rows = log.getByRole('row');
    await expect(rows).toHaveCount(51);
    await expect(rows.nth(1)).toContainText('redeliver');
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Show older entries' }).click();
    await expect(log.getByRole('row').filter({ hasText: 'createEvent' })).toContainText('summit');
    expect(await rows.count()).toBeGreaterThan(51);

    await page.getByLabel('Entity', { exact: true }).selectOption('Notice');
    await page.getByLabel('Entity id').fill('website');
    await page.getByRole('button', { name: 'Show entries' }).click();
    // Newest first: this file's draft and publication, down to the seed's createNotice.
    await expect(rows.nth(1)).toContainText('publishNoticeVersion');
    await expect(rows.nth(2)).toContainText('saveNoticeDraft');
    await expect(rows.last()).toContainText('createNotice');
    await expect(rows.filter({ hasNotText: 'Notice website' })).toHaveCount(1);
    await rows.nth(1).getByRole('link', { name: 'website' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Privacy notice of Zhejiang Lab' }),
    ).toBeVisible();

    await page.goto(`${server().baseURL}/admin#/audit`);
    await page.getByLabel('Entity', { exact: true }).selectOption('Delivery');
    await page.getByLabel('Entity id').fill(failedDeliveryId);
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('redeliver');
    await expectNoSeriousViolations(page);
  });
});

test.describe('the register at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('reads as the Art. 30 record, with recipients and transfers, and prints', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/register');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Register of processing activities' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Controller' })).toBeVisible();
    await expect(page.getByText('Zhejiang Lab', { exact: true })).toBeVisible();
    const registration = page.getByRole('region', { name: 'Event registration and billing' });
    await expect(registration).toContainText('Acme Events GmbH (cosponsor, DE)');
    await expect(registration).toContainText('Open Science Summit');
    await expect(registration).toContainText('Contract, Art. 6(1)(b)');
    const transfers = page.getByRole('heading', { name: 'Transfers to third countries' });
    await expect(transfers.locator('xpath=following-sibling::p[1]')).toHaveText('DE');
    await expect(page.getByRole('heading', { name: /security measures/ })).toBeVisible();
    const recipients = page.getByRole('table', { name: /role under PIPL/ });
    await expect(recipients.getByRole('row', { name: /Acme Events GmbH/ })).toContainText(
      'independent handler',
    );
    await expect(recipients.getByRole('row', { name: /Hangzhou Mailhouse/ })).toContainText(
      'entrusted party',
    );
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousViolations(page);

    // window.print opens the browser's dialog; counted instead (a string: no DOM typings here).
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; };');
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate<number>('window.printed')).toBe(1);

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await expect(page.getByRole('link', { name: 'Record an impact assessment' })).toBeHidden();
    await expect(
      page.getByRole('heading', { name: 'Impact assessments (PIPL Arts. 55-56)' }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Processing activities', exact: true }),
    ).toBeVisible();
  });
});

test.describe('impact assessments in the register', () => {
  test.use({ timezoneId: 'UTC' });

  test("the register names each recipient's PIPL role and contact, marks a lapsed review, and an admin records a new assessment", async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/register');
    const recipients = page.getByRole('table', { name: /role under PIPL/ });
    const acme = recipients.getByRole('row', { name: /Acme Events GmbH/ });
    await expect(acme).toContainText('independent handler (PIPL Art. 23)');
    await expect(acme).toContainText('privacy@acme.example');
    const mailhouse = recipients.getByRole('row', { name: /Hangzhou Mailhouse/ });
    await expect(mailhouse).toContainText('entrusted party (PIPL Art. 21)');
    await expect(mailhouse).toContainText('dpo@mailhouse.example.cn');

    const lapsed = page.getByRole('region', {
      name: `Acme Events GmbH, assessed ${longDate(lapsedAssessment.conductedAt)}`,
    });
    await expect(lapsed).toContainText('Provision to another handler (PIPL Art. 23)');
    await expect(lapsed).toContainText(longDate(lapsedAssessment.reviewBy));
    await expect(lapsed).toContainText('Review overdue');
    await expect(lapsed).toContainText('A data-sharing agreement forbids marketing use.');
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Record an impact assessment' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Record an impact assessment' }),
    ).toBeFocused();
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByLabel('Conducted on')).toHaveAttribute('max', today);

    await page
      .getByLabel('Partner')
      .selectOption({ label: 'Acme Events GmbH, independent handler (PIPL Art. 23), DE' });
    await page.getByLabel('Conducted on').fill(today);
    await page
      .getByLabel('Summary')
      .fill('Names and organisations go to Acme in Germany for badges.');
    await page.getByLabel('Risks').fill('Transfer abroad; Acme decides its own uses.');
    await page
      .getByLabel('Safeguards')
      .fill('Standard contract filed with the regulator; deletion after the event.');
    await page.getByRole('button', { name: 'Record the assessment' }).click();
    await expect(page.getByRole('alert')).toHaveText('Tick at least one provision it covers.');
    await expectNoSeriousViolations(page);

    await page.getByLabel('Provision to another handler (PIPL Art. 23)').check();
    await page.getByLabel('Provision abroad (PIPL Art. 39)').check();
    await page.getByRole('button', { name: 'Record the assessment' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Register of processing activities' }),
    ).toBeFocused();
    const recorded = page.getByRole('region', {
      name: `Acme Events GmbH, assessed ${longDate(today)}`,
    });
    await expect(recorded).toContainText(
      'Provision to another handler (PIPL Art. 23); Provision abroad (PIPL Art. 39)',
    );
    const inAYear = new Date(`${today}T00:00:00Z`);
    inAYear.setUTCFullYear(inAYear.getUTCFullYear() + 1);
    await expect(recorded).toContainText(longDate(inAYear));
    await expect(recorded).not.toContainText('Review overdue');
    await expect(recorded).toContainText('Standard contract filed with the regulator');
  });
});
