import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy } from '../../web/headers';
import { signInToDesk } from './admin-desk';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

const server = useLocalServer();

/**
 * The stand-in pool's way back to the desk: a page that moves on at once (Playwright
 * routes no request a redirect leads to, and the desk's answer must pass through a route).
 */
function sendBack(url: string) {
  return {
    contentType: 'text/html',
    body: `<!doctype html><meta http-equiv="refresh" content="0;url=${url.replace(/&/g, '&amp;')}">`,
  };
}

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

  test('on AWS, the hosted sign-in: authorization code with PKCE, the ID token kept, and signing out through the pool', async ({
    page,
  }) => {
    // A stand-in for the user pool's hosted sign-in endpoints; the API behind the desk is the real
    // local one, which takes the ID token the stand-in hands out (a local admin token).
    const pool = 'https://privacy-ops-test.auth.eu-west-1.amazoncognito.com';
    const clientId = 'admin-desk-client';
    const desk = `${server().baseURL}/admin`;
    const idToken = await server().token({ role: 'admin' });
    let challenge = '';
    let loggedOut = false;
    await page.route(`${server().baseURL}/config.json`, (route) =>
      route.fulfill({
        json: {
          graphqlUrl: '/graphql',
          adminSignIn: { kind: 'hosted', domainUrl: pool, clientId },
        },
      }),
    );
    // The stack lets the pages reach the pool domain (connect-src), as CloudFront's headers do.
    await page.route(`${desk}*`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy': contentSecurityPolicy([pool]),
        },
      });
    });
    await page.route(`${pool}/oauth2/authorize?*`, (route) => {
      const asked = new URL(route.request().url()).searchParams;
      expect(asked.get('response_type')).toBe('code');
      expect(asked.get('client_id')).toBe(clientId);
      expect(asked.get('redirect_uri')).toBe(desk);
      expect(asked.get('scope')).toBe('openid email profile');
      expect(asked.get('code_challenge_method')).toBe('S256');
      challenge = asked.get('code_challenge') ?? '';
      const back = new URL(desk);
      back.search = new URLSearchParams({
        code: 'the-code',
        state: asked.get('state') ?? '',
      }).toString();
      return route.fulfill(sendBack(back.toString()));
    });
    await page.route(`${pool}/oauth2/token`, (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const answers =
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === clientId &&
        form.get('code') === 'the-code' &&
        form.get('redirect_uri') === desk &&
        createHash('sha256').update(verifier).digest('base64url') === challenge;
      return route.fulfill({
        status: answers ? 200 : 400,
        headers: { 'access-control-allow-origin': server().baseURL },
        json: answers
          ? { id_token: idToken, access_token: 'unused', expires_in: 3600, token_type: 'Bearer' }
          : { error: 'invalid_grant' },
      });
    });
    await page.route(`${pool}/logout?*`, (route) => {
      const asked = new URL(route.request().url()).searchParams;
      loggedOut = asked.get('client_id') === clientId && asked.get('logout_uri') === desk;
      return route.fulfill(sendBack(desk));
    });

    await page.goto(`${desk}#/requests`);
    await expect(page.getByLabel('Admin token')).toHaveCount(0);
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    expect(page.url()).toBe(`${desk}#/requests`);
    expect(
      await page.evaluate<string>("sessionStorage.getItem('privacy-ops.admin-token') ?? ''"),
    ).toContain(idToken);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Sign in to the admin desk' }),
    ).toBeVisible();
    expect(loggedOut).toBe(true);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
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

    await expect(
      page.getByRole('heading', { name: 'Translations of draft version 2' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Start from version 1 in zh-CN' }).click();
    await expect(page.getByLabel('Language', { exact: true })).toHaveValue('zh-CN');
    const translatedFirst = page.getByRole('group', {
      name: /^Section 1 \(collected-automatically\)/,
    });
    await expect(translatedFirst.getByLabel('Translated heading')).not.toHaveValue('');
    await translatedFirst
      .getByLabel('Translated body')
      .fill('为保障服务安全，我们会记录您的 IP 地址和浏览器类型。');
    const translatedChildren = page.getByRole('group', { name: /^Section 11 \(children\)/ });
    await expect(translatedChildren.getByLabel('Translated heading')).toHaveValue('');
    await translatedChildren.getByLabel('Translated heading').fill('儿童');
    await translatedChildren.getByLabel('Translated body').fill('本服务不面向 14 岁以下的儿童。');
    await page
      .getByLabel('Translated change summary')
      .fill('我们说明了记录 IP 地址的原因，并说明本服务不面向儿童。');
    await page.getByRole('button', { name: 'Save translation' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The zh-CN translation of version 2 is saved.' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Edit the zh-CN translation' })).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Material change').check();
    await page.getByLabel('Effective date').fill(nextYear());
    await page.getByRole('button', { name: 'Publish version 2…' }).click();
    await expect(
      page.getByText(/Schedule version 2 \(en, zh-CN\) to take effect on/),
    ).toBeFocused();
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
    await expect(row).toContainText('en, zh-CN');
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
