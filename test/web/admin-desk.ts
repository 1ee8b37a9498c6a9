import { expect, type Page } from '@playwright/test';
import type { PagesServer } from './support/server';

/** Opens the admin desk and signs in as a person would: the token pasted into "Admin token". */
export async function signInToDesk(page: Page, server: PagesServer, path = '/') {
  await page.goto(`${server.baseURL}/admin#${path}`);
  await page.getByLabel('Admin token').fill(await server.token({ role: 'admin' }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
