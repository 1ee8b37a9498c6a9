import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/dynamodb';
import { createDb } from '../../store/db';
import { getRequest, requestChange } from '../../store/requests';
import { transact } from '../../store/transactions';
import { sidewaysOverflow, signInToDesk, tabTo } from './admin-desk';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

/**
 * The server runs on a DynamoDB Local of the test's own, so that one request
 * can be moved past its deadline (the API never lets a deadline be in the past).
 */
let database: EmbeddedDynamo | null = null;
const env: Record<string, string> = {};
test.beforeAll(async () => {
  database = await startEmbeddedDynamo({ dataDir: null });
  env.DYNAMODB_ENDPOINT = database.endpoint;
});
const server = useLocalServer(env);
test.afterAll(async () => {
  await database?.stop();
});

const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id status dueAt } }`;

/** A request as a person makes it: submitted, then verified with the mailed code. */
async function verifiedRequest(type: string, email: string, jurisdiction: string) {
  const submitted = await server().gql(SUBMIT, {
    input: {
      type,
      email,
      jurisdiction,
      details: `Please handle my ${type.toLowerCase()} request.`,
    },
  });
  expect(submitted.errors).toBeUndefined();
  const id: string = submitted.data.submitSubjectRequest.id;
  const code = await server().codeMailedTo(email, 'request.verification');
  const verified = await server().gql(VERIFY, { id, code });
  expect(verified.data?.verifySubjectRequest.status).toBe('OPEN');
  return id;
}

async function moveDeadlineToYesterday(id: string) {
  const db = createDb({ endpoint: database?.endpoint, table: 'privacy-ops' });
  const request = await getRequest(db, id);
  if (!request) throw new Error(`no request ${id}`);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  await transact(
    db,
    requestChange(db, request, { ...request, dueAt: yesterday, revision: request.revision + 1 }),
  );
}

const requests = { late: '', pipl: '', gdpr: '', ccpa: '' };

test.beforeAll(async () => {
  requests.ccpa = await verifiedRequest('ERASURE', 'carol.white@example.net', 'CCPA');
  requests.gdpr = await verifiedRequest('ACCESS', 'jane.doe@example.org', 'GDPR');
  requests.pipl = await verifiedRequest('OBJECTION', 'li.wei@example.cn', 'PIPL');
  requests.late = await verifiedRequest('RESTRICTION', 'otto.late@example.com', 'GDPR');
  await moveDeadlineToYesterday(requests.late);
});

function queueRows(page: Page) {
  return page.getByRole('table', { name: /soonest deadline first/ }).getByRole('row');
}

test.describe('the request queue', () => {
  test('is ordered by due date, marks the overdue request in words, and masks addresses until one is opened', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/requests');
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    const rows = queueRows(page);
    // The header row, then soonest deadline first: past, PIPL's 15 working days, GDPR's month, CCPA's 45 days.
    await expect(rows).toHaveCount(5);
    await expect(rows.nth(1)).toContainText(requests.late);
    await expect(rows.nth(1)).toContainText('Overdue');
    await expect(rows.nth(2)).toContainText(requests.pipl);
    await expect(rows.nth(3)).toContainText(requests.gdpr);
    await expect(rows.nth(4)).toContainText(requests.ccpa);
    for (const row of [2, 3, 4]) await expect(rows.nth(row)).not.toContainText('Overdue');

    await expect(rows.nth(3)).toContainText('j•••@example.org');
    await expect(rows.nth(2)).toContainText('l•••@example.cn');
    for (const address of ['jane.doe@example.org', 'li.wei@example.cn', 'otto.late@example.com']) {
      await expect(page.getByText(address)).toHaveCount(0);
    }
    await expectNoSeriousViolations(page);

    await page.getByLabel('Deadline').selectOption({ label: 'Overdue only' });
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(requests.late);
    await page.getByLabel('Deadline').selectOption({ label: 'Any' });
    await page.getByLabel('Status').selectOption({ label: 'Completed' });
    await expect(page.getByText('No request matches.')).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Status').selectOption({ label: 'Any status' });
    await page.getByRole('link', { name: `Access request ${requests.gdpr}` }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Access request ${requests.gdpr}` }),
    ).toBeVisible();
    await expect(page.getByText('jane.doe@example.org')).toBeVisible();
    await expect(page.getByText('GDPR (EU)')).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('by keyboard alone, an admin signs in and extends a request with a reason', async ({
    page,
  }) => {
    await page.goto(`${server().baseURL}/admin#/requests`);
    await tabTo(page, page.getByLabel('Admin token'));
    await page.keyboard.insertText(await server().token({ role: 'admin' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeFocused();
    await tabTo(page, page.getByRole('link', { name: `Erasure request ${requests.ccpa}` }));
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { level: 1, name: `Erasure request ${requests.ccpa}` }),
    ).toBeFocused();
    await tabTo(page, page.getByRole('button', { name: 'Extend…' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Reason for the extension'));
    await page.keyboard.type('We must search the archive of past events as well.');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Extend', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText(/Extend the deadline of this request\?/)).toBeFocused();
    await expectNoSeriousViolations(page);
    await tabTo(page, page.getByRole('button', { name: 'Yes, extend it' }));
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: 'The deadline is extended.' }),
    ).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: /^Extended$/ })).toBeVisible();
    await expect(page.getByRole('list').filter({ hasText: 'past events' })).toContainText(
      'Extended',
    );
    await expect(page.getByRole('button', { name: 'Extend…' })).toHaveCount(0);
    await expectNoSeriousViolations(page);
  });

  test('an admin completes an access request and downloads its export', async ({ page }) => {
    await signInToDesk(page, server(), `/requests/${requests.gdpr}`);
    await page.getByRole('button', { name: 'Complete…' }).click();
    await page.getByLabel('Note').fill('Everything we hold is in the export.');
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, complete it' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The request is completed.' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /Complete|Extend|Reject/ })).toHaveCount(0);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the export (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`request-${requests.gdpr}.json`);
    const exported = await readFile(await file.path(), 'utf8');
    expect(exported).toContain('jane.doe@example.org');
    expect(() => JSON.parse(exported)).not.toThrow();
    await expectNoSeriousViolations(page);
  });

  test.describe('at 375 px wide', () => {
    test.use({ viewport: { width: 375, height: 800 } });

    test('an admin rejects a request with a reason, and the audit log shows each decision', async ({
      page,
    }) => {
      await signInToDesk(page, server(), '/requests');
      await page.getByRole('link', { name: `Objection request ${requests.pipl}` }).click();
      await page.getByRole('button', { name: 'Reject…' }).click();
      await page.getByRole('button', { name: 'Reject', exact: true }).click();
      await expect(page.getByRole('alert')).toHaveText('Give the reason for the rejection.');
      await page
        .getByLabel('Reason for the rejection')
        .fill('We hold no data about this address to correct.');
      await page.getByRole('button', { name: 'Reject', exact: true }).click();
      await expectNoSeriousViolations(page);
      await page.getByRole('button', { name: 'Yes, reject it' }).click();
      await expect(
        page.getByRole('status').filter({ hasText: 'The request is rejected.' }),
      ).toBeVisible();
      await expect(
        page.getByText('We hold no data about this address to correct.').first(),
      ).toBeVisible();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectNoSeriousViolations(page);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByLabel('Entity', { exact: true }).selectOption('SubjectRequest');
      await page.getByRole('button', { name: 'Show entries' }).click();
      const log = page.getByRole('table', { name: /Audit entries/ });
      for (const [action, id] of [
        ['rejectSubjectRequest', requests.pipl],
        ['completeSubjectRequest', requests.gdpr],
        ['extendSubjectRequest', requests.ccpa],
      ]) {
        await expect(log.getByRole('row').filter({ hasText: action })).toContainText(id ?? '');
      }
      await expectNoSeriousViolations(page);
    });
  });
});

/** The value a fact list (dl) gives for a term on the request's page. */
function fact(page: Page, term: string) {
  return page
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** The last 31 January that is past, and the last day of the February after it. */
function lastThirtyFirstOfJanuary(now = new Date()) {
  const thisYear = now.getUTCFullYear();
  const year = now >= new Date(Date.UTC(thisYear, 0, 31, 12)) ? thisYear : thisYear - 1;
  return { year, lastOfFebruary: new Date(Date.UTC(year, 2, 0)).getUTCDate() };
}

const REQUESTS_HELD = `query ($email: EmailAddress!) { subject(email: $email) { requests { id } } }`;

test.describe('requests received offline', () => {
  // The API counts deadlines in UTC days; the page shows them in the browser's zone.
  test.use({ timezoneId: 'UTC' });

  test('an admin enters a postal request with the day it arrived: the deadline counts from that day, never from a day to come', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/requests');
    await page.getByRole('link', { name: 'Enter a request received offline' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Enter a request received offline' }),
    ).toBeFocused();
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByLabel('Received on')).toHaveAttribute('max', today);
    await expect(page.getByLabel('Received by')).not.toContainText('Web form');
    await expectNoSeriousViolations(page);

    await page.getByLabel('Type of request').selectOption({ label: 'Access' });
    await page.getByLabel("Requester's email address").fill('paula.post@example.de');
    await page.getByLabel('Jurisdiction').selectOption({ label: 'GDPR (EU)' });
    await page.getByLabel('Received by').selectOption({ label: 'Post' });
    await page.getByLabel('Identity verified').check();
    await page.getByLabel('Details (optional)').fill('Letter of 29 January, reference P-118.');

    // Today, at a time still to come: the API refuses it, and nothing is entered.
    await page.getByLabel('Received on').fill(today);
    await page.getByLabel('Received at (optional)').fill('23:59');
    await page.getByRole('button', { name: 'Enter the request' }).click();
    await expect(page.getByRole('alert')).toContainText('future');
    await expect(page).toHaveURL(/#\/requests\/new$/);
    await expectNoSeriousViolations(page);
    const admin = await server().token({ role: 'admin' });
    const held = await server().gql(REQUESTS_HELD, { email: 'paula.post@example.de' }, admin);
    expect(held.data.subject?.requests ?? []).toEqual([]);

    const { year, lastOfFebruary } = lastThirtyFirstOfJanuary();
    await page.getByLabel('Received on').fill(`${year}-01-31`);
    await page.getByLabel('Received at (optional)').fill('');
    await page.getByRole('button', { name: 'Enter the request' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Access request / });
    await expect(heading).toBeFocused();
    const id = ((await heading.textContent()) ?? '').replace('Access request ', '');
    await expect(fact(page, 'Received by')).toHaveText('Post');
    await expect(fact(page, 'Received')).toContainText(`January 31, ${year}`);
    await expect(fact(page, 'Due')).toContainText(`February ${lastOfFebruary}, ${year}`);
    await expect(fact(page, 'Status')).toHaveText('Open');
    await expect(page.getByText('Already open since')).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Back to the requests' }).click();
    const row = queueRows(page).filter({
      has: page.getByRole('link', { name: `Access request ${id}` }),
    });
    await expect(row).toContainText('Post');
    await expect(row).toContainText(`January 31, ${year}`);
  });

  test('an unverified request by mail waits for the mailed code; the form asks what each type needs', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/requests/new');
    await page.getByLabel('Type of request').selectOption({ label: 'Consent withdrawal' });
    const purposes = page.getByRole('group', { name: 'Purposes concerned' });
    await expect(purposes.getByRole('checkbox').first()).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Type of request').selectOption({ label: 'Rectification' });
    await expect(purposes).toHaveCount(0);
    await page.getByLabel('Detail 1').selectOption({ label: 'Name' });
    await page.getByLabel('Correct value 1').fill('Rita Rectified');
    await page.getByRole('button', { name: 'Add another correction' }).click();
    await expect(page.getByLabel('Detail 2')).toBeFocused();
    await page.getByLabel('Detail 2').selectOption({ label: 'Job title' });
    await page.getByLabel('Correct value 2').fill('Curator');
    await page.getByLabel("Requester's email address").fill('rita.rect@example.org');
    await page.getByLabel('Received by').selectOption({ label: 'Email' });
    await page.getByLabel('Received on').fill(new Date().toISOString().slice(0, 10));
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Enter the request' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: /^Rectification request / }),
    ).toBeFocused();
    await expect(fact(page, 'Status')).toHaveText('Awaiting verification');
    await expect(fact(page, 'Received by')).toHaveText('Email');
    await expect(fact(page, 'Verified')).toHaveText('Not yet');
    expect(
      await server().codeMailedTo('rita.rect@example.org', 'request.verification'),
    ).toBeTruthy();
    await expectNoSeriousViolations(page);
  });

  test.describe('at 375 px wide', () => {
    test.use({ viewport: { width: 375, height: 800 } });

    test('a request by phone that is already open is answered with the open one: no second mail, no new deadline', async ({
      page,
    }) => {
      const openId = await verifiedRequest('ERASURE', 'dora.dup@example.org', 'GDPR');
      const admin = await server().token({ role: 'admin' });
      const before = await server().gql(
        `query ($id: ID!) { subjectRequest(id: $id) { dueAt } }`,
        { id: openId },
        admin,
      );

      await signInToDesk(page, server(), '/requests/new');
      await page.getByLabel('Type of request').selectOption({ label: 'Erasure' });
      await page.getByLabel("Requester's email address").fill('Dora.Dup@example.org');
      await page.getByLabel('Received by').selectOption({ label: 'Phone' });
      await page.getByLabel('Received on').fill(new Date().toISOString().slice(0, 10));
      await page.getByLabel('Identity verified').check();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'Enter the request' }).click();

      await expect(
        page.getByRole('heading', { level: 1, name: `Erasure request ${openId}` }),
      ).toBeFocused();
      await expect(page).toHaveURL(new RegExp(`#/requests/${openId}/already-open$`));
      await expect(
        page.getByRole('status').filter({ hasText: 'Already open since' }),
      ).toBeVisible();
      await expect(fact(page, 'Received by')).toHaveText('Web form');
      const after = await server().gql(
        `query ($id: ID!) { subjectRequest(id: $id) { dueAt } }`,
        { id: openId },
        admin,
      );
      expect(after.data.subjectRequest.dueAt).toBe(before.data.subjectRequest.dueAt);
      const codes = server()
        .mails()
        .filter((mail) => mail.topic === 'request.verification' && mail.to.includes('dora.dup'));
      expect(codes).toHaveLength(1);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectNoSeriousViolations(page);
    });
  });
});
