/**
 * With JavaScript: the wasm bundle hydrates the server's HTML without errors, and
 * in-app links then navigate on the client (no full page load). JS only: the `no-js`
 * project ignores this file and the `@needs-js` tag.
 */
import { expect, test, type Page } from '@playwright/test';
import { type Lang, h1, languageContext, resolve, seedCourses, t, waitForHydration } from './helpers';

declare global {
  interface Window {
    __noReload?: number;
  }
}

/**
 * Collects uncaught exceptions and console errors from now on. Failed loads are
 * reported with their URL; the browser's own guess at `/favicon.ico` is not the app's.
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (where && new URL(where).pathname === '/favicon.ico') return;
    errors.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  return errors;
}

/** Marks the current document; a full reload would lose the mark. Counts document loads. */
async function markDocument(page: Page): Promise<{ documentLoads: () => number }> {
  await page.evaluate(() => {
    window.__noReload = 1;
  });
  let loads = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'document') loads += 1;
  });
  return { documentLoads: () => loads };
}

async function expectSameDocument(page: Page, mark: { documentLoads: () => number }): Promise<void> {
  expect(await page.evaluate(() => window.__noReload), 'window.__noReload should survive (no full reload)').toBe(1);
  expect(mark.documentLoads(), 'no new document should have been requested').toBe(0);
}

test.describe('hydration', { tag: '@needs-js' }, () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs JavaScript');

  for (const lang of ['en', 'ko'] as Lang[]) {
    test.describe(lang, () => {
      test.use(languageContext(lang));

      test(`hydrates / without errors and the nav link navigates without a reload (${lang})`, async ({ page }) => {
        const errors = collectErrors(page);
        await page.goto('/');
        await waitForHydration(page);
        expect(errors, 'errors while loading and hydrating /').toEqual([]);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);

        const mark = await markDocument(page);
        await page
          .getByRole('navigation', { name: t(lang, 'nav.label'), exact: true })
          .getByRole('link', { name: t(lang, 'nav.courses'), exact: true })
          .click();
        await expect(page).toHaveURL(/\/courses$/);
        await expect(h1(page, t(lang, 'catalog.title'))).toBeVisible();
        await expect(page).toHaveTitle(`${t(lang, 'catalog.title')} · ${t(lang, 'brand')}`);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectSameDocument(page, mark);
        expect(errors, 'errors during client-side navigation').toEqual([]);
      });
    });
  }

  test('a course card link loads the course on the client', async ({ page }) => {
    const course = seedCourses()[0];
    const title = resolve(course.title, 'en').text;
    const errors = collectErrors(page);
    await page.goto('/courses');
    await waitForHydration(page);

    const mark = await markDocument(page);
    await page.getByRole('main').getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${course.slug}$`));
    await expect(h1(page, title)).toBeVisible();
    await expect(page).toHaveTitle(`${title} · ${t('en', 'brand')}`);
    await expect(page.getByRole('heading', { level: 2, name: t('en', 'course.outline'), exact: true })).toBeVisible();
    await expect(page.locator('ol.outline > li.outline__module')).toHaveCount(course.modules.length);
    await expectSameDocument(page, mark);

    // And back to the home page through the nav, still without a reload.
    await page
      .getByRole('navigation', { name: t('en', 'nav.label'), exact: true })
      .getByRole('link', { name: t('en', 'nav.home'), exact: true })
      .click();
    await expect(page).toHaveURL(/\/$/);
    await expect(h1(page, t('en', 'home.title'))).toBeVisible();
    await expectSameDocument(page, mark);
    expect(errors, 'errors while hydrating and navigating').toEqual([]);
  });
});
