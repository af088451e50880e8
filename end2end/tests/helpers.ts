/**
 * Shared helpers for the browser tests: the message catalogues, the seed courses,
 * the page frame every page must have, and the axe-core check.
 *
 * Texts are never typed into the tests: they come from `app/locales/{en,ko}.json`
 * (the catalogues the app renders) and from `server/seed/courses/*.toml` (the demo
 * courses loaded by `server seed`), so a reworded message does not break the suite
 * and a wrong message on a page does.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------
// Languages and message catalogues
// ---------------------------------------------------------------------------

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LOCALES_DIR = process.env.LOCALES_DIR ?? path.join(REPO_ROOT, 'app', 'locales');

type Catalogue = { [key: string]: string | Catalogue };

const catalogues: Record<Lang, Catalogue> = {
  en: JSON.parse(readFileSync(path.join(LOCALES_DIR, 'en.json'), 'utf8')),
  ko: JSON.parse(readFileSync(path.join(LOCALES_DIR, 'ko.json'), 'utf8')),
};

/**
 * A message from the app's catalogue, by dotted key, with `{{ name }}` placeholders
 * filled in: `t('ko', 'course.minutes', { minutes: 45 })` → "45분".
 * Throws on a missing key, so a renamed key fails loudly instead of matching "".
 */
export function t(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  let node: string | Catalogue | undefined = catalogues[lang];
  for (const part of key.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  if (typeof node !== 'string') {
    throw new Error(`No message "${key}" in app/locales/${lang}.json`);
  }
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_whole, name: string) => {
    if (!(name in vars)) throw new Error(`Message "${key}" (${lang}) needs a value for {{ ${name} }}`);
    return String(vars[name]);
  });
}

/** The other language: what the language switch offers. */
export function other(lang: Lang): Lang {
  return lang === 'en' ? 'ko' : 'en';
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching exactly `text` (whitespace-trimmed), for `hasText` filters. */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** A message with a numeric placeholder as a regex: "45 min" → /^\d+ min$/. */
export function messagePattern(lang: Lang, key: string, name: string): RegExp {
  const marker = '\u0000';
  const parts = t(lang, key, { [name]: marker }).split(marker).map(escapeRegExp);
  return new RegExp(`^\\s*${parts.join('\\d+')}\\s*$`);
}

/**
 * Browser context options that make the server pick `lang` from Accept-Language
 * (no cookie is set). Use with `test.use(languageContext('ko'))`.
 */
export function languageContext(lang: Lang) {
  return lang === 'ko'
    ? { locale: 'ko-KR', extraHTTPHeaders: { 'Accept-Language': 'ko-KR,ko;q=0.9' } }
    : { locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' } };
}

/** The name of the cookie the language switch sets and the i18n layer reads. */
export const LANG_COOKIE = 'i18n_pref_locale';

// ---------------------------------------------------------------------------
// Seed courses (server/seed/courses/*.toml)
// ---------------------------------------------------------------------------

export type Localized = Partial<Record<Lang, string>>;
export interface SeedLesson {
  slug: string;
  title: Localized;
  minutes: number;
  preview: boolean;
}
export interface SeedModule {
  slug: string;
  title: Localized;
  lessons: SeedLesson[];
  /** Questions of the module's quiz: a module with any ends with a quiz. */
  questions: number;
}
export interface SeedCourse {
  slug: string;
  title: Localized;
  modules: SeedModule[];
}

const SEED_DIR = process.env.SEED_DIR ?? path.join(REPO_ROOT, 'server', 'seed', 'courses');

/** The three demo courses, if the seed files cannot be read (their slugs are fixed). */
export const SEED_SLUGS = ['human-rights-cities', 'local-government-and-human-rights', 'human-rights-cities-2030'];

let seedCache: SeedCourse[] | undefined;

/**
 * The published demo courses, read from the seed files the server loads. A small
 * line-based reader for the subset of TOML those files use (tables, arrays of tables,
 * strings, integers, booleans); the lesson bodies (multi-line strings) are skipped.
 */
export function seedCourses(): SeedCourse[] {
  if (seedCache) return seedCache;
  let files: string[];
  try {
    files = readdirSync(SEED_DIR).filter((f) => f.endsWith('.toml')).sort();
  } catch (error) {
    throw new Error(`Cannot read the seed courses in ${SEED_DIR} (set SEED_DIR to override): ${error}`);
  }
  const courses = files.map((file) => parseSeedCourse(path.join(SEED_DIR, file)));
  if (courses.length === 0) throw new Error(`No seed course (*.toml) in ${SEED_DIR}`);
  seedCache = courses;
  return courses;
}

function parseSeedCourse(file: string): SeedCourse {
  // Multi-line strings (lesson bodies) may contain anything, `[` lines included: blank them.
  const text = readFileSync(file, 'utf8')
    .replace(/'''[\s\S]*?'''/g, "''")
    .replace(/"""[\s\S]*?"""/g, '""');
  const course: SeedCourse = { slug: '', title: {}, modules: [] };
  let table = '';
  let module: SeedModule | undefined;
  let lesson: SeedLesson | undefined;

  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const arrayHeader = /^\[\[\s*([\w.]+)\s*\]\]$/.exec(line);
    const tableHeader = /^\[\s*([\w.]+)\s*\]$/.exec(line);
    if (arrayHeader) {
      table = arrayHeader[1];
      if (table === 'modules') {
        module = { slug: '', title: {}, lessons: [], questions: 0 };
        course.modules.push(module);
      } else if (table === 'modules.questions') {
        if (!module) throw new Error(`${file}: [[modules.questions]] before any [[modules]]`);
        module.questions += 1;
      } else if (table === 'modules.lessons') {
        if (!module) throw new Error(`${file}: [[modules.lessons]] before any [[modules]]`);
        lesson = { slug: '', title: {}, minutes: 0, preview: false };
        module.lessons.push(lesson);
      }
      continue;
    }
    if (tableHeader) {
      table = tableHeader[1];
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    const [, key, rawValue] = pair;
    const value = parseTomlValue(rawValue);

    const target: Localized | undefined =
      table === 'title' ? course.title
      : table === 'modules.title' ? module?.title
      : table === 'modules.lessons.title' ? lesson?.title
      : undefined;
    if (target && (key === 'en' || key === 'ko') && typeof value === 'string') {
      target[key] = value;
      continue;
    }
    // Inline form: `title = { en = "…", ko = "…" }`.
    if (key === 'title' && typeof value === 'object' && value !== null) {
      const owner = table === '' ? course : table === 'modules' ? module : table === 'modules.lessons' ? lesson : undefined;
      if (owner) owner.title = value as Localized;
      continue;
    }
    if (table === '' && key === 'slug' && typeof value === 'string') course.slug = value;
    if (table === 'modules' && key === 'slug' && module && typeof value === 'string') module.slug = value;
    if (table === 'modules.lessons' && lesson) {
      if (key === 'slug' && typeof value === 'string') lesson.slug = value;
      if (key === 'minutes' && typeof value === 'number') lesson.minutes = value;
      if (key === 'preview' && typeof value === 'boolean') lesson.preview = value;
    }
  }

  const problems: string[] = [];
  if (!course.slug) problems.push('no top-level slug');
  if (!course.title.en && !course.title.ko) problems.push('no [title]');
  if (course.modules.length === 0) problems.push('no [[modules]]');
  for (const m of course.modules) {
    if (!m.title.en && !m.title.ko) problems.push(`module ${m.slug}: no title`);
    if (m.lessons.length === 0) problems.push(`module ${m.slug}: no lessons`);
    for (const l of m.lessons) {
      if (!l.title.en && !l.title.ko) problems.push(`lesson ${l.slug}: no title`);
      if (!(l.minutes > 0)) problems.push(`lesson ${l.slug}: no minutes`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Could not read seed file ${file} (update parseSeedCourse in tests/helpers.ts?): ${problems.join('; ')}`);
  }
  return course;
}

function parseTomlValue(raw: string): unknown {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (value.startsWith('"')) {
    const end = /^"((?:[^"\\]|\\.)*)"/.exec(value);
    return end ? JSON.parse(`"${end[1]}"`) : undefined;
  }
  if (value.startsWith("'")) {
    const end = /^'([^']*)'/.exec(value);
    return end ? end[1] : undefined;
  }
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^[+-]?\d[\d_]*$/.test(value)) return Number(value.replace(/_/g, ''));
  if (value.startsWith('{')) {
    const table: Record<string, string> = {};
    for (const m of value.matchAll(/(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')/g)) {
      const v = parseTomlValue(m[2]);
      if (typeof v === 'string') table[m[1]] = v;
    }
    return table;
  }
  return undefined;
}

/**
 * A localized text as the server resolves it for a reader of `lang`: that language,
 * or else the other one, with the language it is in (for the `lang` attribute).
 */
export function resolve(text: Localized, lang: Lang): { text: string; lang: Lang } {
  for (const l of [lang, other(lang)]) {
    const value = text[l];
    if (value && value.trim() !== '') return { text: value, lang: l };
  }
  return { text: '', lang };
}

export function lessonCount(course: SeedCourse): number {
  return course.modules.reduce((n, m) => n + m.lessons.length, 0);
}

/** The module quizzes of a course: one per module that has questions. */
export function quizCount(course: SeedCourse): number {
  return course.modules.filter((m) => m.questions > 0).length;
}

/** What progress counts: every lesson (all are required in the seed) and every quiz. */
export function itemCount(course: SeedCourse): number {
  return lessonCount(course) + quizCount(course);
}

/** The module a lesson belongs to. */
export function moduleOf(course: SeedCourse, lessonSlug: string): SeedModule {
  const found = course.modules.find((m) => m.lessons.some((l) => l.slug === lessonSlug));
  if (!found) throw new Error(`No lesson ${lessonSlug} in ${course.slug}`);
  return found;
}

/** The quiz that follows `lessonSlug`, if it is the last lesson of a module with a quiz. */
export function quizAfter(course: SeedCourse, lessonSlug: string): SeedModule | undefined {
  const m = moduleOf(course, lessonSlug);
  return m.questions > 0 && m.lessons[m.lessons.length - 1].slug === lessonSlug ? m : undefined;
}

/** What the catalogue shows as the estimated time: the sum of the lessons' minutes. */
export function totalMinutes(course: SeedCourse): number {
  return course.modules.flatMap((m) => m.lessons).reduce((n, l) => n + l.minutes, 0);
}

// ---------------------------------------------------------------------------
// Navigation and hydration
// ---------------------------------------------------------------------------

/** Whether the running project has JavaScript on (the `no-js` project turns it off). */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/**
 * Collects uncaught exceptions and console errors from now on. Failed loads are
 * reported with their URL; the browser's own guess at `/favicon.ico` is not the app's.
 */
export function collectErrors(page: Page): string[] {
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

/**
 * Waits until the page is as interactive as it gets (`<body data-hydrated="true">`): at
 * once on a page without islands, after their hydration on a page with some.
 */
export async function waitForHydration(page: Page, timeout = 20_000): Promise<void> {
  await expect(page.locator('body'), 'the page should hydrate (body[data-hydrated="true"])').toHaveAttribute(
    'data-hydrated',
    'true',
    { timeout },
  );
}

/**
 * Opens `path`, checks the HTTP status, and (with JavaScript on) waits for hydration,
 * so that what is checked next is what a reader gets once the page is interactive.
 */
export async function openPage(page: Page, urlPath: string, status = 200) {
  const response = await page.goto(urlPath);
  expect(response, `no response for ${urlPath}`).not.toBeNull();
  expect(response!.status(), `HTTP status of ${urlPath}`).toBe(status);
  if (jsEnabled()) await waitForHydration(page);
  return response!;
}

/** Polls `urlPath` until it answers `status` (or `timeout` ms pass); returns the last response body. */
export async function pollStatus(request: APIRequestContext, urlPath: string, status: number, timeout: number) {
  let body = '';
  await expect
    .poll(
      async () => {
        const response = await request.get(urlPath, { timeout: 5_000, failOnStatusCode: false });
        body = await response.text();
        return response.status();
      },
      { message: `${urlPath} should answer ${status} within ${timeout / 1000} s`, timeout, intervals: [250, 500, 1_000] },
    )
    .toBe(status);
  return body;
}

// ---------------------------------------------------------------------------
// The frame of every page
// ---------------------------------------------------------------------------

/** `<title>`: "{page title} · IHREC Learn". */
export async function expectTitle(page: Page, lang: Lang, pageTitle: string): Promise<void> {
  await expect(page).toHaveTitle(`${pageTitle} · ${t(lang, 'brand')}`);
}

/**
 * What every page has: `<html lang>`, the skip link as the first focusable element,
 * the header with the main navigation and the language switch, `<main id="main">`
 * and the footer.
 */
export async function expectPageFrame(page: Page, lang: Lang): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);

  // Skip link: the first thing the keyboard reaches.
  const skip = page.getByRole('link', { name: t(lang, 'skip_to_content'), exact: true });
  await expect(skip).toHaveAttribute('href', '#main');
  // Call this on a freshly loaded page: Tab then starts from the top of the document.
  await page.keyboard.press('Tab');
  await expect(skip, 'the skip link should be the first focusable element').toBeFocused();

  // Header, main navigation.
  const header = page.getByRole('banner');
  await expect(header).toHaveCount(1);
  const nav = header.getByRole('navigation', { name: t(lang, 'nav.label'), exact: true });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: t(lang, 'nav.home'), exact: true })).toHaveAttribute('href', '/');
  await expect(nav.getByRole('link', { name: t(lang, 'nav.courses'), exact: true })).toHaveAttribute('href', '/courses');

  // Language switch: a real form, posted to /lang, offering the other language.
  const form = header.locator('form[action="/lang"]');
  await expect(form).toHaveCount(1);
  await expect(form).toHaveAttribute('method', /^post$/i);
  const button = form.getByRole('button', { name: t(lang, 'lang_switch.other_name'), exact: true });
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute('type', 'submit');
  await expect(button).toHaveAttribute('lang', other(lang));

  // Main landmark (the skip link's target) and footer.
  const main = page.getByRole('main');
  await expect(main).toHaveCount(1);
  await expect(main).toHaveAttribute('id', 'main');
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
}

/** The page's only h1, by its exact text. */
export function h1(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

// ---------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------

/**
 * Runs axe-core with all its default rules and fails with a readable list of the
 * violations (rule id, impact, help, first offending element).
 *
 * axe-core needs JavaScript in the page, so in the `no-js` project the page's HTML,
 * as the browser built it without scripts, is checked in a scratch page where page
 * scripts are blocked by a Content-Security-Policy (`script-src 'none'`) while the
 * stylesheets still load from the server (colour contrast needs them).
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  let target = page;
  let scratch: BrowserContext | undefined;
  if (!jsEnabled()) {
    const browser = page.context().browser();
    if (!browser) throw new Error('expectNoA11yViolations: no browser to open a scratch page in');
    const html = await page.content();
    const url = page.url();
    scratch = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
    target = await scratch.newPage();
    await target.route((u) => u.href === url, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': "script-src 'none'" },
        body: html,
      }),
    );
    await target.goto(url);
  }
  try {
    const results = await new AxeBuilder({ page: target }).analyze();
    const report = results.violations.map((v) => {
      const node = v.nodes[0];
      const where = node ? JSON.stringify(node.target) : '(no node)';
      const more = v.nodes.length > 1 ? ` (and ${v.nodes.length - 1} more)` : '';
      // No line may start with "at ": the reporter would take it for a stack frame.
      return `- ${v.id} [${v.impact ?? 'n/a'}] ${v.help}\n    element: ${where}${more}\n    rule: ${v.helpUrl}`;
    });
    expect(
      results.violations.length,
      `axe-core found ${results.violations.length} violation(s) on ${page.url()}:\n${report.join('\n')}`,
    ).toBe(0);
  } finally {
    await scratch?.close();
  }
}
