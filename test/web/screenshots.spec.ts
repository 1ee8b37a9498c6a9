/**
 * `npm run screenshots`: every page of the privacy centre and the admin desk,
 * at a desktop width and at 375 px, into docs/screenshots/ for the README.
 * Not part of `npm test`: pictures are documentation, the journeys are the tests.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { signInToDesk } from './admin-desk';
import { asAdmin, createEvent, ok, recordSharing, register, signIn } from './my-privacy-fixtures';
import { useLocalServer } from './support/server';

const server = useLocalServer();
const FOLDER = join(__dirname, '../../docs/screenshots');
const PERSON = 'ada.lovelace@example.org';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '375', viewport: { width: 375, height: 812 } },
] as const;

let eventId = '';
let requestId = '';

test.beforeAll(async () => {
  eventId = await createEvent(server(), 'Open data day');
  await register(server(), PERSON, eventId, ['marketing']);
  await recordSharing(server(), PERSON, 'Partner University');
  const submitted = await ok(
    server().gql(
      `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
      { input: { type: 'ACCESS', email: PERSON, jurisdiction: 'GDPR' } },
    ),
  );
  requestId = submitted.submitSubjectRequest.id;
  const code = await server().codeMailedTo(PERSON, 'request.verification');
  await ok(
    server().gql(
      `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id } }`,
      { id: requestId, code },
    ),
  );
  await asAdmin(server(), `{ auditLog(first: 1) { nodes { id } } }`);
});

async function shoot(page: Page, name: string, width: string) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
  await page.screenshot({ path: join(FOLDER, `${name}-${width}.png`) });
}

for (const { name: width, viewport } of WIDTHS) {
  test.describe(`at ${width}`, () => {
    test.use({ viewport });

    test('the privacy centre', async ({ page }) => {
      await page.goto(`${server().baseURL}/`);
      await shoot(page, 'centre-notice', width);
      await page.getByLabel('Language of the notice').selectOption('zh-CN');
      await expect(page.locator('article[lang="zh-CN"]')).toBeVisible();
      await shoot(page, 'centre-notice-zh-CN', width);
      await page.getByLabel('Language of the notice').selectOption('en');
      await page.goto(`${server().baseURL}/#/events`);
      await shoot(page, 'centre-events', width);
      await page.goto(`${server().baseURL}/#/events/${eventId}`);
      await shoot(page, 'centre-registration', width);
      await page.goto(`${server().baseURL}/#/request`);
      await shoot(page, 'centre-request', width);
      await page.goto(`${server().baseURL}/#/sign-in`);
      await shoot(page, 'centre-sign-in', width);
      await signIn(page, server(), PERSON);
      await shoot(page, 'centre-my-privacy', width);
    });

    test('the admin desk', async ({ page }) => {
      await page.goto(`${server().baseURL}/admin`);
      await shoot(page, 'admin-sign-in', width);
      await signInToDesk(page, server(), '/requests');
      await shoot(page, 'admin-requests', width);
      for (const [name, path] of [
        ['admin-request', `/requests/${requestId}`],
        ['admin-notice', '/notices/website'],
        ['admin-deliveries', '/deliveries'],
        ['admin-audit', '/audit'],
        ['admin-register', '/register'],
      ] as const) {
        await page.goto(`${server().baseURL}/admin#${path}`);
        await shoot(page, name, width);
      }
    });
  });
}
