/**
 * Accounts: registering, signing in and out, changing and resetting the password,
 * the account page, deleting the account, the guards on private pages and the
 * platform admin's user list. Runs in both the `js` and `no-js` projects: every form
 * posts to its server function without JavaScript and submits in place with it.
 *
 * Every test registers its own users (unique emails per project and run), so the
 * tests are independent and run in parallel. Mail is read from the server's outbox
 * table and roles are granted in its database (E2E_DATABASE_URL, see accounts-helpers.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  LANGS,
  type Lang,
  exactly,
  expectNoA11yViolations,
  expectTitle,
  h1,
  languageContext,
  openPage,
  t,
} from './helpers';
import {
  type TestUser,
  accountLink,
  expectAt,
  expectFieldProblem,
  expectFormAlert,
  expectNoFieldProblem,
  expectNotice,
  expectSignedIn,
  expectSignedOut,
  fieldBox,
  formWithButton,
  input,
  mailCount,
  makePlatformAdmin,
  newUser,
  registerDirectly,
  resetLinkFor,
  signIn,
  signOut,
  storedRole,
  submitRegistration,
  submitSignIn,
  uniquePassword,
} from './accounts-helpers';

/** The path of the page, without the query (a form posted without JavaScript comes back with `?__path=…&__err=…`). */
function pathname(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Asks for a reset link on /forgot-password and returns it (path and query). */
async function requestResetLink(page: Page, lang: Lang, email: string): Promise<string> {
  const before = mailCount(email);
  await openPage(page, '/forgot-password');
  await page.getByRole('main').getByLabel(t(lang, 'form.email'), { exact: true }).fill(email);
  await page.getByRole('main').getByRole('button', { name: t(lang, 'auth.forgot_submit'), exact: true }).click();
  await expectAt(page, '/forgot-password?sent=1');
  await expectNotice(page, t(lang, 'auth.forgot_sent'));
  return resetLinkFor(email, before);
}

/** Fills the reset form on /reset-password (already open) and submits it. */
async function submitNewPassword(page: Page, lang: Lang, password: string, confirm = password): Promise<void> {
  const form = formWithButton(page, t(lang, 'auth.reset_submit'));
  await form.getByLabel(t(lang, 'form.new_password'), { exact: true }).fill(password);
  await form.getByLabel(t(lang, 'form.new_password_confirm'), { exact: true }).fill(confirm);
  await form.getByRole('button', { name: t(lang, 'auth.reset_submit'), exact: true }).click();
}

/** The sign-in attempt was refused with the one, deliberately vague, message. */
async function expectWrongCredentials(page: Page, lang: Lang, email: string): Promise<void> {
  await expect.poll(() => pathname(page)).toBe('/sign-in');
  const form = formWithButton(page, t(lang, 'auth.sign_in_submit'));
  await expectFormAlert(form, lang, [{ text: t(lang, 'problem.wrong_credentials'), field: '' }]);
  await expect(input(form, 'email')).toHaveValue(email);
  await expect(input(form, 'password')).toHaveValue('');
  await expectSignedOut(page, lang);
}

// ---------------------------------------------------------------------------
// 1. The whole journey
// ---------------------------------------------------------------------------

test.describe('account journey', () => {
  test.use(languageContext('en'));

  test('register, sign out and in, change the password, reset it, sign in with the new one', async ({ page }, testInfo) => {
    test.slow(); // several password hashes and a dozen pages
    const lang: Lang = 'en';
    const user = newUser(testInfo, 'journey');
    const changed = uniquePassword();
    const reset = uniquePassword();

    // Register: lands on the account page, welcomed, signed in.
    await openPage(page, '/register');
    await submitRegistration(page, lang, user);
    await expectAt(page, '/account?done=welcome');
    await expectNotice(page, t(lang, 'account.welcome'));
    await expect(h1(page, t(lang, 'account.title'))).toBeVisible();
    await expect(page.getByRole('main')).toContainText(user.email);
    await expectSignedIn(page, lang, user.displayName);

    // Sign out: back home, the header offers signing in again.
    await signOut(page, lang);

    // Sign in with the password.
    await signIn(page, lang, user.email, user.password);
    await expectSignedIn(page, lang, user.displayName);

    // Change the password on /account.
    await accountLink(page, lang, user.displayName).click();
    await expectAt(page, '/account');
    const section = page.getByRole('region', { name: t(lang, 'account.password_section'), exact: true });
    await section.getByLabel(t(lang, 'form.current_password'), { exact: true }).fill(user.password);
    await section.getByLabel(t(lang, 'form.new_password'), { exact: true }).fill(changed);
    await section.getByLabel(t(lang, 'form.new_password_confirm'), { exact: true }).fill(changed);
    await section.getByRole('button', { name: t(lang, 'account.change_password'), exact: true }).click();
    await expectAt(page, '/account?done=password');
    await expectNotice(page, t(lang, 'account.password_changed'));
    await expectSignedIn(page, lang, user.displayName); // this session goes on
    await signOut(page, lang);

    // Forgot the password: the outbox has a link; choose a new password.
    const link = await requestResetLink(page, lang, user.email);
    await openPage(page, link);
    await expect(h1(page, t(lang, 'auth.reset_title'))).toBeVisible();
    await submitNewPassword(page, lang, reset);
    await expectAt(page, '/sign-in?reset=done');
    await expectNotice(page, t(lang, 'auth.reset_done'));

    // The password from before the reset no longer works…
    await submitSignIn(page, lang, user.email, changed);
    await expectWrongCredentials(page, lang, user.email);
    // …nor the first one…
    await signInExpectingFailure(page, lang, user.email, user.password);
    // …the new one does.
    await signIn(page, lang, user.email, reset);
    await expectSignedIn(page, lang, user.displayName);

    // A reset link works once.
    await openPage(page, link);
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(exactly(t(lang, 'auth.reset_invalid')));
  });
});

async function signInExpectingFailure(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await openPage(page, '/sign-in');
  await submitSignIn(page, lang, email, password);
  await expectWrongCredentials(page, lang, email);
}

// ---------------------------------------------------------------------------
// 2. Validation
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`form problems (${lang})`, () => {
    test.use(languageContext(lang));

    test(`registration problems are shown at the fields and in the summary, values kept (${lang})`, async ({ page }, testInfo) => {
      const user: TestUser = {
        ...newUser(testInfo, `invalid-${lang}`),
        displayName: lang === 'ko' ? `김민주 ${Date.now()}` : `Min-ju Kim ${Date.now()}`,
      };
      await openPage(page, '/register');
      const form = () => formWithButton(page, t(lang, 'auth.register_submit'));

      // A short password, and a confirmation that differs: the length is what is wrong first.
      await submitRegistration(page, lang, { ...user, password: 'short', confirm: 'shorter' });
      await expect.poll(() => pathname(page)).toBe('/register');
      await expectFieldProblem(form(), 'password', t(lang, 'problem.password_length'));
      await expectFormAlert(form(), lang, [{ text: t(lang, 'problem.password_length'), field: 'password' }]);
      await expectNoFieldProblem(form(), 'email');
      await expectNoFieldProblem(form(), 'display_name');
      await expect(input(form(), 'email')).toHaveValue(user.email);
      await expect(input(form(), 'display_name')).toHaveValue(user.displayName);
      await expect(input(form(), 'password')).toHaveValue('');
      await expect(input(form(), 'password_confirm')).toHaveValue('');
      await expectSignedOut(page, lang);

      // A good password, but a confirmation that differs.
      await submitRegistration(page, lang, { ...user, confirm: `${user.password} typo` });
      await expect.poll(() => pathname(page)).toBe('/register');
      await expectFieldProblem(form(), 'password_confirm', t(lang, 'problem.passwords_differ'));
      await expectNoFieldProblem(form(), 'password');
      await expectFormAlert(form(), lang, [{ text: t(lang, 'problem.passwords_differ'), field: 'password_confirm' }]);
      await expect(input(form(), 'email')).toHaveValue(user.email);
      await expect(input(form(), 'display_name')).toHaveValue(user.displayName);
      await expect(input(form(), 'password')).toHaveValue('');
      await expect(input(form(), 'password_confirm')).toHaveValue('');

      // The page with its problems is still accessible.
      await expectNoA11yViolations(page);

      // Nobody was registered.
      expect(storedRole(user.email)).toBe('');
    });

    test(`a common password and an invalid email are refused (${lang})`, async ({ page }, testInfo) => {
      const user = newUser(testInfo, `common-${lang}`);
      await openPage(page, '/register');
      const form = formWithButton(page, t(lang, 'auth.register_submit'));
      await submitRegistration(page, lang, { ...user, email: 'not-an-address', password: 'password123' });
      await expect.poll(() => pathname(page)).toBe('/register');
      await expectFieldProblem(form, 'email', t(lang, 'problem.email_invalid'));
      await expectFieldProblem(form, 'password', t(lang, 'problem.password_common'));
      await expectFormAlert(form, lang, [
        { text: t(lang, 'problem.email_invalid'), field: 'email' },
        { text: t(lang, 'problem.password_common'), field: 'password' },
      ]);
      await expect(input(form, 'email')).toHaveValue('not-an-address');
      await expect(input(form, 'display_name')).toHaveValue(user.displayName);
    });

    test(`an email that already has an account is refused (${lang})`, async ({ page, request, baseURL }, testInfo) => {
      const existing = newUser(testInfo, `taken-${lang}`);
      await registerDirectly(request, existing, baseURL!);
      await openPage(page, '/register');
      await submitRegistration(page, lang, { ...newUser(testInfo, 'other'), email: existing.email.toUpperCase() });
      await expect.poll(() => pathname(page)).toBe('/register');
      const form = formWithButton(page, t(lang, 'auth.register_submit'));
      await expectFieldProblem(form, 'email', t(lang, 'problem.email_taken'));
      await expect(input(form, 'email')).toHaveValue(existing.email.toUpperCase());
      await expectSignedOut(page, lang);
    });

    test(`the reset form shows its problems at the fields (${lang})`, async ({ page, request, baseURL }, testInfo) => {
      const user = newUser(testInfo, `reset-invalid-${lang}`);
      await registerDirectly(request, user, baseURL!);
      const link = await requestResetLink(page, lang, user.email);
      await openPage(page, link);
      await submitNewPassword(page, lang, uniquePassword(), uniquePassword());
      await expect.poll(() => pathname(page)).toBe('/reset-password');
      const form = formWithButton(page, t(lang, 'auth.reset_submit'));
      await expectFieldProblem(form, 'new_password_confirm', t(lang, 'problem.passwords_differ'));
      await expectFormAlert(form, lang, [{ text: t(lang, 'problem.passwords_differ'), field: 'new_password_confirm' }]);
      await expect(input(form, 'new_password')).toHaveValue('');
      await expectNoA11yViolations(page);

      // The link was not used up by the refused attempt.
      const retry = uniquePassword();
      await submitNewPassword(page, lang, retry);
      await expectAt(page, '/sign-in?reset=done');
      await signIn(page, lang, user.email, retry);
    });

    test(`a wrong current password is refused on /account (${lang})`, async ({ page, baseURL }, testInfo) => {
      const user = newUser(testInfo, `wrong-current-${lang}`);
      await registerDirectly(page.request, user, baseURL!);
      await openPage(page, '/account');
      const section = page.getByRole('region', { name: t(lang, 'account.password_section'), exact: true });
      const next = uniquePassword();
      await section.getByLabel(t(lang, 'form.current_password'), { exact: true }).fill(`${user.password} nope`);
      await section.getByLabel(t(lang, 'form.new_password'), { exact: true }).fill(next);
      await section.getByLabel(t(lang, 'form.new_password_confirm'), { exact: true }).fill(next);
      await section.getByRole('button', { name: t(lang, 'account.change_password'), exact: true }).click();
      await expect.poll(() => pathname(page)).toBe('/account');
      await expectFieldProblem(section, 'current_password', t(lang, 'problem.wrong_password'));
      await expectFormAlert(section, lang, [{ text: t(lang, 'problem.wrong_password'), field: 'current_password' }]);
      for (const name of ['current_password', 'new_password', 'new_password_confirm']) {
        await expect(input(section, name)).toHaveValue('');
      }
      await expectNoA11yViolations(page);
    });
  });
}

// ---------------------------------------------------------------------------
// 3. Guards
// ---------------------------------------------------------------------------

test.describe('private pages', () => {
  test.use(languageContext('en'));

  test('anonymous /account goes to sign-in, and back after signing in', async ({ page, request, baseURL }, testInfo) => {
    const user = newUser(testInfo, 'guard');
    await registerDirectly(request, user, baseURL!);
    await openPage(page, '/account');
    await expectAt(page, '/sign-in?next=/account');
    await expect(h1(page, t('en', 'auth.sign_in_title'))).toBeVisible();
    await submitSignIn(page, 'en', user.email, user.password);
    await expectAt(page, '/account');
    await expect(h1(page, t('en', 'account.title'))).toBeVisible();
  });

  test('anonymous /admin/users goes to sign-in', async ({ page }) => {
    await openPage(page, '/admin/users');
    await expectAt(page, '/sign-in?next=/admin/users');
    await expect(h1(page, t('en', 'auth.sign_in_title'))).toBeVisible();
  });

  test('a learner on /admin/users is refused with 403', async ({ page, baseURL }, testInfo) => {
    const user = newUser(testInfo, 'learner');
    await registerDirectly(page.request, user, baseURL!);
    await openPage(page, '/admin/users', 403);
    const main = page.getByRole('main');
    await expect(main.locator('.error-message[role="alert"]')).toContainText(t('en', 'error.forbidden'));
    await expect(main.locator('table')).toHaveCount(0);
    await expect(main).not.toContainText(user.email);
    await expect(page.getByRole('banner').getByRole('link', { name: t('en', 'nav.admin'), exact: true })).toHaveCount(0);
  });
});

// ---------------------------------------------------------------------------
// 4. The platform admin's user list
// ---------------------------------------------------------------------------

test.describe('user administration', () => {
  test.use(languageContext('en'));

  test('a platform admin finds a user by email and makes them an educator', async ({ page, request, baseURL }, testInfo) => {
    const lang: Lang = 'en';
    const admin = newUser(testInfo, 'admin');
    const learner = newUser(testInfo, 'promoted');
    await registerDirectly(request, admin, baseURL!);
    await registerDirectly(request, learner, baseURL!);
    makePlatformAdmin(admin.email);

    await signIn(page, lang, admin.email, admin.password);
    const adminLink = page.getByRole('banner').getByRole('link', { name: t(lang, 'nav.admin'), exact: true });
    await expect(adminLink).toHaveAttribute('href', '/admin/users');
    await adminLink.click();
    await expectAt(page, '/admin/users');
    await expect(h1(page, t(lang, 'admin.users_title'))).toBeVisible();
    await expectTitle(page, lang, t(lang, 'admin.users_title'));

    // Search by the learner's (unique) email.
    const search = page.getByRole('search');
    await search.getByLabel(t(lang, 'admin.search_label'), { exact: true }).fill(learner.email);
    await search.getByRole('button', { name: t(lang, 'admin.search_submit'), exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(learner.email);
    const main = page.getByRole('main');
    await expect(main.getByText(t(lang, 'admin.count', { count: 1 }), { exact: true })).toBeVisible();
    const rows = main.locator('table tbody tr');
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row).toContainText(learner.email);
    await expect(row).toContainText(learner.displayName);

    // Change the role.
    const select = row.getByLabel(t(lang, 'admin.role_for', { name: learner.displayName }), { exact: true });
    await expect(select).toHaveValue('learner');
    await select.selectOption('educator');
    await row.getByRole('button', { name: t(lang, 'admin.change_role'), exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('done')).toBe('role');
    expect(new URL(page.url()).searchParams.get('q')).toBe(learner.email);
    await expectNotice(page, t(lang, 'admin.role_saved'));
    const after = main.locator('table tbody tr');
    await expect(after).toHaveCount(1);
    const role = after.first().getByLabel(t(lang, 'admin.role_for', { name: learner.displayName }), { exact: true });
    await expect(role).toHaveValue('educator');
    await expect(role.locator('option:checked')).toHaveText(exactly(t(lang, 'role.educator')));
    expect(storedRole(learner.email)).toBe('educator');
  });
});

// ---------------------------------------------------------------------------
// 5. Accessibility of every account page, in both languages
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`account pages are accessible (${lang})`, () => {
    test.use(languageContext(lang));

    test(`register, sign-in and forgot-password pages (${lang})`, async ({ page }, testInfo) => {
      test.slow();
      const pages: [string, string][] = [
        ['/register', 'auth.register_title'],
        ['/sign-in', 'auth.sign_in_title'],
        ['/sign-in?reset=done', 'auth.sign_in_title'],
        ['/forgot-password', 'auth.forgot_title'],
        ['/forgot-password?sent=1', 'auth.forgot_title'],
        ['/reset-password?token=not-a-valid-token', 'auth.reset_title'],
      ];
      for (const [path, title] of pages) {
        await openPage(page, path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectTitle(page, lang, t(lang, title));
        await expect(h1(page, t(lang, title))).toBeVisible();
        await expectNoA11yViolations(page);
      }

      // The invalid reset link says so, and offers a new one.
      await openPage(page, '/reset-password?token=not-a-valid-token');
      const main = page.getByRole('main');
      await expect(main.getByRole('alert')).toHaveText(exactly(t(lang, 'auth.reset_invalid')));
      await expect(main.getByRole('link', { name: t(lang, 'auth.reset_again'), exact: true })).toHaveAttribute(
        'href',
        '/forgot-password',
      );

      // With problems shown: registration and sign-in.
      await openPage(page, '/register');
      await submitRegistration(page, lang, { ...newUser(testInfo, `a11y-${lang}`), email: 'nope', password: 'short' });
      await expect(fieldBox(page, 'email').locator('p.field__error')).toBeVisible();
      await expectNoA11yViolations(page);

      await openPage(page, '/sign-in');
      await submitSignIn(page, lang, `nobody-${Date.now()}@example.org`, uniquePassword());
      await expect(page.getByRole('main').locator('div.form-alert li')).toHaveText(exactly(t(lang, 'problem.wrong_credentials')));
      await expectNoA11yViolations(page);
    });

    test(`reset page with a valid link (${lang})`, async ({ page, request, baseURL }, testInfo) => {
      const user = newUser(testInfo, `a11y-reset-${lang}`);
      await registerDirectly(request, user, baseURL!);
      const link = await requestResetLink(page, lang, user.email);
      await expectNoA11yViolations(page); // /forgot-password?sent=1 after a real request
      await openPage(page, link);
      await expectTitle(page, lang, t(lang, 'auth.reset_title'));
      await expect(page.getByRole('main').getByLabel(t(lang, 'form.new_password'), { exact: true })).toBeVisible();
      await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'same-origin');
      await expectNoA11yViolations(page);
    });

    test(`account page and account-deleted page (${lang})`, async ({ page, baseURL }, testInfo) => {
      const user = newUser(testInfo, `a11y-account-${lang}`);
      await registerDirectly(page.request, user, baseURL!);
      for (const path of ['/account', '/account?done=welcome', '/account?done=password']) {
        await openPage(page, path);
        await expectTitle(page, lang, t(lang, 'account.title'));
        await expect(h1(page, t(lang, 'account.title'))).toBeVisible();
        await expectNoA11yViolations(page);
      }
      await deleteAccount(page, lang, user.password);
      await expectTitle(page, lang, t(lang, 'auth.deleted_title'));
      await expectNoA11yViolations(page);
    });

    test(`user administration page (${lang})`, async ({ page, request, baseURL }, testInfo) => {
      const admin = newUser(testInfo, `a11y-admin-${lang}`);
      await registerDirectly(request, admin, baseURL!);
      makePlatformAdmin(admin.email);
      await signIn(page, lang, admin.email, admin.password);
      for (const path of ['/admin/users', `/admin/users?q=${encodeURIComponent(admin.email)}`, '/admin/users?done=role']) {
        await openPage(page, path);
        await expectTitle(page, lang, t(lang, 'admin.users_title'));
        await expect(h1(page, t(lang, 'admin.users_title'))).toBeVisible();
        await expectNoA11yViolations(page);
      }
      // The admin's own row: marked "(you)", no role form.
      await openPage(page, `/admin/users?q=${encodeURIComponent(admin.email)}`);
      const rows = page.getByRole('main').locator('table tbody tr');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(t(lang, 'admin.yourself'));
      await expect(rows.first().locator('select')).toHaveCount(0);
    });

    test(`the forbidden page (${lang})`, async ({ page, baseURL }, testInfo) => {
      const user = newUser(testInfo, `a11y-forbidden-${lang}`);
      await registerDirectly(page.request, user, baseURL!);
      await openPage(page, '/admin/users', 403);
      await expect(page.getByRole('main').locator('.error-message')).toContainText(t(lang, 'error.forbidden'));
      await expectNoA11yViolations(page);
    });
  });
}

// ---------------------------------------------------------------------------
// 6. Deleting the account
// ---------------------------------------------------------------------------

/** Deletes the signed-in account from /account and waits for /account-deleted. */
async function deleteAccount(page: Page, lang: Lang, password: string): Promise<void> {
  await openPage(page, '/account');
  const section = page.getByRole('region', { name: t(lang, 'account.delete_section'), exact: true });
  await section.getByLabel(t(lang, 'account.delete_confirm'), { exact: true }).fill(password);
  await section.getByRole('button', { name: t(lang, 'account.delete_submit'), exact: true }).click();
  await expectAt(page, '/account-deleted');
  await expect(h1(page, t(lang, 'auth.deleted_title'))).toBeVisible();
}

test.describe('deleting the account', () => {
  test.use(languageContext('en'));

  test('asks for the password, erases the account, and signing in fails afterwards', async ({ page, baseURL }, testInfo) => {
    const lang: Lang = 'en';
    const user = newUser(testInfo, 'delete');
    await registerDirectly(page.request, user, baseURL!);

    // A wrong password deletes nothing.
    await openPage(page, '/account');
    const section = page.getByRole('region', { name: t(lang, 'account.delete_section'), exact: true });
    await section.getByLabel(t(lang, 'account.delete_confirm'), { exact: true }).fill(`${user.password}!`);
    await section.getByRole('button', { name: t(lang, 'account.delete_submit'), exact: true }).click();
    await expect.poll(() => pathname(page)).toBe('/account');
    await expectFieldProblem(section, 'password', t(lang, 'problem.wrong_password'));
    await expect(input(section, 'password')).toHaveValue('');
    expect(storedRole(user.email)).toBe('learner');

    // The right one does.
    await deleteAccount(page, lang, user.password);
    await expect(page.getByRole('main').getByRole('status')).toHaveText(exactly(t(lang, 'auth.deleted_body')));
    await expectSignedOut(page, lang);
    expect(storedRole(user.email)).toBe('');

    // The account is gone: /account asks to sign in, and signing in fails.
    await openPage(page, '/account');
    await expectAt(page, '/sign-in?next=/account');
    await submitSignIn(page, lang, user.email, user.password);
    await expectWrongCredentials(page, lang, user.email);
  });
});

// ---------------------------------------------------------------------------
// 7. Secrets never reach a page
// ---------------------------------------------------------------------------

test.describe('secrets', () => {
  test.use(languageContext('en'));

  test('no password or password hash in the pages', async ({ page, baseURL }, testInfo) => {
    const lang: Lang = 'en';
    const user = newUser(testInfo, 'secrets');
    const expectClean = (html: string, where: string) => {
      expect(html.toLowerCase(), `${where} mentions argon2`).not.toContain('argon2');
      expect(html, `${where} contains the password typed`).not.toContain(user.password);
    };

    // Refused registration: the page that comes back, and its address.
    await openPage(page, '/register');
    await submitRegistration(page, lang, { ...user, confirm: `${user.password} typo` });
    await expectFieldProblem(page, 'password_confirm', t(lang, 'problem.passwords_differ'));
    expectClean(await page.content(), 'the register page with problems');
    expectClean(decodeURIComponent(page.url()), 'the register page address');
    for (const param of new URL(page.url()).searchParams.values()) {
      expectClean(Buffer.from(param, 'base64').toString('utf8'), 'a query parameter of the register page (base64-decoded)');
    }

    // Registered: the account page, as the browser shows it and as the server sends it.
    await submitRegistration(page, lang, user);
    await expectAt(page, '/account?done=welcome');
    expectClean(await page.content(), '/account (rendered)');
    const served = await page.request.get('/account');
    expect(served.status()).toBe(200);
    expectClean(await served.text(), '/account (HTML from the server)');
    const details = await page.request.get('/api/account/details');
    expectClean(await details.text(), '/api/account/details');
    const data = await page.request.get('/account/data');
    expect(data.status()).toBe(200);
    expectClean(await data.text(), '/account/data (the data download)');
    expect(await data.text()).toContain(user.email);

    // The register page never puts a password back, even when asked to render one.
    const registerHtml = await (await page.request.get('/register')).text();
    expectClean(registerHtml, '/register (HTML from the server)');
  });
});

// ---------------------------------------------------------------------------
// Cross-site forgery
// ---------------------------------------------------------------------------

test.describe('forms posted from another site', () => {
  test.use(languageContext('en'));

  test('are refused with 403 and a page that explains why', async ({ request, baseURL }, testInfo) => {
    const user = newUser(testInfo, 'forgery');
    await registerDirectly(request, user, baseURL!);
    const posts: [string, Record<string, string>][] = [
      ['/api/account/sign-in', { email: user.email, password: user.password, next: '/' }],
      ['/api/account/forgot', { email: user.email }],
    ];
    for (const [path, form] of posts) {
      const before = mailCount(user.email);
      const response = await request.post(path, {
        form,
        headers: { Origin: 'https://evil.example', Accept: 'text/html' },
        maxRedirects: 0,
      });
      expect(response.status(), `POST ${path} from another site`).toBe(403);
      const html = await response.text();
      expect(html).toContain(t('en', 'cross_origin.title'));
      expect(html).toContain(t('en', 'cross_origin.body'));
      expect(response.headers()['set-cookie'] ?? '', `POST ${path} must not sign anyone in`).not.toMatch(/session/i);
      expect(mailCount(user.email), `POST ${path} must not send mail`).toBe(before);
    }
  });
});
