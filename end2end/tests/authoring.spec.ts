/**
 * Authoring in the browser: an educator creates a bilingual course on /teach, builds
 * its modules and lessons in the course editor, writes a lesson with an uploaded image
 * and checks it in the preview, imports a GIFT file of every question type (report
 * first, then Confirm) and publishes; a learner enrols and marks a lesson done; the
 * educator edits the lesson and publishes version 2 after reading what changed; the
 * first learner keeps version 1 and their progress, a new learner gets version 2.
 * Also: refusals shown beside their field in the reader's language, learners and other
 * educators refused every authoring page, and axe-core on every authoring page in
 * English and Korean.
 *
 * Runs in both the `js` and `no-js` projects: every editor action is a form posting to
 * its server function, and the image and question-file uploads are plain multipart
 * forms. Texts come from the catalogues (t()); courses, questions and images are test
 * data made here, one course per test (its slug carries the project and the run).
 * Only what the browser cannot do is done in the database: making a user an educator,
 * and reading the ids of new modules and lessons for the set-up of a test. The helpers
 * shared with tests/question-editor.spec.ts are in tests/authoring-helpers.ts.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
  LANGS,
  type Lang,
  escapeRegExp,
  exactly,
  expectNoA11yViolations,
  expectTitle,
  h1,
  jsEnabled,
  openPage,
  t,
  waitForHydration,
} from './helpers';
import {
  expectAt,
  expectFieldProblem,
  expectFormAlert,
  expectNotice,
  formWithButton,
  newUser,
  sql,
} from './accounts-helpers';
import {
  type Bilingual,
  type DraftCourse,
  type Kind,
  type Side,
  UUID,
  addLessonDirectly,
  addModuleDirectly,
  backToCourse,
  bilingual,
  button,
  closeAll,
  courseEditorPath,
  createCourseDirectly,
  draftModules,
  expectDone,
  expectDoneLocation,
  expectPath,
  kindName,
  lessonEditorPath,
  lessonForm,
  main,
  newCourse,
  originOf,
  postForm,
  quizEditorPath,
  quizHeading,
  ready,
  region,
  signInAsEducator,
  signInAsLearner,
  suffix,
} from './authoring-helpers';

// ---------------------------------------------------------------------------
// Test data: courses, images, question files
// ---------------------------------------------------------------------------

interface FileData {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A valid 1×1 PNG: the server recognises images by their bytes, never their name. */
function pngFile(name = 'offices.png'): FileData {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  return { name, mimeType: 'image/png', buffer: Buffer.from(png, 'base64') };
}

/** An HTML page dressed up as a PNG: name, type and all. Only its bytes give it away. */
function htmlNamedPng(): FileData {
  const html = '<!doctype html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>';
  return { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(html, 'utf8') };
}

interface GiftQuestion {
  title: string;
  kind: Kind;
  /** The question in GIFT, on one line. */
  source: string;
}

/** One question of each type the platform has, as a Moodle export writes them. */
function giftQuestions(tag: string): GiftQuestion[] {
  return [
    { kind: 'single_choice', title: 'Forum', source: `::Forum:: Where did the World Human Rights Cities Forum begin (${tag})? {=Gwangju ~Seoul ~Busan}` },
    // No `=`: several right answers with weights make a multiple-response question.
    { kind: 'multiple_response', title: 'Duties', source: '::Duties:: Which are duties of a city under human rights law? {~%50%Respect rights ~%50%Protect rights ~%-100%Ignore complaints}' },
    { kind: 'true_false', title: 'Charter', source: '::Charter:: Gwangju has adopted a human rights charter. {T}' },
    { kind: 'short_answer', title: 'City', source: '::City:: Which Korean city first declared itself a human rights city? {=Gwangju}' },
    { kind: 'numerical', title: 'Year', source: '::Year:: In which year did the Gwangju uprising take place? {#1980}' },
    { kind: 'matching', title: 'Families', source: '::Families:: Match each right to its family. {=Housing -> social =Voting -> political}' },
  ];
}

/** An essay question: a type the platform does not have, so the report refuses it. */
const ESSAY = '::Essay:: Describe the human rights office of your city. {}';

/** A GIFT file of `questions` (then `extra` lines), and the line each question starts on. */
function giftFile(questions: GiftQuestion[], extra: string[] = []): { file: FileData; lines: number[] } {
  const text = ['// A question of each type, as a Moodle export writes them.', ''];
  const lines: number[] = [];
  for (const q of questions) {
    lines.push(text.length + 1);
    text.push(q.source, '');
  }
  for (const line of extra) text.push(line, '');
  return { file: { name: 'questions.gift', mimeType: 'text/plain', buffer: Buffer.from(text.join('\n'), 'utf8') }, lines };
}

// ---------------------------------------------------------------------------
// The database (what a browser cannot do: roles; ids for the set-up)
// ---------------------------------------------------------------------------

/** The English body of a lesson as stored in the draft. */
function storedBody(slug: string, lesson: string): string {
  return sql(
    `select l.body ->> 'en' from lessons l join course_versions v on v.id = l.version_id join courses c on c.id = v.course_id
     where c.slug = :'slug' and v.published_at is null and l.lineage = :'lesson'`,
    { slug, lesson },
  );
}

function imageCount(slug: string): number {
  return Number(sql(`select count(*) from course_images i join courses c on c.id = i.course_id where c.slug = :'slug'`, { slug }));
}

/** Whether the course has a published version (learners can see it). */
function isPublished(slug: string): boolean {
  return sql(`select current_version_id is not null from courses where slug = :'slug'`, { slug }) === 't';
}

// ---------------------------------------------------------------------------
// Server functions and uploads, posted as a browser without JavaScript does
// (for the set-up of a test whose subject is elsewhere)
// ---------------------------------------------------------------------------

/** Posts a multipart form (an upload); returns where the server redirects. */
async function postMultipart(
  request: APIRequestContext,
  baseURL: string,
  urlPath: string,
  multipart: Record<string, string | FileData>,
): Promise<string> {
  const response = await request.post(urlPath, { multipart, headers: originOf(baseURL), maxRedirects: 0 });
  expect([302, 303], `POST ${urlPath}: ${response.status()} ${await response.text()}`).toContain(response.status());
  return response.headers()['location'] ?? '';
}

async function saveLessonDirectly(
  request: APIRequestContext,
  baseURL: string,
  slug: string,
  lesson: string,
  values: { title: Bilingual; body: Bilingual },
): Promise<void> {
  const location = await postForm(request, baseURL, '/api/teach/lessons/save', {
    slug,
    lesson,
    title_en: values.title.en,
    title_ko: values.title.ko,
    body_en: values.body.en,
    body_ko: values.body.ko,
    estimated_minutes: '5',
    is_required: 'on',
    intent: 'save',
  });
  expectDoneLocation(location, `/teach/${slug}/lessons/${lesson}`, 'saved');
}

/** Uploads a question file; the report's id. */
async function uploadGiftDirectly(request: APIRequestContext, baseURL: string, slug: string, module: string, file: FileData): Promise<string> {
  const location = await postMultipart(request, baseURL, `/teach/${slug}/quizzes/${module}/import`, { format: 'gift', lang: 'en', file });
  const id = new RegExp(`/imports/(${UUID})$`).exec(location)?.[1];
  expect(id, `the report's address: ${location}`).toBeTruthy();
  return id!;
}

async function confirmImportDirectly(request: APIRequestContext, baseURL: string, slug: string, module: string, importId: string): Promise<void> {
  const location = await postForm(request, baseURL, '/api/teach/import/confirm', { slug, import: importId });
  expectDoneLocation(location, `/teach/${slug}/quizzes/${module}`, 'imported');
}

async function publishDirectly(request: APIRequestContext, baseURL: string, slug: string, note: string): Promise<void> {
  const location = await postForm(request, baseURL, '/api/teach/publish', { slug, note });
  expectDoneLocation(location, `/teach/${slug}`, 'published');
}

/** Uploads an image to a lesson; the editor's address with the Markdown to paste. */
async function uploadImageDirectly(request: APIRequestContext, baseURL: string, slug: string, lesson: string, alt: string): Promise<string> {
  const location = await postMultipart(request, baseURL, `/teach/${slug}/lessons/${lesson}/images`, { file: pngFile(), alt });
  expect(location).toMatch(new RegExp(`^/teach/${escapeRegExp(slug)}/lessons/${lesson}\\?image=${UUID}&alt=`));
  return location;
}

/** A course with two modules of one lesson each, and six questions in the first module's quiz. */
interface BuiltCourse {
  course: DraftCourse;
  modules: Bilingual[];
  lessons: Bilingual[];
  moduleIds: string[];
  lessonIds: string[];
  questions: GiftQuestion[];
}

async function buildCourseDirectly(request: APIRequestContext, baseURL: string, course: DraftCourse): Promise<BuiltCourse> {
  const modules = [bilingual('Foundations', '기초'), bilingual('Practice', '실천')];
  const lessons = [bilingual('What a human rights city is', '인권도시란 무엇인가'), bilingual('Writing a local charter', '지역 인권헌장 쓰기')];
  const questions = giftQuestions(suffix());
  await createCourseDirectly(request, baseURL, course);
  const moduleIds: string[] = [];
  const lessonIds: string[] = [];
  for (const [i, module] of modules.entries()) {
    moduleIds.push(await addModuleDirectly(request, baseURL, course.slug, module));
    lessonIds.push(await addLessonDirectly(request, baseURL, course.slug, moduleIds[i], lessons[i]));
  }
  const importId = await uploadGiftDirectly(request, baseURL, course.slug, moduleIds[0], giftFile(questions).file);
  await confirmImportDirectly(request, baseURL, course.slug, moduleIds[0], importId);
  return { course, modules, lessons, moduleIds, lessonIds, questions };
}

// ---------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------

// /teach ----------------------------------------------------------------------

const NEW_COURSE_LABELS = {
  slug: 'teach.slug',
  title_en: 'teach.title_en',
  title_ko: 'teach.title_ko',
  summary_en: 'teach.summary_en',
  summary_ko: 'teach.summary_ko',
  estimated_minutes: 'teach.minutes',
} as const;
type NewCourseField = keyof typeof NEW_COURSE_LABELS;

/** Fills the "Create a course" form on /teach (what is given) and submits it. */
async function submitNewCourse(page: Page, lang: Lang, values: Partial<Record<NewCourseField, string>>): Promise<void> {
  await ready(page);
  const form = region(page, lang, 'teach.new_course');
  for (const [field, value] of Object.entries(values) as [NewCourseField, string][]) {
    await form.getByLabel(t(lang, NEW_COURSE_LABELS[field]), { exact: true }).fill(value);
  }
  await button(form, lang, 'teach.create').click();
}

/** The row of /teach's table for the course titled `title`. */
function dashboardRow(page: Page, title: string): Locator {
  return main(page).locator('table tbody tr').filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

// The course editor --------------------------------------------------------------

/** A module of the course editor, by its title as shown. */
function moduleBlock(page: Page, title: string): Locator {
  return main(page).locator('li.editor-module').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

/** A `<details>` of `scope` by the text of its `<summary>`, opened. */
async function openDisclosure(scope: Locator, summary: string): Promise<Locator> {
  const details = scope.locator('details').filter({ has: scope.page().locator('summary', { hasText: exactly(summary) }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details;
}

/** Adds a module with the form under the structure; waits for it to be listed. */
async function addModule(page: Page, lang: Lang, slug: string, title: Bilingual): Promise<void> {
  await ready(page);
  const form = formWithButton(page, t(lang, 'teach.add_module'));
  await form.getByLabel(t(lang, 'teach.module_title_en'), { exact: true }).fill(title.en);
  await form.getByLabel(t(lang, 'teach.module_title_ko'), { exact: true }).fill(title.ko);
  await button(form, lang, 'teach.add_module').click();
  await expectDone(page, `${courseEditorPath(slug)}`, 'module_added');
  await expect(moduleBlock(page, title[lang]), 'the new module is listed').toBeVisible();
  await expectNotice(page, t(lang, 'teach.done_module_added'));
}

/** Adds a lesson to the module titled `module` (its "Add a lesson" disclosure); waits for it to be listed. */
async function addLesson(page: Page, lang: Lang, slug: string, module: Bilingual, title: Bilingual): Promise<void> {
  await ready(page);
  const details = await openDisclosure(moduleBlock(page, module[lang]), t(lang, 'teach.add_lesson'));
  await details.getByLabel(t(lang, 'teach.lesson_title_en'), { exact: true }).fill(title.en);
  await details.getByLabel(t(lang, 'teach.lesson_title_ko'), { exact: true }).fill(title.ko);
  await button(details, lang, 'teach.add_lesson').click();
  await expectDone(page, `${courseEditorPath(slug)}`, 'lesson_added');
  await expect(moduleBlock(page, module[lang]).getByRole('link', { name: title[lang], exact: true }), 'the new lesson is listed').toBeVisible();
  await expectNotice(page, t(lang, 'teach.done_lesson_added'));
}

/** The "Quiz questions: N" link of a module. */
function questionsLink(page: Page, lang: Lang, module: Bilingual, count: number): Locator {
  return moduleBlock(page, module[lang]).getByRole('link', { name: t(lang, 'teach.question_count', { count }), exact: true });
}

/** Fills the Publish form's note and publishes; waits for the editor with the notice. */
async function publish(page: Page, lang: Lang, slug: string, note: string, version: number): Promise<void> {
  await ready(page);
  const section = region(page, lang, 'teach.publish_heading');
  await section.getByLabel(t(lang, 'teach.note'), { exact: true }).fill(note);
  await button(section, lang, 'teach.publish').click();
  await expectDone(page, `${courseEditorPath(slug)}`, 'published');
  await ready(page);
  await expectNotice(page, t(lang, 'teach.done_published'));
}

/** The rows of the "Published versions" table, newest first: [number, note, learners]. */
async function expectVersions(page: Page, lang: Lang, rows: [number, string, number][]): Promise<void> {
  const body = region(page, lang, 'teach.versions').locator('table tbody tr');
  await expect(body).toHaveCount(rows.length);
  for (const [i, [number, note, learners]] of rows.entries()) {
    const cells = body.nth(i).locator('td');
    await expect(cells.nth(0)).toHaveText(exactly(String(number)));
    await expect(cells.nth(1)).toHaveText(/^\s*\d{4}-\d{2}-\d{2}\s*$/);
    await expect(cells.nth(2)).toHaveText(exactly(note));
    await expect(cells.nth(3)).toHaveText(exactly(String(learners)));
  }
}

// The lesson editor ----------------------------------------------------------------

/** Uploads `file` with `alt` through the editor's Images form. */
async function uploadImage(page: Page, lang: Lang, file: FileData, alt: string): Promise<void> {
  await ready(page);
  const images = region(page, lang, 'teach.images_heading');
  await images.getByLabel(t(lang, 'teach.image_file'), { exact: true }).setInputFiles(file);
  await images.getByLabel(t(lang, 'teach.image_alt'), { exact: true }).fill(alt);
  await button(images, lang, 'teach.upload_image').click();
}

/** The refusal of an upload, above the Images form. */
function imageProblem(page: Page, lang: Lang): Locator {
  return region(page, lang, 'teach.images_heading').locator('#image-error[role="alert"]');
}

// The question bank ----------------------------------------------------------------

/** Uploads a GIFT file (in English) through the bank's import form; waits for the report. */
async function uploadQuestionFile(page: Page, lang: Lang, slug: string, module: string, file: FileData): Promise<string> {
  await ready(page);
  const form = region(page, lang, 'bank.import_heading');
  await form.getByLabel(t(lang, 'bank.format'), { exact: true }).selectOption('gift');
  await form.getByLabel(t(lang, 'bank.lang'), { exact: true }).selectOption('en');
  await form.getByLabel(t(lang, 'bank.file'), { exact: true }).setInputFiles(file);
  await button(form, lang, 'bank.check').click();
  await expectPath(page, new RegExp(`^${escapeRegExp(quizEditorPath(slug, module))}/imports/${UUID}$`));
  await ready(page);
  return new URL(page.url()).pathname.split('/').pop()!;
}

// Refusals ---------------------------------------------------------------------------

/** A 403 error page that shows none of `secrets` (not even in the data sent for hydration). */
async function expectForbidden(page: Page, lang: Lang, urlPath: string, secrets: string[]): Promise<void> {
  const response = await page.goto(urlPath);
  expect(response, `no response for ${urlPath}`).not.toBeNull();
  expect(response!.status(), `HTTP status of ${urlPath}`).toBe(403);
  if (jsEnabled()) await waitForHydration(page);
  const alert = main(page).locator('div.error-message[role="alert"]');
  await expect(alert, `the error message on ${urlPath}`).toHaveCount(1);
  await expect(alert.getByRole('heading', { level: 2, name: t(lang, 'error.title'), exact: true })).toBeVisible();
  await expect(alert.locator('p')).toHaveText(exactly(t(lang, 'error.forbidden')));
  await expect(main(page).locator('form'), `no editor form on ${urlPath}`).toHaveCount(0);
  const html = await page.content();
  for (const secret of secrets) expect(html, `${urlPath} shows nothing of the draft`).not.toContain(secret);
}

// ---------------------------------------------------------------------------
// 1. The acceptance journey
// ---------------------------------------------------------------------------

test.describe('an educator writes and publishes a course', () => {
  const lang: Lang = 'en';

  test('create a bilingual course, two modules and lessons, an image, a GIFT import; publish; a learner keeps version 1 when version 2 is published', async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(240_000);
    const course = newCourse(testInfo, 'journey');
    const modules = [bilingual('Foundations', '기초'), bilingual('Practice', '실천')];
    const lessons = [bilingual('What a human rights city is', '인권도시란 무엇인가'), bilingual('Writing a local charter', '지역 인권헌장 쓰기')];
    const renamed = bilingual('What makes a human rights city', '인권도시를 만드는 것');
    const alt = `A map of the human rights offices of Gwangju ${suffix()}`;
    const questions = giftQuestions(suffix());

    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-journey'));
    let first: Side | undefined;
    let second: Side | undefined;
    try {
      const e = educator.page;

      // --- /teach, from the header: nothing authored yet, and the form to start. ---
      await openPage(e, '/');
      await e.getByRole('banner').getByRole('link', { name: t(lang, 'nav.teach'), exact: true }).click();
      await expectPath(e, '/teach');
      await ready(e);
      await expectTitle(e, lang, t(lang, 'teach.title'));
      await expect(h1(e, t(lang, 'teach.title'))).toBeVisible();
      await expect(main(e).getByText(t(lang, 'teach.none'), { exact: true })).toBeVisible();

      // --- A course with a title and summary in both languages: bilingual. ---
      await submitNewCourse(e, lang, {
        slug: course.slug,
        title_en: course.title.en,
        title_ko: course.title.ko,
        summary_en: course.summary.en,
        summary_ko: course.summary.ko,
        estimated_minutes: '30',
      });
      await expectAt(e, courseEditorPath(course.slug));
      await ready(e);
      await expectTitle(e, lang, course.title.en);
      await expect(h1(e, course.title.en)).toBeVisible();
      await expect(main(e).getByText(t(lang, 'teach.editing_draft', { number: 1 }), { exact: true })).toBeVisible();
      await expect(region(e, lang, 'teach.structure').getByText(t(lang, 'teach.no_modules'), { exact: true })).toBeVisible();
      await expect(region(e, lang, 'teach.publish_heading').getByText(t(lang, 'teach.first_version'), { exact: true })).toBeVisible();

      // --- Two modules, a lesson in each (module, lesson, module, lesson). ---
      for (const [i, module] of modules.entries()) {
        await addModule(e, lang, course.slug, module);
        await expect(moduleBlock(e, module.en).getByText(t(lang, 'teach.no_lessons'), { exact: true })).toBeVisible();
        await addLesson(e, lang, course.slug, module, lessons[i]);
      }
      await expect(main(e).locator('li.editor-module')).toHaveCount(2);
      // Both languages written: no missing-translation marker.
      await expect(main(e).locator('li.editor-lesson .badge--warning')).toHaveCount(0);

      // --- The first lesson's editor, from its link. ---
      await moduleBlock(e, modules[0].en).getByRole('link', { name: lessons[0].en, exact: true }).click();
      await expectPath(e, new RegExp(`^/teach/${escapeRegExp(course.slug)}/lessons/${UUID}$`));
      const lessonId = new URL(e.url()).pathname.split('/').pop()!;
      await ready(e);
      await expect(h1(e, lessons[0].en)).toBeVisible();
      await expect(lessonForm(e, lang).getByLabel(t(lang, 'teach.lesson_title_ko'), { exact: true })).toHaveValue(lessons[0].ko);

      // An image with its description: the editor gives the Markdown to paste.
      await uploadImage(e, lang, pngFile(), alt);
      await expect.poll(() => new URL(e.url()).searchParams.get('image'), { message: 'back at the editor with the image' }).toMatch(new RegExp(`^${UUID}$`));
      await ready(e);
      const imageId = new URL(e.url()).searchParams.get('image')!;
      const snippet = region(e, lang, 'teach.images_heading').getByLabel(t(lang, 'teach.image_markdown'), { exact: true });
      await expect(snippet).toHaveValue(`![${alt}](/media/${imageId})`);
      await expect(region(e, lang, 'teach.images_heading').getByText(t(lang, 'teach.image_ready'), { exact: true })).toBeVisible();
      await expect(imageProblem(e, lang)).toHaveCount(0);
      // Served from our own origin, with the type it was checked as, never sniffed.
      const media = await e.request.get(`/media/${imageId}`);
      expect(media.status()).toBe(200);
      expect(media.headers()['content-type']).toBe('image/png');
      expect(media.headers()['x-content-type-options']).toBe('nosniff');

      // The Markdown pasted into the English body with some emphasis; Preview.
      const markdown = await snippet.inputValue();
      const body = `## ${lessons[0].en}\n\nEvery resident has the *right* to take part in the life of the city.\n\n${markdown}\n`;
      await lessonForm(e, lang).getByLabel(t(lang, 'teach.body_en'), { exact: true }).fill(body);
      await button(lessonForm(e, lang), lang, 'teach.preview').click();
      await expectDone(e, `${lessonEditorPath(course.slug, lessonId)}`, 'preview');
      await ready(e);
      await expectNotice(e, t(lang, 'teach.done_preview'));
      // The preview is the learner's rendering, on the server.
      const preview = region(e, lang, 'teach.preview_heading').locator('article[lang="en"]');
      await expect(preview.locator('p.preview__lang')).toHaveText(exactly(t(lang, 'teach.preview_en')));
      await expect(preview.locator('em')).toHaveText(exactly('right'));
      await expect(preview.locator(`img[alt="${alt}"]`)).toHaveAttribute('src', `/media/${imageId}`);
      await expect(region(e, lang, 'teach.preview_heading').locator('article[lang="ko"]')).toHaveCount(1);
      // Saved too (trimmed): the body is in the form and in the draft.
      await expect(lessonForm(e, lang).getByLabel(t(lang, 'teach.body_en'), { exact: true })).toHaveValue(body.trim());
      expect(storedBody(course.slug, lessonId)).toBe(body.trim());

      // --- The first module's question bank: a GIFT file, its report, Confirm. ---
      await backToCourse(e, lang, course).click();
      await expectPath(e, courseEditorPath(course.slug));
      await ready(e);
      await questionsLink(e, lang, modules[0], 0).click();
      await expectPath(e, new RegExp(`^/teach/${escapeRegExp(course.slug)}/quizzes/${UUID}$`));
      const moduleId = new URL(e.url()).pathname.split('/').pop()!;
      await ready(e);
      await expect(quizHeading(e, lang, modules[0])).toBeVisible();
      await expect(region(e, lang, 'bank.questions', { count: 0 }).getByText(t(lang, 'bank.none'), { exact: true })).toBeVisible();

      const gift = giftFile(questions);
      const importId = await uploadQuestionFile(e, lang, course.slug, moduleId, gift.file);
      await expectTitle(e, lang, t(lang, 'bank.report_title'));
      await expect(h1(e, t(lang, 'bank.report_title'))).toBeVisible();
      await expect(main(e).locator('p[role="status"]')).toHaveText(exactly(t(lang, 'bank.summary', { accepted: 6, refused: 0 })));
      const report = main(e).locator('table tbody tr');
      await expect(report).toHaveCount(questions.length);
      for (const [i, q] of questions.entries()) {
        await expect(report.nth(i).locator('td'), `report line of ${q.title}`).toHaveText(
          [String(gift.lines[i]), q.title, `${t(lang, 'bank.accepted')} (${kindName(lang, q.kind)})`].map(exactly),
        );
      }
      expect(sql(`select imported_at is null from question_imports where id = :'id'`, { id: importId }), 'the report changes nothing').toBe('t');
      await ready(e);
      await button(e, lang, 'bank.confirm', { count: 6 }).click();
      await expectDone(e, `${quizEditorPath(course.slug, moduleId)}`, 'imported');
      await ready(e);
      await expectNotice(e, t(lang, 'bank.done_imported'));
      const bank = region(e, lang, 'bank.questions', { count: 6 });
      await expect(bank.locator('table tbody tr')).toHaveCount(6);
      await expect(bank.locator('table tbody tr td:nth-child(3)')).toHaveText(questions.map((q) => exactly(kindName(lang, q.kind))));

      // --- Publish version 1, with a note. ---
      await backToCourse(e, lang, course).click();
      await expectPath(e, courseEditorPath(course.slug));
      await ready(e);
      await expect(questionsLink(e, lang, modules[0], 6)).toBeVisible();
      await expect(questionsLink(e, lang, modules[1], 0)).toBeVisible();
      const note1 = 'First version: foundations and practice';
      await publish(e, lang, course.slug, note1, 1);
      await expect(main(e).getByText(t(lang, 'teach.no_draft'), { exact: true })).toBeVisible();
      await expectVersions(e, lang, [[1, note1, 0]]);
      await openPage(e, '/teach');
      await expect(dashboardRow(e, course.title.en).locator('td').nth(1)).toHaveText(exactly(t(lang, 'teach.status_published')));

      // --- A learner enrols from the course page, reads the first lesson, marks it done. ---
      first = await signInAsLearner(browser, lang, baseURL!, newUser(testInfo, 'learner-v1'));
      const a = first.page;
      await openPage(a, `/courses/${course.slug}`);
      await expect(h1(a, course.title.en)).toBeVisible();
      await button(a, lang, 'learning.enrol').click();
      await expectPath(a, new RegExp(`^/courses/${escapeRegExp(course.slug)}/lessons/[a-z0-9-]+$`));
      const lessonPath = new URL(a.url()).pathname;
      await ready(a);
      await expect(h1(a, lessons[0].en)).toBeVisible();
      // The lesson as written and previewed: the emphasis and the described image.
      const lessonBody = main(a).locator('div.lesson__body');
      await expect(lessonBody.locator('em')).toHaveText(exactly('right'));
      await expect(lessonBody.locator(`img[alt="${alt}"]`)).toHaveAttribute('src', `/media/${imageId}`);
      await button(a, lang, 'learning.mark_done').click();
      // After the module's last lesson comes its quiz.
      await expectPath(a, new RegExp(`^/courses/${escapeRegExp(course.slug)}/quizzes/[a-z0-9-]+$`));
      await ready(a);
      await expect(h1(a, t(lang, 'quiz.title', { module: modules[0].en }))).toBeVisible();
      // Two lessons and one quiz (the second module has no question): one of three done.
      const progress = t(lang, 'learning.progress_value', { done: 1, total: 3, percent: 33 });
      await openPage(a, `/courses/${course.slug}`);
      await expect(main(a).locator('label[for="course-progress"]')).toHaveText(exactly(progress));

      // --- The educator edits the lesson's English title: a draft of version 2. ---
      await openPage(e, courseEditorPath(course.slug));
      await moduleBlock(e, modules[0].en).getByRole('link', { name: lessons[0].en, exact: true }).click();
      await expectPath(e, lessonEditorPath(course.slug, lessonId));
      await ready(e);
      await lessonForm(e, lang).getByLabel(t(lang, 'teach.lesson_title_en'), { exact: true }).fill(renamed.en);
      await button(lessonForm(e, lang), lang, 'teach.save_lesson').click();
      await expectDone(e, `${lessonEditorPath(course.slug, lessonId)}`, 'saved');
      await ready(e);
      await expectNotice(e, t(lang, 'teach.done_lesson_saved'));
      await expect(h1(e, renamed.en)).toBeVisible();

      // The course editor says what changed since version 1, before publishing.
      await backToCourse(e, lang, course).click();
      await expectPath(e, courseEditorPath(course.slug));
      await ready(e);
      await expect(main(e).getByText(t(lang, 'teach.editing_draft', { number: 2 }), { exact: true })).toBeVisible();
      const changes = region(e, lang, 'teach.publish_heading').locator('ul.change-list li');
      await expect(changes).toHaveText([exactly(`${t(lang, 'teach.lesson_edited')}: ${renamed.en}`)]);
      await expect(moduleBlock(e, modules[0].en).getByRole('link', { name: renamed.en, exact: true })).toBeVisible();
      const note2 = 'Version 2: a clearer title for the first lesson';
      await publish(e, lang, course.slug, note2, 2);
      await expectVersions(e, lang, [
        [2, note2, 0],
        [1, note1, 1],
      ]);

      // --- The first learner keeps version 1: the old title, and the lesson still done. ---
      await openPage(a, lessonPath);
      await expect(h1(a, lessons[0].en)).toBeVisible();
      await expect(main(a).getByText(renamed.en, { exact: true })).toHaveCount(0);
      await expect(main(a).locator('.badge--done')).toHaveText(exactly(t(lang, 'learning.done_badge')));
      await openPage(a, `/courses/${course.slug}`);
      await expect(main(a).locator('label[for="course-progress"]')).toHaveText(exactly(progress));
      await openPage(a, '/me/learning');
      const mine = main(a).getByRole('region', { name: t(lang, 'mine.in_progress'), exact: true }).locator('li.my-course').filter({
        has: a.locator(`a[href="/courses/${course.slug}"]`),
      });
      await expect(mine).toContainText(t(lang, 'course.your_progress', { percent: 33 }));

      // --- A new learner gets version 2: the new title. ---
      second = await signInAsLearner(browser, lang, baseURL!, newUser(testInfo, 'learner-v2'));
      const b = second.page;
      await openPage(b, `/courses/${course.slug}`);
      await button(b, lang, 'learning.enrol').click();
      await expectPath(b, lessonPath);
      await ready(b);
      await expect(h1(b, renamed.en)).toBeVisible();
      await expect(main(b).locator('.badge--done')).toHaveCount(0);

      // Each version has its learner.
      await openPage(e, courseEditorPath(course.slug));
      await expectVersions(e, lang, [
        [2, note2, 1],
        [1, note1, 1],
      ]);
    } finally {
      await closeAll(educator, first, second);
    }
  });
});

// ---------------------------------------------------------------------------
// The course editor: the same action twice in a row
// ---------------------------------------------------------------------------

test.describe('the course editor', () => {
  const lang: Lang = 'en';

  // Each change lands on `/teach/{slug}?done=…`; a second change of the same kind lands
  // on the same address again, and the editor must still show it.
  test('two modules added one after the other, then two lessons, are all listed', async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const course = newCourse(testInfo, 'twice');
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-twice'));
    try {
      const e = educator.page;
      await createCourseDirectly(e.request, baseURL!, course);
      await openPage(e, courseEditorPath(course.slug));
      const modules = [bilingual('First module', '첫째 모듈'), bilingual('Second module', '둘째 모듈')];
      for (const module of modules) await addModule(e, lang, course.slug, module);
      const lessons = [bilingual('First lesson', '첫째 과'), bilingual('Second lesson', '둘째 과')];
      for (const lesson of lessons) await addLesson(e, lang, course.slug, modules[1], lesson);
      await expect(moduleBlock(e, modules[1].en).locator('li.editor-lesson a')).toHaveText(lessons.map((l) => exactly(l.en)));
      expect(draftModules(course.slug)).toHaveLength(2);
    } finally {
      await closeAll(educator);
    }
  });

  test('a course exported from its editor and imported on /teach comes back as a new draft; a file that is not an archive is refused', async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    const course = newCourse(testInfo, 'archive');
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-archive'));
    try {
      const e = educator.page;
      const built = await buildCourseDirectly(e.request, baseURL!, course);
      await openPage(e, courseEditorPath(course.slug));
      const downloading = e.waitForEvent('download');
      await region(e, lang, 'teach.export_heading').getByRole('link', { name: t(lang, 'teach.export_course'), exact: true }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`${course.slug}.course.tar.gz`);
      const archive = await download.path();

      // Not an archive: refused beside the field, nothing created.
      await openPage(e, '/teach');
      const importForm = () => region(e, lang, 'teach.import_heading');
      await importForm()
        .getByLabel(t(lang, 'teach.import_file'), { exact: true })
        .setInputFiles({ name: 'notes.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from('not an archive') });
      await button(importForm(), lang, 'teach.import_button').click();
      await expectPath(e, '/teach');
      await expect(importForm().getByRole('alert')).toHaveText(exactly(t(lang, 'teach.import_invalid')));
      await expectNoA11yViolations(e);
      expect(sql(`select count(*) from courses where slug like :'slug' || '-%'`, { slug: course.slug })).toBe('0');

      // The archive: a new draft course, owned by the importer, with the same structure.
      await ready(e);
      await importForm().getByLabel(t(lang, 'teach.import_file'), { exact: true }).setInputFiles(archive);
      await button(importForm(), lang, 'teach.import_button').click();
      const copy = `${course.slug}-2`;
      await expectPath(e, courseEditorPath(copy));
      await expectNotice(e, t(lang, 'teach.done_imported'));
      await expect(h1(e, course.title[lang])).toBeVisible();
      expect(draftModules(copy)).toHaveLength(built.moduleIds.length);
      expect(
        sql(
          `select count(*) from questions qu join quizzes q on q.id = qu.quiz_id join course_versions v on v.id = q.version_id
           join courses c on c.id = v.course_id where c.slug = :'slug'`,
          { slug: copy },
        ),
      ).toBe(String(built.questions.length));
    } finally {
      await closeAll(educator);
    }
  });
});

// ---------------------------------------------------------------------------
// 2. Refusals, beside the field, in the reader's language
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`authoring refusals (${lang})`, () => {
    test(`a new course with a bad address name and no title is refused field by field, the typed values kept (${lang})`, async ({
      browser,
      baseURL,
    }, testInfo) => {
      const user = newUser(testInfo, `author-refused-${lang}`);
      const educator = await signInAsEducator(browser, lang, baseURL!, user);
      try {
        const e = educator.page;
        await openPage(e, '/teach');
        const summary = `A summary kept after the refusal ${suffix()}`;
        await submitNewCourse(e, lang, { slug: 'Not A Slug', title_en: '', title_ko: '', summary_en: summary, estimated_minutes: '45' });
        await expectFieldProblem(e, 'slug', t(lang, 'problem.slug_invalid'));
        await expectFieldProblem(e, 'title_en', t(lang, 'problem.required'));
        await expectFormAlert(formWithButton(e, t(lang, 'teach.create')), lang, [
          { text: t(lang, 'problem.slug_invalid'), field: 'slug' },
          { text: t(lang, 'problem.required'), field: 'title_en' },
        ]);
        // What was typed is still there, to correct rather than retype.
        const form = region(e, lang, 'teach.new_course');
        await expect(form.getByLabel(t(lang, 'teach.slug'), { exact: true })).toHaveValue('Not A Slug');
        await expect(form.getByLabel(t(lang, 'teach.summary_en'), { exact: true })).toHaveValue(summary);
        await expect(form.getByLabel(t(lang, 'teach.minutes'), { exact: true })).toHaveValue('45');
        expect(
          sql(`select count(*) from course_authors a join users u on u.id = a.user_id where lower(u.email) = lower(:'email')`, { email: user.email }),
          'no course created',
        ).toBe('0');
      } finally {
        await closeAll(educator);
      }
    });

    test(`an image without a description in a lesson, and uploads that are not images or have no description, are refused (${lang})`, async ({
      browser,
      baseURL,
    }, testInfo) => {
      test.setTimeout(90_000);
      const course = newCourse(testInfo, `refused-${lang}`);
      const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, `author-image-${lang}`));
      try {
        const e = educator.page;
        await createCourseDirectly(e.request, baseURL!, course);
        const module = await addModuleDirectly(e.request, baseURL!, course.slug, bilingual('Foundations', '기초'));
        const lesson = await addLessonDirectly(e.request, baseURL!, course.slug, module, bilingual('Charters', '헌장'));
        const before = storedBody(course.slug, lesson);

        // A lesson body with an image and no description: refused beside the body.
        await openPage(e, lessonEditorPath(course.slug, lesson));
        const body = `Our office:\n\n![](/media/${randomUUID()})\n`;
        await lessonForm(e, lang).getByLabel(t(lang, 'teach.body_en'), { exact: true }).fill(body);
        await button(lessonForm(e, lang), lang, 'teach.save_lesson').click();
        await expectFieldProblem(e, 'body_en', t(lang, 'problem.image_alt_missing'));
        await expect(lessonForm(e, lang).getByLabel(t(lang, 'teach.body_en'), { exact: true })).toHaveValue(body);
        expect(storedBody(course.slug, lesson), 'nothing saved').toBe(before);

        // An HTML page named .png: refused by its bytes.
        await openPage(e, lessonEditorPath(course.slug, lesson));
        await uploadImage(e, lang, htmlNamedPng(), 'A photo of the city hall');
        await expect.poll(() => new URL(e.url()).searchParams.get('image_error')).toBe('not_an_image');
        await ready(e);
        await expect(imageProblem(e, lang)).toHaveText(exactly(t(lang, 'teach.image_not_an_image')));
        await expect(region(e, lang, 'teach.images_heading').getByLabel(t(lang, 'teach.image_markdown'), { exact: true })).toHaveCount(0);

        // A real image without a description: refused too.
        await uploadImage(e, lang, pngFile(), '   ');
        await expect.poll(() => new URL(e.url()).searchParams.get('image_error')).toBe('alt_missing');
        await ready(e);
        await expect(imageProblem(e, lang)).toHaveText(exactly(t(lang, 'teach.image_alt_missing')));
        expect(imageCount(course.slug), 'no image stored').toBe(0);

        // The same image, described: accepted (so the refusals were about the file and the description).
        await uploadImage(e, lang, pngFile(), 'The city hall of Gwangju');
        await expect.poll(() => new URL(e.url()).searchParams.get('image')).toMatch(new RegExp(`^${UUID}$`));
        await ready(e);
        await expect(imageProblem(e, lang)).toHaveCount(0);
        expect(imageCount(course.slug)).toBe(1);
      } finally {
        await closeAll(educator);
      }
    });
  });
}

test.describe('a timed quiz', () => {
  const lang: Lang = 'en';

  test('the attempt page counts the time left down, once a second @needs-js', async ({ browser, baseURL }, testInfo) => {
    // The timer is an island: the attempt page is the one page that loads the wasm for
    // it. A course of this test's own, so no other test sees the time limit.
    test.setTimeout(120_000);
    const course = newCourse(testInfo, 'timed');
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-timed'));
    const learner = await signInAsLearner(browser, lang, baseURL!, newUser(testInfo, 'learner-timed'));
    try {
      const request = educator.context.request;
      const built = await buildCourseDirectly(request, baseURL!, course);
      // Ten minutes, set on the draft straight in the database (the quiz editor's own form
      // is tested with the editor); publishing copies it.
      const lineage = { module: built.moduleIds[0] };
      sql(`update quizzes set time_limit_seconds = 600 where module_id in (select id from modules where lineage = :'module')`, lineage);
      await publishDirectly(request, baseURL!, course.slug, 'Timed');
      const moduleSlug = sql(`select slug from modules where lineage = :'module' limit 1`, lineage);

      const a = learner.page;
      await openPage(a, `/courses/${course.slug}`);
      await button(a, lang, 'learning.enrol').click();
      await expectPath(a, new RegExp(`^/courses/${escapeRegExp(course.slug)}/lessons/[a-z0-9-]+$`));
      await openPage(a, `/courses/${course.slug}/quizzes/${moduleSlug}`);
      await ready(a);
      await main(a).getByRole('button', { name: t(lang, 'quiz.start'), exact: true }).click();
      await expectPath(a, new RegExp(`^/attempts/${UUID}$`));
      await ready(a);
      const timer = main(a).getByRole('timer');
      const seconds = async () => {
        const [m, s] = (await timer.innerText()).split(':').map(Number);
        return m * 60 + s;
      };
      const first = await seconds();
      expect(first, 'about ten minutes left').toBeGreaterThan(540);
      expect(first).toBeLessThanOrEqual(600);
      await expect.poll(seconds, { message: 'the timer counts down', timeout: 10_000 }).toBeLessThanOrEqual(first - 2);
      await expectNoA11yViolations(a);
    } finally {
      await closeAll(educator, learner);
    }
  });
});

// ---------------------------------------------------------------------------
// 3. Only a course's authors reach its drafts
// ---------------------------------------------------------------------------

test.describe('who may author a course', () => {
  const lang: Lang = 'en';

  test('a learner and an educator who is not an author are refused every authoring page and upload, and see nothing of the draft', async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(150_000);
    const course = newCourse(testInfo, 'authz');
    const owner = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-owner'));
    let learner: Side | undefined;
    let stranger: Side | undefined;
    try {
      // A draft (never published) with a module, a lesson, questions and a pending report.
      const built = await buildCourseDirectly(owner.context.request, baseURL!, course);
      const [module] = built.moduleIds;
      const [lesson] = built.lessonIds;
      const secretBody = `The draft's secret sentence ${suffix()}.`;
      await saveLessonDirectly(owner.context.request, baseURL!, course.slug, lesson, {
        title: built.lessons[0],
        body: { en: secretBody, ko: secretBody },
      });
      const pending = await uploadGiftDirectly(owner.context.request, baseURL!, course.slug, module, giftFile(built.questions).file);
      const secrets = [
        course.title.en,
        course.title.ko,
        ...built.modules.flatMap((m) => [m.en, m.ko]),
        ...built.lessons.flatMap((l) => [l.en, l.ko]),
        secretBody,
        built.questions[0].source.replace(/^::\w+::\s*/, '').split(' {')[0],
      ];
      const pages = [
        courseEditorPath(course.slug),
        lessonEditorPath(course.slug, lesson),
        quizEditorPath(course.slug, module),
        `${quizEditorPath(course.slug, module)}/imports/${pending}`,
      ];

      // The owner's own view (the control): the editor with the draft.
      await openPage(owner.page, courseEditorPath(course.slug));
      await expect(h1(owner.page, course.title.en)).toBeVisible();

      learner = await signInAsLearner(browser, lang, baseURL!, newUser(testInfo, 'authz-learner'));
      stranger = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'authz-educator'));

      // A learner: no Teaching link, /teach and every page of the course refused.
      const l = learner.page;
      await openPage(l, '/');
      await expect(l.getByRole('banner').getByRole('link', { name: t(lang, 'nav.teach'), exact: true })).toHaveCount(0);
      await expectForbidden(l, lang, '/teach', secrets);
      for (const urlPath of pages) await expectForbidden(l, lang, urlPath, secrets);
      // Nor is the unpublished course in the catalogue.
      await openPage(l, `/courses/${course.slug}`, 404);
      await expect(h1(l, t(lang, 'not_found.title'))).toBeVisible();

      // Another educator: their own (empty) /teach, and every page of this course refused.
      const s = stranger.page;
      await openPage(s, '/teach');
      await expect(main(s).getByText(t(lang, 'teach.none'), { exact: true })).toBeVisible();
      expect(await s.content()).not.toContain(course.title.en);
      for (const urlPath of pages) await expectForbidden(s, lang, urlPath, secrets);

      // By machine: the uploads and the export answer 403 and change nothing; the server
      // functions refuse too (the course stays unpublished, its draft as it was).
      for (const side of [learner, stranger]) {
        const request = side.context.request;
        const exported = await request.get(`${quizEditorPath(course.slug, module)}/questions.gift`, { maxRedirects: 0 });
        expect(exported.status(), 'the GIFT export').toBe(403);
        expect(await exported.text()).not.toContain(secrets[secrets.length - 1]);
        const images = await request.post(`/teach/${course.slug}/lessons/${lesson}/images`, {
          multipart: { file: pngFile(), alt: 'An intruder' },
          headers: originOf(baseURL!),
          maxRedirects: 0,
        });
        expect(images.status(), 'the image upload').toBe(403);
        const upload = await request.post(`${quizEditorPath(course.slug, module)}/import`, {
          multipart: { format: 'gift', lang: 'en', file: giftFile(giftQuestions('intruder')).file },
          headers: originOf(baseURL!),
          maxRedirects: 0,
        });
        expect(upload.status(), 'the question upload').toBe(403);
        for (const [urlPath, form] of [
          ['/api/teach/publish', { slug: course.slug, note: 'Not mine to publish' }],
          ['/api/teach/modules/add', { slug: course.slug, token: randomUUID(), title_en: 'Intruder', title_ko: '' }],
          ['/api/teach/import/confirm', { slug: course.slug, import: pending }],
        ] as [string, Record<string, string>][]) {
          const response = await request.post(urlPath, { form, headers: originOf(baseURL!), maxRedirects: 0 });
          expect(response.status(), `POST ${urlPath}`).not.toBe(200);
        }
      }
      expect(isPublished(course.slug), 'still unpublished').toBe(false);
      expect(draftModules(course.slug)).toEqual(built.moduleIds);
      expect(imageCount(course.slug)).toBe(0);
      expect(sql(`select count(*) from question_imports where id = :'id' and imported_at is not null`, { id: pending })).toBe('0');
    } finally {
      await closeAll(owner, learner, stranger);
    }
  });
});

// ---------------------------------------------------------------------------
// 4. Accessibility, in both languages
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`authoring pages are accessible (${lang})`, () => {
    test(`/teach, the course editor, the lesson editor, the question bank and a report, with their problems (${lang})`, async ({
      browser,
      baseURL,
    }, testInfo) => {
      test.setTimeout(240_000);
      const course = newCourse(testInfo, `a11y-${lang}`);
      const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, `author-a11y-${lang}`));
      try {
        const e = educator.page;
        const request = educator.context.request;
        // Published once, then changed: the editor shows versions and a change list.
        const built = await buildCourseDirectly(request, baseURL!, course);
        const [module] = built.moduleIds;
        const [lesson] = built.lessonIds;
        await publishDirectly(request, baseURL!, course.slug, 'First version');
        const edited = bilingual('What makes a human rights city', '인권도시를 만드는 것');
        const alt = lang === 'ko' ? '광주 인권사무소 지도' : 'A map of the human rights offices of Gwangju';
        const withImage = await uploadImageDirectly(request, baseURL!, course.slug, lesson, alt);
        const markdown = `![${alt}](/media/${new URL(withImage, baseURL).searchParams.get('image')})`;
        await saveLessonDirectly(request, baseURL!, course.slug, lesson, {
          title: edited,
          body: {
            en: `## ${edited.en}\n\nEvery resident has the *right* to take part.\n\n${markdown}\n`,
            ko: `## ${edited.ko}\n\n모든 주민은 도시의 삶에 *참여할* 권리가 있습니다.\n\n${markdown}\n`,
          },
        });
        // A report with a refused line as well as accepted ones.
        const pending = await uploadGiftDirectly(request, baseURL!, course.slug, module, giftFile(giftQuestions(suffix()), [ESSAY]).file);

        // /teach: the course listed, and the form to create one.
        await openPage(e, '/teach');
        await expect(dashboardRow(e, course.title[lang]).locator('td').nth(1)).toHaveText(exactly(t(lang, 'teach.status_changed')));
        await expectNoA11yViolations(e);
        // The form with its problems.
        await submitNewCourse(e, lang, { slug: 'Not A Slug', summary_en: 'A summary' });
        await expectFieldProblem(e, 'slug', t(lang, 'problem.slug_invalid'));
        await expectNoA11yViolations(e);

        // The course editor: structure, change list, publish form, versions, co-authors.
        await openPage(e, courseEditorPath(course.slug));
        await expect(h1(e, course.title[lang])).toBeVisible();
        await expect(region(e, lang, 'teach.publish_heading').locator('ul.change-list li')).toHaveCount(1);
        await expect(region(e, lang, 'teach.versions').locator('table tbody tr')).toHaveCount(1);
        await expectNoA11yViolations(e);
        // With a disclosure open (its form visible).
        await openDisclosure(moduleBlock(e, built.modules[0][lang]), t(lang, 'teach.add_lesson'));
        await expectNoA11yViolations(e);

        // The lesson editor, just after an upload: the Markdown to paste, and the preview.
        await openPage(e, withImage);
        await expect(region(e, lang, 'teach.images_heading').getByLabel(t(lang, 'teach.image_markdown'), { exact: true })).toHaveValue(
          new RegExp(`^!\\[${escapeRegExp(alt)}\\]\\(/media/${UUID}\\)$`),
        );
        await expect(region(e, lang, 'teach.preview_heading').locator(`img[alt="${alt}"]`)).toHaveCount(2);
        await expectNoA11yViolations(e);
        // A refused upload.
        await openPage(e, `${lessonEditorPath(course.slug, lesson)}?image_error=not_an_image`);
        await expect(imageProblem(e, lang)).toHaveText(exactly(t(lang, 'teach.image_not_an_image')));
        await expectNoA11yViolations(e);
        // A refused save: an image without a description.
        await openPage(e, lessonEditorPath(course.slug, lesson));
        await lessonForm(e, lang).getByLabel(t(lang, 'teach.body_en'), { exact: true }).fill(`![](/media/${randomUUID()})`);
        await button(lessonForm(e, lang), lang, 'teach.save_lesson').click();
        await expectFieldProblem(e, 'body_en', t(lang, 'problem.image_alt_missing'));
        await expectNoA11yViolations(e);

        // The question bank with its six questions, then with a refused upload.
        await openPage(e, quizEditorPath(course.slug, module));
        await expect(quizHeading(e, lang, built.modules[0])).toBeVisible();
        await expect(region(e, lang, 'bank.questions', { count: 6 }).locator('table tbody tr')).toHaveCount(6);
        await expectNoA11yViolations(e);
        await openPage(e, `${quizEditorPath(course.slug, module)}?upload=invalid`);
        await expect(region(e, lang, 'bank.import_heading').getByText(t(lang, 'bank.upload_invalid'), { exact: true })).toBeVisible();
        await expectNoA11yViolations(e);

        // A report: six accepted, the essay refused, and Confirm.
        await openPage(e, `${quizEditorPath(course.slug, module)}/imports/${pending}`);
        await expect(main(e).locator('p[role="status"]')).toHaveText(exactly(t(lang, 'bank.summary', { accepted: 6, refused: 1 })));
        await expect(button(e, lang, 'bank.confirm', { count: 6 })).toBeVisible();
        await expectNoA11yViolations(e);
      } finally {
        await closeAll(educator);
      }
    });
  });
}
