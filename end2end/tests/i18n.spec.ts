/**
 * The reader's language: from Accept-Language when there is no cookie, then from the
 * language switch, a plain form that works without JavaScript and whose choice is
 * kept in the `i18n_pref_locale` cookie. Runs in both the `js` and `no-js` projects.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { LANG_COOKIE, type Lang, h1, languageContext, openPage, other, resolve, seedCourses, t } from './helpers';

/** Clicks the language switch and waits for the page to come back in the other language. */
async function switchLanguage(page: Page, from: Lang): Promise<Request> {
  const to = other(from);
  const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/lang');
  await page
    .getByRole('banner')
    .locator('form[action="/lang"]')
    .getByRole('button', { name: t(from, 'lang_switch.other_name'), exact: true })
    .click();
  const request = await posted;
  await expect(page.locator('html')).toHaveAttribute('lang', to);
  return request;
}

async function langCookie(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === LANG_COOKIE)?.value;
}

test.describe('Accept-Language, no cookie', () => {
  test.describe('ko', () => {
    test.use(languageContext('ko'));

    test('Accept-Language: ko renders the page in Korean', async ({ page }) => {
      expect(await langCookie(page)).toBeUndefined();
      await openPage(page, '/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(h1(page, t('ko', 'home.title'))).toBeVisible();
      await expect(page.getByRole('button', { name: t('ko', 'lang_switch.other_name'), exact: true })).toHaveAttribute(
        'lang',
        'en',
      );
    });
  });

  test.describe('en', () => {
    test.use(languageContext('en'));

    test('Accept-Language: en renders the page in English', async ({ page }) => {
      await openPage(page, '/courses');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(h1(page, t('en', 'catalog.title'))).toBeVisible();
      await expect(page.getByRole('button', { name: t('en', 'lang_switch.other_name'), exact: true })).toHaveAttribute(
        'lang',
        'ko',
      );
    });
  });
});

test.describe('language switch', () => {
  test.describe('from English', () => {
    test.use(languageContext('en'));

    test('switches to Korean at the same address, and the choice sticks', async ({ page }) => {
      await openPage(page, '/courses?from=switch');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');

      const request = await switchLanguage(page, 'en');
      const form = new URLSearchParams(request.postData() ?? '');
      expect(form.get('lang')).toBe('ko');
      expect(form.get('next')).toBe('/courses?from=switch');

      const url = new URL(page.url());
      expect(url.pathname + url.search).toBe('/courses?from=switch');
      await expect(h1(page, t('ko', 'catalog.title'))).toBeVisible();
      expect(await langCookie(page)).toBe('ko');

      // Next page: still Korean, although the browser still asks for English.
      await openPage(page, '/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(h1(page, t('ko', 'home.title'))).toBeVisible();
    });
  });

  test.describe('from Korean', () => {
    test.use(languageContext('ko'));

    test('switches a course page to English, and the choice sticks', async ({ page }) => {
      const course = seedCourses()[0];
      await openPage(page, `/courses/${course.slug}`);
      await expect(h1(page, resolve(course.title, 'ko').text)).toBeVisible();

      await switchLanguage(page, 'ko');
      expect(new URL(page.url()).pathname).toBe(`/courses/${course.slug}`);
      await expect(h1(page, resolve(course.title, 'en').text)).toBeVisible();
      await expect(page.getByRole('button', { name: t('en', 'lang_switch.other_name'), exact: true })).toBeVisible();
      expect(await langCookie(page)).toBe('en');

      await openPage(page, '/courses');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(h1(page, t('en', 'catalog.title'))).toBeVisible();
    });
  });

  test.describe('cookie', () => {
    test.use(languageContext('en'));

    test('the cookie wins over Accept-Language', async ({ page, baseURL }) => {
      await page.context().addCookies([{ name: LANG_COOKIE, value: 'ko', url: baseURL! }]);
      await openPage(page, '/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(h1(page, t('ko', 'home.title'))).toBeVisible();
    });
  });

  // A browser's form post carries the page's Origin; the server refuses posts without
  // proof that they come from one of its own pages (the same-origin check).
  test('POST /lang answers 303 to the local page with the cookie', async ({ request, baseURL }) => {
    const response = await request.post('/lang', {
      form: { lang: 'ko', next: '/courses?x=1' },
      headers: { Origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe('/courses?x=1');
    const cookies = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value);
    const cookie = cookies.find((c) => c.startsWith(`${LANG_COOKIE}=`));
    expect(cookie, `Set-Cookie headers: ${JSON.stringify(cookies)}`).toMatch(new RegExp(`^${LANG_COOKIE}=ko;`));
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  test('POST /lang never redirects off the site', async ({ request, baseURL }) => {
    const headers = { Origin: new URL(baseURL!).origin };
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const response = await request.post('/lang', { form: { lang: 'en', next }, headers, maxRedirects: 0 });
      expect(response.status(), `next=${next}`).toBe(303);
      expect(response.headers()['location'], `next=${next}`).toBe('/');
    }
  });
});
