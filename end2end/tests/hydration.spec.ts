/**
 * With JavaScript: the app runs in islands mode. Pages without an island (the home
 * page, the catalogue, a course) load no wasm and no app script, finish without errors,
 * and their links are ordinary links: each click loads the next page. (Pages with
 * islands are checked where they are used: the quiz's autosave in quiz.spec.ts, the
 * editors' guard in question-editor.spec.ts.) JS only: the `no-js` project ignores
 * this file.
 */
import { expect, test, type Page } from '@playwright/test';
import { type Lang, collectErrors, h1, languageContext, resolve, seedCourses, t, waitForHydration } from './helpers';

/** Counts document loads and app code (`/pkg/*.js`, `*.wasm`) fetched from now on. */
function watchLoads(page: Page): { documents: () => number; appCode: () => string[] } {
  let documents = 0;
  const appCode: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents += 1;
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm') || (path.startsWith('/pkg/') && path.endsWith('.js'))) appCode.push(path);
  });
  return { documents: () => documents, appCode: () => appCode };
}

test.describe('islands', { tag: '@needs-js' }, () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs JavaScript');

  for (const lang of ['en', 'ko'] as Lang[]) {
    test.describe(lang, () => {
      test.use(languageContext(lang));

      test(`/ loads no wasm, finishes without errors, and its nav link loads the catalogue (${lang})`, async ({ page }) => {
        const errors = collectErrors(page);
        const loads = watchLoads(page);
        await page.goto('/');
        await waitForHydration(page);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);

        await page
          .getByRole('navigation', { name: t(lang, 'nav.label'), exact: true })
          .getByRole('link', { name: t(lang, 'nav.courses'), exact: true })
          .click();
        await expect(page).toHaveURL(/\/courses$/);
        await expect(h1(page, t(lang, 'catalog.title'))).toBeVisible();
        await expect(page).toHaveTitle(`${t(lang, 'catalog.title')} · ${t(lang, 'brand')}`);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await waitForHydration(page);
        expect(loads.documents(), 'the link is an ordinary page load').toBe(2);
        expect(loads.appCode(), 'no app code on pages without islands').toEqual([]);
        expect(errors, 'errors on / and /courses').toEqual([]);
      });
    });
  }

  test('a course card link loads the course page, which has no island either', async ({ page }) => {
    const course = seedCourses()[0];
    const title = resolve(course.title, 'en').text;
    const errors = collectErrors(page);
    const loads = watchLoads(page);
    await page.goto('/courses');
    await page.getByRole('main').getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${course.slug}$`));
    await expect(h1(page, title)).toBeVisible();
    await expect(page).toHaveTitle(`${title} · ${t('en', 'brand')}`);
    await expect(page.locator('ol.outline > li.outline__module')).toHaveCount(course.modules.length);
    await waitForHydration(page);
    expect(await page.locator('leptos-island').count(), 'islands on the course page').toBe(0);
    expect(loads.documents()).toBe(2);
    expect(loads.appCode(), 'no app code on pages without islands').toEqual([]);
    expect(errors).toEqual([]);
  });
});
