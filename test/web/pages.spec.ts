import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

const server = useLocalServer();

test.describe('the pages as served', () => {
  test('the privacy centre and the admin desk load with a strict Content-Security-Policy and no outside host', async ({
    page,
  }) => {
    const outside: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server().baseURL)) outside.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    for (const path of ['/', '/admin']) {
      const response = await page.goto(`${server().baseURL}${path}`);
      expect(response?.status()).toBe(200);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(response?.headers()['x-content-type-options']).toBe('nosniff');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await page.locator('script:not([src])').count()).toBe(0);
    }
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);
  });

  test('/config.json tells the pages where GraphQL is', async ({ request }) => {
    const response = await request.get(`${server().baseURL}/config.json`);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ graphqlUrl: '/graphql' });
  });

  test('a consent receipt’s notice link opens that version of the notice in the privacy centre', async ({
    page,
  }) => {
    const answer = await server().gql('{ notice(id: "website") { current { number } } }');
    const number: number = answer.data.notice.current.number;
    await page.goto(`${server().baseURL}/notices/website/versions/${number}`);
    await expect(page).toHaveURL(new RegExp(`#/notices/website/versions/${number}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(new RegExp(`version ${number}`, 'i'))).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Contents' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
