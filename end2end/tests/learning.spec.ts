/**
 * The learning path (issue 5): searching and filtering the catalogue, enrolling,
 * reading lessons and marking them done, progress on the course page, on the
 * catalogue cards and on "My learning", previews and locked lessons, completing a
 * course. Runs in both the `js` and `no-js` projects: the filter form is a plain GET
 * form and every learning form posts to its server function without JavaScript.
 *
 * Expected texts come from the catalogues (t()) and expected courses, lessons,
 * topics, lengths and search results are computed from the seed files
 * (server/seed/courses/*.toml), never typed in. Every test registers its own users,
 * so the tests are independent and run in parallel.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  LANGS,
  type Lang,
  type Localized,
  type SeedCourse,
  type SeedLesson,
  escapeRegExp,
  exactly,
  expectNoA11yViolations,
  h1,
  jsEnabled,
  languageContext,
  itemCount,
  lessonCount,
  openPage,
  quizAfter,
  resolve,
  seedCourses,
  t,
  totalMinutes,
  waitForHydration,
} from './helpers';
import { expectAt, expectSignedIn, newUser, registerDirectly, signIn, signOut, sql, submitSignIn } from './accounts-helpers';

// ---------------------------------------------------------------------------
// What the seed files say beyond what helpers.ts reads: topic, summary, lesson bodies
// ---------------------------------------------------------------------------

const SEED_DIR = process.env.SEED_DIR ?? path.resolve(__dirname, '..', '..', 'server', 'seed', 'courses');

interface SeedExtras {
  slug: string;
  topic: string;
  summary: Localized;
  /** Lesson bodies (Markdown) by lesson slug. */
  bodies: Map<string, Localized>;
}

let extrasCache: Map<string, SeedExtras> | undefined;

/** Topic, summary and lesson bodies of every seed course, by course slug. */
function seedExtras(): Map<string, SeedExtras> {
  if (extrasCache) return extrasCache;
  const result = new Map<string, SeedExtras>();
  for (const file of readdirSync(SEED_DIR).filter((f) => f.endsWith('.toml')).sort()) {
    const text = readFileSync(path.join(SEED_DIR, file), 'utf8');
    // Top-level keys come before the first table header.
    const headerAt = text.search(/^\s*\[/m);
    const top = headerAt < 0 ? text : text.slice(0, headerAt);
    const slug = /^\s*slug\s*=\s*"([^"]+)"/m.exec(top)?.[1];
    const topic = /^\s*topic\s*=\s*"([^"]+)"/m.exec(top)?.[1];
    // Without the multi-line strings, the [summary] table cannot be confused with a body.
    const blanked = text.replace(/'''[\s\S]*?'''/g, "''").replace(/"""[\s\S]*?"""/g, '""');
    const summaryTable = /^\s*\[summary\]\s*$([\s\S]*?)(?=^\s*\[)/m.exec(blanked)?.[1] ?? '';
    const summary: Localized = {};
    for (const m of summaryTable.matchAll(/^\s*(en|ko)\s*=\s*"((?:[^"\\]|\\.)*)"/gm)) {
      summary[m[1] as Lang] = JSON.parse(`"${m[2]}"`);
    }
    const bodies = new Map<string, Localized>();
    for (const chunk of text.split(/^\s*\[\[modules\.lessons\]\]\s*$/m).slice(1)) {
      const lessonSlug = /^\s*slug\s*=\s*"([^"]+)"/m.exec(chunk)?.[1];
      const bodyAt = chunk.search(/^\s*\[modules\.lessons\.body\]\s*$/m);
      if (!lessonSlug || bodyAt < 0) continue;
      const body: Localized = {};
      for (const m of chunk.slice(bodyAt).matchAll(/^\s*(en|ko)\s*=\s*'''\n?([\s\S]*?)'''/gm)) {
        body[m[1] as Lang] = m[2];
      }
      bodies.set(lessonSlug, body);
    }
    if (!slug || !topic || (!summary.en && !summary.ko)) {
      throw new Error(`learning.spec.ts: could not read slug, topic and [summary] from ${file}`);
    }
    result.set(slug, { slug, topic, summary, bodies });
  }
  extrasCache = result;
  return result;
}

function extras(course: SeedCourse): SeedExtras {
  const found = seedExtras().get(course.slug);
  if (!found) throw new Error(`No seed file for course ${course.slug}`);
  return found;
}

function course(slug: string): SeedCourse {
  const found = seedCourses().find((c) => c.slug === slug);
  if (!found) throw new Error(`No seed course ${slug}`);
  return found;
}

/** A course's lessons in reading order: module order, then lesson order in the file. */
function lessons(c: SeedCourse): SeedLesson[] {
  return c.modules.flatMap((m) => m.lessons);
}

function lessonPath(c: SeedCourse, lesson: SeedLesson): string {
  return `/courses/${c.slug}/lessons/${lesson.slug}`;
}

function quizPath(c: SeedCourse, moduleSlug: string): string {
  return `/courses/${c.slug}/quizzes/${moduleSlug}`;
}

/**
 * Records a passed attempt at every quiz of the course for `email`, in the database:
 * the quizzes have their own spec; here only the lessons' road is under test.
 */
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

/** The progress percent the app shows: done × 100 / total, rounded down. */
function percent(done: number, total: number): number {
  return Math.floor((done * 100) / total);
}

/** The catalogue's search: every word must appear, case-insensitively, in a title or summary, in either language. */
function searchMatches(q: string): string[] {
  const terms = q.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  return seedCourses()
    .filter((c) => {
      const e = extras(c);
      const haystack = [c.title.en, c.title.ko, e.summary.en, e.summary.ko].map((s) => (s ?? '').toLowerCase()).join(' ');
      return terms.every((term) => haystack.includes(term));
    })
    .map((c) => c.slug);
}

/**
 * A word from a seed course title (in `lang`, made only of the letters `script`
 * allows) that finds some but not all courses, preferring one whose result differs
 * from `avoid`.
 */
function pickQuery(lang: Lang, script: RegExp, avoid: string[] = []): { word: string; slugs: string[] } {
  const candidates: { word: string; slugs: string[] }[] = [];
  for (const c of seedCourses()) {
    for (const raw of (c.title[lang] ?? '').split(/\s+/)) {
      const word = raw.replace(/[^\p{L}\p{N}]/gu, '');
      if (!script.test(word)) continue;
      const slugs = searchMatches(word);
      if (slugs.length > 0 && slugs.length < seedCourses().length) candidates.push({ word, slugs });
    }
  }
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((s) => b.includes(s));
  const pick = candidates.find((c) => !same(c.slugs, avoid)) ?? candidates[0];
  if (!pick) throw new Error(`No ${lang} word in the seed titles finds some but not all courses`);
  return pick;
}

/** The length bucket of a course, as the filter defines it: short < 30 min, medium 30–60, long > 60. */
function lengthBucket(c: SeedCourse): 'short' | 'medium' | 'long' {
  const minutes = totalMinutes(c);
  return minutes < 30 ? 'short' : minutes <= 60 ? 'medium' : 'long';
}

/**
 * A sentence of the lesson's body, as a reader of `lang` gets it, that is plain text
 * in the rendered HTML (no Markdown, no characters HTML escapes), long enough to be
 * the lesson's own (the longest such sentence).
 */
function distinctiveSentence(c: SeedCourse, lesson: SeedLesson, lang: Lang): string {
  const body = resolve(extras(c).bodies.get(lesson.slug) ?? {}, lang).text;
  let best = '';
  for (const line of body.split('\n').map((l) => l.trim())) {
    if (line.length < 40 || /^([#>*|+-]|\d+\.)/.test(line) || /[*_`[\]<>&"'‘’“”…·—–\\]/.test(line)) continue;
    for (const sentence of line.split(/(?<=[.!?])\s+/)) if (sentence.length > best.length) best = sentence;
  }
  if (best.length >= 30) return best;
  throw new Error(`No plain sentence in the body of ${c.slug}/${lesson.slug} (${lang})`);
}

/** The demo course with the most lessons whose progress after two lessons is not a whole number (so rounding shows). */
function journeyCourse(): SeedCourse {
  // Three lessons in the first module, so "Continue" after two is the third lesson
  // (not the module's quiz).
  const courses = seedCourses()
    .filter((c) => c.modules[0].lessons.length >= 3)
    .sort((a, b) => itemCount(b) - itemCount(a));
  return courses.find((c) => (200 % itemCount(c)) !== 0) ?? courses[0];
}

/** The demo course with the fewest lessons. */
function smallestCourse(): SeedCourse {
  return [...seedCourses()].sort((a, b) => lessonCount(a) - lessonCount(b))[0];
}

/** A course with at least two lessons whose first lesson is a preview and second is not. */
function previewCourse(): SeedCourse {
  const found = seedCourses().find((c) => {
    const ls = lessons(c);
    return ls.length >= 2 && ls[0].preview && !ls[1].preview;
  });
  if (!found) throw new Error('No seed course starts with a preview lesson followed by a locked one');
  return found;
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

/** Waits until the page's path (without query) is `pathname`. */
async function expectPath(page: Page, pathname: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { message: `the page should be at ${pathname}` }).toBe(pathname);
}

/** A date as the app writes it (ISO), in a message. */
function messageWithDate(lang: Lang, key: string): RegExp {
  const marker = '\u0000';
  const parts = t(lang, key, { date: marker }).split(marker).map(escapeRegExp);
  return new RegExp(`^\\s*${parts.join('(\\d{4}-\\d{2}-\\d{2})')}\\s*$`);
}

/** Today's or yesterday's date, UTC or local (the completion was just recorded). */
function recentDates(): string[] {
  const now = Date.now();
  const dates = new Set<string>();
  for (const at of [now, now - 86_400_000, now + 86_400_000]) {
    const d = new Date(at);
    dates.add(d.toISOString().slice(0, 10));
    dates.add(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  }
  return [...dates];
}

// Catalogue ------------------------------------------------------------------

function searchForm(page: Page): Locator {
  return main(page).getByRole('search');
}

/** Fills the catalogue's filter form (only what is given) and submits it; waits for the results page. */
async function searchCatalog(
  page: Page,
  lang: Lang,
  filter: { q?: string; topic?: string; length?: string },
): Promise<void> {
  await ready(page);
  const form = searchForm(page);
  if (filter.q !== undefined) await form.getByLabel(t(lang, 'catalog.search_label'), { exact: true }).fill(filter.q);
  if (filter.topic !== undefined) {
    await form
      .getByLabel(t(lang, 'catalog.topic_filter'), { exact: true })
      .selectOption({ label: t(lang, `topic.${filter.topic.replace(/-/g, '_')}`) });
  }
  if (filter.length !== undefined) {
    await form.getByLabel(t(lang, 'catalog.length_filter'), { exact: true }).selectOption({ label: t(lang, `length.${filter.length}`) });
  }
  await form.getByRole('button', { name: t(lang, 'catalog.apply'), exact: true }).click();
  await page.waitForURL((url) => {
    const params = url.searchParams;
    return (
      url.pathname === '/courses' &&
      (filter.q === undefined || params.get('q') === filter.q) &&
      (filter.topic === undefined || params.get('topic') === filter.topic) &&
      (filter.length === undefined || params.get('length') === filter.length)
    );
  });
  await ready(page);
}

function cardLinks(page: Page): Locator {
  return main(page).locator('li.course-card .course-card__title a');
}

function card(page: Page, slug: string): Locator {
  return main(page).locator('li.course-card').filter({ has: page.locator(`.course-card__title a[href="/courses/${slug}"]`) });
}

/** The catalogue shows exactly the courses `slugs` (in any order) and says how many. */
async function expectResults(page: Page, lang: Lang, slugs: string[]): Promise<void> {
  await expect(main(page).locator('p.results-count')).toHaveText(exactly(t(lang, 'catalog.results', { count: slugs.length })));
  await expect(cardLinks(page)).toHaveCount(slugs.length);
  const hrefs = await cardLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.sort()).toEqual(slugs.map((s) => `/courses/${s}`).sort());
  await expect(main(page).getByText(t(lang, 'catalog.no_results'), { exact: true })).toHaveCount(0);
}

/** The catalogue's empty state: no card, the message and a link back to every course. */
async function expectNoResults(page: Page, lang: Lang): Promise<void> {
  await expect(main(page).locator('p.results-count')).toHaveText(exactly(t(lang, 'catalog.results', { count: 0 })));
  await expect(main(page).locator('p.empty-state')).toHaveText(exactly(t(lang, 'catalog.no_results')));
  await expect(main(page).getByRole('link', { name: t(lang, 'catalog.clear'), exact: true })).toHaveAttribute('href', '/courses');
  await expect(cardLinks(page)).toHaveCount(0);
}

// Course page -------------------------------------------------------------------

function enrolButton(page: Page, lang: Lang): Locator {
  return main(page).getByRole('button', { name: t(lang, 'learning.enrol'), exact: true });
}

function progressBar(page: Page): Locator {
  return main(page).locator('progress#course-progress');
}

/** The enrolment panel shows the learner's progress: `done` of the course's lessons. */
async function expectCourseProgress(page: Page, lang: Lang, c: SeedCourse, done: number): Promise<void> {
  const total = itemCount(c);
  const value = percent(done, total);
  const label = t(lang, 'learning.progress_value', { done, total, percent: value });
  await expect(main(page).getByRole('heading', { level: 2, name: t(lang, 'learning.your_progress'), exact: true })).toBeVisible();
  await expect(progressBar(page)).toHaveAttribute('value', String(value));
  await expect(progressBar(page)).toHaveAttribute('max', '100');
  await expect(main(page).locator('label[for="course-progress"]')).toHaveText(exactly(label));
  await expect(main(page).getByRole('progressbar', { name: label, exact: true })).toHaveCount(1);
  await expect(enrolButton(page, lang)).toHaveCount(0);
}

// Lesson page -------------------------------------------------------------------

function markDoneButton(page: Page, lang: Lang): Locator {
  return main(page).getByRole('button', { name: t(lang, 'learning.mark_done'), exact: true });
}

function lessonNav(page: Page, lang: Lang): Locator {
  return page.getByRole('navigation', { name: t(lang, 'learning.lesson_nav'), exact: true });
}

/** The lesson page of `lesson` is open: its title as h1, its place in the lesson navigation. */
async function expectLesson(page: Page, lang: Lang, c: SeedCourse, lesson: SeedLesson): Promise<void> {
  await expectPath(page, lessonPath(c, lesson));
  await expect(h1(page, resolve(lesson.title, lang).text)).toBeVisible();
  const ls = lessons(c);
  const index = ls.findIndex((l) => l.slug === lesson.slug);
  const nav = lessonNav(page, lang);
  await expect(nav.getByRole('link', { name: t(lang, 'learning.back_to_course'), exact: true })).toHaveAttribute('href', `/courses/${c.slug}`);
  const prev = nav.locator('a[rel="prev"]');
  const next = nav.locator('a[rel="next"]');
  if (index > 0) {
    await expect(prev).toHaveAttribute('href', lessonPath(c, ls[index - 1]));
    await expect(prev).toContainText(t(lang, 'learning.previous'));
    await expect(prev).toContainText(resolve(ls[index - 1].title, lang).text);
  } else {
    await expect(prev).toHaveCount(0);
  }
  const quiz = quizAfter(c, lesson.slug);
  if (quiz) {
    // The module's quiz comes after its last lesson.
    await expect(next).toHaveAttribute('href', quizPath(c, quiz.slug));
    await expect(next).toContainText(t(lang, 'quiz.module_quiz'));
    await expect(next).toContainText(resolve(quiz.title, lang).text);
  } else if (index < ls.length - 1) {
    await expect(next).toHaveAttribute('href', lessonPath(c, ls[index + 1]));
    await expect(next).toContainText(t(lang, 'learning.next'));
    await expect(next).toContainText(resolve(ls[index + 1].title, lang).text);
  } else {
    await expect(next).toHaveCount(0);
  }
}

/** An enrolled learner reads the lesson: its body, no preview notice, no lock, "Mark as done". */
async function expectEnrolledLesson(page: Page, lang: Lang, c: SeedCourse, lesson: SeedLesson): Promise<void> {
  await expectLesson(page, lang, c, lesson);
  await expect(main(page).locator('div.lesson__body')).toContainText(distinctiveSentence(c, lesson, lang));
  await expect(main(page).getByText(t(lang, 'learning.preview_note'), { exact: true })).toHaveCount(0);
  await expect(main(page).getByRole('heading', { name: t(lang, 'learning.locked_title'), exact: true })).toHaveCount(0);
  await expect(markDoneButton(page, lang)).toBeVisible();
}

/** Clicks "Mark as done" and waits for the next lesson (or the course page after the last). */
async function markDone(page: Page, lang: Lang, c: SeedCourse, lesson: SeedLesson): Promise<void> {
  await ready(page);
  await markDoneButton(page, lang).click();
  const ls = lessons(c);
  const next = ls[ls.findIndex((l) => l.slug === lesson.slug) + 1];
  const quiz = quizAfter(c, lesson.slug);
  if (quiz) {
    await expectPath(page, quizPath(c, quiz.slug));
    await expect(h1(page, t(lang, 'quiz.title', { module: resolve(quiz.title, lang).text }))).toBeVisible();
  } else if (next) {
    await expectPath(page, lessonPath(c, next));
    await expect(h1(page, resolve(next.title, lang).text)).toBeVisible();
  } else {
    await expectPath(page, `/courses/${c.slug}`);
    await expect(h1(page, resolve(c.title, lang).text)).toBeVisible();
  }
  await ready(page);
}

/** On the course page of a signed-in reader who is not enrolled: enrol, and land on the first lesson. */
async function enrol(page: Page, lang: Lang, c: SeedCourse): Promise<void> {
  await ready(page);
  await enrolButton(page, lang).click();
  await expectPath(page, lessonPath(c, lessons(c)[0]));
  await expect(h1(page, resolve(lessons(c)[0].title, lang).text)).toBeVisible();
  await ready(page);
}

/** The HTML the server sends for `urlPath` (with the page's cookies), as a browser without JavaScript gets it. */
async function htmlOf(page: Page, urlPath: string): Promise<string> {
  const response = await page.request.get(urlPath);
  expect(response.status(), `HTTP status of ${urlPath}`).toBe(200);
  return response.text();
}

// My learning -------------------------------------------------------------------

function inProgressSection(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'mine.in_progress'), exact: true });
}

function completedSection(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'mine.completed'), exact: true });
}

function myCourse(section: Locator, c: SeedCourse): Locator {
  return section.locator('li.my-course').filter({ has: section.page().locator(`a[href="/courses/${c.slug}"]`) });
}

async function openMyLearningFromHeader(page: Page, lang: Lang): Promise<void> {
  await ready(page);
  await page.getByRole('banner').getByRole('link', { name: t(lang, 'nav.mine'), exact: true }).click();
  await expectAt(page, '/me/learning');
  await expect(h1(page, t(lang, 'mine.title'))).toBeVisible();
  await ready(page);
}

// ---------------------------------------------------------------------------
// 1. The acceptance journey
// ---------------------------------------------------------------------------

test.describe('learning journey', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('search, enrol, read two lessons, sign out and in, continue at the third; progress everywhere', async ({ page, baseURL }, testInfo) => {
    test.slow(); // two password hashes and some twenty pages
    const user = newUser(testInfo, 'journey-learn');
    const c = journeyCourse();
    const ls = lessons(c);
    const total = itemCount(c);
    const title = resolve(c.title, lang).text;

    await registerDirectly(page.request, user, baseURL!);

    // The catalogue lists every demo course.
    await openPage(page, '/courses');
    await expectResults(page, lang, seedCourses().map((s) => s.slug));

    // An English word from a title, typed in capitals: the courses that have it in a title or summary, in either language.
    const english = pickQuery('en', /^[A-Za-z]{4,}$/);
    await searchCatalog(page, lang, { q: english.word.toUpperCase() });
    await expectResults(page, lang, english.slugs);
    await expect(searchForm(page).getByLabel(t(lang, 'catalog.search_label'), { exact: true })).toHaveValue(english.word.toUpperCase());

    // A Korean word, for a reader of the English pages: the search spans both languages.
    const korean = pickQuery('ko', /^[\uAC00-\uD7A3]{2,}$/, english.slugs);
    await searchCatalog(page, lang, { q: korean.word });
    await expectResults(page, lang, korean.slugs);

    // Open the course from the full catalogue.
    await page.getByRole('banner').getByRole('link', { name: t(lang, 'nav.courses'), exact: true }).click();
    await expectAt(page, '/courses');
    await ready(page);
    await expectResults(page, lang, seedCourses().map((s) => s.slug));
    // The form shows the filter of the page it is on: none (soft: the rest of the journey still runs).
    await expect.soft(searchForm(page).getByLabel(t(lang, 'catalog.search_label'), { exact: true })).toHaveValue('');
    await card(page, c.slug).getByRole('link', { name: title, exact: true }).click();
    await expectAt(page, `/courses/${c.slug}`);
    await expect(h1(page, title)).toBeVisible();
    await ready(page);

    // Enrol: straight to the first lesson.
    await enrol(page, lang, c);
    await expectEnrolledLesson(page, lang, c, ls[0]);

    // Read two lessons.
    await markDone(page, lang, c, ls[0]);
    await expectEnrolledLesson(page, lang, c, ls[1]);
    await markDone(page, lang, c, ls[1]);
    await expectEnrolledLesson(page, lang, c, ls[2]);

    // Sign out, sign in again: the progress was kept.
    await signOut(page, lang);
    await signIn(page, lang, user.email, user.password);

    const value = percent(2, total);
    await openPage(page, `/courses/${c.slug}`);
    await expectCourseProgress(page, lang, c, 2);
    await expect(main(page).getByText(messageWithDate(lang, 'learning.completed_on'))).toHaveCount(0);
    const resume = main(page).getByRole('link', { name: t(lang, 'learning.resume'), exact: true });
    await expect(resume).toHaveAttribute('href', lessonPath(c, ls[2]));
    await resume.click();
    await expectEnrolledLesson(page, lang, c, ls[2]);
    await ready(page);

    // My learning: the course in progress, with the same percent and "Continue".
    await openMyLearningFromHeader(page, lang);
    const mine = myCourse(inProgressSection(page, lang), c);
    await expect(mine).toHaveCount(1);
    await expect(mine.getByRole('heading', { level: 3, name: title, exact: true })).toBeVisible();
    await expect(mine).toContainText(t(lang, 'course.your_progress', { percent: value }));
    await expect(mine.locator('progress')).toHaveAttribute('value', String(value));
    await expect(mine.getByRole('link', { name: t(lang, 'learning.resume'), exact: true })).toHaveAttribute('href', lessonPath(c, ls[2]));
    await expect(inProgressSection(page, lang).locator('li.my-course')).toHaveCount(1);
    await expect(completedSection(page, lang).locator('p.empty-state')).toHaveText(exactly(t(lang, 'mine.none_completed')));

    // The catalogue card shows the progress; the other cards do not.
    await openPage(page, '/courses');
    await expect(card(page, c.slug).locator('p.course-card__progress')).toHaveText(
      exactly(t(lang, 'course.your_progress', { percent: value })),
    );
    await expect(card(page, c.slug).locator('p.course-card__progress progress')).toHaveAttribute('value', String(value));
    await expect(main(page).locator('p.course-card__progress')).toHaveCount(1);
  });
});

// ---------------------------------------------------------------------------
// 2. Who may read what
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`lesson access (${lang})`, () => {
    test.use(languageContext(lang));

    test(`an anonymous reader gets the preview lesson, not the next one's body (${lang})`, async ({ page }) => {
      const c = previewCourse();
      const [preview, locked] = lessons(c);
      const previewSentence = distinctiveSentence(c, preview, lang);
      const lockedSentence = distinctiveSentence(c, locked, lang);

      // The course page invites to sign in, and links every lesson of the outline.
      await openPage(page, `/courses/${c.slug}`);
      await expect(main(page).getByRole('link', { name: t(lang, 'learning.sign_in_to_enrol'), exact: true })).toHaveAttribute(
        'href',
        `/sign-in?next=/courses/${c.slug}`,
      );
      await expect(enrolButton(page, lang)).toHaveCount(0);
      await expect(progressBar(page)).toHaveCount(0);
      const outline = main(page).getByRole('region', { name: t(lang, 'course.outline'), exact: true });
      for (const lesson of lessons(c)) {
        await expect(outline.getByRole('link', { name: resolve(lesson.title, lang).text, exact: true })).toHaveAttribute(
          'href',
          lessonPath(c, lesson),
        );
      }

      // The preview lesson, from the outline: its body, with the preview notice.
      await outline.getByRole('link', { name: resolve(preview.title, lang).text, exact: true }).click();
      await expectLesson(page, lang, c, preview);
      await ready(page);
      await expect(main(page).locator('p.notice[role="status"]')).toHaveText(exactly(t(lang, 'learning.preview_note')));
      await expect(main(page).locator('div.lesson__body')).toContainText(previewSentence);
      await expect(markDoneButton(page, lang)).toHaveCount(0);
      await expect(main(page).getByRole('heading', { name: t(lang, 'learning.locked_title'), exact: true })).toHaveCount(0);
      // The way the next check looks for a sentence in the server's HTML does find one that is there.
      expect(await htmlOf(page, lessonPath(c, preview))).toContain(previewSentence);

      // The next lesson, by the lesson navigation: locked, none of its body.
      await lessonNav(page, lang).locator('a[rel="next"]').click();
      await expectLesson(page, lang, c, locked);
      await ready(page);
      const lock = main(page).getByRole('region', { name: t(lang, 'learning.locked_title'), exact: true });
      await expect(lock.getByRole('heading', { level: 2, name: t(lang, 'learning.locked_title'), exact: true })).toBeVisible();
      await expect(lock).toContainText(t(lang, 'learning.locked_body'));
      await expect(lock.getByRole('link', { name: t(lang, 'learning.enrol'), exact: true })).toHaveAttribute(
        'href',
        `/sign-in?next=/courses/${c.slug}`,
      );
      await expect(main(page).locator('div.lesson__body')).toHaveCount(0);
      await expect(main(page)).not.toContainText(lockedSentence);
      await expect(markDoneButton(page, lang)).toHaveCount(0);
      await expect(main(page).getByText(t(lang, 'learning.preview_note'), { exact: true })).toHaveCount(0);
      expect(await page.content(), 'the locked lesson page should not hold its body anywhere').not.toContain(lockedSentence);
      expect(await htmlOf(page, lessonPath(c, locked)), "the server's HTML of a locked lesson").not.toContain(lockedSentence);
    });

    test(`a signed-in reader who is not enrolled is invited to enrol (${lang})`, async ({ page, request, baseURL }, testInfo) => {
      const user = newUser(testInfo, `not-enrolled-${lang}`);
      await registerDirectly(request, user, baseURL!); // the page stays anonymous
      const c = previewCourse();
      const locked = lessons(c)[1];

      // "Sign in to enrol" comes back to the course, which now offers to enrol.
      await openPage(page, `/courses/${c.slug}`);
      await main(page).getByRole('link', { name: t(lang, 'learning.sign_in_to_enrol'), exact: true }).click();
      await expectAt(page, `/sign-in?next=/courses/${c.slug}`);
      await submitSignIn(page, lang, user.email, user.password);
      await expectAt(page, `/courses/${c.slug}`);
      await expectSignedIn(page, lang, user.displayName);
      await expect(enrolButton(page, lang)).toBeVisible();
      await expect(main(page).getByRole('link', { name: t(lang, 'learning.sign_in_to_enrol'), exact: true })).toHaveCount(0);
      await expect(progressBar(page)).toHaveCount(0);

      // A locked lesson: still locked, and its "Enrol" leads to the course page.
      await openPage(page, lessonPath(c, locked));
      await expectLesson(page, lang, c, locked);
      const lock = main(page).getByRole('region', { name: t(lang, 'learning.locked_title'), exact: true });
      await expect(lock.getByRole('link', { name: t(lang, 'learning.enrol'), exact: true })).toHaveAttribute('href', `/courses/${c.slug}`);
      await expect(main(page).locator('div.lesson__body')).toHaveCount(0);
      expect(await htmlOf(page, lessonPath(c, locked))).not.toContain(distinctiveSentence(c, locked, lang));
    });
  });
}

test.describe('my learning guard', () => {
  test.use(languageContext('en'));

  test('an anonymous reader of /me/learning is sent to sign in, and back after', async ({ page, request, baseURL }, testInfo) => {
    const lang: Lang = 'en';
    await page.goto('/me/learning');
    await expectAt(page, '/sign-in?next=/me/learning');
    const user = newUser(testInfo, 'mine-guard');
    await registerDirectly(request, user, baseURL!);
    await submitSignIn(page, lang, user.email, user.password);
    await expectAt(page, '/me/learning');
    await expect(h1(page, t(lang, 'mine.title'))).toBeVisible();
  });
});

// ---------------------------------------------------------------------------
// 3. Filters
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`catalogue filters (${lang})`, () => {
    test.use(languageContext(lang));

    test(`topic and length narrow the list; a search without match says so (${lang})`, async ({ page }) => {
      const all = seedCourses();
      await openPage(page, '/courses');
      await expectResults(page, lang, all.map((c) => c.slug));

      // Topic: the topic of a course that does not share it with every other.
      const topics = [...new Set(all.map((c) => extras(c).topic))];
      const topic = topics.find((tp) => all.some((c) => extras(c).topic !== tp)) ?? topics[0];
      await searchCatalog(page, lang, { topic });
      await expectResults(page, lang, all.filter((c) => extras(c).topic === topic).map((c) => c.slug));
      await expect(searchForm(page).getByLabel(t(lang, 'catalog.topic_filter'), { exact: true })).toHaveValue(topic);

      // Length: a bucket that some but not all courses fall into (topic back to any).
      const buckets = ['short', 'medium', 'long'] as const;
      const count = (b: string) => all.filter((c) => lengthBucket(c) === b).length;
      const length = buckets.find((b) => count(b) > 0 && count(b) < all.length) ?? buckets.find((b) => count(b) > 0)!;
      await openPage(page, '/courses');
      await searchCatalog(page, lang, { length });
      await expectResults(page, lang, all.filter((c) => lengthBucket(c) === length).map((c) => c.slug));
      await expect(searchForm(page).getByLabel(t(lang, 'catalog.length_filter'), { exact: true })).toHaveValue(length);

      // Both together: the courses of that topic and length (possibly none).
      await searchCatalog(page, lang, { topic });
      const both = all.filter((c) => extras(c).topic === topic && lengthBucket(c) === length).map((c) => c.slug);
      if (both.length > 0) await expectResults(page, lang, both);
      else await expectNoResults(page, lang);

      // A length no course has, if any: the empty state.
      const empty = buckets.find((b) => count(b) === 0);
      if (empty) {
        await openPage(page, `/courses?length=${empty}`);
        await expectNoResults(page, lang);
      }

      // A search nothing matches: the empty state, and the way back to every course.
      const nonsense = `zqxj${Date.now().toString(36)}`;
      expect(searchMatches(nonsense)).toEqual([]);
      await openPage(page, '/courses');
      await searchCatalog(page, lang, { q: nonsense });
      await expectNoResults(page, lang);
      await main(page).getByRole('link', { name: t(lang, 'catalog.clear'), exact: true }).click();
      await expectAt(page, '/courses');
      await ready(page);
      await expectResults(page, lang, all.map((c) => c.slug));
      // The form shows the filter of the page it is on: none.
      await expect.soft(searchForm(page).getByLabel(t(lang, 'catalog.search_label'), { exact: true })).toHaveValue('');
    });
  });
}

// ---------------------------------------------------------------------------
// 4. Completing a course
// ---------------------------------------------------------------------------

test.describe('completing a course', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('every lesson done: the course page says when, My learning lists it as completed', async ({ page, baseURL }, testInfo) => {
    test.slow();
    const user = newUser(testInfo, 'complete');
    const c = smallestCourse();
    const ls = lessons(c);
    await registerDirectly(page.request, user, baseURL!);

    // Nothing yet on My learning.
    await openPage(page, '/me/learning');
    await expect(inProgressSection(page, lang).locator('p.empty-state')).toContainText(t(lang, 'mine.none_in_progress'));
    await expect(inProgressSection(page, lang).getByRole('link', { name: t(lang, 'mine.browse'), exact: true })).toHaveAttribute(
      'href',
      '/courses',
    );
    await expect(completedSection(page, lang).locator('p.empty-state')).toHaveText(exactly(t(lang, 'mine.none_completed')));

    await openPage(page, `/courses/${c.slug}`);
    await enrol(page, lang, c);
    passQuizzes(user.email, c);
    for (const lesson of ls) {
      // After a module's last lesson comes its quiz (passed above): go on to the lesson.
      if (!page.url().endsWith(lessonPath(c, lesson))) await openPage(page, lessonPath(c, lesson));
      await expectEnrolledLesson(page, lang, c, lesson);
      await markDone(page, lang, c, lesson);
    }

    // The last lesson was the last requirement: the course page says complete.
    await openPage(page, `/courses/${c.slug}`);
    await expectCourseProgress(page, lang, c, itemCount(c));
    const completed = main(page).getByText(messageWithDate(lang, 'learning.completed_on'));
    await expect(completed).toHaveCount(1);
    const date = messageWithDate(lang, 'learning.completed_on').exec((await completed.textContent()) ?? '')?.[1];
    expect(recentDates()).toContain(date);

    // Reloaded (the server's view of it), the same.
    await openPage(page, `/courses/${c.slug}`);
    await expectCourseProgress(page, lang, c, itemCount(c));
    await expect(main(page).getByText(t(lang, 'learning.completed_on', { date: date! }), { exact: true })).toBeVisible();

    // My learning: under Completed, with the date; nothing in progress.
    await openMyLearningFromHeader(page, lang);
    const done = myCourse(completedSection(page, lang), c);
    await expect(done).toHaveCount(1);
    await expect(done.getByRole('heading', { level: 3, name: resolve(c.title, lang).text, exact: true })).toBeVisible();
    await expect(done).toContainText(t(lang, 'mine.completed_on', { date: date! }));
    await expect(myCourse(inProgressSection(page, lang), c)).toHaveCount(0);
    await expect(inProgressSection(page, lang).locator('p.empty-state')).toContainText(t(lang, 'mine.none_in_progress'));

    // The catalogue card: 100 %.
    await openPage(page, '/courses');
    await expect(card(page, c.slug).locator('p.course-card__progress')).toHaveText(
      exactly(t(lang, 'course.your_progress', { percent: 100 })),
    );
  });
});

// ---------------------------------------------------------------------------
// 5. Accessibility
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`learning pages are accessible (${lang})`, () => {
    test.use(languageContext(lang));

    test(`catalogue, course and lessons for an anonymous reader (${lang})`, async ({ page }) => {
      test.slow();
      const c = previewCourse();
      const [preview, locked] = lessons(c);
      const topic = extras(c).topic;

      // The catalogue with filters applied.
      await openPage(page, '/courses');
      await searchCatalog(page, lang, { topic, length: lengthBucket(c) });
      await expectResults(page, lang, seedCourses().filter((s) => extras(s).topic === topic && lengthBucket(s) === lengthBucket(c)).map((s) => s.slug));
      await expectNoA11yViolations(page);

      // The catalogue with no result.
      await searchCatalog(page, lang, { q: `zqxj${Date.now().toString(36)}` });
      await expectNoResults(page, lang);
      await expectNoA11yViolations(page);

      // The course page.
      await openPage(page, `/courses/${c.slug}`);
      await expect(main(page).getByRole('link', { name: t(lang, 'learning.sign_in_to_enrol'), exact: true })).toBeVisible();
      await expectNoA11yViolations(page);

      // A preview lesson.
      await openPage(page, lessonPath(c, preview));
      await expect(main(page).locator('div.lesson__body')).toBeVisible();
      await expectNoA11yViolations(page);

      // A locked lesson.
      await openPage(page, lessonPath(c, locked));
      await expect(main(page).getByRole('heading', { name: t(lang, 'learning.locked_title'), exact: true })).toBeVisible();
      await expectNoA11yViolations(page);
    });

    test(`course, lessons and My learning for a learner (${lang})`, async ({ page, baseURL }, testInfo) => {
      test.slow();
      const user = newUser(testInfo, `a11y-learn-${lang}`);
      await registerDirectly(page.request, user, baseURL!);
      const c = previewCourse();
      const ls = lessons(c);

      // My learning, empty.
      await openPage(page, '/me/learning');
      await expect(inProgressSection(page, lang).locator('p.empty-state')).toContainText(t(lang, 'mine.none_in_progress'));
      await expectNoA11yViolations(page);

      // The course page, signed in, not enrolled.
      await openPage(page, `/courses/${c.slug}`);
      await expect(enrolButton(page, lang)).toBeVisible();
      await expectNoA11yViolations(page);

      // A locked lesson for a signed-in reader.
      await openPage(page, lessonPath(c, ls[1]));
      await expect(main(page).getByRole('heading', { name: t(lang, 'learning.locked_title'), exact: true })).toBeVisible();
      await expectNoA11yViolations(page);

      // Enrolled: a lesson with its "Mark as done" form.
      await openPage(page, `/courses/${c.slug}`);
      await enrol(page, lang, c);
      await markDone(page, lang, c, ls[0]);
      await expectEnrolledLesson(page, lang, c, ls[1]);
      await expectNoA11yViolations(page);

      // A lesson already done (with its badge).
      await openPage(page, lessonPath(c, ls[0]));
      await expect(main(page).locator('.badge--done')).toHaveText(exactly(t(lang, 'learning.done_badge')));
      await expectNoA11yViolations(page);

      // The course page, enrolled, with progress.
      await openPage(page, `/courses/${c.slug}`);
      await expectCourseProgress(page, lang, c, 1);
      await expectNoA11yViolations(page);

      // My learning with a course.
      await openPage(page, '/me/learning');
      await expect(myCourse(inProgressSection(page, lang), c)).toHaveCount(1);
      await expectNoA11yViolations(page);
    });
  });
}
