/**
 * Browser tests for IHREC Learn: Playwright driving Debian's Chromium, axe-core on
 * every page. Every page test runs twice: with JavaScript (project `js`, the hydrated
 * app) and without (project `no-js`, the server's HTML alone). The `outage` project
 * stops PostgreSQL, so it runs last, after both.
 *
 *   BASE_URL        the server (default http://127.0.0.1:3000); the run waits up to
 *                   120 s for its /healthz to answer 200 (global-setup.ts)
 *   CHROMIUM_PATH   the browser (default /usr/bin/chromium); never `playwright install`
 *   PG_HELPER, PG_CLUSTER_DIR   for the outage test (tests/outage.spec.ts)
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_FLAGS,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'js',
      testIgnore: [/outage\.spec\.ts/, /authoring\.spec\.ts/, /lighthouse\.spec\.ts/],
      use: { javaScriptEnabled: true },
    },
    {
      // The same pages with JavaScript off: everything must be in the server's HTML.
      name: 'no-js',
      testIgnore: [/outage\.spec\.ts/, /hydration\.spec\.ts/, /authoring\.spec\.ts/, /lighthouse\.spec\.ts/],
      grepInvert: /@needs-js/,
      use: { javaScriptEnabled: false },
    },
    {
      // Authoring publishes courses, which then appear in the catalogue and on the home
      // page: run after the tests that check those against the seed courses.
      name: 'authoring-js',
      testMatch: /authoring\.spec\.ts/,
      dependencies: ['js', 'no-js'],
      use: { javaScriptEnabled: true },
    },
    {
      name: 'authoring-no-js',
      testMatch: /authoring\.spec\.ts/,
      dependencies: ['js', 'no-js'],
      grepInvert: /@needs-js/,
      use: { javaScriptEnabled: false },
    },
    {
      // Times pages: runs alone, after the page tests, so nothing competes for the cores.
      name: 'lighthouse',
      testMatch: /lighthouse\.spec\.ts/,
      // One page after another in one worker: two Lighthouse runs at once would time each other.
      fullyParallel: false,
      dependencies: ['js', 'no-js', 'authoring-js', 'authoring-no-js'],
    },
    {
      // Stops the database: runs alone, after the other projects have finished.
      name: 'outage',
      testMatch: /outage\.spec\.ts/,
      dependencies: ['js', 'no-js', 'authoring-js', 'authoring-no-js', 'lighthouse'],
      use: { javaScriptEnabled: true },
    },
  ],
});
