/**
 * Module quizzes in the browser: taking a quiz from the course outline or the lesson
 * navigation and passing it, saving answers and resuming an attempt, failing with the
 * review the quiz's policy allows, answering and submitting with the keyboard alone,
 * no answer key in an attempt's page, and axe-core on the quiz, attempt and result
 * pages. Runs in both the `js` and `no-js` projects: the attempt page is one POST form
 * (`POST /attempts/{id}`), so everything but the autosave on change (tagged @needs-js)
 * works without JavaScript.
 *
 * Texts come from the catalogues (t()); the quizzes, their questions and their answer
 * keys from the seed files (server/seed/courses/*.toml), read below; a quiz's settings
 * (pass mark, attempts, review policy) from the database the server uses
 * (E2E_DATABASE_URL), since the seed leaves them to the database's defaults. Every test
 * registers its own learner, so the tests are independent and run in parallel.
 *
 * "autosave order" checks that a slow autosave never undoes a later answer (the page
 * sends one save at a time). The other tests wait for each change's own autosave
 * (defaultChange), so each step is deterministic.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  collectErrors,
  LANGS,
  type Lang,
  type Localized,
  type SeedCourse,
  type SeedModule,
  escapeRegExp,
  exactly,
  expectNoA11yViolations,
  expectTitle,
  h1,
  jsEnabled,
  languageContext,
  openPage,
  resolve,
  seedCourses,
  t,
  waitForHydration,
} from './helpers';
import { expectAt, expectNotice, newUser, registerDirectly, sql } from './accounts-helpers';

// ---------------------------------------------------------------------------
// The quizzes of the seed files, with their answer keys
// ---------------------------------------------------------------------------

const SEED_DIR = process.env.SEED_DIR ?? path.resolve(__dirname, '..', '..', 'server', 'seed', 'courses');

const KINDS = ['single_choice', 'multiple_response', 'true_false', 'short_answer', 'numerical', 'matching'] as const;
type Kind = (typeof KINDS)[number];

interface SeedChoice {
  text: Localized;
  correct: boolean;
  feedback: Localized;
}

interface SeedPair {
  left: Localized;
  right: Localized;
}

/** A question as the seed file has it (`[[modules.questions]]`), answer key included. */
interface SeedQuestion {
  kind: Kind;
  points: number;
  prompt: Localized;
  feedback: Localized;
  /** single_choice, multiple_response */
  choices: SeedChoice[];
  /** true_false */
  answer?: boolean;
  /** short_answer: patterns, `*` a wildcard */
  accepted: string[];
  /** numerical */
  value?: number;
  tolerance?: number;
  /** matching: left items and the right option each one goes with */
  pairs: SeedPair[];
}

interface SeedQuiz {
  course: SeedCourse;
  module: SeedModule;
  /** 0-based place of the module in the course. */
  moduleIndex: number;
  questions: SeedQuestion[];
}

/**
 * A reader for the TOML values the question tables use: basic and literal strings,
 * integers and floats, booleans, arrays and inline tables, over several lines.
 */
class TomlValues {
  private at = 0;

  constructor(private readonly text: string, private readonly where: string) {}

  done(): boolean {
    this.space();
    return this.at >= this.text.length;
  }

  /** `key = value` */
  pair(): [string, unknown] {
    this.space();
    const key = this.key();
    this.space();
    this.expectChar('=');
    return [key, this.value()];
  }

  private fail(message: string): never {
    throw new Error(`${this.where}: ${message} at «${this.text.slice(this.at, this.at + 40)}»`);
  }

  private expectChar(c: string): void {
    if (this.text[this.at] !== c) this.fail(`expected "${c}"`);
    this.at += 1;
  }

  /** Skips whitespace, newlines and comments. */
  private space(): void {
    for (;;) {
      const c = this.text[this.at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.at += 1;
      else if (c === '#') while (this.at < this.text.length && this.text[this.at] !== '\n') this.at += 1;
      else return;
    }
  }

  private key(): string {
    const c = this.text[this.at];
    if (c === '"' || c === "'") return this.string();
    const bare = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.at));
    if (!bare) this.fail('expected a key');
    this.at += bare[0].length;
    return bare[0];
  }

  private string(): string {
    const quote = this.text[this.at];
    let end = this.at + 1;
    while (end < this.text.length && this.text[end] !== quote) end += quote === '"' && this.text[end] === '\\' ? 2 : 1;
    if (end >= this.text.length) this.fail('unterminated string');
    const raw = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    return quote === '"' ? JSON.parse(`"${raw}"`) : raw;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') {
      this.at += 1;
      const items: unknown[] = [];
      for (;;) {
        this.space();
        if (this.text[this.at] === ']') {
          this.at += 1;
          return items;
        }
        items.push(this.value());
        this.space();
        if (this.text[this.at] === ',') this.at += 1;
        else if (this.text[this.at] !== ']') this.fail('expected "," or "]"');
      }
    }
    if (c === '{') {
      this.at += 1;
      const table: Record<string, unknown> = {};
      for (;;) {
        this.space();
        if (this.text[this.at] === '}') {
          this.at += 1;
          return table;
        }
        const [key, value] = this.pair();
        table[key] = value;
        this.space();
        if (this.text[this.at] === ',') this.at += 1;
        else if (this.text[this.at] !== '}') this.fail('expected "," or "}"');
      }
    }
    const scalar = /^(true|false|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at));
    if (!scalar) this.fail('expected a value');
    this.at += scalar[0].length;
    if (scalar[0] === 'true' || scalar[0] === 'false') return scalar[0] === 'true';
    return Number(scalar[0].replace(/_/g, ''));
  }
}

function localized(value: unknown, what: string): Localized {
  if (typeof value !== 'object' || value === null) throw new Error(`${what}: not a { en, ko } table`);
  const out: Localized = {};
  for (const lang of LANGS) {
    const text = (value as Record<string, unknown>)[lang];
    if (typeof text === 'string') out[lang] = text;
  }
  if (!out.en && !out.ko) throw new Error(`${what}: no text`);
  return out;
}

function toQuestion(fields: Record<string, unknown>, where: string): SeedQuestion {
  const kind = fields.kind as Kind;
  if (!KINDS.includes(kind)) throw new Error(`${where}: unknown kind ${String(fields.kind)}`);
  const list = (name: string) => (Array.isArray(fields[name]) ? (fields[name] as Record<string, unknown>[]) : []);
  const question: SeedQuestion = {
    kind,
    points: Number(fields.points),
    prompt: localized(fields.prompt, `${where} prompt`),
    feedback: localized(fields.feedback, `${where} feedback`),
    choices: list('choices').map((c, i) => ({
      text: localized(c.text, `${where} choice ${i + 1}`),
      correct: c.correct === true,
      feedback: localized(c.feedback, `${where} choice ${i + 1} feedback`),
    })),
    answer: typeof fields.answer === 'boolean' ? fields.answer : undefined,
    accepted: Array.isArray(fields.accepted) ? (fields.accepted as string[]) : [],
    value: typeof fields.value === 'number' ? fields.value : undefined,
    tolerance: typeof fields.tolerance === 'number' ? fields.tolerance : undefined,
    pairs: list('pairs').map((p, i) => ({
      left: localized(p.left, `${where} pair ${i + 1}`),
      right: localized(p.right, `${where} pair ${i + 1}`),
    })),
  };
  const problems: string[] = [];
  if (!(question.points > 0)) problems.push('no points');
  if ((kind === 'single_choice' || kind === 'multiple_response') && !question.choices.some((c) => c.correct)) {
    problems.push('no correct choice');
  }
  if (kind === 'single_choice' && !question.choices.some((c) => !c.correct)) problems.push('no wrong choice');
  if (kind === 'multiple_response' && !question.choices.some((c) => !c.correct)) problems.push('no wrong choice');
  if (kind === 'true_false' && question.answer === undefined) problems.push('no answer');
  if (kind === 'short_answer' && !question.accepted.some((a) => !a.includes('*'))) problems.push('no literal accepted answer');
  if (kind === 'numerical' && (question.value === undefined || question.tolerance === undefined)) problems.push('no value/tolerance');
  if (kind === 'matching' && question.pairs.length < 2) problems.push('fewer than two pairs');
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')} (update the reader in quiz.spec.ts?)`);
  return question;
}

let quizCache: SeedQuiz[] | undefined;

/** Every module quiz of the seed courses, in course and module order. */
function seedQuizzes(): SeedQuiz[] {
  if (quizCache) return quizCache;
  const quizzes: SeedQuiz[] = [];
  for (const file of readdirSync(SEED_DIR).filter((f) => f.endsWith('.toml')).sort()) {
    // Multi-line strings (lesson bodies) may hold anything, header-like lines too: blank them.
    const text = readFileSync(path.join(SEED_DIR, file), 'utf8')
      .replace(/'''[\s\S]*?'''/g, "''")
      .replace(/"""[\s\S]*?"""/g, '""');
    const courseSlug = /^\s*slug\s*=\s*"([^"]+)"/m.exec(text)?.[1];
    const course = seedCourses().find((c) => c.slug === courseSlug);
    if (!course) throw new Error(`quiz.spec.ts: no seed course for ${file}`);
    // Sections: the text after each table header, up to the next one.
    const sections: { header: string; body: string }[] = [];
    let current: { header: string; lines: string[] } = { header: '', lines: [] };
    const flush = () => sections.push({ header: current.header, body: current.lines.join('\n') });
    for (const line of text.split('\n')) {
      const header = /^\s*\[\[?\s*([A-Za-z_][\w.]*)\s*\]\]?\s*$/.exec(line);
      if (header) {
        flush();
        current = { header: line.trim().startsWith('[[') ? `[[${header[1]}]]` : header[1], lines: [] };
      } else {
        current.lines.push(line);
      }
    }
    flush();
    let moduleIndex = -1;
    let quiz: SeedQuiz | undefined;
    for (const section of sections) {
      if (section.header === '[[modules]]') {
        moduleIndex += 1;
        const module = course.modules[moduleIndex];
        const slug = /^\s*slug\s*=\s*"([^"]+)"/m.exec(section.body)?.[1];
        if (!module || module.slug !== slug) throw new Error(`${file}: module ${moduleIndex + 1} is not ${slug}`);
        quiz = { course, module, moduleIndex, questions: [] };
        quizzes.push(quiz);
      } else if (section.header === '[[modules.questions]]') {
        if (!quiz) throw new Error(`${file}: [[modules.questions]] before any [[modules]]`);
        const where = `${file} ${quiz.module.slug} question ${quiz.questions.length + 1}`;
        const reader = new TomlValues(section.body, where);
        const fields: Record<string, unknown> = {};
        while (!reader.done()) {
          const [key, value] = reader.pair();
          fields[key] = value;
        }
        quiz.questions.push(toQuestion(fields, where));
      }
    }
  }
  const withQuestions = quizzes.filter((q) => q.questions.length > 0);
  for (const q of quizzes) {
    if (q.questions.length !== q.module.questions) {
      throw new Error(`quiz.spec.ts read ${q.questions.length} questions in ${q.course.slug}/${q.module.slug}, helpers.ts ${q.module.questions}`);
    }
  }
  if (withQuestions.length === 0) throw new Error(`No quiz in the seed courses (${SEED_DIR})`);
  quizCache = withQuestions;
  return withQuestions;
}

function kindsOf(quiz: SeedQuiz): Set<Kind> {
  return new Set(quiz.questions.map((q) => q.kind));
}

/** The first seed quiz `test` accepts. */
function quizWhere(what: string, accept: (quiz: SeedQuiz) => boolean): SeedQuiz {
  const found = seedQuizzes().find(accept);
  if (!found) throw new Error(`No seed quiz ${what}`);
  return found;
}

/** As few quizzes as cover every kind of question (greedy; ties go to a course already chosen). */
function quizzesCoveringEveryKind(): SeedQuiz[] {
  const missing = new Set<Kind>(seedQuizzes().flatMap((q) => [...kindsOf(q)]));
  const chosen: SeedQuiz[] = [];
  while (missing.size > 0) {
    let best: SeedQuiz | undefined;
    let bestScore = -1;
    for (const quiz of seedQuizzes()) {
      if (chosen.includes(quiz)) continue;
      const gain = [...kindsOf(quiz)].filter((k) => missing.has(k)).length;
      const score = gain * 10 + (chosen.some((c) => c.course === quiz.course) ? 1 : 0);
      if (gain > 0 && score > bestScore) [best, bestScore] = [quiz, score];
    }
    if (!best) break;
    chosen.push(best);
    for (const k of kindsOf(best)) missing.delete(k);
  }
  return chosen;
}

// ---------------------------------------------------------------------------
// The quiz's settings, as the server has them
// ---------------------------------------------------------------------------

interface QuizSettings {
  passPercent: number;
  maxAttempts: number | null;
  timeLimitSeconds: number | null;
  drawCount: number | null;
  onePerPage: boolean;
  review: 'never' | 'after_each_attempt' | 'after_passing' | 'after_last_attempt';
}

function quizSettings(quiz: SeedQuiz): QuizSettings {
  const row = sql(
    `select q.pass_percent, coalesce(q.max_attempts, 0), coalesce(q.time_limit_seconds, 0),
            coalesce(q.draw_count, 0), q.one_per_page, q.review
     from quizzes q
     join modules m on m.id = q.module_id
     join courses c on c.current_version_id = q.version_id
     where c.slug = :'course' and m.slug = :'module'`,
    { course: quiz.course.slug, module: quiz.module.slug },
  );
  const [pass, max, limit, draw, paged, review] = row.split('|');
  if (!review) throw new Error(`No quiz ${quiz.course.slug}/${quiz.module.slug} in the database: was the server seeded?`);
  const orNull = (n: string) => (Number(n) > 0 ? Number(n) : null);
  return {
    passPercent: Number(pass),
    maxAttempts: orNull(max),
    timeLimitSeconds: orNull(limit),
    drawCount: orNull(draw),
    onePerPage: paged === 't',
    review: review as QuizSettings['review'],
  };
}

/** Whether a graded attempt shows its review (`QuizSettings::may_review` in the app). */
function mayReview(settings: QuizSettings, passedEver: boolean, used: number): boolean {
  switch (settings.review) {
    case 'never':
      return false;
    case 'after_each_attempt':
      return true;
    case 'after_passing':
      return passedEver;
    case 'after_last_attempt':
      return passedEver || (settings.maxAttempts !== null && used >= settings.maxAttempts);
  }
}

/** A score as the app writes it: "3", or "2.5". */
function scoreText(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(2).replace(/0+$/, '');
}

// ---------------------------------------------------------------------------
// Paths, titles, pages
// ---------------------------------------------------------------------------

function quizPath(quiz: SeedQuiz): string {
  return `/courses/${quiz.course.slug}/quizzes/${quiz.module.slug}`;
}

function quizTitle(lang: Lang, quiz: SeedQuiz): string {
  return t(lang, 'quiz.title', { module: resolve(quiz.module.title, lang).text });
}

function attemptTitle(lang: Lang, quiz: SeedQuiz, number: number): string {
  return t(lang, 'quiz.attempt_heading', { module: resolve(quiz.module.title, lang).text, number });
}

function main(page: Page): Locator {
  return page.getByRole('main');
}

async function ready(page: Page): Promise<void> {
  if (jsEnabled()) await waitForHydration(page);
}

const ATTEMPT_PATH = /^\/attempts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Enrols the page's signed-in learner straight through the server function (as the form does without JavaScript). */
async function enrolDirectly(request: APIRequestContext, course: SeedCourse, baseURL: string): Promise<void> {
  const response = await request.post('/api/learning/enrol', {
    form: { course: course.slug },
    headers: { Origin: new URL(baseURL).origin, Accept: 'text/html' },
    maxRedirects: 0,
  });
  expect([302, 303], `enrolling in ${course.slug}: HTTP ${response.status()} ${await response.text()}`).toContain(
    response.status(),
  );
}

/** A learner registered and signed in in `page`'s context, enrolled in `courses`. */
async function learner(page: Page, baseURL: string, tag: string, courses: SeedCourse[]): Promise<void> {
  const user = newUser(test.info(), tag);
  await registerDirectly(page.request, user, baseURL);
  for (const course of new Set(courses)) await enrolDirectly(page.request, course, baseURL);
}

// Quiz page ----------------------------------------------------------------------

function fact(page: Page, label: string): Locator {
  return main(page)
    .locator('dl.facts > div')
    .filter({ has: page.locator('dt', { hasText: exactly(label) }) })
    .locator('dd');
}

function startButton(page: Page, lang: Lang, again = false): Locator {
  return main(page).getByRole('button', { name: t(lang, again ? 'quiz.start_again' : 'quiz.start'), exact: true });
}

function resumeLink(page: Page, lang: Lang): Locator {
  return main(page).getByRole('link', { name: t(lang, 'quiz.resume'), exact: true });
}

function historyRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'quiz.history'), exact: true });
}

/** The quiz page of `quiz` is open: title, heading, the facts the settings say. */
async function expectQuizPage(page: Page, lang: Lang, quiz: SeedQuiz, settings: QuizSettings): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { message: `the page should be ${quizPath(quiz)}` }).toBe(quizPath(quiz));
  await expect(h1(page, quizTitle(lang, quiz))).toBeVisible();
  await expectTitle(page, lang, quizTitle(lang, quiz));
  const course = resolve(quiz.course.title, lang);
  await expect(main(page).locator('p.lesson__context').getByRole('link', { name: course.text, exact: true })).toHaveAttribute(
    'href',
    `/courses/${quiz.course.slug}`,
  );
  await expect(fact(page, t(lang, 'quiz.questions'))).toHaveText(exactly(String(settings.drawCount ?? quiz.questions.length)));
  await expect(fact(page, t(lang, 'quiz.pass_mark'))).toHaveText(
    exactly(t(lang, 'quiz.percent_value', { percent: settings.passPercent })),
  );
  await expect(fact(page, t(lang, 'quiz.attempts_allowed'))).toHaveText(
    exactly(settings.maxAttempts === null ? t(lang, 'quiz.unlimited') : String(settings.maxAttempts)),
  );
  await expect(fact(page, t(lang, 'quiz.time_limit'))).toHaveText(
    exactly(
      settings.timeLimitSeconds === null
        ? t(lang, 'quiz.no_time_limit')
        : t(lang, 'course.minutes', { minutes: Math.ceil(settings.timeLimitSeconds / 60) }),
    ),
  );
}

/** The course outline's link to the module's quiz (every quiz link is named "Module quiz": the module's item tells them apart). */
function outlineQuizLink(page: Page, lang: Lang, quiz: SeedQuiz): Locator {
  return main(page)
    .getByRole('region', { name: t(lang, 'course.outline'), exact: true })
    .locator('ol.outline > li.outline__module')
    .nth(quiz.moduleIndex)
    .locator('li.outline__quiz')
    .getByRole('link', { name: t(lang, 'quiz.module_quiz'), exact: true });
}

/** From the course page, opens the quiz by the outline. */
async function openQuizFromOutline(page: Page, lang: Lang, quiz: SeedQuiz, settings: QuizSettings): Promise<void> {
  await openPage(page, `/courses/${quiz.course.slug}`);
  const link = outlineQuizLink(page, lang, quiz);
  await expect(link).toHaveAttribute('href', quizPath(quiz));
  await link.click();
  await expectQuizPage(page, lang, quiz, settings);
  await ready(page);
}

/** Presses "Start" on the quiz page and waits for the open attempt; returns its path. */
async function startAttempt(page: Page, lang: Lang, quiz: SeedQuiz, number: number, press?: () => Promise<void>): Promise<string> {
  await ready(page);
  if (press) await press();
  else await startButton(page, lang, number > 1).click();
  await expect.poll(() => new URL(page.url()).pathname, { message: 'Start should open the attempt' }).toMatch(ATTEMPT_PATH);
  await expect(h1(page, attemptTitle(lang, quiz, number))).toBeVisible();
  await expect(submitButton(page, lang)).toBeVisible();
  await ready(page);
  return new URL(page.url()).pathname;
}

// Attempt page --------------------------------------------------------------------

function submitButton(page: Page, lang: Lang): Locator {
  return main(page).getByRole('button', { name: t(lang, 'quiz.submit'), exact: true });
}

function saveButton(page: Page, lang: Lang): Locator {
  return main(page).getByRole('button', { name: t(lang, 'quiz.save'), exact: true });
}

function nextButton(page: Page, lang: Lang): Locator {
  return main(page).getByRole('button', { name: t(lang, 'quiz.next_question'), exact: true });
}

/** The question's box (its fieldset) on the attempt page, found by its prompt. */
function questionBox(page: Page, lang: Lang, question: SeedQuestion): Locator {
  return main(page)
    .locator('fieldset.question')
    .filter({ has: page.locator('legend .question__prompt', { hasText: exactly(resolve(question.prompt, lang).text) }) });
}

/** The questions on the attempt page, in the order shown, matched to the seed by their prompts. */
async function questionsOnPage(page: Page, lang: Lang, quiz: SeedQuiz): Promise<SeedQuestion[]> {
  const prompts = (await main(page).locator('fieldset.question legend .question__prompt').allTextContents()).map((p) => p.trim());
  expect(prompts.length, 'the attempt page should show questions').toBeGreaterThan(0);
  return prompts.map((prompt) => {
    const matches = quiz.questions.filter((q) => resolve(q.prompt, lang).text === prompt);
    expect(matches.length, `the prompt «${prompt}» should be one question of ${quiz.module.slug} in the seed`).toBe(1);
    return matches[0];
  });
}

type How = 'right' | 'wrong';

/** An answer in terms of the page: labels to tick, text to type, or an option per item; and how the review words it. */
interface Plan {
  tick?: string[];
  type?: string;
  pick?: { item: string; option: string }[];
  /** The review's "Your answer". */
  given: string[];
  /** The choices ticked (their feedback shows in the review). */
  chosen: SeedChoice[];
}

/** What `how` answers to a question (`guess`: the wrong typed answer). */
function plannedAnswer(lang: Lang, question: SeedQuestion, how: How, guess: string): Plan {
  const text = (l: Localized) => resolve(l, lang).text;
  switch (question.kind) {
    case 'single_choice': {
      const choice = question.choices.find((c) => c.correct === (how === 'right'))!;
      return { tick: [text(choice.text)], given: [text(choice.text)], chosen: [choice] };
    }
    case 'multiple_response': {
      const chosen = how === 'right' ? question.choices.filter((c) => c.correct) : [question.choices.find((c) => !c.correct)!];
      return { tick: chosen.map((c) => text(c.text)), given: chosen.map((c) => text(c.text)), chosen };
    }
    case 'true_false': {
      const value = how === 'right' ? question.answer! : !question.answer!;
      const label = t(lang, value ? 'quiz.true_label' : 'quiz.false_label');
      return { tick: [label], given: [label], chosen: [] };
    }
    case 'short_answer': {
      const typed = how === 'right' ? question.accepted.find((a) => !a.includes('*'))! : guess;
      return { type: typed, given: [typed], chosen: [] };
    }
    case 'numerical': {
      const value = how === 'right' ? question.value! : question.value! + question.tolerance! + 1;
      return { type: String(value), given: [String(value)], chosen: [] };
    }
    case 'matching': {
      const n = question.pairs.length;
      // Wrong: every item gets the next item's option (no item keeps its own).
      const picks = question.pairs.map((p, i) => ({
        item: text(p.left),
        option: text(question.pairs[how === 'right' ? i : (i + 1) % n].right),
      }));
      return { pick: picks, given: picks.map((p) => t(lang, 'quiz.matches', { item: p.item, option: p.option })), chosen: [] };
    }
  }
}

/** The correct answer as the review lists it. */
function keyInReview(lang: Lang, question: SeedQuestion): string[] {
  const text = (l: Localized) => resolve(l, lang).text;
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_response':
      return question.choices.filter((c) => c.correct).map((c) => text(c.text));
    case 'true_false':
      return [t(lang, question.answer ? 'quiz.true_label' : 'quiz.false_label')];
    case 'short_answer':
      return question.accepted.slice(0, 1);
    case 'numerical':
      return [question.tolerance! > 0 ? `${question.value} ± ${question.tolerance}` : String(question.value)];
    case 'matching':
      return question.pairs.map((p) => t(lang, 'quiz.matches', { item: text(p.left), option: text(p.right) }));
  }
}

/**
 * Runs one change to the form. With `autosave`, waits for the hydrated page's autosave
 * of that change to be answered 200 (each change is saved on its own, one at a time).
 */
type Change = (action: () => Promise<void>) => Promise<void>;
const plainChange: Change = (action) => action();

function autosavedChange(page: Page): Change {
  return async (action) => {
    const saved = page.waitForResponse((r) => r.url().includes('/api/quiz/autosave') && r.request().method() === 'POST');
    await action();
    const response = await saved;
    expect(response.status(), `the autosave of a change: ${await response.text()}`).toBe(200);
  };
}

/** The autosave's status line: "Saved automatically at HH:MM:SS (UTC)." */
function autosavedPattern(lang: Lang): RegExp {
  const marker = '\u0000';
  const [before, after] = t(lang, 'quiz.autosaved', { time: marker }).split(marker).map(escapeRegExp);
  return new RegExp(`^\\s*${before}\\d{2}:\\d{2}:\\d{2}${after}\\s*$`);
}

/**
 * How the tests make changes unless they say otherwise: with JavaScript, each change
 * waits for its own autosave, so each step of a test is deterministic ("autosave
 * order" below is the test of changes made faster than saves complete).
 */
function defaultChange(page: Page): Change {
  return jsEnabled() ? autosavedChange(page) : plainChange;
}

/** Answers `question` on the page, by mouse and keyboard as Playwright does (click, fill, select). */
async function answer(page: Page, lang: Lang, question: SeedQuestion, how: How, change: Change = defaultChange(page), guess = 'a guess'): Promise<void> {
  const box = questionBox(page, lang, question);
  await expect(box).toHaveCount(1);
  const plan = plannedAnswer(lang, question, how, guess);
  if (plan.tick) {
    for (const label of plan.tick) {
      const input = box.getByLabel(label, { exact: true });
      if (!(await input.isChecked())) await change(() => input.check());
    }
  }
  if (plan.type !== undefined) {
    const field = box.getByLabel(t(lang, 'quiz.your_answer'), { exact: true });
    // The change event comes when the field is left.
    await change(async () => {
      await field.fill(plan.type!);
      await field.press('Tab');
    });
  }
  if (plan.pick) {
    for (const { item, option } of plan.pick) {
      await change(async () => {
        await box.getByLabel(item, { exact: true }).selectOption({ label: option });
      });
    }
  }
}

/** The page shows `question` answered as `how` answers it (after a reload or a resume). */
async function expectAnswered(page: Page, lang: Lang, question: SeedQuestion, how: How, guess = 'a guess'): Promise<void> {
  const box = questionBox(page, lang, question);
  const plan = plannedAnswer(lang, question, how, guess);
  const text = (l: Localized) => resolve(l, lang).text;
  if (question.kind === 'single_choice' || question.kind === 'multiple_response') {
    for (const choice of question.choices) {
      const input = box.getByLabel(text(choice.text), { exact: true });
      if (plan.tick!.includes(text(choice.text))) await expect(input, `«${text(choice.text)}» should be ticked`).toBeChecked();
      else await expect(input, `«${text(choice.text)}» should not be ticked`).not.toBeChecked();
    }
  } else if (question.kind === 'true_false') {
    for (const key of ['quiz.true_label', 'quiz.false_label']) {
      const input = box.getByLabel(t(lang, key), { exact: true });
      if (plan.tick!.includes(t(lang, key))) await expect(input).toBeChecked();
      else await expect(input).not.toBeChecked();
    }
  } else if (plan.type !== undefined) {
    await expect(box.getByLabel(t(lang, 'quiz.your_answer'), { exact: true })).toHaveValue(plan.type);
  } else {
    for (const { item, option } of plan.pick!) {
      await expect(box.getByLabel(item, { exact: true }).locator('option:checked'), `the option chosen for «${item}»`).toHaveText(
        exactly(option),
      );
    }
  }
}

/** Every question of the attempt answered `how`, page after page when the quiz shows one per page. Returns them in the order shown. */
async function answerAll(page: Page, lang: Lang, quiz: SeedQuiz, how: How): Promise<SeedQuestion[]> {
  const answered: SeedQuestion[] = [];
  for (;;) {
    const shown = await questionsOnPage(page, lang, quiz);
    for (const question of shown) await answer(page, lang, question, how);
    answered.push(...shown);
    if ((await nextButton(page, lang).count()) === 0) return answered;
    const before = page.url();
    await nextButton(page, lang).click();
    await expect.poll(() => page.url()).not.toBe(before);
    await ready(page);
  }
}

/** "Submit for grading", then the result page of attempt `number`. */
async function submit(page: Page, lang: Lang, quiz: SeedQuiz, number: number, attemptPath: string): Promise<void> {
  await submitButton(page, lang).click();
  await expect(resultRegion(page, lang)).toBeVisible();
  await expectAt(page, attemptPath);
  await expect(h1(page, attemptTitle(lang, quiz, number))).toBeVisible();
  await expect(submitButton(page, lang)).toHaveCount(0);
  await ready(page);
}

/** "Save answers" (a plain POST without JavaScript): back on the attempt with the saved notice. */
async function saveAnswers(page: Page, lang: Lang, attemptPath: string): Promise<void> {
  await saveButton(page, lang).click();
  await expectAt(page, `${attemptPath}?saved=1`);
  await expectNotice(page, t(lang, 'quiz.saved_notice'));
  await ready(page);
}

// Result page ----------------------------------------------------------------------

function resultRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'quiz.result_title'), exact: true });
}

function reviewRegion(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'quiz.review_title'), exact: true });
}

function reviewItem(page: Page, lang: Lang, question: SeedQuestion): Locator {
  return reviewRegion(page, lang)
    .locator('li.review__item')
    .filter({ has: page.locator('p.question__prompt', { hasText: exactly(resolve(question.prompt, lang).text) }) });
}

function reviewAnswers(item: Locator, label: string): Locator {
  return item
    .locator('dl.review__answers > div')
    .filter({ has: item.page().locator('dt', { hasText: exactly(label) }) })
    .locator('dd');
}

/** The result: score, passed or not, attempts left. */
async function expectResult(
  page: Page,
  lang: Lang,
  settings: QuizSettings,
  result: { score: number; max: number; used: number },
): Promise<boolean> {
  const region = resultRegion(page, lang);
  const percent = Math.floor((result.score * 100) / result.max);
  const passed = result.max > 0 && result.score * 100 >= settings.passPercent * result.max - 1e-9;
  await expect(region.getByRole('heading', { level: 2, name: t(lang, 'quiz.result_title'), exact: true })).toBeVisible();
  await expect(region).toContainText(
    t(lang, 'quiz.result_score', { score: scoreText(result.score), max: scoreText(result.max), percent }),
  );
  await expect(region.locator('strong')).toHaveText(
    exactly(t(lang, passed ? 'quiz.result_passed' : 'quiz.result_failed', { pass: settings.passPercent })),
  );
  await expect(region).toHaveClass(passed ? /\bresult--passed\b/ : /\bresult--failed\b/);
  if (settings.maxAttempts !== null) {
    await expect(region).toContainText(t(lang, 'quiz.attempts_left', { left: Math.max(0, settings.maxAttempts - result.used) }));
  }
  return passed;
}

/**
 * The review as the policy allows it: each question with its outcome, the learner's
 * answer, the correct one and the feedback; or only the notice that it is hidden,
 * and none of the key.
 */
async function expectReview(
  page: Page,
  lang: Lang,
  quiz: SeedQuiz,
  shown: boolean,
  questions: { question: SeedQuestion; how: How | 'unanswered'; guess?: string }[],
): Promise<void> {
  if (!shown) {
    await expect(reviewRegion(page, lang)).toHaveCount(0);
    await expect(main(page).getByText(t(lang, 'quiz.review_hidden'), { exact: true })).toBeVisible();
    expectNoKey('a result without review', await page.content(), quiz);
    return;
  }
  await expect(main(page).getByText(t(lang, 'quiz.review_hidden'), { exact: true })).toHaveCount(0);
  await expect(reviewRegion(page, lang).locator('li.review__item')).toHaveCount(questions.length);
  for (const { question, how, guess } of questions) {
    const item = reviewItem(page, lang, question);
    await expect(item).toHaveCount(1);
    const outcome = how === 'right' ? 'correct' : how === 'wrong' ? 'wrong' : 'unanswered';
    await expect(item).toHaveClass(new RegExp(`\\breview__item--${outcome}\\b`));
    await expect(item.locator('.badge')).toHaveText(exactly(t(lang, `quiz.outcome_${outcome}`)));
    const score = how === 'right' ? question.points : 0;
    await expect(item).toContainText(t(lang, 'quiz.question_score', { score: scoreText(score), points: question.points }));
    const given = reviewAnswers(item, t(lang, 'quiz.your_answer'));
    if (how === 'unanswered') await expect(given).toHaveText(exactly(t(lang, 'quiz.outcome_unanswered')));
    else await expect(given.locator('li')).toHaveText(plannedAnswer(lang, question, how, guess ?? 'a guess').given.map(exactly));
    await expect(reviewAnswers(item, t(lang, 'quiz.correct_answer')).locator('li')).toHaveText(keyInReview(lang, question).map(exactly));
    const feedback = reviewAnswers(item, t(lang, 'quiz.feedback'));
    await expect(feedback).toContainText(resolve(question.feedback, lang).text);
    if (how !== 'unanswered') {
      for (const choice of plannedAnswer(lang, question, how, guess ?? 'a guess').chosen) {
        await expect(feedback).toContainText(resolve(choice.feedback, lang).text);
      }
    }
  }
}

/** The quiz page's history lists attempt `number` with its score and result. */
async function expectInHistory(
  page: Page,
  lang: Lang,
  attempt: { number: number; path: string; score: number; max: number; passed: boolean },
): Promise<void> {
  const history = historyRegion(page, lang);
  await expect(history.getByRole('heading', { level: 2, name: t(lang, 'quiz.history'), exact: true })).toBeVisible();
  const row = history.locator('tbody tr').filter({ has: page.locator('th', { hasText: exactly(String(attempt.number)) }) });
  await expect(row).toHaveCount(1);
  const cells = row.locator('td');
  await expect(cells.nth(0)).toHaveText(/^\s*\d{4}-\d{2}-\d{2}\s*$/);
  await expect(cells.nth(1)).toHaveText(exactly(t(lang, 'quiz.score_value', { score: scoreText(attempt.score), max: scoreText(attempt.max) })));
  await expect(cells.nth(2)).toHaveText(exactly(t(lang, attempt.passed ? 'quiz.passed' : 'quiz.not_passed')));
  await expect(row.getByRole('link', { name: t(lang, 'quiz.view_result', { number: attempt.number }), exact: true })).toHaveAttribute(
    'href',
    attempt.path,
  );
}

/** The result page's "Back to the quiz", then the quiz page. */
async function backToQuiz(page: Page, lang: Lang, quiz: SeedQuiz, settings: QuizSettings): Promise<void> {
  const back = resultRegion(page, lang).getByRole('link', { name: t(lang, 'quiz.back_to_quiz'), exact: true });
  await expect(back).toHaveAttribute('href', quizPath(quiz));
  await back.click();
  await expectQuizPage(page, lang, quiz, settings);
  await ready(page);
}

function points(questions: SeedQuestion[]): number {
  return questions.reduce((n, q) => n + q.points, 0);
}

// Keyboard ---------------------------------------------------------------------------

/** Presses Tab until `target` (or one of its elements) has the focus. */
async function tabTo(page: Page, target: Locator, what: string, max = 120): Promise<void> {
  if ((await target.and(page.locator(':focus')).count()) > 0) return;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await target.and(page.locator(':focus')).count()) > 0) return;
  }
  throw new Error(`Tab did not reach ${what} in ${max} presses`);
}

/** `target` has the focus, and shows it: :focus-visible, with the stylesheet's outline. */
async function expectFocusVisible(page: Page, target: Locator, what: string): Promise<void> {
  await expect(target, `${what} should have the focus`).toBeFocused();
  await expect(target.and(page.locator(':focus-visible')), `${what} should match :focus-visible`).toHaveCount(1);
  await expect(target, `${what}: a focus outline`).toHaveCSS('outline-style', 'solid');
  await expect(target, `${what}: a focus outline at least 2px wide`).toHaveCSS('outline-width', /^(?:[2-9]|\d{2,})(?:\.\d+)?px$/);
}

// What must not reach the browser during an attempt -----------------------------------

/**
 * Texts the quiz's pages show anyway, in both languages: the course's outline (course,
 * module and lesson titles: a page reached from the course page by the hydrated app
 * still holds its data), and the quiz's prompts and options.
 */
function publicTexts(quiz: SeedQuiz): string[] {
  const texts: string[] = [];
  const add = (l: Localized) => texts.push(...LANGS.map((lang) => l[lang] ?? '').filter(Boolean));
  add(quiz.course.title);
  for (const module of quiz.course.modules) {
    add(module.title);
    module.lessons.forEach((lesson) => add(lesson.title));
  }
  for (const q of quiz.questions) {
    add(q.prompt);
    q.choices.forEach((c) => add(c.text));
    q.pairs.forEach((p) => {
      add(p.left);
      add(p.right);
    });
  }
  return texts;
}

/**
 * The answer key of the quiz, as texts: general and per-choice feedback and accepted
 * answers, in every language. Cut at characters that HTML or JSON may escape, and
 * without what the page shows anyway (a title or prompt with the same words).
 */
function secretsOf(quiz: SeedQuiz): string[] {
  const secrets = new Set<string>();
  const add = (text: string) => {
    for (const piece of text.split(/["'\\<>&]/).map((s) => s.trim())) {
      if (piece.length >= 2 && !publicTexts(quiz).some((p) => p.includes(piece))) secrets.add(piece);
    }
  };
  for (const q of quiz.questions) {
    LANGS.forEach((lang) => add(q.feedback[lang] ?? ''));
    q.choices.forEach((c) => LANGS.forEach((lang) => add(c.feedback[lang] ?? '')));
    q.accepted.forEach(add);
  }
  return [...secrets];
}

/** Nothing of the key in `body`: no key fields, no secret text. */
function expectNoKey(what: string, body: string, quiz: SeedQuiz): void {
  const field = /\\?"(correct|accepted|tolerance|feedback|spec)\\?"\s*:/.exec(body);
  expect(field?.[0], `${what} carries a field of the answer key`).toBeUndefined();
  for (const secret of secretsOf(quiz)) expect(body.includes(secret), `${what} carries «${secret}»`).toBe(false);
}

/**
 * The page names every option of a choice question equally often, so nothing singles
 * out the right ones: the options not chosen all as often (right ones among them), the
 * chosen ones (named once more by the saved answer) all as often.
 */
async function expectOptionsEven(page: Page, lang: Lang, questions: SeedQuestion[], html: string, chosen: string[]): Promise<void> {
  const counts: { label: string; correct: boolean; chosen: boolean; count: number }[] = [];
  for (const question of questions.filter((q) => q.kind === 'single_choice' || q.kind === 'multiple_response')) {
    const box = questionBox(page, lang, question);
    for (const choice of question.choices) {
      const label = resolve(choice.text, lang).text;
      const id = await box.getByLabel(label, { exact: true }).getAttribute('value');
      expect(id, `the option «${label}» has a value`).toBeTruthy();
      expect(id!.length, 'an option id long enough to count').toBeGreaterThanOrEqual(8);
      const count = html.split(id!).length - 1;
      expect(count, `the option «${label}» is named in the page`).toBeGreaterThan(0);
      counts.push({ label, correct: choice.correct, chosen: chosen.includes(label), count });
    }
  }
  expect(counts.some((c) => c.correct && !c.chosen), 'some right option is on the page, not chosen').toBe(true);
  for (const group of [counts.filter((c) => !c.chosen), counts.filter((c) => c.chosen)]) {
    const expected = group[0]?.count;
    expect(
      group.filter((c) => c.count !== expected),
      `option ids should appear equally often (${JSON.stringify(counts)})`,
    ).toEqual([]);
  }
}

// ---------------------------------------------------------------------------
// 1. Passing: from the outline and from the lesson navigation
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`passing a quiz (${lang})`, () => {
    test.use(languageContext(lang));

    test(`enrol, open each quiz from the outline or the lesson's next link, answer everything right, pass, see it in the history (${lang})`, async ({
      page,
      baseURL,
    }, testInfo) => {
      test.slow();
      const quizzes = quizzesCoveringEveryKind();
      const user = newUser(testInfo, `quiz-pass-${lang}`);
      await registerDirectly(page.request, user, baseURL!);

      for (const [n, quiz] of quizzes.entries()) {
        const settings = quizSettings(quiz);
        const course = quiz.course;
        // Enrol by the course page's button (once per course).
        if (!quizzes.slice(0, n).some((q) => q.course === course)) {
          await openPage(page, `/courses/${course.slug}`);
          await main(page).getByRole('button', { name: t(lang, 'learning.enrol'), exact: true }).click();
          await expect.poll(() => new URL(page.url()).pathname).toBe(`/courses/${course.slug}/lessons/${course.modules[0].lessons[0].slug}`);
          await ready(page);
        }

        if (n % 2 === 0) {
          // From the course outline.
          await openQuizFromOutline(page, lang, quiz, settings);
        } else {
          // From the module's last lesson: its "next" link is the quiz.
          const last = quiz.module.lessons[quiz.module.lessons.length - 1];
          await openPage(page, `/courses/${course.slug}/lessons/${last.slug}`);
          const next = page.getByRole('navigation', { name: t(lang, 'learning.lesson_nav'), exact: true }).locator('a[rel="next"]');
          await expect(next).toHaveAttribute('href', quizPath(quiz));
          await expect(next).toContainText(t(lang, 'quiz.module_quiz'));
          await next.click();
          await expectQuizPage(page, lang, quiz, settings);
          await ready(page);
        }
        await expect(historyRegion(page, lang)).toHaveCount(0);
        await expect(main(page).getByText(t(lang, 'quiz.passed_notice'), { exact: true })).toHaveCount(0);

        const attemptPath = await startAttempt(page, lang, quiz, 1);
        await expectTitle(page, lang, attemptTitle(lang, quiz, 1));
        const total = settings.drawCount ?? quiz.questions.length;
        await expect(main(page)).toContainText(t(lang, 'quiz.answered', { answered: 0, total }));
        const asked = await answerAll(page, lang, quiz, 'right');
        expect(asked.length, 'questions in the attempt').toBe(total);
        await submit(page, lang, quiz, 1, attemptPath);

        const max = points(asked);
        const passed = await expectResult(page, lang, settings, { score: max, max, used: 1 });
        expect(passed, 'every answer right passes').toBe(true);
        await expectReview(page, lang, quiz, mayReview(settings, true, 1), asked.map((question) => ({ question, how: 'right' as const })));

        // The quiz page: passed, the attempt in the history, a new attempt on offer.
        await backToQuiz(page, lang, quiz, settings);
        await expectNotice(page, t(lang, 'quiz.passed_notice'));
        await expectInHistory(page, lang, { number: 1, path: attemptPath, score: max, max, passed: true });
        if (settings.maxAttempts === null || settings.maxAttempts > 1) await expect(startButton(page, lang, true)).toBeVisible();
        await expect(resumeLink(page, lang)).toHaveCount(0);

        // Its result page, from the history.
        await historyRegion(page, lang).getByRole('link', { name: t(lang, 'quiz.view_result', { number: 1 }), exact: true }).click();
        await expectAt(page, attemptPath);
        await expect(resultRegion(page, lang)).toBeVisible();
        await ready(page);
      }
    });
  });
}

// ---------------------------------------------------------------------------
// 2. Saving and resuming
// ---------------------------------------------------------------------------

/** A quiz with every kind of input: radios, checkboxes, a text field, selects. */
function resumeQuiz(): SeedQuiz {
  return quizWhere('with choices, several answers, a text field and matching', (q) => {
    const k = kindsOf(q);
    return k.has('multiple_response') && k.has('matching') && (k.has('short_answer') || k.has('numerical')) && (k.has('single_choice') || k.has('true_false'));
  });
}

/** Leaves the attempt for the course page, comes back by the outline and "Resume"; checks the answers. */
async function resumeAndCheck(
  page: Page,
  lang: Lang,
  quiz: SeedQuiz,
  settings: QuizSettings,
  attemptPath: string,
  answered: SeedQuestion[],
  unanswered: SeedQuestion[],
): Promise<void> {
  await openQuizFromOutline(page, lang, quiz, settings);
  await expect(startButton(page, lang)).toHaveCount(0);
  const resume = resumeLink(page, lang);
  await expect(resume).toHaveAttribute('href', attemptPath);
  await resume.click();
  await expectAt(page, attemptPath);
  await expect(h1(page, attemptTitle(lang, quiz, 1))).toBeVisible();
  await ready(page);
  await expect(main(page)).toContainText(t(lang, 'quiz.answered', { answered: answered.length, total: answered.length + unanswered.length }));
  for (const question of answered) await expectAnswered(page, lang, question, 'right');
  for (const question of unanswered) {
    const box = questionBox(page, lang, question);
    await expect(box.locator('input:checked')).toHaveCount(0);
    for (const field of await box.locator('input[type="text"]').all()) await expect(field).toHaveValue('');
    for (const select of await box.locator('select').all()) await expect(select).toHaveValue('');
  }
}

for (const lang of LANGS) {
  test.describe(`resuming an attempt (${lang})`, () => {
    test.use(languageContext(lang));

    test(`answers kept with "Save answers" come back on Resume (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const quiz = resumeQuiz();
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-save-${lang}`, [quiz.course]);
      await openQuizFromOutline(page, lang, quiz, settings);
      const attemptPath = await startAttempt(page, lang, quiz, 1);

      // Every question but the last one shown.
      const shown = await questionsOnPage(page, lang, quiz);
      expect(shown.length, 'the resume test needs at least two questions on the page').toBeGreaterThanOrEqual(2);
      const [answered, unanswered] = [shown.slice(0, -1), shown.slice(-1)];
      for (const question of answered) await answer(page, lang, question, 'right');
      await saveAnswers(page, lang, attemptPath);
      await expect(main(page)).toContainText(t(lang, 'quiz.answered', { answered: answered.length, total: shown.length }));
      for (const question of answered) await expectAnswered(page, lang, question, 'right');

      // Away and back by Resume; then reloaded.
      await resumeAndCheck(page, lang, quiz, settings, attemptPath, answered, unanswered);
      await openPage(page, attemptPath);
      for (const question of answered) await expectAnswered(page, lang, question, 'right');
    });

    test(`answers saved automatically on change come back on Resume @needs-js (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const errors = collectErrors(page);
      const quiz = resumeQuiz();
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-autosave-${lang}`, [quiz.course]);
      await openQuizFromOutline(page, lang, quiz, settings);
      const attemptPath = await startAttempt(page, lang, quiz, 1);

      const shown = await questionsOnPage(page, lang, quiz);
      const [answered, unanswered] = [shown.slice(0, -1), shown.slice(-1)];
      const status = main(page).locator('p.quiz__autosave[role="status"]');
      await expect(status).toHaveText('');
      // Each change is saved as it is made: wait for each save, then for the status line.
      for (const question of answered) await answer(page, lang, question, 'right', autosavedChange(page));
      await expect(status).toHaveText(autosavedPattern(lang));
      await expect(main(page).getByText(t(lang, 'quiz.autosave_failed'), { exact: true })).toHaveCount(0);
      // Nothing was posted: still the attempt, no "saved" notice.
      await expectAt(page, attemptPath);
      await expect(main(page).locator('p.notice[role="status"]')).toHaveCount(0);

      // Reloaded: the server has them.
      await openPage(page, attemptPath);
      await expect(main(page)).toContainText(t(lang, 'quiz.answered', { answered: answered.length, total: shown.length }));
      for (const question of answered) await expectAnswered(page, lang, question, 'right');

      // Away and back by Resume.
      await resumeAndCheck(page, lang, quiz, settings, attemptPath, answered, unanswered);
      expect(errors, 'errors while hydrating the autosave island or saving').toEqual([]);
    });
  });
}

test.describe('autosave order', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('a slow autosave that arrives after a later one does not undo the later answer @needs-js', async ({ page, baseURL }) => {
    // Each save posts the whole form (a question still empty in it is cleared), so the
    // page sends one save at a time, each with the form as it is when sent: a slow save
    // of an earlier change must not arrive after, and undo, a later one.
    test.slow();
    const quiz = resumeQuiz();
    const settings = quizSettings(quiz);
    await learner(page, baseURL!, 'quiz-autosave-order', [quiz.course]);
    await openQuizFromOutline(page, lang, quiz, settings);
    const attemptPath = await startAttempt(page, lang, quiz, 1);
    // Two questions answered with one change each.
    const [first, second] = (await questionsOnPage(page, lang, quiz)).filter((q) => q.kind === 'single_choice' || q.kind === 'true_false');
    expect(second, 'two single-change questions').toBeDefined();

    // The first save is held back on the network for a while, as on a slow link.
    let saves = 0;
    await page.route('**/api/quiz/autosave', async (route) => {
      if (saves++ === 0) await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    const answered: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/quiz/autosave')) answered.push(r.status());
    });
    await answer(page, lang, first, 'right', plainChange);
    await answer(page, lang, second, 'right', plainChange);
    await expect.poll(() => answered, { message: 'both saves answered' }).toEqual([200, 200]);
    await expect(main(page).locator('p.quiz__autosave')).toHaveText(autosavedPattern(lang));

    await openPage(page, attemptPath);
    await expectAnswered(page, lang, first, 'right');
    await expectAnswered(page, lang, second, 'right');
  });
});

// ---------------------------------------------------------------------------
// 3. Failing, and the review the policy allows
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`failing a quiz (${lang})`, () => {
    test.use(languageContext(lang));

    test(`every answer wrong: the result says not passed, the review follows the quiz's policy (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const quiz = quizWhere('with choices and matching', (q) => kindsOf(q).has('multiple_response') && kindsOf(q).has('matching'));
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-fail-${lang}`, [quiz.course]);
      await openQuizFromOutline(page, lang, quiz, settings);
      const attemptPath = await startAttempt(page, lang, quiz, 1);
      const asked = await answerAll(page, lang, quiz, 'wrong');
      await submit(page, lang, quiz, 1, attemptPath);

      const max = points(asked);
      const passed = await expectResult(page, lang, settings, { score: 0, max, used: 1 });
      expect(passed, 'nothing right does not pass').toBe(false);
      await expectReview(page, lang, quiz, mayReview(settings, false, 1), asked.map((question) => ({ question, how: 'wrong' as const })));

      // The quiz page: not passed, in the history; another attempt if the quiz allows one.
      await backToQuiz(page, lang, quiz, settings);
      await expect(main(page).getByText(t(lang, 'quiz.passed_notice'), { exact: true })).toHaveCount(0);
      await expectInHistory(page, lang, { number: 1, path: attemptPath, score: 0, max, passed: false });
      if (settings.maxAttempts === null || settings.maxAttempts > 1) await expect(startButton(page, lang, true)).toBeVisible();
      else await expectNotice(page, t(lang, 'quiz.no_attempts_left', { max: settings.maxAttempts }));
    });
  });
}

// ---------------------------------------------------------------------------
// 4. The keyboard alone
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`keyboard (${lang})`, () => {
    test.use(languageContext(lang));

    test(`start, answer and submit with Tab, Space, arrows and Enter; the focus always shows (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const quiz = quizWhere('with true/false, several answers and a typed answer', (q) => {
        const k = kindsOf(q);
        return k.has('true_false') && k.has('multiple_response') && (k.has('short_answer') || k.has('numerical'));
      });
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-keys-${lang}`, [quiz.course]);
      await openPage(page, quizPath(quiz));
      await expectQuizPage(page, lang, quiz, settings);

      // Start: Tab to the button, Enter.
      const start = startButton(page, lang);
      const attemptPath = await startAttempt(page, lang, quiz, 1, async () => {
        await tabTo(page, start, 'the Start button');
        await expectFocusVisible(page, start, 'the Start button');
        await page.keyboard.press('Enter');
      });

      // The questions the keyboard answers, in the page's order (Tab goes forward only).
      const shown = await questionsOnPage(page, lang, quiz);
      const byKeyboard = shown.filter((q) => ['true_false', 'multiple_response', 'short_answer', 'numerical'].includes(q.kind));
      const change = defaultChange(page);
      for (const question of byKeyboard) {
        const box = questionBox(page, lang, question);
        const plan = plannedAnswer(lang, question, 'right', '');
        if (question.kind === 'true_false') {
          // A radio group is one Tab stop; the arrows move within it and tick; Space ticks.
          const target = box.getByLabel(plan.tick![0], { exact: true });
          await tabTo(page, box.locator('input[type="radio"]'), `the radios of «${resolve(question.prompt, lang).text}»`);
          await change(async () => {
            for (let i = 0; i < 3 && !(await target.and(page.locator(':focus')).count()); i++) await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Space');
          });
          await expect(target).toBeChecked();
          await expectFocusVisible(page, target, `the radio «${plan.tick![0]}»`);
        } else if (question.kind === 'multiple_response') {
          for (const label of plan.tick!) {
            const target = box.getByLabel(label, { exact: true });
            await tabTo(page, target, `the checkbox «${label}»`);
            await expectFocusVisible(page, target, `the checkbox «${label}»`);
            await change(() => page.keyboard.press('Space'));
            await expect(target).toBeChecked();
          }
        } else {
          const field = box.getByLabel(t(lang, 'quiz.your_answer'), { exact: true });
          await tabTo(page, field, `the answer field of «${resolve(question.prompt, lang).text}»`);
          await expectFocusVisible(page, field, 'the answer field');
          await page.keyboard.type(plan.type!);
          await expect(field).toHaveValue(plan.type!);
          // The change (and its autosave) comes when Tab leaves the field.
          await change(() => page.keyboard.press('Tab'));
        }
      }

      // Submit: Tab to the button, Enter.
      const submitNow = submitButton(page, lang);
      await tabTo(page, submitNow, 'the Submit button');
      await expectFocusVisible(page, submitNow, 'the Submit button');
      await page.keyboard.press('Enter');
      await expect(resultRegion(page, lang)).toBeVisible();
      await expectAt(page, attemptPath);
      await ready(page);

      const score = points(byKeyboard);
      const max = points(shown);
      const passed = await expectResult(page, lang, settings, { score, max, used: 1 });
      await expectReview(
        page,
        lang,
        quiz,
        mayReview(settings, passed, 1),
        shown.map((question) => ({ question, how: byKeyboard.includes(question) ? ('right' as const) : ('unanswered' as const) })),
      );

      // And back to the quiz, still by the keyboard.
      const back = resultRegion(page, lang).getByRole('link', { name: t(lang, 'quiz.back_to_quiz'), exact: true });
      await tabTo(page, back, 'the result’s Back to the quiz link');
      await expectFocusVisible(page, back, 'Back to the quiz');
      await page.keyboard.press('Enter');
      await expectQuizPage(page, lang, quiz, settings);
      await ready(page);
      await expectInHistory(page, lang, { number: 1, path: attemptPath, score, max, passed });
    });
  });
}

// ---------------------------------------------------------------------------
// 5. No answer key during an attempt
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`answer key (${lang})`, () => {
    test.use(languageContext(lang));

    test(`an open attempt's page carries no correct answers, feedback or accepted answers (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const quiz = quizWhere('with a typed answer and choice questions', (q) => {
        const k = kindsOf(q);
        return k.has('short_answer') && (k.has('single_choice') || k.has('multiple_response'));
      });
      expect(secretsOf(quiz).length, 'texts of the key to look for').toBeGreaterThan(0);
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-key-${lang}`, [quiz.course]);

      // What the hydrated app fetches from the quiz server functions, too.
      const apiBodies: { url: string; body: Promise<string> }[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/api/quiz/')) apiBodies.push({ url: response.url(), body: response.text().catch(() => '') });
      });

      await openPage(page, quizPath(quiz));
      await expectQuizPage(page, lang, quiz, settings);
      expectNoKey('the quiz page', await page.content(), quiz);
      const attemptPath = await startAttempt(page, lang, quiz, 1);
      const shown = await questionsOnPage(page, lang, quiz);

      // Nothing saved yet.
      let html = await page.content();
      expect(html).toContain(resolve(shown[0].prompt, lang).text);
      expectNoKey('the attempt page', html, quiz);
      await expectOptionsEven(page, lang, shown, html, []);
      // The server's HTML, as it is sent.
      const sent = await (await page.request.get(attemptPath)).text();
      expectNoKey("the attempt page's HTML from the server", sent, quiz);

      // Wrong answers saved: the page names the chosen options once more, and still no key.
      const guess = `guess ${Date.now().toString(36)}`;
      for (const question of shown) await answer(page, lang, question, 'wrong', defaultChange(page), guess);
      if (!jsEnabled()) await saveAnswers(page, lang, attemptPath);
      await openPage(page, attemptPath);
      for (const question of shown) await expectAnswered(page, lang, question, 'wrong', guess);
      html = await page.content();
      expectNoKey('the attempt page with saved answers', html, quiz);
      const chosen = shown.flatMap((q) => plannedAnswer(lang, q, 'wrong', guess).chosen.map((c) => resolve(c.text, lang).text));
      await expectOptionsEven(page, lang, shown, html, chosen);

      // Back by Resume.
      await openQuizFromOutline(page, lang, quiz, settings);
      await resumeLink(page, lang).click();
      await expectAt(page, attemptPath);
      await expect(submitButton(page, lang)).toBeVisible();
      expectNoKey('the resumed attempt page', await page.content(), quiz);
      for (const { url, body } of apiBodies) expectNoKey(url, await body, quiz);

      // Once graded, a review (if the policy shows one) has the feedback: the way the
      // checks above look for the key does find it when it is there.
      await submit(page, lang, quiz, 1, attemptPath);
      if (mayReview(settings, false, 1)) {
        const result = await page.content();
        const feedback = shown.map((q) => resolve(q.feedback, lang).text).filter((f) => secretsOf(quiz).includes(f));
        expect(feedback.length, 'general feedback among the texts looked for').toBeGreaterThan(0);
        for (const text of feedback) expect(result, 'the review shows the feedback the attempt page did not').toContain(text);
      }
    });
  });
}

// ---------------------------------------------------------------------------
// 6. Accessibility
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`quiz pages are accessible (${lang})`, () => {
    test.use(languageContext(lang));

    test(`quiz page, attempt page and result page have no axe violations (${lang})`, async ({ page, baseURL }) => {
      test.slow();
      const quiz = resumeQuiz();
      const settings = quizSettings(quiz);
      await learner(page, baseURL!, `quiz-a11y-${lang}`, [quiz.course]);

      // The quiz page, nothing taken yet.
      await openQuizFromOutline(page, lang, quiz, settings);
      await expect(startButton(page, lang)).toBeVisible();
      await expectNoA11yViolations(page);

      // A fresh attempt.
      const attemptPath = await startAttempt(page, lang, quiz, 1);
      await expectNoA11yViolations(page);

      // With answers saved (one right, one wrong), the saved notice, and a number field that is not a number.
      const shown = await questionsOnPage(page, lang, quiz);
      await answer(page, lang, shown[0], 'right');
      await answer(page, lang, shown[1], 'wrong');
      const numerical = shown.find((q) => q.kind === 'numerical');
      if (numerical) await questionBox(page, lang, numerical).getByLabel(t(lang, 'quiz.your_answer'), { exact: true }).fill('many');
      await saveAnswers(page, lang, attemptPath);
      if (numerical) await expect(questionBox(page, lang, numerical).locator('p.field__error')).toHaveText(exactly(t(lang, 'quiz.not_a_number')));
      await expectNoA11yViolations(page);

      // The result, with its review (or the note that it is hidden).
      await submit(page, lang, quiz, 1, attemptPath);
      await expectNoA11yViolations(page);

      // The quiz page with the history.
      await backToQuiz(page, lang, quiz, settings);
      await expect(historyRegion(page, lang)).toBeVisible();
      await expectNoA11yViolations(page);
    });
  });
}
