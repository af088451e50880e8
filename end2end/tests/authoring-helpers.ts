/**
 * Helpers shared by the authoring tests (tests/authoring.spec.ts and
 * tests/question-editor.spec.ts): courses and modules made for a test, educators
 * signed in in a browser of their own, set-up posted straight to the server functions
 * (as a browser without JavaScript does), the editor pages' addresses and landmarks.
 *
 * Only what the browser cannot do is done in the database: making a user an educator,
 * and reading the ids of new modules and lessons for the set-up of a test.
 */
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { type Lang, h1, jsEnabled, languageContext, t, waitForHydration } from './helpers';
import { type TestUser, formWithButton, registerDirectly, sql } from './accounts-helpers';

// ---------------------------------------------------------------------------
// After an editor action
// ---------------------------------------------------------------------------

/**
 * Where an editor action lands: `path?done=…&n=…`. The `n` is new every time (so the
 * hydrated page reloads its data after the same action twice), so only the path and
 * `done` are compared.
 */
export function doneOf(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://x');
  return `${url.pathname}?done=${url.searchParams.get('done') ?? ''}`;
}

export function expectDoneLocation(location: string, path: string, done: string): void {
  expect(doneOf(location)).toBe(`${path}?done=${done}`);
}

export async function expectDone(page: Page, path: string, done: string): Promise<void> {
  await expect
    .poll(() => doneOf(page.url()), { message: `the page should be at ${path}?done=${done}` })
    .toBe(`${path}?done=${done}`);
}

// ---------------------------------------------------------------------------
// Test data: courses and their texts
// ---------------------------------------------------------------------------

export interface Bilingual {
  en: string;
  ko: string;
}

export interface DraftCourse {
  slug: string;
  title: Bilingual;
  summary: Bilingual;
}

export function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A course no other test, project or run uses: the slug carries all three. */
export function newCourse(testInfo: TestInfo, tag: string): DraftCourse {
  const s = `${Date.now().toString(36)}${suffix()}`;
  return {
    slug: `${tag}-${testInfo.project.name}-${s}`,
    title: { en: `Rights in the city ${s}`, ko: `도시 속 인권 ${s}` },
    summary: { en: `How a city makes human rights part of its work (${s}).`, ko: `도시가 인권을 행정에 담는 방법 (${s}).` },
  };
}

/** A module or lesson title in both languages, unique to this run. */
export function bilingual(en: string, ko: string): Bilingual {
  const s = suffix();
  return { en: `${en} ${s}`, ko: `${ko} ${s}` };
}

export const KINDS = ['single_choice', 'multiple_response', 'true_false', 'short_answer', 'numerical', 'matching'] as const;
export type Kind = (typeof KINDS)[number];

export function kindName(lang: Lang, kind: Kind): string {
  return t(lang, `bank.kind_${kind}`);
}

// ---------------------------------------------------------------------------
// The database (what a browser cannot do: roles; ids for the set-up)
// ---------------------------------------------------------------------------

/**
 * Makes `email` an educator. The session re-reads the role on every request
 * (app/src/ssr/auth.rs) and this update leaves `session_epoch` alone, so the user
 * stays signed in and is an educator from the next request on (as makePlatformAdmin).
 */
export function makeEducator(email: string): void {
  const updated = sql(`update users set role = 'educator' where lower(email) = lower(:'email') returning id`, { email });
  if (!updated) throw new Error(`makeEducator: no user ${email}`);
}

/** The lineage ids (as the editor's addresses use them) of the draft's modules, in order. */
export function draftModules(slug: string): string[] {
  const rows = sql(
    `select m.lineage from modules m join course_versions v on v.id = m.version_id join courses c on c.id = v.course_id
     where c.slug = :'slug' and v.published_at is null order by m.position`,
    { slug },
  );
  return rows === '' ? [] : rows.split('\n');
}

/** The lineage ids of the draft's lessons in `module`, in order. */
export function draftLessons(slug: string, module: string): string[] {
  const rows = sql(
    `select l.lineage from lessons l join modules m on m.id = l.module_id
     join course_versions v on v.id = l.version_id join courses c on c.id = v.course_id
     where c.slug = :'slug' and v.published_at is null and m.lineage = :'module' order by l.position`,
    { slug, module },
  );
  return rows === '' ? [] : rows.split('\n');
}

// ---------------------------------------------------------------------------
// Server functions, posted as a browser without JavaScript does
// (for the set-up of a test whose subject is elsewhere)
// ---------------------------------------------------------------------------

export function originOf(baseURL: string): Record<string, string> {
  return { Origin: new URL(baseURL).origin, Accept: 'text/html' };
}

/** Posts a form; returns where the server redirects. */
export async function postForm(request: APIRequestContext, baseURL: string, urlPath: string, form: Record<string, string>): Promise<string> {
  const response = await request.post(urlPath, { form, headers: originOf(baseURL), maxRedirects: 0 });
  expect([302, 303], `POST ${urlPath}: ${response.status()} ${await response.text()}`).toContain(response.status());
  return response.headers()['location'] ?? '';
}

export async function createCourseDirectly(request: APIRequestContext, baseURL: string, course: DraftCourse): Promise<void> {
  const location = await postForm(request, baseURL, '/api/teach/create', {
    slug: course.slug,
    topic: 'human-rights-cities',
    title_en: course.title.en,
    title_ko: course.title.ko,
    summary_en: course.summary.en,
    summary_ko: course.summary.ko,
    estimated_minutes: '30',
  });
  expect(location).toBe(`/teach/${course.slug}`);
}

/** Adds a module at the end of the draft; its lineage id. */
export async function addModuleDirectly(request: APIRequestContext, baseURL: string, slug: string, title: Bilingual): Promise<string> {
  const location = await postForm(request, baseURL, '/api/teach/modules/add', {
    slug,
    token: randomUUID(),
    title_en: title.en,
    title_ko: title.ko,
  });
  expectDoneLocation(location, `/teach/${slug}`, 'module_added');
  return draftModules(slug).pop()!;
}

/** Adds a lesson at the end of `module`; its lineage id. */
export async function addLessonDirectly(request: APIRequestContext, baseURL: string, slug: string, module: string, title: Bilingual): Promise<string> {
  const location = await postForm(request, baseURL, '/api/teach/lessons/add', {
    slug,
    token: randomUUID(),
    module,
    title_en: title.en,
    title_ko: title.ko,
  });
  expectDoneLocation(location, `/teach/${slug}`, 'lesson_added');
  return draftLessons(slug, module).pop()!;
}

// ---------------------------------------------------------------------------
// People: each in a browser of their own
// ---------------------------------------------------------------------------

export interface Side {
  context: BrowserContext;
  page: Page;
}

/** Another browser (own cookies) for `lang`, with the project's JavaScript setting. */
export async function otherBrowser(browser: Browser, lang: Lang, baseURL: string): Promise<Side> {
  const context = await browser.newContext({ ...languageContext(lang), baseURL, javaScriptEnabled: jsEnabled() });
  return { context, page: await context.newPage() };
}

/** A browser signed in as a new learner (registered straight to the server function). */
export async function signInAsLearner(browser: Browser, lang: Lang, baseURL: string, user: TestUser): Promise<Side> {
  const side = await otherBrowser(browser, lang, baseURL);
  await registerDirectly(side.context.request, user, baseURL);
  return side;
}

/** A browser signed in as a new educator: registered, then given the role. */
export async function signInAsEducator(browser: Browser, lang: Lang, baseURL: string, user: TestUser): Promise<Side> {
  const side = await signInAsLearner(browser, lang, baseURL, user);
  makeEducator(user.email);
  return side;
}

export async function closeAll(...sides: (Side | undefined)[]): Promise<void> {
  for (const side of sides) await side?.context.close();
}

// ---------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------

export function main(page: Page): Locator {
  return page.getByRole('main');
}

export async function ready(page: Page): Promise<void> {
  if (jsEnabled()) await waitForHydration(page);
}

export async function expectPath(page: Page, pathname: string | RegExp): Promise<void> {
  const poll = expect.poll(() => new URL(page.url()).pathname, { message: `the page should be at ${pathname}` });
  if (typeof pathname === 'string') await poll.toBe(pathname);
  else await poll.toMatch(pathname);
}

/** A button of `scope` (of main, for a page) by its message. */
export function button(scope: Page | Locator, lang: Lang, key: string, vars: Record<string, string | number> = {}): Locator {
  const root = 'goto' in scope ? main(scope) : scope;
  return root.getByRole('button', { name: t(lang, key, vars), exact: true });
}

/** A `<section aria-labelledby>` of main, by its heading's message. */
export function region(page: Page, lang: Lang, key: string, vars: Record<string, string | number> = {}): Locator {
  return main(page).getByRole('region', { name: t(lang, key, vars), exact: true });
}

export function courseEditorPath(slug: string): string {
  return `/teach/${slug}`;
}

export function lessonEditorPath(slug: string, lesson: string): string {
  return `/teach/${slug}/lessons/${lesson}`;
}

export function quizEditorPath(slug: string, module: string): string {
  return `/teach/${slug}/quizzes/${module}`;
}

// The lesson and quiz editors ------------------------------------------------------

/** "Back to the course: {title}", on the lesson and quiz editors. */
export function backToCourse(page: Page, lang: Lang, course: DraftCourse): Locator {
  return main(page).getByRole('link', { name: `${t(lang, 'teach.back_to_course')} ${course.title[lang]}`, exact: true });
}

export function lessonForm(page: Page, lang: Lang): Locator {
  return formWithButton(page, t(lang, 'teach.save_lesson'));
}

export function quizHeading(page: Page, lang: Lang, module: Bilingual): Locator {
  return h1(page, `${module[lang]}: ${t(lang, 'bank.title')}`);
}
