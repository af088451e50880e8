/**
 * Helpers for the account tests (tests/accounts.spec.ts): unique users, the forms of
 * the account pages, the header's account menu, and a little direct database access
 * for what a browser cannot do by itself (read the mail outbox, grant a role).
 *
 * The database is the one the server under test uses, given in `E2E_DATABASE_URL`
 * (scripts/test sets it); it is reached with the `psql` client.
 */
import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { type Lang, escapeRegExp, exactly, jsEnabled, t } from './helpers';

// ---------------------------------------------------------------------------
// Test users
// ---------------------------------------------------------------------------

export interface TestUser {
  email: string;
  displayName: string;
  password: string;
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/**
 * An email address no other test, project or run uses: it carries the project name
 * (`js`, `no-js`), a timestamp and a random suffix. `tag` says which test made it.
 */
export function uniqueEmail(testInfo: TestInfo, tag: string): string {
  return `${tag}-${testInfo.project.name}-${Date.now()}-${randomSuffix()}@example.org`;
}

/**
 * A long, uncommon password (the app refuses short and common ones), unique per call
 * so that a password found in a page can only have come from this test.
 */
export function uniquePassword(): string {
  return `gwangju may democracy 1980 ${randomSuffix()}`;
}

/** A fresh user (not yet registered) with a unique email and password. */
export function newUser(testInfo: TestInfo, tag: string): TestUser {
  return {
    email: uniqueEmail(testInfo, tag),
    displayName: `Tester ${randomSuffix()}`,
    password: uniquePassword(),
  };
}

// ---------------------------------------------------------------------------
// Database (E2E_DATABASE_URL)
// ---------------------------------------------------------------------------

function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) {
    throw new Error(
      'E2E_DATABASE_URL is not set: the account tests read the mail outbox and grant roles in the ' +
        "server's database (scripts/test sets it; by hand: E2E_DATABASE_URL=postgres://… npx playwright test)",
    );
  }
  return url;
}

/**
 * Runs one SQL statement with psql and returns its rows, unaligned (`-At`). `vars` are
 * psql variables, used in the SQL as `:'name'` (quoted and escaped by psql), so no
 * value is ever pasted into the SQL text.
 */
export function sql(statement: string, vars: Record<string, string> = {}): string {
  const args = [databaseUrl(), '-X', '-At', '-q', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(vars)) args.push('-v', `${name}=${value}`);
  // Variables are interpolated in SQL read from standard input (not in `-c`).
  return execFileSync('psql', args, { input: `${statement};\n`, encoding: 'utf8', timeout: 15_000 }).trim();
}

/** The body of the newest message in the outbox for `email`, or "" if there is none. */
export function latestMailBody(email: string): string {
  return sql(
    `select body from outbox where lower(to_address) = lower(:'email') order by id desc limit 1`,
    { email },
  );
}

/** How many messages the outbox holds for `email`. */
export function mailCount(email: string): number {
  return Number(sql(`select count(*) from outbox where lower(to_address) = lower(:'email')`, { email }));
}

/**
 * The reset link of the newest mail to `email`, as a path and query to open relative
 * to baseURL (`/reset-password?token=…`). Polls for a few seconds: the mail is written
 * while the request is answered. `after` is the outbox count before the request, so
 * an older message is never taken for the new one.
 */
export async function resetLinkFor(email: string, after = 0): Promise<string> {
  let body = '';
  await expect
    .poll(
      () => {
        body = mailCount(email) > after ? latestMailBody(email) : '';
        return body;
      },
      { message: `a password-reset mail to ${email} in the outbox`, timeout: 10_000, intervals: [100, 250, 500] },
    )
    .toMatch(/\/reset-password\?token=/);
  const match = /https?:\/\/\S*?(\/reset-password\?token=[^\s"'<>]+)/.exec(body);
  if (!match) throw new Error(`No reset link in the mail to ${email}:\n${body}`);
  return match[1];
}

/**
 * Makes `email` a platform admin. The session re-reads the role on every request, but
 * sign in again anyway (a role change may end the user's sessions).
 */
export function makePlatformAdmin(email: string): void {
  const updated = sql(`update users set role = 'platform_admin' where lower(email) = lower(:'email') returning id`, {
    email,
  });
  if (!updated) throw new Error(`makePlatformAdmin: no user ${email}`);
}

/** The user's platform role as stored (`learner`, `educator`, `platform_admin`), or "" if there is no such user. */
export function storedRole(email: string): string {
  return sql(`select role from users where lower(email) = lower(:'email')`, { email });
}

// ---------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------

/**
 * A field's id as the app makes it (app/src/components/form.rs): `field-` and the
 * input's name, every run of characters other than letters and digits made one `-`
 * (`title_en` → `field-title-en`, `q[choices][0][text_en]` → `field-q-choices-0-text-en`).
 */
export function fieldId(name: string): string {
  return ['field', ...name.split(/[^A-Za-z0-9]+/).filter((part) => part !== '')].join('-');
}

/** The input named `name` in `scope`. */
export function input(scope: Page | Locator, name: string): Locator {
  return scope.locator(`#${fieldId(name)}`);
}

/** The `div.field` that holds the input named `name`. */
export function fieldBox(scope: Page | Locator, name: string): Locator {
  return scope.locator(`div.field:has(> #${fieldId(name)})`);
}

/**
 * Checks that the field named `name` shows `problem` the accessible way: the message
 * inside the field's box, the input `aria-invalid="true"` and described by it.
 */
export async function expectFieldProblem(scope: Page | Locator, name: string, problem: string): Promise<void> {
  const box = fieldBox(scope, name);
  const error = box.locator('p.field__error');
  await expect(error, `the problem of field "${name}"`).toHaveText(exactly(problem));
  const errorId = await error.getAttribute('id');
  expect(errorId, `id of the problem of field "${name}"`).toBeTruthy();
  const field = input(scope, name);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const describedBy = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/);
  expect(describedBy, `aria-describedby of field "${name}"`).toContain(errorId);
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(problem)));
}

/** Checks that the field named `name` shows no problem. */
export async function expectNoFieldProblem(scope: Page | Locator, name: string): Promise<void> {
  await expect(fieldBox(scope, name).locator('p.field__error')).toHaveCount(0);
  await expect(input(scope, name)).not.toHaveAttribute('aria-invalid', 'true');
}

/**
 * The summary above a form (`div.form-alert[role=alert]`) lists `problems`, in order;
 * each one about a field (`fields[i]`, or "" for the whole form) links to its input.
 */
export async function expectFormAlert(
  form: Locator,
  lang: Lang,
  problems: { text: string; field: string }[],
): Promise<void> {
  const alert = form.locator('div.form-alert');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert.getByRole('heading', { level: 2, name: t(lang, 'form.errors_heading'), exact: true })).toBeVisible();
  const items = alert.locator('li');
  await expect(items).toHaveCount(problems.length);
  for (const [i, problem] of problems.entries()) {
    await expect(items.nth(i)).toHaveText(exactly(problem.text));
    if (problem.field) {
      await expect(items.nth(i).getByRole('link', { name: problem.text, exact: true })).toHaveAttribute(
        'href',
        `#${fieldId(problem.field)}`,
      );
    }
  }
}

/** The form in `main` whose submit button is named `submit`. */
export function formWithButton(page: Page, submit: string): Locator {
  return page
    .getByRole('main')
    .locator('form')
    .filter({ has: page.getByRole('button', { name: submit, exact: true }) });
}

/** The status notice (`p.notice[role=status]`) in main has exactly `text`. */
export async function expectNotice(page: Page, text: string): Promise<void> {
  await expect(page.getByRole('main').locator('p.notice[role="status"]')).toHaveText(exactly(text));
}

/** Waits until the page is at `pathAndQuery` (exactly: path and query string). */
export async function expectAt(page: Page, pathAndQuery: string): Promise<void> {
  await expect
    .poll(() => {
      const url = new URL(page.url());
      return url.pathname + url.search;
    }, { message: `the page should be at ${pathAndQuery}` })
    .toBe(pathAndQuery);
}

/** Without JavaScript there is nothing to wait for; with it, the page must be hydrated. */
async function ready(page: Page): Promise<void> {
  if (jsEnabled()) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  }
}

/** Fills the registration form on /register (already open) and submits it. */
export async function submitRegistration(
  page: Page,
  lang: Lang,
  values: { email: string; displayName: string; password: string; confirm?: string },
): Promise<void> {
  await ready(page);
  const main = page.getByRole('main');
  await main.getByLabel(t(lang, 'form.email'), { exact: true }).fill(values.email);
  await main.getByLabel(t(lang, 'form.display_name'), { exact: true }).fill(values.displayName);
  await main.getByLabel(t(lang, 'form.password'), { exact: true }).fill(values.password);
  await main.getByLabel(t(lang, 'form.password_confirm'), { exact: true }).fill(values.confirm ?? values.password);
  await main.getByRole('button', { name: t(lang, 'auth.register_submit'), exact: true }).click();
}

/** Fills the sign-in form on /sign-in (already open) and submits it. */
export async function submitSignIn(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await ready(page);
  const main = page.getByRole('main');
  await main.getByLabel(t(lang, 'form.email'), { exact: true }).fill(email);
  await main.getByLabel(t(lang, 'form.password'), { exact: true }).fill(password);
  await main.getByRole('button', { name: t(lang, 'auth.sign_in_submit'), exact: true }).click();
}

/** Opens /sign-in, signs in, and waits to land on `/` (the default `next`). */
export async function signIn(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, lang, email, password);
  await expectAt(page, '/');
  await expectSignedIn(page, lang);
}

/** Clicks the header's sign-out button and waits for the anonymous header on `/`. */
export async function signOut(page: Page, lang: Lang): Promise<void> {
  await ready(page);
  await page.getByRole('banner').getByRole('button', { name: t(lang, 'nav.sign_out'), exact: true }).click();
  await expectAt(page, '/');
  await expectSignedOut(page, lang);
}

/**
 * Registers `user` without the browser's forms, straight to the server function (as
 * the form does without JavaScript). With `page.request`, the page's context shares
 * the cookies and is then signed in as `user`; with the `request` fixture, it is not.
 * For tests whose subject is not registration itself.
 */
export async function registerDirectly(request: APIRequestContext, user: TestUser, baseURL: string): Promise<void> {
  const response = await request.post('/api/account/register', {
    form: {
      email: user.email,
      display_name: user.displayName,
      password: user.password,
      password_confirm: user.password,
    },
    headers: { Origin: new URL(baseURL).origin, Accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status(), `registering ${user.email}: ${await response.text()}`).toBe(302);
  expect(response.headers()['location']).toBe('/account?done=welcome');
}

// ---------------------------------------------------------------------------
// The header's account menu
// ---------------------------------------------------------------------------

/** The link to /account, named "Signed in as {name} Your account". */
export function accountLink(page: Page, lang: Lang, displayName?: string): Locator {
  const name = displayName
    ? `${t(lang, 'nav.signed_in_as', { name: displayName })} ${t(lang, 'nav.account')}`
    : new RegExp(`${escapeRegExp(t(lang, 'nav.account'))}\\s*$`);
  return page.getByRole('banner').getByRole('link', { name, exact: typeof name === 'string' });
}

/** The header offers the account link and sign-out, and no sign-in/register links. */
export async function expectSignedIn(page: Page, lang: Lang, displayName?: string): Promise<void> {
  const header = page.getByRole('banner');
  await expect(accountLink(page, lang, displayName)).toHaveAttribute('href', '/account');
  await expect(header.getByRole('button', { name: t(lang, 'nav.sign_out'), exact: true })).toBeVisible();
  await expect(header.getByRole('link', { name: t(lang, 'nav.sign_in'), exact: true })).toHaveCount(0);
  await expect(header.getByRole('link', { name: t(lang, 'nav.register'), exact: true })).toHaveCount(0);
}

/** The header offers "Sign in" and "Create account", and no account link. */
export async function expectSignedOut(page: Page, lang: Lang): Promise<void> {
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: t(lang, 'nav.sign_in'), exact: true })).toHaveAttribute('href', '/sign-in');
  await expect(header.getByRole('link', { name: t(lang, 'nav.register'), exact: true })).toHaveAttribute(
    'href',
    '/register',
  );
  await expect(accountLink(page, lang)).toHaveCount(0);
  await expect(header.getByRole('button', { name: t(lang, 'nav.sign_out'), exact: true })).toHaveCount(0);
}
