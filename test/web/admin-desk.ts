import { expect, type Locator, type Page } from '@playwright/test';
import type { PagesServer } from './support/server';

/** Opens the admin desk and signs in as a person would: the token pasted into "Admin token". */
export async function signInToDesk(page: Page, server: PagesServer, path = '/') {
  await page.goto(`${server.baseURL}/admin#${path}`);
  await page.getByLabel('Admin token').fill(await server.token({ role: 'admin' }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * Presses Tab until `target` has the focus, as a keyboard user moves through
 * the page; fails when it is not reached within `limit` presses.
 */
export async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element.matches(':focus'))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** How far the page is wider than the window: more than 0 means sideways scrolling. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  // A string, evaluated in the page: this project's Node typings have no DOM.
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}
