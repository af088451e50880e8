/**
 * The health check under a database outage: stop PostgreSQL, `/healthz` turns 503;
 * start it again, `/healthz` turns 200 and pages render again without restarting the
 * server. Runs in the `outage` project only, after all the others (it stops the
 * database they need), and always starts the database again.
 *
 *   PG_HELPER       a bash script taking `stop|start <cluster dir>`
 *   PG_CLUSTER_DIR  the PostgreSQL cluster the server under test uses
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { h1, openPage, pollStatus, seedCourses, t } from './helpers';

test.describe.configure({ mode: 'serial' });

const PG_HELPER = process.env.PG_HELPER;
const PG_CLUSTER_DIR = process.env.PG_CLUSTER_DIR;

/** Runs `bash $PG_HELPER <action> $PG_CLUSTER_DIR`, with its output in the error if it fails. */
function pg(action: 'start' | 'stop'): void {
  try {
    execFileSync('bash', [PG_HELPER!, action, PG_CLUSTER_DIR!], { stdio: 'pipe', timeout: 60_000, encoding: 'utf8' });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `bash ${PG_HELPER} ${action} ${PG_CLUSTER_DIR} failed (exit ${e.status ?? '?'}): ${e.message}\n` +
        `stdout: ${e.stdout ?? ''}\nstderr: ${e.stderr ?? ''}`,
    );
  }
}

let stopped = false;

test.afterAll(() => {
  // Safety net: whatever happened above, leave the database running.
  if (stopped) {
    pg('start');
    stopped = false;
  }
});

test('/healthz reports a database outage and the recovery', async ({ page, request }) => {
  test.setTimeout(120_000);
  if (!PG_HELPER || !PG_CLUSTER_DIR) {
    throw new Error(
      'The outage test needs PG_HELPER (path to the bash script that runs `stop|start <cluster dir>`) and ' +
        `PG_CLUSTER_DIR (the server's PostgreSQL cluster). Got PG_HELPER=${PG_HELPER ?? '(unset)'}, ` +
        `PG_CLUSTER_DIR=${PG_CLUSTER_DIR ?? '(unset)'}. Run the other projects alone with --project js --project no-js.`,
    );
  }
  if (!existsSync(PG_HELPER)) throw new Error(`PG_HELPER=${PG_HELPER}: no such file`);
  if (!existsSync(PG_CLUSTER_DIR)) throw new Error(`PG_CLUSTER_DIR=${PG_CLUSTER_DIR}: no such directory`);

  // Before: healthy.
  const before = await request.get('/healthz');
  expect(before.status(), 'the database should be up before the test').toBe(200);

  let failure: unknown;
  try {
    await test.step('stop PostgreSQL: /healthz answers 503 within 15 s', async () => {
      stopped = true;
      pg('stop');
      const body = await pollStatus(request, '/healthz', 503, 15_000);
      expect(JSON.parse(body)).toMatchObject({ status: 'unavailable' });
    });

    await test.step('while the database is down, pages fail gracefully', async () => {
      // Not the contract under test; soft, so the recovery below is always checked.
      const response = await page.goto('/courses');
      expect.soft(response?.status(), 'GET /courses during the outage').toBe(500);
      await expect.soft(h1(page, t('en', 'catalog.title'))).toBeVisible();
      await expect.soft(page.getByRole('alert')).toContainText(t('en', 'error.title'));
    });
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await test.step('start PostgreSQL again', async () => {
      if (!stopped) return;
      try {
        pg('start');
        stopped = false;
      } catch (startError) {
        // Do not hide the first failure; afterAll tries to start it once more.
        if (failure === undefined) throw startError;
        console.error(String(startError));
      }
    });
  }

  await test.step('/healthz answers 200 within 30 s of the restart', async () => {
    const body = await pollStatus(request, '/healthz', 200, 30_000);
    expect(JSON.parse(body)).toEqual({ status: 'ok', database: 'up' });
  });

  await test.step('/courses renders again', async () => {
    await openPage(page, '/courses');
    await expect(h1(page, t('en', 'catalog.title'))).toBeVisible();
    // Every seed course is listed again (the authoring tests, which run before, may have added more).
    for (const course of seedCourses()) {
      await expect(page.locator(`ul.course-cards a[href="/courses/${course.slug}"]`)).toBeVisible();
    }
  });
});
