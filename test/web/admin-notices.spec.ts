import { expect, test } from '@playwright/test';
import { signInToDesk } from './admin-desk';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

const server = useLocalServer();

/** A date-time-local value a year ahead, as the field takes it. */
function nextYear(): string {
  const at = new Date(Date.now() + 365 * 86_400_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T10:00`;
}

test.describe('signing in to the admin desk', () => {
  test('a person’s token is refused with the API’s words; an admin’s opens the desk, and signing out closes it', async ({
    page,
  }) => {
    await page.goto(`${server().baseURL}/admin`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Sign in to the admin desk' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page);

    await page
      .getByLabel('Admin token')
      .fill(await server().token({ role: 'subject', email: 'ada@example.org' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Your role may not do this');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.getByLabel('Admin token').fill('not a token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();

    await page.getByLabel('Admin token').fill(await server().token({ role: 'admin' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Admin desk' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Admin desk' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('Admin token')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Admin token')).toBeVisible();
  });
});

test.describe('the notice editor', () => {
  test('an admin drafts a revision, sees its section diff, and schedules it as material', async ({
    page,
  }) => {
    await signInToDesk(page, server(), '/notices');
    await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: 'Privacy notice of Zhejiang Lab' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Privacy notice of Zhejiang Lab' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'New draft' })).toBeVisible();
    await expectNoSeriousViolations(page);

    const first = page.getByRole('group', { name: /^Section 1:/ });
    await first
      .getByLabel('Body')
      .fill('We record your IP address and browser type to keep the Services secure.');
    await page.getByRole('button', { name: 'Add section' }).click();
    const added = page.getByRole('group', { name: /^Section 12/ });
    await expect(added.getByLabel('Key')).toBeFocused();
    await added.getByLabel('Key').fill('children');
    await added.getByLabel('Heading').fill('Children');
    await added.getByLabel('Body').fill('The Services are not meant for children under 14.');
    await added.getByRole('button', { name: 'Move up' }).click();
    await expect(page.getByRole('group', { name: 'Section 11: Children' })).toBeVisible();
    await page
      .getByLabel('Change summary')
      .fill('We say why we record IP addresses, and that the Services are not for children.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Draft version 2 saved.' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Draft version 2', exact: true })).toBeVisible();

    await expect(
      page.getByRole('heading', { name: 'Changes against the version in effect' }),
    ).toBeVisible();
    await expect(
      page.getByRole('insertion').filter({ hasText: 'children under 14' }),
    ).toBeVisible();
    await expect(page.getByRole('deletion').first()).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Material change').check();
    await page.getByLabel('Effective date').fill(nextYear());
    await page.getByRole('button', { name: 'Publish version 2…' }).click();
    await expect(page.getByText(/Schedule version 2 to take effect on/)).toBeFocused();
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Yes, schedule version 2' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Version 2 is scheduled' }),
    ).toBeVisible();

    const history = page.getByRole('table', { name: /Every version/ });
    const row = history
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) });
    await expect(row).toContainText('Scheduled');
    await expect(row).toContainText('Material');
    await expect(row).toContainText('not for children');
    await expect(
      history
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: '1', exact: true }) }),
    ).toContainText('Published');
    await expect(page.getByRole('heading', { name: 'New draft' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('a new notice is created and opens in the editor', async ({ page }) => {
    await signInToDesk(page, server(), '/notices');
    await page.getByLabel('Notice id').fill('events-notice');
    await page.getByLabel('Title').fill('Events notice');
    await page.getByRole('button', { name: 'Create notice' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Events notice' })).toBeVisible();
    await expect(page.getByText('No version has been published yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Add section' }).click();
    const section = page.getByRole('group', { name: /^Section 1/ });
    await section.getByLabel('Key').fill('who-we-are');
    await section.getByLabel('Heading').fill('Who we are');
    await section.getByLabel('Body').fill('The lab runs events.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Draft version 1 saved.' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Publish version 1…' }).click();
    await page.getByRole('button', { name: 'Yes, publish version 1' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Version 1 is published' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
