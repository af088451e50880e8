/**
 * Partner cities (issue 9) in the browser: a platform admin adds a city and its first
 * admin; the city's admin creates a cohort, uploads a staff list (a dry-run report per
 * line, then Confirm), and follows the members on the cohort dashboard; a member
 * accepts the invitation from the outbox after the consent screen and completes the
 * course; the dashboard and the public /cities page show it, small groups suppressed.
 * Also: consent is required, join codes and leaving a cohort, the dashboard's filter
 * and its CSV export (exactly the rows shown), another city's admin reaching nothing,
 * and axe-core on every page in English and Korean.
 *
 * Runs in both the `js` and `no-js` projects: every form posts to its server function
 * (or, for the staff list, to a multipart endpoint) and the filter is a GET form.
 * Texts come from the catalogues (t()) and courses from the seed files. Quizzes and
 * most lessons are recorded in the database (they have their own specs); the last
 * lesson is marked done through the app, which records the completion.
 */
import {
  expect,
  test,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import {
  LANGS,
  type Lang,
  type SeedCourse,
  type SeedLesson,
  escapeRegExp,
  exactly,
  expectNoA11yViolations,
  expectTitle,
  h1,
  jsEnabled,
  languageContext,
  lessonCount,
  openPage,
  resolve,
  seedCourses,
  t,
  waitForHydration,
} from './helpers';
import {
  type TestUser,
  expectAt,
  expectFieldProblem,
  expectFormAlert,
  expectNoFieldProblem,
  expectNotice,
  formWithButton,
  latestMailBody,
  makePlatformAdmin,
  newUser,
  registerDirectly,
  signIn,
  sql,
} from './accounts-helpers';

// ---------------------------------------------------------------------------
// Courses, cities, files
// ---------------------------------------------------------------------------

/** The demo course with the fewest lessons: the quickest to complete. */
function quickCourse(): SeedCourse {
  return [...seedCourses()].sort((a, b) => lessonCount(a) - lessonCount(b))[0];
}

function lessons(c: SeedCourse): SeedLesson[] {
  return c.modules.flatMap((m) => m.lessons);
}

function lastLesson(c: SeedCourse): SeedLesson {
  const ls = lessons(c);
  return ls[ls.length - 1];
}

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

interface City {
  slug: string;
  nameEn: string;
  nameKo: string;
  country: string;
  region: string;
  year: number;
  website: string;
}

/** A partner city no other test, project or run uses (the slug carries all three). */
function newCity(testInfo: TestInfo, tag: string): City {
  const s = `${Date.now().toString(36)}${suffix()}`;
  return {
    slug: `${tag}-${testInfo.project.name}-${s}`,
    nameEn: `E2E ${tag} city ${s}`,
    nameKo: `시험 ${tag} 도시 ${s}`,
    country: 'KR',
    region: 'Gwangju',
    year: 2012,
    website: `https://example.org/${s}`,
  };
}

function cityName(city: City, lang: Lang): string {
  return lang === 'ko' ? city.nameKo : city.nameEn;
}

interface Cohort {
  id: string;
  name: string;
  course: SeedCourse;
  seats: number;
}

/** A date `days` from today (UTC), as the forms want it: YYYY-MM-DD. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today's, yesterday's or tomorrow's date, UTC or local (something was just recorded). */
function recentDates(): string[] {
  const dates = new Set<string>();
  for (const at of [Date.now(), Date.now() - 86_400_000, Date.now() + 86_400_000]) {
    const d = new Date(at);
    dates.add(d.toISOString().slice(0, 10));
    dates.add(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  }
  return [...dates];
}

/** A staff list as a spreadsheet saves it: a byte-order mark, then UTF-8. */
function csvFile(lines: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8') };
}

/** An address only this test uses, for a person who has no account yet. */
function staffEmail(testInfo: TestInfo, tag: string): string {
  return `${tag}-${testInfo.project.name}-${Date.now()}-${suffix()}@example.org`;
}

/** A small CSV reader (RFC 4180 quoting), for the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// The database (for what the browser does not do here: quizzes, most lessons)
// ---------------------------------------------------------------------------

/** Records a passed attempt at every quiz of the course for `email` (as certificates.spec.ts does). */
function passQuizzes(email: string, c: SeedCourse): void {
  sql(
    `insert into quiz_attempts (quiz_id, user_id, number, state, question_ids, shuffle_seed,
                                submitted_at, score, max_score, passed)
     select q.id, u.id, 1, 'submitted', '{}', 0, now(), 1, 1, true
     from quizzes q join courses c on c.current_version_id = q.version_id, users u
     where c.slug = :'course' and u.email = :'email'`,
    { course: c.slug, email },
  );
}

/** Marks every lesson of the course but `except` as done. */
function markLessonsDoneExcept(email: string, c: SeedCourse, except: SeedLesson): void {
  sql(
    `insert into lesson_completions (user_id, lesson_id)
     select u.id, l.id
     from lessons l join courses c on c.current_version_id = l.version_id, users u
     where c.slug = :'course' and u.email = :'email' and l.slug <> :'except'
     on conflict do nothing`,
    { course: c.slug, email, except: except.slug },
  );
}

/** Marks the course's first lesson done: the member is in progress. */
function markFirstLessonDone(email: string, c: SeedCourse): void {
  sql(
    `insert into lesson_completions (user_id, lesson_id)
     select u.id, l.id
     from lessons l join courses c on c.current_version_id = l.version_id, users u
     where c.slug = :'course' and u.email = :'email' and l.slug = :'lesson'
     on conflict do nothing`,
    { course: c.slug, email, lesson: lessons(c)[0].slug },
  );
}

/** `email`'s state in the cohort (`invited`, `joined`), or "" when not a member. */
function memberState(cohort: Cohort, email: string): string {
  return sql(
    `select m.state from cohort_members m join users u on u.id = m.user_id
     where m.cohort_id = :'cohort' and lower(u.email) = lower(:'email')`,
    { cohort: cohort.id, email },
  );
}

function completedInDb(email: string, c: SeedCourse): boolean {
  return (
    sql(
      `select count(*) from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
       where lower(u.email) = lower(:'email') and c.slug = :'course' and e.completed_at is not null`,
      { email, course: c.slug },
    ) === '1'
  );
}

/** The invitation link in the newest mail to `email`, as a path (`/invitations/…`). */
async function invitationPath(email: string): Promise<string> {
  let body = '';
  await expect
    .poll(() => (body = latestMailBody(email)), { message: `an invitation to ${email} in the outbox`, timeout: 10_000 })
    .toMatch(/\/invitations\//);
  const match = /https?:\/\/\S*?(\/invitations\/[A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`No invitation link in the mail to ${email}:\n${body}`);
  return match[1];
}

// ---------------------------------------------------------------------------
// Server functions, posted as forms without JavaScript (for the set-up of a test)
// ---------------------------------------------------------------------------

function originOf(baseURL: string): Record<string, string> {
  return { Origin: new URL(baseURL).origin, Accept: 'text/html' };
}

/** Posts a form the way a browser without JavaScript does; returns where the server redirects. */
async function postForm(request: APIRequestContext, baseURL: string, urlPath: string, form: Record<string, string>): Promise<string> {
  const response = await request.post(urlPath, { form, headers: originOf(baseURL), maxRedirects: 0 });
  expect([302, 303], `POST ${urlPath}: ${response.status()} ${await response.text()}`).toContain(response.status());
  return response.headers()['location'] ?? '';
}

/** A platform admin adds `city` with `adminEmail` as its first admin. */
async function createCityDirectly(admin: APIRequestContext, baseURL: string, city: City, adminEmail: string): Promise<void> {
  const location = await postForm(admin, baseURL, '/api/admin/organisations/create', {
    slug: city.slug,
    name_en: city.nameEn,
    name_ko: city.nameKo,
    country: city.country,
    region: city.region,
    declared_year: String(city.year),
    website: city.website,
    admin_email: adminEmail,
  });
  expect(location).toBe(`/org/${city.slug}?done=created`);
}

async function createCohortDirectly(
  orgAdmin: APIRequestContext,
  baseURL: string,
  city: City,
  options: { seats?: number; visible?: boolean; tag?: string } = {},
): Promise<Cohort> {
  const cohort = { name: `${options.tag ?? 'Staff'} 2026 ${suffix()}`, course: quickCourse(), seats: options.seats ?? 20 };
  const form: Record<string, string> = {
    slug: city.slug,
    course: cohort.course.slug,
    name: cohort.name,
    starts_on: isoDate(0),
    ends_on: isoDate(60),
    seat_limit: String(cohort.seats),
  };
  if (options.visible ?? true) form.progress_visible = 'on';
  const location = await postForm(orgAdmin, baseURL, '/api/org/cohorts/create', form);
  const id = new RegExp(`^/org/${escapeRegExp(city.slug)}/cohorts/([0-9a-f-]{36})$`).exec(location)?.[1];
  expect(id, `the new cohort's address: ${location}`).toBeTruthy();
  return { ...cohort, id: id! };
}

/** Uploads a staff list (multipart, as the plain form does); the dry run's id. */
async function uploadDirectly(orgAdmin: APIRequestContext, baseURL: string, city: City, cohort: Cohort, lines: string[]): Promise<string> {
  const response = await orgAdmin.post(`/org/${city.slug}/cohorts/${cohort.id}/import`, {
    multipart: { file: csvFile(lines) },
    headers: originOf(baseURL),
    maxRedirects: 0,
  });
  expect([302, 303], `upload: ${response.status()} ${await response.text()}`).toContain(response.status());
  const location = response.headers()['location'] ?? '';
  const id = /\/imports\/([0-9a-f-]{36})$/.exec(location)?.[1];
  expect(id, `the report's address: ${location}`).toBeTruthy();
  return id!;
}

async function confirmDirectly(orgAdmin: APIRequestContext, baseURL: string, city: City, cohort: Cohort, importId: string): Promise<void> {
  const location = await postForm(orgAdmin, baseURL, '/api/org/import/confirm', { slug: city.slug, cohort: cohort.id, import: importId });
  expect(location).toMatch(new RegExp(`^/org/${escapeRegExp(city.slug)}/cohorts/${cohort.id}\\?done=imported`));
}

/** A join code for the cohort (the newest), made through its server function. */
async function makeCodeDirectly(orgAdmin: APIRequestContext, baseURL: string, city: City, cohort: Cohort, maxUses = 10): Promise<string> {
  await postForm(orgAdmin, baseURL, '/api/org/codes/create', { slug: city.slug, cohort: cohort.id, days: '7', max_uses: String(maxUses) });
  const code = sql(`select code from cohort_codes where cohort_id = :'cohort' order by created_at desc limit 1`, { cohort: cohort.id });
  expect(code).toMatch(/^[0-9A-Z]{12}$/);
  return code;
}

async function joinDirectly(learner: APIRequestContext, baseURL: string, cohort: Cohort, code: string): Promise<void> {
  const location = await postForm(learner, baseURL, '/api/join', { code, consent: 'yes' });
  expect(location).toBe(`/courses/${cohort.course.slug}?joined=1`);
}

/** The last lesson marked done through the app, the rest in the database: the course is complete. */
async function completeCourse(member: APIRequestContext, baseURL: string, email: string, c: SeedCourse): Promise<void> {
  passQuizzes(email, c);
  markLessonsDoneExcept(email, c, lastLesson(c));
  await postForm(member, baseURL, '/api/learning/done', { course: c.slug, lesson: lastLesson(c).slug });
  expect(completedInDb(email, c), `${email} completed ${c.slug}`).toBe(true);
}

// ---------------------------------------------------------------------------
// People: each in a browser of their own
// ---------------------------------------------------------------------------

interface Side {
  context: BrowserContext;
  page: Page;
}

/** Another browser (own cookies) for `lang`, with the project's JavaScript setting. */
async function otherBrowser(browser: Browser, lang: Lang, baseURL: string): Promise<Side> {
  const context = await browser.newContext({ ...languageContext(lang), baseURL, javaScriptEnabled: jsEnabled() });
  return { context, page: await context.newPage() };
}

/** A browser signed in as a new account (registered straight to the server function). */
async function signedInBrowser(browser: Browser, lang: Lang, baseURL: string, user: TestUser, platformAdmin = false): Promise<Side> {
  const side = await otherBrowser(browser, lang, baseURL);
  await registerDirectly(side.context.request, user, baseURL);
  if (platformAdmin) makePlatformAdmin(user.email);
  return side;
}

/** A platform admin's API context (no browser), signed in. Dispose of it after use. */
async function platformAdminApi(
  playwright: { request: { newContext(options: { baseURL?: string }): Promise<APIRequestContext> } },
  baseURL: string,
  admin: TestUser,
): Promise<APIRequestContext> {
  const api = await playwright.request.newContext({ baseURL });
  await registerDirectly(api, admin, baseURL);
  makePlatformAdmin(admin.email);
  return api;
}

async function closeAll(...sides: (Side | undefined)[]): Promise<void> {
  for (const side of sides) await side?.context.close();
}

// ---------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------

function main(page: Page): Locator {
  return page.getByRole('main');
}

async function ready(page: Page): Promise<void> {
  if (jsEnabled()) await waitForHydration(page);
}

async function expectPath(page: Page, pathname: string | RegExp): Promise<void> {
  const poll = expect.poll(() => new URL(page.url()).pathname, { message: `the page should be at ${pathname}` });
  if (typeof pathname === 'string') await poll.toBe(pathname);
  else await poll.toMatch(pathname);
}

function label(page: Page, lang: Lang, key: string): Locator {
  return main(page).getByLabel(t(lang, key), { exact: true });
}

function button(page: Page, lang: Lang, key: string, vars: Record<string, string | number> = {}): Locator {
  return main(page).getByRole('button', { name: t(lang, key, vars), exact: true });
}

function dashboardPath(city: City, cohort: Cohort): string {
  return `/org/${city.slug}/cohorts/${cohort.id}`;
}

function membersRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'cohort.filter_heading'), exact: true });
}

function figuresRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'cohort.figures_heading'), exact: true });
}

function memberRows(page: Page, lang: Lang): Locator {
  return membersRegion(page, lang).locator('table tbody tr');
}

function memberRow(page: Page, lang: Lang, email: string): Locator {
  return memberRows(page, lang).filter({ has: page.locator('td', { hasText: exactly(email) }) });
}

/** The emails of the members' table, in its order. */
async function shownEmails(page: Page, lang: Lang): Promise<string[]> {
  return (await memberRows(page, lang).locator('td:nth-child(2)').allTextContents()).map((s) => s.trim());
}

/** A figure of the dashboard: the `dd` after the `dt` named by `key`. */
function figure(page: Page, lang: Lang, key: string): Locator {
  return figuresRegion(page, lang).locator('dl.facts > div').filter({ has: page.locator('dt', { hasText: exactly(t(lang, key)) }) }).locator('dd');
}

function myCohortsRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'mine_cohorts.heading'), exact: true });
}

function cityCard(page: Page, city: City, lang: Lang): Locator {
  return main(page)
    .locator('li.course-card')
    .filter({ has: page.getByRole('heading', { level: 2, name: cityName(city, lang), exact: true }) });
}

/** An error page answered with 403 or 404, that shows none of `secrets`. */
async function expectRefused(page: Page, lang: Lang, urlPath: string, secrets: string[]): Promise<void> {
  const response = await page.goto(urlPath);
  expect(response, `no response for ${urlPath}`).not.toBeNull();
  expect([403, 404], `HTTP status of ${urlPath}`).toContain(response!.status());
  if (jsEnabled()) await waitForHydration(page);
  const alert = main(page).locator('div.error-message[role="alert"]');
  await expect(alert, `the error message on ${urlPath}`).toHaveCount(1);
  await expect(alert.getByRole('heading', { level: 2, name: t(lang, 'error.title'), exact: true })).toBeVisible();
  const reason = response!.status() === 403 ? t(lang, 'error.forbidden') : t(lang, 'not_found.body');
  await expect(alert).toContainText(reason);
  const html = await page.content();
  for (const secret of secrets) expect(html, `${urlPath} shows nothing of the other city`).not.toContain(secret);
  await expect(main(page).locator('table')).toHaveCount(0);
}

// ---------------------------------------------------------------------------
// 1. The acceptance journey
// ---------------------------------------------------------------------------

test.describe('a partner city enrols its staff', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('a platform admin adds the city; its admin creates a cohort and uploads a staff list; a member accepts, consents and completes; the dashboard and /cities show it', async ({
    browser,
    request,
    baseURL,
  }, testInfo) => {
    test.setTimeout(240_000);
    const c = quickCourse();
    const courseTitle = resolve(c.title, lang).text;
    const city = newCity(testInfo, 'journey');

    // The city's future admin has an account already; so does one of the staff.
    const orgAdmin = newUser(testInfo, 'coh-orgadmin');
    await registerDirectly(request, orgAdmin, baseURL!);
    const existing = newUser(testInfo, 'coh-existing');
    await registerDirectly(request, existing, baseURL!);

    // --- The platform admin adds the partner city on /org. ---
    const platform = await signedInBrowser(browser, lang, baseURL!, newUser(testInfo, 'coh-platform'), true);
    let admin: Side | undefined;
    let member: Side | undefined;
    try {
      const p = platform.page;
      await openPage(p, '/org');
      await expectTitle(p, lang, t(lang, 'org.admin_title'));
      await expect(h1(p, t(lang, 'org.admin_title'))).toBeVisible();
      const create = main(p).getByRole('region', { name: t(lang, 'org.create_heading'), exact: true });
      await expect(create, 'a platform admin is offered the form to add a city').toBeVisible();
      await create.getByLabel(t(lang, 'org.slug'), { exact: true }).fill(city.slug);
      await create.getByLabel(t(lang, 'org.name_en'), { exact: true }).fill(city.nameEn);
      await create.getByLabel(t(lang, 'org.name_ko'), { exact: true }).fill(city.nameKo);
      await create.getByLabel(t(lang, 'org.country'), { exact: true }).fill(city.country);
      await create.getByLabel(t(lang, 'org.region'), { exact: true }).fill(city.region);
      await create.getByLabel(t(lang, 'org.declared_year'), { exact: true }).fill(String(city.year));
      await create.getByLabel(t(lang, 'org.website'), { exact: true }).fill(city.website);
      await create.getByLabel(t(lang, 'org.admin_email'), { exact: true }).fill(orgAdmin.email);
      await create.getByRole('button', { name: t(lang, 'org.create'), exact: true }).click();
      await expectAt(p, `/org/${city.slug}?done=created`);
      await ready(p);
      await expectNotice(p, t(lang, 'org.created'));
      await expect(h1(p, city.nameEn)).toBeVisible();
      const admins = main(p).getByRole('region', { name: t(lang, 'org.admins_heading'), exact: true });
      await expect(admins).toContainText(orgAdmin.displayName);

      // --- The city's admin signs in and finds the city from the header. ---
      admin = await otherBrowser(browser, lang, baseURL!);
      const a = admin.page;
      await signIn(a, lang, orgAdmin.email, orgAdmin.password);
      await ready(a);
      await a.getByRole('banner').getByRole('link', { name: t(lang, 'nav.organisations'), exact: true }).click();
      await expectPath(a, '/org');
      await ready(a);
      // Only their own city is listed, and no form to add one.
      await expect(main(a).locator('table tbody tr')).toHaveCount(1);
      await expect(main(a).getByRole('region', { name: t(lang, 'org.create_heading'), exact: true })).toHaveCount(0);
      await main(a).getByRole('link', { name: city.nameEn, exact: true }).click();
      await expectPath(a, `/org/${city.slug}`);
      await ready(a);
      await expect(h1(a, city.nameEn)).toBeVisible();
      await expect(main(a).getByText(t(lang, 'org.no_cohorts'), { exact: true })).toBeVisible();

      // --- A cohort: course, name, dates, seats, progress shared. ---
      const cohortName = `Staff 2026 ${suffix()}`;
      await label(a, lang, 'org.course').selectOption({ label: courseTitle });
      await label(a, lang, 'org.cohort_name').fill(cohortName);
      await label(a, lang, 'org.starts_on').fill(isoDate(0));
      await label(a, lang, 'org.ends_on').fill(isoDate(60));
      await label(a, lang, 'org.seat_limit').fill('20');
      await label(a, lang, 'org.progress_visible').check();
      await button(a, lang, 'org.create_cohort').click();
      await expectPath(a, new RegExp(`^/org/${escapeRegExp(city.slug)}/cohorts/[0-9a-f-]{36}$`));
      const cohort: Cohort = { id: new URL(a.url()).pathname.split('/').pop()!, name: cohortName, course: c, seats: 20 };
      await ready(a);
      await expect(h1(a, cohortName)).toBeVisible();
      await expect(main(a).locator('dl.facts').first()).toContainText(courseTitle);
      await expect(main(a).locator('dl.facts').first()).toContainText(t(lang, 'org.seats', { members: 0, limit: 20 }));
      await expect(main(a).locator('dl.facts').first()).toContainText(t(lang, 'cohort.progress_shared'));
      await expect(membersRegion(a, lang).getByText(t(lang, 'cohort.no_members'), { exact: true })).toBeVisible();

      // --- The staff list: a BOM, a header, Korean names, one bad line, one duplicate. ---
      const kim = staffEmail(testInfo, 'coh-kim');
      const lee = staffEmail(testInfo, 'coh-lee');
      const park = staffEmail(testInfo, 'coh-park'); // the member who accepts
      const lines = [
        'email,name,language',
        `${kim},김지우,ko`,
        `${lee},"Lee, Min-jun",en`,
        `${park},박서연,ko`,
        `${existing.email},${existing.displayName},en`,
        'not-an-email,최잘못,ko',
        `${kim.toUpperCase()},김지우,ko`,
      ];
      await label(a, lang, 'cohort.file').setInputFiles(csvFile(lines));
      await button(a, lang, 'cohort.check_file').click();
      await expectPath(a, new RegExp(`^/org/${escapeRegExp(city.slug)}/cohorts/${cohort.id}/imports/[0-9a-f-]{36}$`));
      await ready(a);

      // --- The dry run: what each line will do; nothing has changed yet. ---
      await expectTitle(a, lang, t(lang, 'import.title'));
      await expect(main(a)).toContainText(t(lang, 'import.lead'));
      for (const text of [
        t(lang, 'import.invite', { count: 3 }),
        t(lang, 'import.add', { count: 1 }),
        t(lang, 'import.already', { count: 0 }),
        t(lang, 'import.refused', { count: 2 }),
      ]) {
        await expect(main(a).getByText(text, { exact: true })).toBeVisible();
      }
      const report = main(a).locator('table tbody tr');
      const expected: [number, string, string, Lang, string][] = [
        [2, kim, '김지우', 'ko', 'import.outcome_invite'],
        [3, lee, 'Lee, Min-jun', 'en', 'import.outcome_invite'],
        [4, park, '박서연', 'ko', 'import.outcome_invite'],
        [5, existing.email, existing.displayName, 'en', 'import.outcome_add'],
        [6, 'not-an-email', '최잘못', 'ko', 'import.refused_email_invalid'],
        [7, kim.toUpperCase(), '김지우', 'ko', 'import.refused_duplicate_in_file'],
      ];
      await expect(report).toHaveCount(expected.length);
      for (const [i, [line, email, name, l, outcome]] of expected.entries()) {
        await expect(report.nth(i).locator('td')).toHaveText([String(line), email, name, l, t(lang, outcome)].map(exactly));
      }
      expect(memberState(cohort, kim), 'the dry run changes nothing').toBe('');
      expect(sql(`select count(*) from users where lower(email) = lower(:'email')`, { email: kim })).toBe('0');

      // --- Confirm: the invitations go out; the dashboard lists the invited members. ---
      await button(a, lang, 'import.confirm').click();
      await expectAt(a, `${dashboardPath(city, cohort)}?done=imported&count=4`);
      await ready(a);
      await expectNotice(a, t(lang, 'cohort.imported', { count: 4 }));
      await expect(membersRegion(a, lang)).toContainText(t(lang, 'cohort.shown', { count: 4 }));
      expect((await shownEmails(a, lang)).sort()).toEqual([kim, lee, park, existing.email].sort());
      for (const email of [kim, lee, park, existing.email]) {
        await expect(memberRow(a, lang, email).locator('td').nth(2)).toHaveText(exactly(t(lang, 'cohort.status_invited')));
      }
      await expect(memberRow(a, lang, park).locator('td').first()).toHaveText(exactly('박서연'));
      await expect(main(a).locator('dl.facts').first()).toContainText(t(lang, 'org.seats', { members: 4, limit: 20 }));

      // --- The member opens the link from the mail (in Korean, as the list says). ---
      const mail = sql(`select subject from outbox where lower(to_address) = lower(:'email') order by id desc limit 1`, { email: park });
      expect(mail).toBe(t('ko', 'mail_cohort.invitation_subject', { course: resolve(c.title, 'ko').text }));
      const link = await invitationPath(park);
      member = await otherBrowser(browser, lang, baseURL!);
      const m = member.page;
      await openPage(m, link);
      await expectTitle(m, lang, t(lang, 'join.invitation_title'));
      await expect(h1(m, t(lang, 'join.invitation_title'))).toBeVisible();
      await expect(main(m)).toContainText(t(lang, 'join.lead', { organisation: city.nameEn, cohort: cohortName }));
      await expect(main(m).getByRole('link', { name: courseTitle, exact: true })).toHaveAttribute('href', `/courses/${c.slug}`);
      const shared = main(m).getByRole('region', { name: t(lang, 'join.shared_heading'), exact: true });
      await expect(shared.locator('#shared-text')).toHaveText(exactly(t(lang, 'join.shared_progress')));
      await expect(shared).toContainText(t(lang, 'join.leave_note'));
      await expect(label(m, lang, 'join.consent')).not.toBeChecked();

      // A password for the new account, consent, accept: on the course, signed in.
      const password = `gwangju may democracy 1980 ${suffix()}`;
      await ready(m);
      await label(m, lang, 'form.password').fill(password);
      await label(m, lang, 'form.password_confirm').fill(password);
      await label(m, lang, 'join.consent').check();
      await button(m, lang, 'join.accept').click();
      await expectAt(m, `/courses/${c.slug}?joined=1`);
      await ready(m);
      await expect(h1(m, courseTitle)).toBeVisible();
      expect(memberState(cohort, park)).toBe('joined');

      // The link works once.
      await openPage(m, link);
      await expect(main(m).getByText(t(lang, 'join.invalid'), { exact: true })).toBeVisible();
      await expect(label(m, lang, 'join.consent')).toHaveCount(0);

      // --- The member completes the course; the dashboard shows it. ---
      await completeCourse(m.request, baseURL!, park, c);
      await openPage(a, dashboardPath(city, cohort));
      const row = memberRow(a, lang, park);
      await expect(row.locator('td').nth(2)).toHaveText(exactly(t(lang, 'cohort.status_completed')));
      await expect(row.locator('td').nth(3)).toHaveText(exactly(t(lang, 'cohort.percent', { n: 100 })));
      expect(recentDates()).toContain((await row.locator('td').nth(4).textContent())?.trim());
      for (const email of [kim, lee, existing.email]) {
        await expect(memberRow(a, lang, email).locator('td').nth(2)).toHaveText(exactly(t(lang, 'cohort.status_invited')));
      }
      // Four members: every figure about them is suppressed, and so is the chart.
      await expect(figure(a, lang, 'cohort.members')).toHaveText(exactly('4'));
      for (const key of ['cohort.joined', 'cohort.completed', 'cohort.completion_rate']) {
        await expect(figure(a, lang, key), key).toHaveText(exactly(t(lang, 'cohort.suppressed')));
      }
      await expect(figuresRegion(a, lang).getByText(t(lang, 'cohort.chart_hidden'), { exact: true })).toBeVisible();
      await expect(figuresRegion(a, lang).locator('svg')).toHaveCount(0);

      // --- /cities: the city with its course, and fewer than 5 who completed. ---
      await openPage(a, '/cities');
      await expect(h1(a, t(lang, 'cities.title'))).toBeVisible();
      const card = cityCard(a, city, lang);
      await expect(card).toHaveCount(1);
      await expect(card).toContainText(`${city.region}, ${city.country}`);
      await expect(card).toContainText(t(lang, 'cities.declared', { year: city.year }));
      await expect(card.locator('li').filter({ hasText: exactly(courseTitle) })).toHaveCount(1);
      await expect(card.getByText(t(lang, 'cities.completed_few'), { exact: true })).toBeVisible();
      await expect(card.getByRole('link', { name: t(lang, 'cities.website'), exact: true })).toHaveAttribute('href', city.website);
    } finally {
      await closeAll(platform, admin, member);
    }
  });
});

// ---------------------------------------------------------------------------
// 2. Consent is required
// ---------------------------------------------------------------------------

test.describe('joining needs consent', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('accepting an invitation or joining with a code without ticking the box is refused, next to the box', async ({
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(150_000);
    const city = newCity(testInfo, 'consent');
    const orgAdmin = newUser(testInfo, 'coh-consent-admin');
    const adminSide = await signedInBrowser(browser, lang, baseURL!, orgAdmin);
    const api = await platformAdminApi(playwright, baseURL!, newUser(testInfo, 'coh-consent-platform'));
    let invitee: Side | undefined;
    let learnerSide: Side | undefined;
    try {
      await createCityDirectly(api, baseURL!, city, orgAdmin.email);
      const cohort = await createCohortDirectly(adminSide.context.request, baseURL!, city, { visible: false });
      const email = staffEmail(testInfo, 'coh-consent-invitee');
      const imported = await uploadDirectly(adminSide.context.request, baseURL!, city, cohort, [`${email},정하늘,en`]);
      await confirmDirectly(adminSide.context.request, baseURL!, city, cohort, imported);

      // The invitation, without consent: refused, the problem next to the box.
      invitee = await otherBrowser(browser, lang, baseURL!);
      const page = invitee.page;
      const link = await invitationPath(email);
      await openPage(page, link);
      // Progress is not shared in this cohort, and the screen says so.
      await expect(main(page).locator('#shared-text')).toHaveText(exactly(t(lang, 'join.shared_membership')));
      await expectNoFieldProblem(page, 'consent');
      const password = `gwangju may democracy 1980 ${suffix()}`;
      await label(page, lang, 'form.password').fill(password);
      await label(page, lang, 'form.password_confirm').fill(password);
      await button(page, lang, 'join.accept').click();
      await expectFieldProblem(page, 'consent', t(lang, 'problem.consent_required'));
      await expect(label(page, lang, 'join.consent')).toHaveAccessibleDescription(
        new RegExp(escapeRegExp(t(lang, 'join.shared_membership'))),
      );
      const form = formWithButton(page, t(lang, 'join.accept'));
      await expectFormAlert(form, lang, [{ text: t(lang, 'problem.consent_required'), field: 'consent' }]);
      await expectNoFieldProblem(page, 'password');
      await expectNoA11yViolations(page);
      expect(memberState(cohort, email), 'still only invited').toBe('invited');
      expect(new URL(page.url()).pathname).toBe(link);

      // Ticked: accepted.
      await ready(page);
      await label(page, lang, 'form.password').fill(password);
      await label(page, lang, 'form.password_confirm').fill(password);
      await label(page, lang, 'join.consent').check();
      await button(page, lang, 'join.accept').click();
      await expectAt(page, `/courses/${cohort.course.slug}?joined=1`);
      expect(memberState(cohort, email)).toBe('joined');

      // A join code, without consent: refused the same way, and no seat taken.
      const code = await makeCodeDirectly(adminSide.context.request, baseURL!, city, cohort);
      const learner = newUser(testInfo, 'coh-consent-learner');
      learnerSide = await signedInBrowser(browser, lang, baseURL!, learner);
      const lp = learnerSide.page;
      await openPage(lp, `/join/${code}`);
      await expect(h1(lp, t(lang, 'join.title'))).toBeVisible();
      await button(lp, lang, 'join.join').click();
      await expectFieldProblem(lp, 'consent', t(lang, 'problem.consent_required'));
      expect(memberState(cohort, learner.email)).toBe('');
      expect(sql(`select uses from cohort_codes where code = :'code'`, { code })).toBe('0');
      await ready(lp);
      await label(lp, lang, 'join.consent').check();
      await button(lp, lang, 'join.join').click();
      await expectAt(lp, `/courses/${cohort.course.slug}?joined=1`);
      expect(memberState(cohort, learner.email)).toBe('joined');
    } finally {
      await api.dispose();
      await closeAll(adminSide, invitee, learnerSide);
    }
  });
});

// ---------------------------------------------------------------------------
// 3. Join codes, My cohorts, leaving
// ---------------------------------------------------------------------------

test.describe('join codes', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('the admin makes a code on the dashboard; a learner joins with it, finds the cohort on My learning and leaves it', async ({
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(150_000);
    const city = newCity(testInfo, 'code');
    const orgAdmin = newUser(testInfo, 'coh-code-admin');
    const adminSide = await signedInBrowser(browser, lang, baseURL!, orgAdmin);
    const api = await platformAdminApi(playwright, baseURL!, newUser(testInfo, 'coh-code-platform'));
    let learnerSide: Side | undefined;
    try {
      await createCityDirectly(api, baseURL!, city, orgAdmin.email);
      const cohort = await createCohortDirectly(adminSide.context.request, baseURL!, city);
      const courseTitle = resolve(cohort.course.title, lang).text;

      // The Join codes section: none yet; a code valid 7 days for 3 people.
      const a = adminSide.page;
      await openPage(a, dashboardPath(city, cohort));
      const codes = main(a).getByRole('region', { name: t(lang, 'cohort.codes_heading'), exact: true });
      await expect(codes.getByText(t(lang, 'cohort.no_codes'), { exact: true })).toBeVisible();
      await expect(codes.getByLabel(t(lang, 'cohort.max_uses'), { exact: true })).toHaveValue(String(cohort.seats));
      await codes.getByLabel(t(lang, 'cohort.days'), { exact: true }).fill('7');
      await codes.getByLabel(t(lang, 'cohort.max_uses'), { exact: true }).fill('3');
      await codes.getByRole('button', { name: t(lang, 'cohort.create_code'), exact: true }).click();
      await expectAt(a, `${dashboardPath(city, cohort)}?done=code`);
      await ready(a);
      await expectNotice(a, t(lang, 'cohort.code_made'));
      const row = codes.locator('table tbody tr');
      await expect(row).toHaveCount(1);
      await expect(row.locator('td.code')).toHaveText(/^\s*[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\s*$/);
      await expect(row).toContainText(t(lang, 'cohort.uses', { uses: 0, max: 3 }));
      await expect(row).toContainText(isoDate(7));
      const href = await row.getByRole('link').getAttribute('href');
      expect(href).toMatch(/^\/join\/[0-9A-Z]{12}$/);

      // A signed-in learner opens the link: the consent screen, then the course.
      const learner = newUser(testInfo, 'coh-code-learner');
      learnerSide = await signedInBrowser(browser, lang, baseURL!, learner);
      const lp = learnerSide.page;
      await openPage(lp, '/me/learning');
      await expect(myCohortsRegion(lp, lang).getByText(t(lang, 'mine_cohorts.none'), { exact: true })).toBeVisible();
      await openPage(lp, href!);
      await expectTitle(lp, lang, t(lang, 'join.title'));
      await expect(main(lp)).toContainText(t(lang, 'join.lead', { organisation: city.nameEn, cohort: cohort.name }));
      await expect(main(lp).locator('#shared-text')).toHaveText(exactly(t(lang, 'join.shared_progress')));
      await label(lp, lang, 'join.consent').check();
      await button(lp, lang, 'join.join').click();
      await expectAt(lp, `/courses/${cohort.course.slug}?joined=1`);
      await ready(lp);
      await expect(h1(lp, courseTitle)).toBeVisible();

      // My learning: the cohort, what it shares, and Leave.
      await openPage(lp, '/me/learning');
      const mine = myCohortsRegion(lp, lang);
      const item = mine.locator('li').filter({ has: lp.getByRole('heading', { level: 3, name: cohort.name, exact: true }) });
      await expect(item).toHaveCount(1);
      await expect(item).toContainText(city.nameEn);
      await expect(item.getByRole('link', { name: courseTitle, exact: true })).toHaveAttribute('href', `/courses/${cohort.course.slug}`);
      await expect(item).toContainText(t(lang, 'mine_cohorts.shared'));
      const leave = item.getByRole('button', { name: t(lang, 'mine_cohorts.leave', { cohort: cohort.name }), exact: true });
      await expect(leave).toBeVisible();

      // The admin sees the new member, and one use of the code.
      await openPage(a, dashboardPath(city, cohort));
      await expect(memberRow(a, lang, learner.email).locator('td').nth(2)).toHaveText(exactly(t(lang, 'cohort.status_not_started')));
      await expect(codes.locator('table tbody tr')).toContainText(t(lang, 'cohort.uses', { uses: 1, max: 3 }));

      // Leaving: the notice, and the cohort is gone (the course stays the learner's).
      await leave.click();
      await expectAt(lp, '/me/learning?done=left');
      await ready(lp);
      await expectNotice(lp, t(lang, 'mine_cohorts.left'));
      await expect(mine.getByRole('heading', { level: 3, name: cohort.name, exact: true })).toHaveCount(0);
      await expect(mine.getByText(t(lang, 'mine_cohorts.none'), { exact: true })).toBeVisible();
      expect(memberState(cohort, learner.email)).toBe('');
      expect(
        sql(
          `select count(*) from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
           where lower(u.email) = lower(:'email') and c.slug = :'course'`,
          { email: learner.email, course: cohort.course.slug },
        ),
        'the enrolment stays the learner’s',
      ).toBe('1');
      await openPage(lp, '/me/learning');
      await expect(myCohortsRegion(lp, lang).getByRole('heading', { level: 3, name: cohort.name, exact: true })).toHaveCount(0);

      // And the organisation no longer sees them.
      await openPage(a, dashboardPath(city, cohort));
      await expect(memberRow(a, lang, learner.email)).toHaveCount(0);
    } finally {
      await api.dispose();
      await closeAll(adminSide, learnerSide);
    }
  });
});

// ---------------------------------------------------------------------------
// 4. The dashboard's filter and its export
// ---------------------------------------------------------------------------

test.describe('the cohort dashboard', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('the filter (a GET form) keeps members by status and name, and the CSV export lists exactly the members shown', async ({
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    const city = newCity(testInfo, 'filter');
    const orgAdmin = newUser(testInfo, 'coh-filter-admin');
    const adminSide = await signedInBrowser(browser, lang, baseURL!, orgAdmin);
    const api = await platformAdminApi(playwright, baseURL!, newUser(testInfo, 'coh-filter-platform'));
    const learnerApis: APIRequestContext[] = [];
    try {
      await createCityDirectly(api, baseURL!, city, orgAdmin.email);
      const cohort = await createCohortDirectly(adminSide.context.request, baseURL!, city, { seats: 10 });
      const c = cohort.course;

      // Two invited (from a list), three who joined with a code: not started, in progress, completed.
      const invited = [staffEmail(testInfo, 'coh-filter-inv1'), staffEmail(testInfo, 'coh-filter-inv2')];
      const imported = await uploadDirectly(adminSide.context.request, baseURL!, city, cohort, [
        `${invited[0]},한지민,ko`,
        `${invited[1]},"O'Neil, Pat",en`,
      ]);
      await confirmDirectly(adminSide.context.request, baseURL!, city, cohort, imported);
      const code = await makeCodeDirectly(adminSide.context.request, baseURL!, city, cohort);
      const [notStarted, inProgress, completed] = ['coh-filter-ns', 'coh-filter-ip', 'coh-filter-done'].map((tag) => newUser(testInfo, tag));
      for (const learner of [notStarted, inProgress, completed]) {
        const learnerApi = await playwright.request.newContext({ baseURL });
        learnerApis.push(learnerApi);
        await registerDirectly(learnerApi, learner, baseURL!);
        await joinDirectly(learnerApi, baseURL!, cohort, code);
      }
      markFirstLessonDone(inProgress.email, c);
      await completeCourse(learnerApis[2], baseURL!, completed.email, c);

      const a = adminSide.page;
      const base = dashboardPath(city, cohort);
      await openPage(a, base);
      const all = [...invited, notStarted.email, inProgress.email, completed.email];
      expect((await shownEmails(a, lang)).sort()).toEqual([...all].sort());
      await expect(membersRegion(a, lang)).toContainText(t(lang, 'cohort.shown', { count: 5 }));

      // Five members: the figures about all of them show; those about the three who joined do not.
      await expect(figure(a, lang, 'cohort.members')).toHaveText(exactly('5'));
      await expect(figure(a, lang, 'cohort.joined')).toHaveText(exactly('3'));
      await expect(figure(a, lang, 'cohort.completed')).toHaveText(exactly(t(lang, 'cohort.suppressed')));
      await expect(figure(a, lang, 'cohort.completion_rate')).toHaveText(exactly(t(lang, 'cohort.suppressed')));
      // The chart (SVG with a title) and its figures in a table.
      const chart = figuresRegion(a, lang).locator('figure.chart');
      // Named by its title (and described by its description, which aria-labelledby also names).
      const svg = chart.locator('svg[role="img"]');
      await expect(svg).toHaveCount(1);
      await expect(svg).toHaveAccessibleName(new RegExp(`^${escapeRegExp(t(lang, 'cohort.chart_title'))}`));
      const bars: [string, number][] = [
        ['cohort.status_invited', 2],
        ['cohort.status_not_started', 1],
        ['cohort.status_in_progress', 1],
        ['cohort.status_completed', 1],
      ];
      for (const [key, n] of bars) {
        await expect(chart.locator('table tr').filter({ has: a.locator('th', { hasText: exactly(t(lang, key)) }) }).locator('td')).toHaveText(
          exactly(String(n)),
        );
      }

      // Each status as the form filters it, and its export.
      const byStatus: [string, string, string[]][] = [
        ['completed', 'cohort.status_completed', [completed.email]],
        ['invited', 'cohort.status_invited', invited],
        ['in_progress', 'cohort.status_in_progress', [inProgress.email]],
      ];
      for (const [status, key, emails] of byStatus) {
        await openPage(a, base);
        await membersRegion(a, lang).getByLabel(t(lang, 'cohort.status_label'), { exact: true }).selectOption({ label: t(lang, key) });
        await button(a, lang, 'cohort.apply').click();
        await expectAt(a, `${base}?status=${status}&q=&sort=name`);
        await ready(a);
        await expect(membersRegion(a, lang).getByLabel(t(lang, 'cohort.status_label'), { exact: true })).toHaveValue(status);
        await expect(memberRows(a, lang)).toHaveCount(emails.length);
        const shown = await shownEmails(a, lang);
        expect(shown.sort()).toEqual([...emails].sort());
        for (const cell of await memberRows(a, lang).locator('td:nth-child(3)').allTextContents()) {
          expect(cell.trim()).toBe(t(lang, key));
        }
        await expectExportMatches(a, lang, await shownEmails(a, lang));
      }

      // A name search, sorted by progress: the export follows the filter and the order.
      await openPage(a, base);
      await membersRegion(a, lang).getByLabel(t(lang, 'cohort.search_label'), { exact: true }).fill(inProgress.displayName.toUpperCase());
      await membersRegion(a, lang).getByLabel(t(lang, 'cohort.sort_label'), { exact: true }).selectOption('progress');
      await button(a, lang, 'cohort.apply').click();
      await expectAt(a, `${base}?status=&q=${encodeURIComponent(inProgress.displayName.toUpperCase()).replace(/%20/g, '+')}&sort=progress`);
      await ready(a);
      expect(await shownEmails(a, lang)).toEqual([inProgress.email]);
      await expectExportMatches(a, lang, [inProgress.email]);

      // No filter, sorted by progress: everyone, the completed member first.
      await openPage(a, `${base}?sort=progress`);
      const ordered = await shownEmails(a, lang);
      expect(ordered[0]).toBe(completed.email);
      expect([...ordered].sort()).toEqual([...all].sort());
      await expectExportMatches(a, lang, ordered);

      // A filter nothing matches: the empty state, and an export with the header alone.
      await openPage(a, `${base}?status=completed&q=${encodeURIComponent('nobody-matches-this')}&sort=name`);
      await expect(membersRegion(a, lang).getByText(t(lang, 'cohort.no_members'), { exact: true })).toBeVisible();
      await expectExportMatches(a, lang, []);
    } finally {
      await api.dispose();
      for (const learnerApi of learnerApis) await learnerApi.dispose();
      await closeAll(adminSide);
    }
  });
});

/**
 * Downloads the CSV from the dashboard's export link (with the page's cookies) and
 * checks it lists exactly `emails`, in that order, with the catalogue's header.
 */
async function expectExportMatches(page: Page, lang: Lang, emails: string[]): Promise<void> {
  const link = membersRegion(page, lang).getByRole('link', { name: t(lang, 'cohort.export'), exact: true });
  const href = await link.getAttribute('href');
  expect(href, 'the export link').toBeTruthy();
  const pageUrl = new URL(page.url());
  const exportUrl = new URL(href!, pageUrl);
  // The link carries the page's filter.
  for (const name of ['status', 'q', 'sort']) {
    const onPage = pageUrl.searchParams.get(name);
    if (onPage !== null && onPage !== '') expect(exportUrl.searchParams.get(name), `the export's ${name}`).toBe(onPage);
  }
  const response = await page.request.get(exportUrl.pathname + exportUrl.search);
  expect(response.status(), `GET ${href}`).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/csv/);
  const rows = parseCsv(await response.text()).filter((r) => r.some((cell) => cell !== ''));
  expect(rows[0], 'the header').toEqual(
    ['col_name', 'col_email', 'col_status', 'col_progress', 'col_completed', 'col_certificate', 'col_quiz'].map((k) => t(lang, `cohort.${k}`)),
  );
  expect(rows.slice(1).map((r) => r[1]), `the export of ${page.url()}`).toEqual(emails);
}

// ---------------------------------------------------------------------------
// 5. Another city's admin reaches nothing
// ---------------------------------------------------------------------------

test.describe("another city's pages", () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test("an admin of one city gets an error page for another city, its cohort, its report and its export, never the members", async ({
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(150_000);
    const cityA = newCity(testInfo, 'idor-a');
    const cityB = newCity(testInfo, 'idor-b');
    const adminA = newUser(testInfo, 'coh-idor-a');
    const adminB = newUser(testInfo, 'coh-idor-b');
    const sideA = await signedInBrowser(browser, lang, baseURL!, adminA);
    const sideB = await signedInBrowser(browser, lang, baseURL!, adminB);
    const api = await platformAdminApi(playwright, baseURL!, newUser(testInfo, 'coh-idor-platform'));
    try {
      await createCityDirectly(api, baseURL!, cityA, adminA.email);
      await createCityDirectly(api, baseURL!, cityB, adminB.email);
      const cohortA = await createCohortDirectly(sideA.context.request, baseURL!, cityA);
      const cohortB = await createCohortDirectly(sideB.context.request, baseURL!, cityB, { tag: 'Secret' });
      const secretEmail = staffEmail(testInfo, 'coh-idor-secret');
      const importB = await uploadDirectly(sideB.context.request, baseURL!, cityB, cohortB, [`${secretEmail},비밀 직원,ko`]);
      const pendingB = await uploadDirectly(sideB.context.request, baseURL!, cityB, cohortB, [`${secretEmail},비밀 직원,ko`]);
      await confirmDirectly(sideB.context.request, baseURL!, cityB, cohortB, importB);
      const secrets = [secretEmail, cohortB.name];

      // B's own admin sees B (the control).
      await openPage(sideB.page, dashboardPath(cityB, cohortB));
      await expect(memberRow(sideB.page, lang, secretEmail)).toHaveCount(1);

      // A's admin: /org lists A alone.
      const a = sideA.page;
      await openPage(a, '/org');
      await expect(main(a).getByRole('link', { name: cityA.nameEn, exact: true })).toHaveCount(1);
      await expect(main(a).getByRole('link', { name: cityB.nameEn, exact: true })).toHaveCount(0);

      // Every page of B: an error page, nothing of B's.
      for (const urlPath of [
        `/org/${cityB.slug}`,
        dashboardPath(cityB, cohortB),
        `${dashboardPath(cityB, cohortB)}?status=invited`,
        `${dashboardPath(cityB, cohortB)}/imports/${importB}`,
        `${dashboardPath(cityB, cohortB)}/imports/${pendingB}`,
        // A's own address with B's cohort and report.
        `/org/${cityA.slug}/cohorts/${cohortB.id}`,
        `/org/${cityA.slug}/cohorts/${cohortB.id}/imports/${pendingB}`,
        `/org/${cityA.slug}/cohorts/${cohortA.id}/imports/${pendingB}`,
      ]) {
        await expectRefused(a, lang, urlPath, secrets);
      }

      // The export and the upload, by machine: 403/404 and nothing of B's.
      for (const urlPath of [`${dashboardPath(cityB, cohortB)}/members.csv`, `/org/${cityA.slug}/cohorts/${cohortB.id}/members.csv`]) {
        const response = await a.request.get(urlPath, { maxRedirects: 0 });
        expect([403, 404], urlPath).toContain(response.status());
        expect(await response.text()).not.toContain(secretEmail);
      }
      const upload = await a.request.post(`${dashboardPath(cityB, cohortB)}/import`, {
        multipart: { file: csvFile([`${staffEmail(testInfo, 'coh-idor-intruder')},Intruder,en`]) },
        headers: originOf(baseURL!),
        maxRedirects: 0,
      });
      expect([403, 404], 'uploading to B').toContain(upload.status());
      // Confirming B's pending report from A's session changes nothing.
      const confirm = await a.request.post('/api/org/import/confirm', {
        form: { slug: cityB.slug, cohort: cohortB.id, import: pendingB },
        headers: originOf(baseURL!),
        maxRedirects: 0,
      });
      expect(confirm.status(), 'confirming B’s report').not.toBe(200);
      expect(sql(`select count(*) from cohort_imports where id = :'id' and applied_at is not null`, { id: pendingB })).toBe('0');
      expect(sql(`select count(*) from cohort_members where cohort_id = :'id'`, { id: cohortB.id })).toBe('1');
    } finally {
      await api.dispose();
      await closeAll(sideA, sideB);
    }
  });
});

// ---------------------------------------------------------------------------
// 6. Accessibility, in both languages
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`partner-city pages are accessible (${lang})`, () => {
    test.use(languageContext(lang));

    test(`/org as a platform admin: the cities, the form to add one, and its problems (${lang})`, async ({ browser, baseURL }, testInfo) => {
      const platform = await signedInBrowser(browser, lang, baseURL!, newUser(testInfo, `coh-a11y-platform-form-${lang}`), true);
      try {
        const p = platform.page;
        await openPage(p, '/org');
        await expect(h1(p, t(lang, 'org.admin_title'))).toBeVisible();
        const create = main(p).getByRole('region', { name: t(lang, 'org.create_heading'), exact: true });
        await expect(create, 'a platform admin is offered the form to add a city').toBeVisible();
        await expectNoA11yViolations(p);
        await create.getByLabel(t(lang, 'org.slug'), { exact: true }).fill('Not A Slug');
        await create.getByLabel(t(lang, 'org.country'), { exact: true }).fill('Korea');
        await create.getByRole('button', { name: t(lang, 'org.create'), exact: true }).click();
        await expectFieldProblem(p, 'slug', t(lang, 'problem.slug_invalid'));
        await expectFieldProblem(p, 'name_en', t(lang, 'problem.required'));
        await expectFieldProblem(p, 'country', t(lang, 'problem.country_code'));
        await expect(create.getByLabel(t(lang, 'org.slug'), { exact: true })).toHaveValue('Not A Slug');
        await expectNoA11yViolations(p);
      } finally {
        await closeAll(platform);
      }
    });

    test(`a city, a dashboard with members and its chart, a report, the consent screens, /cities, My cohorts (${lang})`, async ({
      browser,
      playwright,
      baseURL,
    }, testInfo) => {
      test.setTimeout(240_000);
      const city = newCity(testInfo, `a11y-${lang}`);
      const orgAdmin = newUser(testInfo, `coh-a11y-admin-${lang}`);
      const adminSide = await signedInBrowser(browser, lang, baseURL!, orgAdmin);
      const api = await platformAdminApi(playwright, baseURL!, newUser(testInfo, `coh-a11y-platform-${lang}`));
      let learnerSide: Side | undefined;
      let invitee: Side | undefined;
      try {
        await createCityDirectly(api, baseURL!, city, orgAdmin.email);

        // The city's page, with a cohort.
        const a = adminSide.page;
        const cohort = await createCohortDirectly(a.request, baseURL!, city, { seats: 30 });
        await openPage(a, '/org');
        await expect(main(a).getByRole('link', { name: cityName(city, lang), exact: true })).toBeVisible();
        await expectNoA11yViolations(a);
        await openPage(a, `/org/${city.slug}`);
        await expect(h1(a, cityName(city, lang))).toBeVisible();
        await expect(main(a).getByRole('link', { name: cohort.name, exact: true })).toBeVisible();
        await expectNoA11yViolations(a);

        // A report with every kind of line, before it is confirmed.
        const staff = Array.from({ length: 5 }, (_, i) => staffEmail(testInfo, `coh-a11y-${lang}-${i}`));
        const lines = [
          'email,name,language',
          `${staff[0]},김지우,ko`,
          `${staff[1]},"Lee, Min-jun",en`,
          `${staff[2]},박서연,ko`,
          `${staff[3]},최민호,ko`,
          `${staff[4]},Jane Doe,en`,
          'not-an-email,잘못된 줄,ko',
          `${staff[0]},김지우,ko`,
          `${staffEmail(testInfo, 'coh-a11y-lang')},Someone,fr`,
        ];
        const imported = await uploadDirectly(a.request, baseURL!, city, cohort, lines);
        await openPage(a, `${dashboardPath(city, cohort)}/imports/${imported}`);
        await expect(h1(a, t(lang, 'import.title'))).toBeVisible();
        await expect(main(a).getByText(t(lang, 'import.refused_language_unknown'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(a);
        await confirmDirectly(a.request, baseURL!, city, cohort, imported);
        // Applied: the same report, with its notice.
        await openPage(a, `${dashboardPath(city, cohort)}/imports/${imported}`);
        await expect(main(a).getByText(t(lang, 'import.applied'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(a);

        // A learner joins with a code: the consent screen, then My learning with the cohort.
        const code = await makeCodeDirectly(a.request, baseURL!, city, cohort);
        learnerSide = await signedInBrowser(browser, lang, baseURL!, newUser(testInfo, `coh-a11y-learner-${lang}`));
        const lp = learnerSide.page;
        await openPage(lp, `/join/${code}`);
        await expect(h1(lp, t(lang, 'join.title'))).toBeVisible();
        await expectNoA11yViolations(lp);
        await joinDirectly(lp.request, baseURL!, cohort, code);
        await openPage(lp, '/me/learning');
        await expect(myCohortsRegion(lp, lang).getByRole('heading', { level: 3, name: cohort.name, exact: true })).toBeVisible();
        await expectNoA11yViolations(lp);

        // The dashboard: six members, one sharing progress, so the chart shows; a join code listed.
        await openPage(a, `${dashboardPath(city, cohort)}?done=code`);
        await expect(memberRows(a, lang)).toHaveCount(6);
        await expect(figuresRegion(a, lang).locator('figure.chart svg')).toHaveCount(1);
        await expect(main(a).getByRole('region', { name: t(lang, 'cohort.codes_heading'), exact: true }).locator('table tbody tr')).toHaveCount(1);
        await expectNoA11yViolations(a);
        // Filtered down to nobody.
        await openPage(a, `${dashboardPath(city, cohort)}?status=completed&q=&sort=status`);
        await expect(membersRegion(a, lang).getByText(t(lang, 'cohort.no_members'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(a);
        // A failed upload's problem.
        await openPage(a, `${dashboardPath(city, cohort)}?upload=file_invalid`);
        await expect(main(a).getByText(t(lang, 'problem.file_invalid'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(a);

        // The invitation, as its new account holder sees it (signed out).
        invitee = await otherBrowser(browser, lang, baseURL!);
        await openPage(invitee.page, await invitationPath(staff[2]));
        await expect(h1(invitee.page, t(lang, 'join.invitation_title'))).toBeVisible();
        await expect(label(invitee.page, lang, 'form.password')).toBeVisible();
        await expectNoA11yViolations(invitee.page);
        await openPage(invitee.page, '/invitations/not-a-real-token');
        await expect(main(invitee.page).getByText(t(lang, 'join.invalid'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(invitee.page);

        // /cities, for anyone.
        await openPage(invitee.page, '/cities');
        await expect(cityCard(invitee.page, city, lang)).toHaveCount(1);
        await expect(cityCard(invitee.page, city, lang).getByText(t(lang, 'cities.completed_few'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(invitee.page);
      } finally {
        await api.dispose();
        await closeAll(adminSide, learnerSide, invitee);
      }
    });
  });
}
