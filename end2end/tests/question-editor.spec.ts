/**
 * The question editor and the quiz preview in the browser: an educator writes a
 * question of each of the six types by hand from the question bank (texts in both of
 * the course's languages), edits one in place and removes another; refusals are shown
 * beside their field and in the form's alert, with everything typed still there, and
 * nothing is stored; a new question sent twice is stored once; the preview shows the
 * quiz as a learner gets it, grades the answers with the full review and records no
 * attempt; the unsaved-changes guard asks before a link leaves an editor with changes
 * (@needs-js); and axe-core on the editor and the preview in English and Korean.
 *
 * Nothing here publishes a course, so this file runs in the `js` and `no-js` projects:
 * the editor is one form posting to its server function, the preview a GET form to
 * its own page. Texts come from the catalogues (t()); courses and questions are test
 * data made here, one course per test (its slug carries the project and the run). The
 * database is read to check what was (not) stored: questions in the draft, attempts.
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
  messagePattern,
  openPage,
  t,
} from './helpers';
import {
  expectAt,
  expectFieldProblem,
  expectFormAlert,
  expectNotice,
  fieldId,
  formWithButton,
  newUser,
  sql,
} from './accounts-helpers';
import {
  type Bilingual,
  type DraftCourse,
  type Kind,
  UUID,
  addLessonDirectly,
  addModuleDirectly,
  backToCourse,
  bilingual,
  button,
  closeAll,
  courseEditorPath,
  createCourseDirectly,
  expectDone,
  expectDoneLocation,
  expectPath,
  kindName,
  lessonEditorPath,
  lessonForm,
  main,
  newCourse,
  postForm,
  quizEditorPath,
  quizHeading,
  ready,
  region,
  signInAsEducator,
  suffix,
} from './authoring-helpers';

// ---------------------------------------------------------------------------
// Test data: questions as an author writes them
// ---------------------------------------------------------------------------

interface ChoiceData {
  text: Bilingual;
  feedback?: Bilingual;
  right: boolean;
}

interface PairData {
  item: Bilingual;
  option: Bilingual;
}

/** A question as typed into the editor: only what its kind uses is given. */
interface QuestionData {
  kind: Kind;
  points: number;
  prompt: Bilingual;
  feedback?: Bilingual;
  /** single_choice, multiple_response */
  choices?: ChoiceData[];
  /** true_false */
  answer?: boolean;
  /** short_answer: one per line in the editor */
  accepted?: string[];
  /** numerical */
  value?: string;
  tolerance?: string;
  /** matching */
  pairs?: PairData[];
}

function both(en: string, ko: string): Bilingual {
  return { en, ko };
}

/** One question of each type, in the order the bank's type list has them. */
function sixQuestions(tag: string): QuestionData[] {
  return [
    {
      kind: 'single_choice',
      points: 2,
      prompt: both(`Where did the World Human Rights Cities Forum begin (${tag})?`, `세계인권도시포럼은 어디에서 시작되었나요 (${tag})?`),
      feedback: both('The Forum meets every year.', '포럼은 해마다 열립니다.'),
      choices: [
        { text: both('Gwangju', '광주'), feedback: both('Since 2011.', '2011년부터입니다.'), right: true },
        { text: both('Seoul', '서울'), right: false },
        { text: both('Busan', '부산'), right: false },
      ],
    },
    {
      kind: 'multiple_response',
      points: 3,
      prompt: both(`Which are duties of a city under human rights law (${tag})?`, `인권법상 도시의 의무는 무엇인가요 (${tag})?`),
      choices: [
        { text: both('Respect rights', '권리 존중'), right: true },
        { text: both('Protect rights', '권리 보호'), right: true },
        { text: both('Ignore complaints', '민원 무시'), feedback: both('Never.', '절대 아닙니다.'), right: false },
      ],
    },
    {
      kind: 'true_false',
      points: 1,
      prompt: both(`Gwangju has adopted a human rights charter (${tag}).`, `광주는 인권헌장을 채택했습니다 (${tag}).`),
      answer: true,
    },
    {
      kind: 'short_answer',
      points: 1,
      prompt: both(`Which Korean city first declared itself a human rights city (${tag})?`, `처음으로 인권도시를 선언한 한국 도시는 어디인가요 (${tag})?`),
      accepted: ['Gwangju', '광주*'],
    },
    {
      kind: 'numerical',
      points: 1,
      prompt: both(`How many articles has the Universal Declaration of Human Rights (${tag})?`, `세계인권선언은 몇 개의 조항으로 되어 있나요 (${tag})?`),
      value: '30',
      tolerance: '0',
    },
    {
      kind: 'matching',
      points: 2,
      prompt: both(`Match each right to its family (${tag}).`, `각 권리를 해당하는 범주와 연결하세요 (${tag}).`),
      pairs: [
        { item: both('Housing', '주거'), option: both('Social rights', '사회권') },
        { item: both('Voting', '투표'), option: both('Political rights', '정치적 권리') },
      ],
    },
  ];
}

/** A question's fields as the editor's form posts them (for the set-up of a test). */
function formFields(q: QuestionData): Record<string, string> {
  const fields: Record<string, string> = {
    'q[kind]': q.kind,
    'q[points]': String(q.points),
    'q[prompt_en]': q.prompt.en,
    'q[prompt_ko]': q.prompt.ko,
  };
  if (q.feedback) {
    fields['q[feedback_en]'] = q.feedback.en;
    fields['q[feedback_ko]'] = q.feedback.ko;
  }
  for (const [i, c] of (q.choices ?? []).entries()) {
    fields[`q[choices][${i}][text_en]`] = c.text.en;
    fields[`q[choices][${i}][text_ko]`] = c.text.ko;
    if (c.feedback) {
      fields[`q[choices][${i}][feedback_en]`] = c.feedback.en;
      fields[`q[choices][${i}][feedback_ko]`] = c.feedback.ko;
    }
    if (c.right) {
      if (q.kind === 'single_choice') fields['q[correct]'] = String(i);
      else fields[`q[choices][${i}][correct]`] = 'on';
    }
  }
  if (q.answer !== undefined) fields['q[answer]'] = String(q.answer);
  if (q.accepted) fields['q[accepted]'] = q.accepted.join('\n');
  if (q.value !== undefined) fields['q[value]'] = q.value;
  if (q.tolerance !== undefined) fields['q[tolerance]'] = q.tolerance;
  for (const [i, p] of (q.pairs ?? []).entries()) {
    fields[`q[pairs][${i}][item_en]`] = p.item.en;
    fields[`q[pairs][${i}][item_ko]`] = p.item.ko;
    fields[`q[pairs][${i}][option_en]`] = p.option.en;
    fields[`q[pairs][${i}][option_ko]`] = p.option.ko;
  }
  return fields;
}

// ---------------------------------------------------------------------------
// The database: what was stored
// ---------------------------------------------------------------------------

/** Questions in the draft of the course (every module). */
function draftQuestionCount(slug: string): number {
  return Number(
    sql(
      `select count(*) from questions q join quizzes z on z.id = q.quiz_id
       join course_versions v on v.id = z.version_id join courses c on c.id = v.course_id
       where c.slug = :'slug' and v.published_at is null`,
      { slug },
    ),
  );
}

/** Attempts and saved answers on any quiz of the course, any version. */
function recordedAttempts(slug: string): number {
  return Number(
    sql(
      `select (select count(*) from quiz_attempts a join quizzes z on z.id = a.quiz_id
                 join course_versions v on v.id = z.version_id join courses c on c.id = v.course_id
                where c.slug = :'slug')
            + (select count(*) from attempt_answers aa join questions q on q.id = aa.question_id
                 join quizzes z on z.id = q.quiz_id join course_versions v on v.id = z.version_id
                 join courses c on c.id = v.course_id where c.slug = :'slug')`,
      { slug },
    ),
  );
}

/** The pass mark of the module's quiz in the draft (the database's default unless set). */
function passPercent(slug: string, module: string): number {
  return Number(
    sql(
      `select z.pass_percent from quizzes z join modules m on m.id = z.module_id
       join course_versions v on v.id = z.version_id join courses c on c.id = v.course_id
       where c.slug = :'slug' and v.published_at is null and m.lineage = :'module'`,
      { slug, module },
    ),
  );
}

// ---------------------------------------------------------------------------
// Server functions, posted as a browser without JavaScript does (set-up)
// ---------------------------------------------------------------------------

/** Saves a new question to the module's quiz, as the editor's form does. */
async function saveQuestionDirectly(request: APIRequestContext, baseURL: string, slug: string, module: string, q: QuestionData): Promise<void> {
  const location = await postForm(request, baseURL, '/api/teach/questions/save', {
    slug,
    module,
    question: '',
    token: randomUUID(),
    ...formFields(q),
  });
  expectDoneLocation(location, quizEditorPath(slug, module), 'question_saved');
}

/** A bilingual course (both titles given) with one module; the module's lineage id. */
async function courseWithModule(request: APIRequestContext, baseURL: string, course: DraftCourse, title: Bilingual): Promise<string> {
  await createCourseDirectly(request, baseURL, course);
  return addModuleDirectly(request, baseURL, course.slug, title);
}

// ---------------------------------------------------------------------------
// The question bank
// ---------------------------------------------------------------------------

function newQuestionPath(slug: string, module: string, kind: Kind): string {
  return `${quizEditorPath(slug, module)}/questions/new?kind=${kind}`;
}

function previewPath(slug: string, module: string): string {
  return `${quizEditorPath(slug, module)}/preview`;
}

/** The bank's "Questions (N)" section. */
function bank(page: Page, lang: Lang, count: number): Locator {
  return region(page, lang, 'bank.questions', { count });
}

function bankRows(page: Page, lang: Lang, count: number): Locator {
  return bank(page, lang, count).locator('table tbody tr');
}

function editLink(page: Page, lang: Lang, count: number, number: number): Locator {
  return bank(page, lang, count).getByRole('link', { name: t(lang, 'bank.edit_question', { number }), exact: true });
}

/** The bank lists `questions`, in order: prompt, type, points and the link to edit each. */
async function expectBank(page: Page, lang: Lang, slug: string, module: string, questions: QuestionData[]): Promise<void> {
  const rows = bankRows(page, lang, questions.length);
  await expect(rows).toHaveCount(questions.length);
  await expect(bank(page, lang, questions.length).locator('thead th').last()).toHaveText(exactly(t(lang, 'bank.col_actions')));
  await expect(rows.locator('td:nth-child(2)')).toHaveText(questions.map((q) => exactly(q.prompt[lang])));
  await expect(rows.locator('td:nth-child(3)')).toHaveText(questions.map((q) => exactly(kindName(lang, q.kind))));
  await expect(rows.locator('td:nth-child(4)')).toHaveText(questions.map((q) => exactly(String(q.points))));
  await expect(rows.locator('td:nth-child(5)')).toHaveText(questions.map((_, i) => exactly(t(lang, 'bank.edit_question', { number: i + 1 }))));
  const edit = new RegExp(`^${escapeRegExp(quizEditorPath(slug, module))}/questions/${UUID}$`);
  for (const i of questions.keys()) await expect(editLink(page, lang, questions.length, i + 1)).toHaveAttribute('href', edit);
}

/** From the bank (open): "Write a new question" of `kind`, then its empty editor. */
async function openNewQuestion(page: Page, lang: Lang, slug: string, module: string, count: number, kind: Kind): Promise<void> {
  await ready(page);
  const section = bank(page, lang, count);
  await section.getByLabel(t(lang, 'bank.new_kind'), { exact: true }).selectOption(kind);
  await button(section, lang, 'bank.new_question').click();
  await expectAt(page, newQuestionPath(slug, module, kind));
  await ready(page);
  await expect(h1(page, t(lang, 'question.new_heading', { kind: kindName(lang, kind) }))).toBeVisible();
}

// ---------------------------------------------------------------------------
// The question editor
// ---------------------------------------------------------------------------

/** "Question text (English)": a text's label for one of the course's languages. */
function textIn(lang: Lang, key: string, inLang: Lang): string {
  return t(lang, 'question.text_in', { text: t(lang, key), lang: t(lang, `question.in_${inLang}`) });
}

function questionForm(page: Page, lang: Lang): Locator {
  return formWithButton(page, t(lang, 'question.save'));
}

/** A choice row (its fieldset, by its legend "Choice N"); `index` from 0. */
function choiceRow(page: Page, lang: Lang, index: number): Locator {
  return questionForm(page, lang).getByRole('group', { name: t(lang, 'question.choice_legend', { number: index + 1 }), exact: true });
}

/** A pair row (its fieldset, by its legend "Pair N"); `index` from 0. */
function pairRow(page: Page, lang: Lang, index: number): Locator {
  return questionForm(page, lang).getByRole('group', { name: t(lang, 'question.pair_legend', { number: index + 1 }), exact: true });
}

function trueFalseGroup(page: Page, lang: Lang): Locator {
  return questionForm(page, lang).getByRole('group', { name: t(lang, 'question.true_false_answer'), exact: true });
}

function label(scope: Locator, text: string): Locator {
  return scope.getByLabel(text, { exact: true });
}

const BOTH_LANGS: Lang[] = ['en', 'ko'];

/** Types `q` into the open editor (every text in both languages), without saving. */
async function fillQuestion(page: Page, lang: Lang, q: QuestionData): Promise<void> {
  await ready(page);
  const form = questionForm(page, lang);
  for (const l of BOTH_LANGS) await label(form, textIn(lang, 'question.prompt', l)).fill(q.prompt[l]);
  await label(form, t(lang, 'question.points')).fill(String(q.points));
  for (const [i, c] of (q.choices ?? []).entries()) {
    const row = choiceRow(page, lang, i);
    for (const l of BOTH_LANGS) {
      await label(row, textIn(lang, 'question.choice_text', l)).fill(c.text[l]);
      if (c.feedback) await label(row, textIn(lang, 'question.choice_feedback', l)).fill(c.feedback[l]);
    }
    if (c.right) await label(row, t(lang, 'question.right_choice')).check();
  }
  if (q.answer !== undefined) await label(trueFalseGroup(page, lang), t(lang, q.answer ? 'quiz.true_label' : 'quiz.false_label')).check();
  if (q.accepted) await label(form, t(lang, 'question.accepted')).fill(q.accepted.join('\n'));
  if (q.value !== undefined) await label(form, t(lang, 'question.value')).fill(q.value);
  if (q.tolerance !== undefined) await label(form, t(lang, 'question.tolerance')).fill(q.tolerance);
  for (const [i, p] of (q.pairs ?? []).entries()) {
    const row = pairRow(page, lang, i);
    for (const l of BOTH_LANGS) {
      await label(row, textIn(lang, 'question.pair_item', l)).fill(p.item[l]);
      await label(row, textIn(lang, 'question.pair_option', l)).fill(p.option[l]);
    }
  }
  if (q.feedback) for (const l of BOTH_LANGS) await label(form, textIn(lang, 'question.feedback', l)).fill(q.feedback[l]);
}

/** Saves the open editor; waits for the bank with the notice. */
async function saveQuestion(page: Page, lang: Lang, slug: string, module: string): Promise<void> {
  await button(questionForm(page, lang), lang, 'question.save').click();
  await expectDone(page, quizEditorPath(slug, module), 'question_saved');
  await ready(page);
  await expectNotice(page, t(lang, 'bank.done_question_saved'));
}

/** Rows the editor offers for a question with `used` choices or pairs: two more, 4 to 12. */
function slots(used: number): number {
  return Math.min(12, Math.max(4, used + 2));
}

/** The editor shows `q` as saved: every text, the answer key, and the empty rows to add more. */
async function expectQuestionShown(page: Page, lang: Lang, q: QuestionData): Promise<void> {
  const form = questionForm(page, lang);
  for (const l of BOTH_LANGS) await expect(label(form, textIn(lang, 'question.prompt', l))).toHaveValue(q.prompt[l]);
  await expect(label(form, t(lang, 'question.points'))).toHaveValue(String(q.points));
  for (const l of BOTH_LANGS) await expect(label(form, textIn(lang, 'question.feedback', l))).toHaveValue(q.feedback?.[l] ?? '');
  if (q.choices) {
    await expect(form.getByRole('group', { name: messagePattern(lang, 'question.choice_legend', 'number') })).toHaveCount(slots(q.choices.length));
    for (const [i, c] of q.choices.entries()) {
      const row = choiceRow(page, lang, i);
      for (const l of BOTH_LANGS) {
        await expect(label(row, textIn(lang, 'question.choice_text', l))).toHaveValue(c.text[l]);
        await expect(label(row, textIn(lang, 'question.choice_feedback', l))).toHaveValue(c.feedback?.[l] ?? '');
      }
      const right = label(row, t(lang, 'question.right_choice'));
      if (c.right) await expect(right, `choice ${i + 1} is right`).toBeChecked();
      else await expect(right, `choice ${i + 1} is not right`).not.toBeChecked();
    }
    // The first row after them is empty (to add a choice).
    await expect(label(choiceRow(page, lang, q.choices.length), textIn(lang, 'question.choice_text', 'en'))).toHaveValue('');
  }
  if (q.answer !== undefined) {
    const group = trueFalseGroup(page, lang);
    await expect(label(group, t(lang, 'quiz.true_label'))).toBeChecked({ checked: q.answer });
    await expect(label(group, t(lang, 'quiz.false_label'))).toBeChecked({ checked: !q.answer });
  }
  if (q.accepted) await expect(label(form, t(lang, 'question.accepted'))).toHaveValue(q.accepted.join('\n'));
  if (q.value !== undefined) await expect(label(form, t(lang, 'question.value'))).toHaveValue(q.value);
  if (q.tolerance !== undefined) await expect(label(form, t(lang, 'question.tolerance'))).toHaveValue(q.tolerance);
  if (q.pairs) {
    await expect(form.getByRole('group', { name: messagePattern(lang, 'question.pair_legend', 'number') })).toHaveCount(slots(q.pairs.length));
    for (const [i, p] of q.pairs.entries()) {
      const row = pairRow(page, lang, i);
      for (const l of BOTH_LANGS) {
        await expect(label(row, textIn(lang, 'question.pair_item', l))).toHaveValue(p.item[l]);
        await expect(label(row, textIn(lang, 'question.pair_option', l))).toHaveValue(p.option[l]);
      }
    }
  }
}

/**
 * The problem of the choices as a whole (`q[correct]`): its message under the choices'
 * hint, which has the id the form's alert links to.
 */
async function expectChoicesProblem(page: Page, lang: Lang, problem: string): Promise<void> {
  const section = region(page, lang, 'question.choices');
  await expect(section.locator(':scope > p.field__error')).toHaveText(exactly(problem));
  await expect(section.locator(`#${fieldId('q[correct]')}`)).toBeVisible();
}

/** The true/false answer's problem (`q[answer]`), inside its fieldset (the alert's target). */
async function expectTrueFalseProblem(page: Page, lang: Lang, problem: string): Promise<void> {
  const group = trueFalseGroup(page, lang);
  await expect(group).toHaveAttribute('id', fieldId('q[answer]'));
  await expect(group.locator(':scope > p.field__error')).toHaveText(exactly(problem));
}

/** "Back to the question bank of {module}", on the editor and the preview. */
function backToBank(page: Page, lang: Lang, module: Bilingual): Locator {
  return main(page).getByRole('link', { name: `${t(lang, 'bank.back_to_bank')} ${module[lang]}`, exact: true });
}

// ---------------------------------------------------------------------------
// The preview
// ---------------------------------------------------------------------------

function previewHeading(page: Page, lang: Lang, module: Bilingual): Locator {
  return h1(page, `${t(lang, 'preview.title')} ${module[lang]}`);
}

/** A question's box on the preview (its fieldset, as on an attempt), by its prompt. */
function previewBox(page: Page, lang: Lang, q: QuestionData): Locator {
  return main(page)
    .locator('fieldset.question')
    .filter({ has: page.locator('legend .question__prompt', { hasText: exactly(q.prompt[lang]) }) });
}

function resultRegion(page: Page, lang: Lang): Locator {
  return region(page, lang, 'quiz.result_title');
}

function reviewRegion(page: Page, lang: Lang): Locator {
  return region(page, lang, 'quiz.review_title');
}

function reviewItem(page: Page, lang: Lang, q: QuestionData): Locator {
  return reviewRegion(page, lang)
    .locator('li.review__item')
    .filter({ has: page.locator('p.question__prompt', { hasText: exactly(q.prompt[lang]) }) });
}

function reviewAnswers(item: Locator, term: string): Locator {
  return item
    .locator('dl.review__answers > div')
    .filter({ has: item.page().locator('dt', { hasText: exactly(term) }) })
    .locator('dd');
}

/** "Grade my answers", then the preview again with the result. */
async function grade(page: Page, lang: Lang, slug: string, module: string): Promise<void> {
  // The answers are in the address (a GET form): it changes whenever they do.
  const before = page.url();
  await button(page, lang, 'preview.grade').click();
  await expect.poll(() => page.url(), { message: 'the preview with the answers' }).not.toBe(before);
  await expectPath(page, previewPath(slug, module));
  await ready(page);
  await expect(resultRegion(page, lang)).toBeVisible();
}

// ---------------------------------------------------------------------------
// 1. Writing, editing and removing questions; the preview
// ---------------------------------------------------------------------------

test.describe('the question editor', () => {
  const lang: Lang = 'en';

  test('an educator writes one question of each type by hand, edits one and removes one', async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(180_000);
    const course = newCourse(testInfo, 'qedit');
    const module = bilingual('Foundations', '기초');
    const questions = sixQuestions(suffix());
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-qedit'));
    try {
      const e = educator.page;
      const moduleId = await courseWithModule(e.request, baseURL!, course, module);
      const bankPath = quizEditorPath(course.slug, moduleId);

      // --- The empty bank: the form to write a question, no preview yet. ---
      await openPage(e, bankPath);
      await expect(quizHeading(e, lang, module)).toBeVisible();
      await expect(bank(e, lang, 0).getByText(t(lang, 'bank.none'), { exact: true })).toBeVisible();
      await expect(bank(e, lang, 0).getByLabel(t(lang, 'bank.new_kind'), { exact: true }).locator('option')).toHaveText(
        questions.map((q) => exactly(kindName(lang, q.kind))),
      );
      await expect(main(e).getByRole('link', { name: t(lang, 'bank.preview'), exact: true })).toHaveCount(0);

      // --- Each type, from the bank's form: its empty editor, typed in, saved. ---
      for (const [i, q] of questions.entries()) {
        await openNewQuestion(e, lang, course.slug, moduleId, i, q.kind);
        await expectTitle(e, lang, module.en);
        const form = questionForm(e, lang);
        await expect(form).toHaveClass(/\bform--guarded\b/);
        await expect(backToBank(e, lang, module)).toHaveAttribute('href', bankPath);
        // A new question: worth 1 point, four empty rows for choices or pairs, nothing to remove.
        await expect(label(form, t(lang, 'question.points'))).toHaveValue('1');
        if (q.choices) {
          await expect(form.getByRole('group', { name: messagePattern(lang, 'question.choice_legend', 'number') })).toHaveCount(4);
          const hint = q.kind === 'single_choice' ? 'question.choices_hint_single' : 'question.choices_hint_multiple';
          await expect(region(e, lang, 'question.choices').locator(`#${fieldId('q[correct]')}`)).toHaveText(exactly(t(lang, hint)));
          await expect(label(choiceRow(e, lang, 0), t(lang, 'question.right_choice'))).toHaveAttribute(
            'type',
            q.kind === 'single_choice' ? 'radio' : 'checkbox',
          );
        }
        if (q.pairs) await expect(form.getByRole('group', { name: messagePattern(lang, 'question.pair_legend', 'number') })).toHaveCount(4);
        await expect(region(e, lang, 'question.remove_heading')).toHaveCount(0);
        await fillQuestion(e, lang, q);
        await saveQuestion(e, lang, course.slug, moduleId);
        await expect(bankRows(e, lang, i + 1)).toHaveCount(i + 1);
      }
      await expectBank(e, lang, course.slug, moduleId, questions);
      expect(draftQuestionCount(course.slug)).toBe(6);
      await expect(bank(e, lang, 6).getByRole('link', { name: t(lang, 'bank.preview'), exact: true })).toHaveAttribute(
        'href',
        previewPath(course.slug, moduleId),
      );

      // --- Each one as saved, in its editor (every type's answer key came through). ---
      for (const [i, q] of questions.entries()) {
        await openPage(e, bankPath);
        await editLink(e, lang, 6, i + 1).click();
        await expectPath(e, new RegExp(`^${escapeRegExp(bankPath)}/questions/${UUID}$`));
        await ready(e);
        await expect(h1(e, t(lang, 'question.edit_heading', { number: i + 1, kind: kindName(lang, q.kind) }))).toBeVisible();
        await expectQuestionShown(e, lang, q);
      }

      // --- The first one edited: Seoul is now the right answer. Saved in its place. ---
      await openPage(e, bankPath);
      const firstHref = await editLink(e, lang, 6, 1).getAttribute('href');
      await editLink(e, lang, 6, 1).click();
      await expectPath(e, firstHref!);
      await ready(e);
      await label(choiceRow(e, lang, 1), t(lang, 'question.right_choice')).check();
      await saveQuestion(e, lang, course.slug, moduleId);
      const edited: QuestionData = {
        ...questions[0],
        choices: questions[0].choices!.map((c, i) => ({ ...c, right: i === 1 })),
      };
      await expectBank(e, lang, course.slug, moduleId, [edited, ...questions.slice(1)]);
      await expect(editLink(e, lang, 6, 1), 'the same question, edited in place').toHaveAttribute('href', firstHref!);
      expect(draftQuestionCount(course.slug), 'no question added by the edit').toBe(6);
      await editLink(e, lang, 6, 1).click();
      await expectPath(e, firstHref!);
      await ready(e);
      await expectQuestionShown(e, lang, edited);

      // --- The true/false question removed. ---
      await openPage(e, bankPath);
      await editLink(e, lang, 6, 3).click();
      await expectPath(e, new RegExp(`^${escapeRegExp(bankPath)}/questions/${UUID}$`));
      await ready(e);
      await expect(h1(e, t(lang, 'question.edit_heading', { number: 3, kind: kindName(lang, 'true_false') }))).toBeVisible();
      const remove = region(e, lang, 'question.remove_heading');
      await expect(remove.getByText(t(lang, 'question.remove_hint'), { exact: true })).toBeVisible();
      await button(remove, lang, 'question.remove').click();
      await expectDone(e, bankPath, 'question_removed');
      await ready(e);
      await expectNotice(e, t(lang, 'bank.done_question_removed'));
      const left = [edited, ...questions.slice(1)].filter((q) => q.kind !== 'true_false');
      await expectBank(e, lang, course.slug, moduleId, left);
      expect(draftQuestionCount(course.slug)).toBe(5);
    } finally {
      await closeAll(educator);
    }
  });

  test('a new question sent twice (a double click) is stored once', async ({ browser, baseURL }, testInfo) => {
    const course = newCourse(testInfo, 'qtwice');
    const module = bilingual('Foundations', '기초');
    const [, , question] = sixQuestions(suffix());
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-qtwice'));
    try {
      const e = educator.page;
      const moduleId = await courseWithModule(e.request, baseURL!, course, module);
      await openPage(e, newQuestionPath(course.slug, moduleId, question.kind));
      await fillQuestion(e, lang, question);
      // The same form sent first by another request (the first click), then by the browser.
      const token = await questionForm(e, lang).locator('input[type="hidden"][name="token"]').getAttribute('value');
      expect(token).toMatch(new RegExp(`^${UUID}$`));
      const location = await postForm(e.request, baseURL!, '/api/teach/questions/save', {
        slug: course.slug,
        module: moduleId,
        question: '',
        token: token!,
        ...formFields(question),
      });
      expectDoneLocation(location, quizEditorPath(course.slug, moduleId), 'question_saved');
      await saveQuestion(e, lang, course.slug, moduleId);
      await expectBank(e, lang, course.slug, moduleId, [question]);
      expect(draftQuestionCount(course.slug), 'stored once').toBe(1);
    } finally {
      await closeAll(educator);
    }
  });

  test('the quiz preview grades like an attempt and records nothing', async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(90_000);
    const course = newCourse(testInfo, 'qpreview');
    const module = bilingual('Foundations', '기초');
    const [single, , plainTrueFalse, , numerical] = sixQuestions(suffix());
    const trueFalse: QuestionData = { ...plainTrueFalse, feedback: both('The charter dates from 2012.', '헌장은 2012년에 제정되었습니다.') };
    const questions = [single, trueFalse, numerical];
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-qpreview'));
    try {
      const e = educator.page;
      const moduleId = await courseWithModule(e.request, baseURL!, course, module);
      for (const q of questions) await saveQuestionDirectly(e.request, baseURL!, course.slug, moduleId, q);

      // --- From the bank's link: the quiz as a learner gets it, nothing graded yet. ---
      await openPage(e, quizEditorPath(course.slug, moduleId));
      await bank(e, lang, 3).getByRole('link', { name: t(lang, 'bank.preview'), exact: true }).click();
      await expectPath(e, previewPath(course.slug, moduleId));
      await ready(e);
      await expectTitle(e, lang, module.en);
      await expect(previewHeading(e, lang, module)).toBeVisible();
      await expectNotice(e, t(lang, 'preview.nothing_recorded'));
      await expect(backToBank(e, lang, module)).toHaveAttribute('href', quizEditorPath(course.slug, moduleId));
      await expect(main(e).locator('fieldset.question')).toHaveCount(3);
      for (const [i, q] of questions.entries()) {
        const box = previewBox(e, lang, q);
        await expect(box).toHaveCount(1);
        await expect(box.locator('legend .question__number')).toHaveText(exactly(t(lang, 'quiz.question_label', { number: i + 1 })));
        await expect(box.locator('legend .question__points')).toHaveText(exactly(t(lang, 'quiz.points', { points: q.points })));
      }
      // A learner's view: the options, and none of the key.
      for (const c of single.choices!) await expect(label(previewBox(e, lang, single), c.text.en)).not.toBeChecked();
      expect(await main(e).innerHTML()).not.toContain(single.choices![0].feedback!.en);
      await expect(resultRegion(e, lang)).toHaveCount(0);
      await expect(reviewRegion(e, lang)).toHaveCount(0);

      // --- Answered: the single choice right, true/false wrong, the number right. ---
      await label(previewBox(e, lang, single), single.choices![0].text.en).check();
      await label(previewBox(e, lang, trueFalse), t(lang, 'quiz.false_label')).check();
      await label(previewBox(e, lang, numerical), t(lang, 'quiz.your_answer')).fill('30');
      await grade(e, lang, course.slug, moduleId);

      // The result and the full review, above the form.
      const pass = passPercent(course.slug, moduleId);
      const result = resultRegion(e, lang);
      await expect(result.getByRole('heading', { level: 2, name: t(lang, 'quiz.result_title'), exact: true })).toBeVisible();
      await expect(result).toContainText(t(lang, 'quiz.result_score', { score: '3', max: '4', percent: 75 }));
      await expect(result.locator('strong')).toHaveText(exactly(t(lang, 75 >= pass ? 'quiz.result_passed' : 'quiz.result_failed', { pass })));
      await expect(result.getByRole('link', { name: t(lang, 'quiz.back_to_quiz'), exact: true })).toHaveAttribute(
        'href',
        previewPath(course.slug, moduleId),
      );
      await expect(
        main(e).locator('xpath=.//section[@aria-labelledby="quiz-review"]/following::form[contains(@class, "quiz__form")]'),
        'the review comes before the form',
      ).toHaveCount(1);
      await expect(main(e).locator('form.quiz__form')).toHaveAttribute('method', /^get$/i);
      await expect(reviewRegion(e, lang).locator('li.review__item')).toHaveCount(3);
      const expected: { q: QuestionData; outcome: string; score: number; given: string[]; key: string[]; feedback: string[] }[] = [
        { q: single, outcome: 'correct', score: 2, given: ['Gwangju'], key: ['Gwangju'], feedback: [single.feedback!.en, single.choices![0].feedback!.en] },
        { q: trueFalse, outcome: 'wrong', score: 0, given: [t(lang, 'quiz.false_label')], key: [t(lang, 'quiz.true_label')], feedback: [trueFalse.feedback!.en] },
        { q: numerical, outcome: 'correct', score: 1, given: ['30'], key: ['30'], feedback: [] },
      ];
      for (const { q, outcome, score, given, key, feedback } of expected) {
        const item = reviewItem(e, lang, q);
        await expect(item).toHaveCount(1);
        await expect(item).toHaveClass(new RegExp(`\\breview__item--${outcome}\\b`));
        await expect(item.locator('.badge')).toHaveText(exactly(t(lang, `quiz.outcome_${outcome}`)));
        await expect(item).toContainText(t(lang, 'quiz.question_score', { score: String(score), points: q.points }));
        await expect(reviewAnswers(item, t(lang, 'quiz.your_answer')).locator('li')).toHaveText(given.map(exactly));
        await expect(reviewAnswers(item, t(lang, 'quiz.correct_answer')).locator('li')).toHaveText(key.map(exactly));
        for (const text of feedback) await expect(reviewAnswers(item, t(lang, 'quiz.feedback'))).toContainText(text);
      }

      // The answers are still given, to change and grade again.
      await expect(label(previewBox(e, lang, single), single.choices![0].text.en)).toBeChecked();
      await expect(label(previewBox(e, lang, trueFalse), t(lang, 'quiz.false_label'))).toBeChecked();
      await expect(label(previewBox(e, lang, trueFalse), t(lang, 'quiz.true_label'))).not.toBeChecked();
      await expect(label(previewBox(e, lang, numerical), t(lang, 'quiz.your_answer'))).toHaveValue('30');
      await expectNotice(e, t(lang, 'preview.nothing_recorded'));

      // Changed and graded again: all right now.
      await label(previewBox(e, lang, trueFalse), t(lang, 'quiz.true_label')).check();
      await grade(e, lang, course.slug, moduleId);
      await expect(resultRegion(e, lang)).toContainText(t(lang, 'quiz.result_score', { score: '4', max: '4', percent: 100 }));
      await expect(reviewItem(e, lang, trueFalse)).toHaveClass(/\breview__item--correct\b/);

      // Nothing recorded: no attempt, no answer.
      expect(recordedAttempts(course.slug), 'attempts and answers recorded for the course').toBe(0);
    } finally {
      await closeAll(educator);
    }
  });

  test('leaving an editor with unsaved changes asks first, and saving does not @needs-js', async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(90_000);
    const course = newCourse(testInfo, 'qguard');
    const module = bilingual('Foundations', '기초');
    const [question] = sixQuestions(suffix());
    const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, 'author-qguard'));
    try {
      const e = educator.page;
      const moduleId = await courseWithModule(e.request, baseURL!, course, module);
      const lesson = await addLessonDirectly(e.request, baseURL!, course.slug, moduleId, bilingual('Charters', '헌장'));
      const bankPath = quizEditorPath(course.slug, moduleId);
      const confirm = `confirm: ${t(lang, 'form.unsaved_confirm')}`;
      // Every dialog the page opens, answered as `reply` says.
      const dialogs: string[] = [];
      let reply: 'accept' | 'dismiss' = 'dismiss';
      e.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void (reply === 'accept' ? dialog.accept() : dialog.dismiss());
      });

      // --- Nothing typed: the link is followed without a question. ---
      const newPath = newQuestionPath(course.slug, moduleId, question.kind);
      await openPage(e, newPath);
      await backToBank(e, lang, module).click();
      await expectAt(e, bankPath);
      await ready(e);
      expect(dialogs).toEqual([]);

      // --- Typed, then the link: asked; "Cancel" stays on the page with the text. ---
      await openPage(e, newPath);
      await label(questionForm(e, lang), textIn(lang, 'question.prompt', 'en')).fill(question.prompt.en);
      await backToBank(e, lang, module).click();
      await expect.poll(() => dialogs, { message: 'the unsaved-changes question' }).toEqual([confirm]);
      await expectAt(e, newPath);
      await expect(h1(e, t(lang, 'question.new_heading', { kind: kindName(lang, question.kind) }))).toBeVisible();
      await expect(label(questionForm(e, lang), textIn(lang, 'question.prompt', 'en'))).toHaveValue(question.prompt.en);

      // --- Saved: no question on the way to the bank. ---
      await fillQuestion(e, lang, question);
      await saveQuestion(e, lang, course.slug, moduleId);
      await expectBank(e, lang, course.slug, moduleId, [question]);
      // The editor of the saved question, left untouched: no question either.
      await editLink(e, lang, 1, 1).click();
      await expectPath(e, new RegExp(`^${escapeRegExp(bankPath)}/questions/${UUID}$`));
      await ready(e);
      await backToBank(e, lang, module).click();
      await expectAt(e, bankPath);
      expect(dialogs, 'no question after saving or without changes').toEqual([confirm]);

      // --- The lesson editor too; "OK" leaves. ---
      await openPage(e, lessonEditorPath(course.slug, lesson));
      await label(lessonForm(e, lang), t(lang, 'teach.body_en')).fill('A draft that is not saved.');
      reply = 'accept';
      await backToCourse(e, lang, course).click();
      await expect.poll(() => dialogs).toEqual([confirm, confirm]);
      await expectPath(e, courseEditorPath(course.slug));
      await ready(e);
    } finally {
      await closeAll(educator);
    }
  });
});

// ---------------------------------------------------------------------------
// 2. Refusals, beside the field, in the reader's language
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`question editor refusals (${lang})`, () => {
    test(`the question editor explains each refusal beside its field and keeps what was typed (${lang})`, async ({ browser, baseURL }, testInfo) => {
      test.setTimeout(180_000);
      const course = newCourse(testInfo, `qrefused-${lang}`);
      const module = bilingual('Foundations', '기초');
      const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, `author-qrefused-${lang}`));
      try {
        const e = educator.page;
        const moduleId = await courseWithModule(e.request, baseURL!, course, module);
        const open = async (kind: Kind) => {
          await openPage(e, newQuestionPath(course.slug, moduleId, kind));
          await ready(e);
        };
        const save = async () => {
          await button(questionForm(e, lang), lang, 'question.save').click();
        };
        const form = () => questionForm(e, lang);
        const prompt = both(`Where did the Forum begin ${suffix()}?`, `포럼은 어디에서 시작되었나요 ${suffix()}?`);

        // --- Single choice: points out of range, a row with feedback and no text, no right answer. ---
        await open('single_choice');
        const typed: QuestionData = {
          kind: 'single_choice',
          points: 0,
          prompt,
          choices: [
            { text: both('Gwangju', '광주'), feedback: both('Since 2011.', '2011년부터입니다.'), right: false },
            { text: both('Seoul', '서울'), right: false },
          ],
        };
        await fillQuestion(e, lang, typed);
        await label(choiceRow(e, lang, 2), textIn(lang, 'question.choice_feedback', 'en')).fill('A city by the sea.');
        await save();
        await expectFieldProblem(e, 'q[points]', t(lang, 'problem.points_invalid'));
        await expectFieldProblem(e, 'q[choices][2][text_en]', t(lang, 'problem.choice_text_missing'));
        await expectChoicesProblem(e, lang, t(lang, 'problem.one_right_choice'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.points_invalid'), field: 'q[points]' },
          { text: t(lang, 'problem.choice_text_missing'), field: 'q[choices][2][text_en]' },
          { text: t(lang, 'problem.one_right_choice'), field: 'q[correct]' },
        ]);
        // Still the new question's editor, with everything as typed.
        await expect(h1(e, t(lang, 'question.new_heading', { kind: kindName(lang, 'single_choice') }))).toBeVisible();
        await expectQuestionShown(e, lang, typed);
        await expect(label(choiceRow(e, lang, 2), textIn(lang, 'question.choice_feedback', 'en'))).toHaveValue('A city by the sea.');

        // --- Single choice: no question text, one choice only (ticked). ---
        await open('single_choice');
        await label(choiceRow(e, lang, 0), textIn(lang, 'question.choice_text', 'en')).fill('Gwangju');
        await label(choiceRow(e, lang, 0), t(lang, 'question.right_choice')).check();
        await save();
        await expectFieldProblem(e, 'q[prompt_en]', t(lang, 'problem.required'));
        await expectFieldProblem(e, 'q[choices][1][text_en]', t(lang, 'problem.too_few_choices'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.required'), field: 'q[prompt_en]' },
          { text: t(lang, 'problem.too_few_choices'), field: 'q[choices][1][text_en]' },
        ]);
        await expect(label(choiceRow(e, lang, 0), textIn(lang, 'question.choice_text', 'en'))).toHaveValue('Gwangju');
        await expect(label(choiceRow(e, lang, 0), t(lang, 'question.right_choice'))).toBeChecked();

        // --- Multiple response: nothing ticked but an empty row. ---
        await open('multiple_response');
        const multiple: QuestionData = {
          kind: 'multiple_response',
          points: 2,
          prompt,
          choices: [
            { text: both('Respect rights', '권리 존중'), right: false },
            { text: both('Protect rights', '권리 보호'), right: false },
          ],
        };
        await fillQuestion(e, lang, multiple);
        await label(choiceRow(e, lang, 2), t(lang, 'question.right_choice')).check();
        await save();
        await expectFieldProblem(e, 'q[choices][2][text_en]', t(lang, 'problem.choice_text_missing'));
        await expectChoicesProblem(e, lang, t(lang, 'problem.no_right_choice'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.choice_text_missing'), field: 'q[choices][2][text_en]' },
          { text: t(lang, 'problem.no_right_choice'), field: 'q[correct]' },
        ]);
        await expectQuestionShown(e, lang, multiple);
        await expect(label(choiceRow(e, lang, 2), t(lang, 'question.right_choice')), 'the tick is kept').toBeChecked();

        // --- True or false without the answer. ---
        await open('true_false');
        await fillQuestion(e, lang, { kind: 'true_false', points: 1, prompt });
        await save();
        await expectTrueFalseProblem(e, lang, t(lang, 'problem.required'));
        await expectFormAlert(form(), lang, [{ text: t(lang, 'problem.required'), field: 'q[answer]' }]);
        await expect(label(form(), textIn(lang, 'question.prompt', 'ko'))).toHaveValue(prompt.ko);
        await expect(label(trueFalseGroup(e, lang), t(lang, 'quiz.true_label'))).not.toBeChecked();

        // --- Short answer: no accepted answer, and too many points. ---
        await open('short_answer');
        await fillQuestion(e, lang, { kind: 'short_answer', points: 101, prompt });
        await save();
        await expectFieldProblem(e, 'q[points]', t(lang, 'problem.points_invalid'));
        await expectFieldProblem(e, 'q[accepted]', t(lang, 'problem.required'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.points_invalid'), field: 'q[points]' },
          { text: t(lang, 'problem.required'), field: 'q[accepted]' },
        ]);
        await expect(label(form(), t(lang, 'question.points'))).toHaveValue('101');
        await expect(label(form(), textIn(lang, 'question.prompt', 'en'))).toHaveValue(prompt.en);

        // --- Numerical: a word for the number, a negative tolerance. ---
        await open('numerical');
        await fillQuestion(e, lang, { kind: 'numerical', points: 1, prompt, value: 'thirty', tolerance: '-1' });
        await save();
        await expectFieldProblem(e, 'q[value]', t(lang, 'problem.number_invalid'));
        await expectFieldProblem(e, 'q[tolerance]', t(lang, 'problem.tolerance_negative'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.number_invalid'), field: 'q[value]' },
          { text: t(lang, 'problem.tolerance_negative'), field: 'q[tolerance]' },
        ]);
        await expect(label(form(), t(lang, 'question.value'))).toHaveValue('thirty');
        await expect(label(form(), t(lang, 'question.tolerance'))).toHaveValue('-1');

        // --- Matching: one complete pair, and a pair with only its item. ---
        await open('matching');
        await fillQuestion(e, lang, {
          kind: 'matching',
          points: 1,
          prompt,
          pairs: [{ item: both('Housing', '주거'), option: both('Social rights', '사회권') }],
        });
        await label(pairRow(e, lang, 1), textIn(lang, 'question.pair_item', 'en')).fill('Voting');
        await save();
        await expectFieldProblem(e, 'q[pairs][1][option_en]', t(lang, 'problem.pair_incomplete'));
        await expectFieldProblem(e, 'q[pairs][2][item_en]', t(lang, 'problem.too_few_pairs'));
        await expectFormAlert(form(), lang, [
          { text: t(lang, 'problem.pair_incomplete'), field: 'q[pairs][1][option_en]' },
          { text: t(lang, 'problem.too_few_pairs'), field: 'q[pairs][2][item_en]' },
        ]);
        await expect(label(pairRow(e, lang, 0), textIn(lang, 'question.pair_option', 'ko'))).toHaveValue('사회권');
        await expect(label(pairRow(e, lang, 1), textIn(lang, 'question.pair_item', 'en'))).toHaveValue('Voting');

        // Nothing was stored: the bank is still empty.
        expect(draftQuestionCount(course.slug), 'no question stored').toBe(0);
        await openPage(e, quizEditorPath(course.slug, moduleId));
        await expect(bank(e, lang, 0).getByText(t(lang, 'bank.none'), { exact: true })).toBeVisible();
      } finally {
        await closeAll(educator);
      }
    });
  });
}

// ---------------------------------------------------------------------------
// 3. Accessibility, in both languages
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`the question editor and the preview are accessible (${lang})`, () => {
    test(`the bank, a new and an edited question, refusals shown, and the preview before and after grading (${lang})`, async ({
      browser,
      baseURL,
    }, testInfo) => {
      test.setTimeout(180_000);
      const course = newCourse(testInfo, `qa11y-${lang}`);
      const module = bilingual('Foundations', '기초');
      const questions = sixQuestions(suffix());
      const educator = await signInAsEducator(browser, lang, baseURL!, newUser(testInfo, `author-qa11y-${lang}`));
      try {
        const e = educator.page;
        const moduleId = await courseWithModule(e.request, baseURL!, course, module);
        for (const q of questions) await saveQuestionDirectly(e.request, baseURL!, course.slug, moduleId, q);

        // The bank: the edit links, the preview link and the form to write one.
        await openPage(e, quizEditorPath(course.slug, moduleId));
        await expectBank(e, lang, course.slug, moduleId, questions);
        await expectNoA11yViolations(e);

        // A new single-choice question, empty.
        await openPage(e, newQuestionPath(course.slug, moduleId, 'single_choice'));
        await expect(h1(e, t(lang, 'question.new_heading', { kind: kindName(lang, 'single_choice') }))).toBeVisible();
        await expectNoA11yViolations(e);
        // Refused: problems beside the fields, in the choices and in the alert.
        await label(choiceRow(e, lang, 0), textIn(lang, 'question.choice_text', 'en')).fill('Gwangju');
        await label(choiceRow(e, lang, 1), textIn(lang, 'question.choice_text', 'en')).fill('Seoul');
        await label(choiceRow(e, lang, 2), textIn(lang, 'question.choice_feedback', 'en')).fill('A city by the sea.');
        await label(questionForm(e, lang), t(lang, 'question.points')).fill('0');
        await button(questionForm(e, lang), lang, 'question.save').click();
        await expectFieldProblem(e, 'q[points]', t(lang, 'problem.points_invalid'));
        await expectFieldProblem(e, 'q[prompt_en]', t(lang, 'problem.required'));
        await expectFieldProblem(e, 'q[choices][2][text_en]', t(lang, 'problem.choice_text_missing'));
        await expectChoicesProblem(e, lang, t(lang, 'problem.one_right_choice'));
        await expectNoA11yViolations(e);

        // A true/false question refused (the problem inside its fieldset).
        await openPage(e, newQuestionPath(course.slug, moduleId, 'true_false'));
        await label(questionForm(e, lang), textIn(lang, 'question.prompt', lang)).fill(questions[2].prompt[lang]);
        await button(questionForm(e, lang), lang, 'question.save').click();
        await expectTrueFalseProblem(e, lang, t(lang, 'problem.required'));
        await expectNoA11yViolations(e);

        // Saved questions in their editor (with the Remove section): single choice and matching.
        for (const number of [1, 6]) {
          await openPage(e, quizEditorPath(course.slug, moduleId));
          await editLink(e, lang, 6, number).click();
          await expectPath(e, new RegExp(`^${escapeRegExp(quizEditorPath(course.slug, moduleId))}/questions/${UUID}$`));
          await ready(e);
          const q = questions[number - 1];
          await expect(h1(e, t(lang, 'question.edit_heading', { number, kind: kindName(lang, q.kind) }))).toBeVisible();
          await expect(region(e, lang, 'question.remove_heading')).toBeVisible();
          await expectNoA11yViolations(e);
        }

        // The preview, before and after grading.
        await openPage(e, previewPath(course.slug, moduleId));
        await expect(previewHeading(e, lang, module)).toBeVisible();
        await expect(main(e).locator('fieldset.question')).toHaveCount(6);
        await expectNoA11yViolations(e);
        const [single, , trueFalse] = questions;
        await label(previewBox(e, lang, single), single.choices![0].text[lang]).check();
        await label(previewBox(e, lang, trueFalse), t(lang, 'quiz.false_label')).check();
        await grade(e, lang, course.slug, moduleId);
        await expect(reviewRegion(e, lang).locator('li.review__item')).toHaveCount(6);
        await expectNoA11yViolations(e);
      } finally {
        await closeAll(educator);
      }
    });
  });
}
