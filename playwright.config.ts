import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests: Debian's chromium (never a downloaded browser) against the
 * real local server, one server per spec file (test/web/support/server.ts).
 * CHROMIUM_PATH names another build of Chromium.
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // This machine's network is closed: no background calls to Google's hosts.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'test/web',
  globalSetup: './test/web/support/global-setup.ts',
  fullyParallel: false,
  // Two cores: one browser and one server at a time keep the journeys honest.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    launchOptions: chromium,
    trace: 'off',
    actionTimeout: 15_000,
  },
  projects: [
    { name: 'journeys', testMatch: /.*\.spec\.ts/, testIgnore: /screenshots\.spec\.ts/ },
    { name: 'screenshots', testMatch: /screenshots\.spec\.ts/ },
  ],
});
