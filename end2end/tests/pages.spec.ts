/**
 * The page contract: every public page, in English and in Korean (chosen by
 * Accept-Language), with its frame, its content, and no axe-core violation.
 * Runs in both the `js` and the `no-js` projects.
 */
import { expect, test, type Locator } from '@playwright/test';
import {
  LANGS,
  type Lang,
  exactly,
  expectNoA11yViolations,
  expectPageFrame,
  expectTitle,
  h1,
  languageContext,
  lessonCount,
  messagePattern,
  openPage,
  resolve,
  seedCourses,
  t,
  totalMinutes,
} from './helpers';

const courses = seedCourses();

/**
 * The course cards under `scope`: one `li.course-card` per seed course, each titled by
 * a heading of `level` that links to the course, in the reader's language.
 */
async function expectCourseCards(scope: Locator, lang: Lang, level: 2 | 3): Promise<Locator> {
  const cards = scope.locator('ul.course-cards > li.course-card');
  await expect(cards).toHaveCount(courses.length);
  for (const course of courses) {
    const title = resolve(course.title, lang);
    const heading = cards.getByRole('heading', { level, name: title.text, exact: true });
    await expect(heading, `card heading (h${level}) for ${course.slug}`).toHaveCount(1);
    const link = heading.getByRole('link', { name: title.text, exact: true });
    await expect(link).toHaveAttribute('href', `/courses/${course.slug}`);
    await expect(link).toHaveAttribute('lang', title.lang);
  }
  return cards;
}

/** The `<dd>` that follows the `<dt>` named `term` in a `<dl>`. */
function fact(dl: Locator, term: string): Locator {
  return dl.locator('dt').filter({ hasText: exactly(term) }).locator('xpath=following-sibling::dd[1]');
}

function anyOf(texts: string[]): string {
  return `(?:${texts.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
}

test('/healthz answers 200 with the database up', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
});

for (const lang of LANGS) {
  test.describe(`${lang === 'en' ? 'English' : 'Korean'} pages`, () => {
    test.use(languageContext(lang));

    test(`home page (${lang})`, async ({ page }) => {
      await openPage(page, '/');
      await expectPageFrame(page, lang);
      await expectTitle(page, lang, t(lang, 'home.title'));
      await expect(h1(page, t(lang, 'home.title'))).toBeVisible();

      const main = page.getByRole('main');
      await expect(main.getByRole('link', { name: t(lang, 'home.browse'), exact: true })).toHaveAttribute(
        'href',
        '/courses',
      );

      // "Courses" section: an h2 followed by the list of course cards (h3 each).
      const section = main.getByRole('region', { name: t(lang, 'home.featured'), exact: true });
      await expect(section.getByRole('heading', { level: 2, name: t(lang, 'home.featured'), exact: true })).toBeVisible();
      await expect(section.locator('h2 ~ ul.course-cards')).toHaveCount(1);
      await expectCourseCards(section, lang, 3);

      await expectNoA11yViolations(page);
    });

    test(`course catalogue (${lang})`, async ({ page }) => {
      await openPage(page, '/courses');
      await expectPageFrame(page, lang);
      await expectTitle(page, lang, t(lang, 'catalog.title'));
      await expect(h1(page, t(lang, 'catalog.title'))).toBeVisible();

      const cards = await expectCourseCards(page.getByRole('main'), lang, 2);
      const topics = anyOf([t(lang, 'topic.human_rights_cities'), t(lang, 'topic.local_government'), t(lang, 'topic.global_movement')]);
      const langNames = anyOf([t(lang, 'language.en'), t(lang, 'language.ko')]);
      for (const course of courses) {
        const card = cards.filter({ has: page.locator(`a[href="/courses/${course.slug}"]`) });
        const facts = card.locator('dl.facts');
        await expect(facts, `facts of ${course.slug}`).toHaveCount(1);
        await expect(fact(facts, t(lang, 'course.topic'))).toHaveText(new RegExp(`^\\s*${topics}\\s*$`));
        await expect(fact(facts, t(lang, 'course.languages'))).toHaveText(
          new RegExp(`^\\s*${langNames}(?:, ${langNames})*\\s*$`),
        );
        const time = fact(facts, t(lang, 'course.estimated_time'));
        await expect(time).toHaveText(messagePattern(lang, 'course.minutes', 'minutes'));
        await expect(time).toHaveText(t(lang, 'course.minutes', { minutes: totalMinutes(course) }));
        await expect(fact(facts, t(lang, 'course.lesson_count'))).toHaveText(String(lessonCount(course)));
      }

      await expectNoA11yViolations(page);
    });

    for (const course of courses) {
      test(`course page ${course.slug} (${lang})`, async ({ page }) => {
        const title = resolve(course.title, lang);
        await openPage(page, `/courses/${course.slug}`);
        await expectPageFrame(page, lang);
        await expectTitle(page, lang, title.text);
        const heading = h1(page, title.text);
        await expect(heading).toBeVisible();
        await expect(heading).toHaveAttribute('lang', title.lang);

        const main = page.getByRole('main');
        await expect(main.getByRole('heading', { level: 2, name: t(lang, 'course.outline'), exact: true })).toBeVisible();

        const modules = main.locator('ol.outline > li.outline__module');
        await expect(modules).toHaveCount(course.modules.length);
        for (const [index, module] of course.modules.entries()) {
          const item = modules.nth(index);
          const label = t(lang, 'course.module_label', { number: index + 1 });
          const moduleHeading = item.getByRole('heading', { level: 3 });
          await expect(moduleHeading).toHaveCount(1);
          await expect(moduleHeading).toContainText(label);
          await expect(moduleHeading).toContainText(resolve(module.title, lang).text);

          // Lessons, then the module's quiz (its own item) when the module has questions.
          const lessons = item.locator('ol.outline__lessons > li:not(.outline__quiz)');
          await expect(item.locator('ol.outline__lessons > li.outline__quiz')).toHaveCount(module.questions > 0 ? 1 : 0);
          await expect(lessons).toHaveCount(module.lessons.length);
          for (const [n, lesson] of module.lessons.entries()) {
            await expect(lessons.nth(n)).toContainText(resolve(lesson.title, lang).text);
            await expect(lessons.nth(n)).toContainText(t(lang, 'course.minutes', { minutes: lesson.minutes }));
          }
        }

        // The first lesson of the course is a free preview, and says so.
        const firstLesson = modules.first().locator('ol.outline__lessons > li').first();
        await expect(firstLesson.getByText(t(lang, 'course.preview'), { exact: true })).toBeVisible();
        const previews = course.modules.flatMap((m) => m.lessons).filter((l) => l.preview).length;
        await expect(main.locator('ol.outline').getByText(t(lang, 'course.preview'), { exact: true })).toHaveCount(previews);

        await expectNoA11yViolations(page);
      });
    }

    for (const missing of ['/courses/no-such-course', '/no/such/page']) {
      test(`404 page for ${missing} (${lang})`, async ({ page }) => {
        await openPage(page, missing, 404);
        await expectPageFrame(page, lang);
        await expectTitle(page, lang, t(lang, 'not_found.title'));
        await expect(h1(page, t(lang, 'not_found.title'))).toBeVisible();
        const main = page.getByRole('main');
        await expect(main.getByRole('link', { name: t(lang, 'not_found.home'), exact: true })).toHaveAttribute('href', '/');
        await expect(main.getByRole('link', { name: t(lang, 'not_found.courses'), exact: true })).toHaveAttribute(
          'href',
          '/courses',
        );
        await expectNoA11yViolations(page);
      });
    }
  });
}
