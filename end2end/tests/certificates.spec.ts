/**
 * Certificates (issue 7) in the browser and by machine: a learner completes a course,
 * confirms the name to print and finds the certificate on My learning; the downloaded
 * Open Badges credential (VC-JWT) verifies with the `jose` library against the
 * published key set, and its Bitstring Status List entry says "not revoked" until a
 * platform admin revokes it; `/verify` answers anyone, without signing in; the files
 * are the holder's only; every page is axe-clean in English and Korean.
 *
 * Runs in both the `js` and `no-js` projects. Texts come from the catalogues (t()) and
 * courses from the seed files; the quizzes (they have their own spec) are recorded as
 * passed in the database, and so are most lessons, so that each test reaches a
 * certificate quickly while the completion itself still happens in the app.
 */
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
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
  quizAfter,
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
  input,
  makePlatformAdmin,
  newUser,
  registerDirectly,
  signIn,
  sql,
} from './accounts-helpers';

// ---------------------------------------------------------------------------
// Courses, codes and certificates
// ---------------------------------------------------------------------------

/** A name with Hangul and Latin letters, as a learner may want it printed. */
const PRINTED_NAME = '김지우 Kim Jiwoo';

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

function lessonPath(c: SeedCourse, lesson: SeedLesson): string {
  return `/courses/${c.slug}/lessons/${lesson.slug}`;
}

/** Crockford base-32 without I, L, O, U: the verification codes' alphabet. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PRINTED_CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The check symbol of 11 code symbols: Luhn mod 32 (as domain/certificate_code.rs defines it). */
function checkSymbol(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((symbol, i) => {
    const value = CODE_ALPHABET.indexOf(symbol);
    if (value < 0) throw new Error(`not a code symbol: ${symbol}`);
    const addend = i % 2 === 0 ? value * 2 : value;
    sum += Math.floor(addend / 32) + (addend % 32);
  });
  return CODE_ALPHABET[(32 - (sum % 32)) % 32];
}

/** `7K3MQX9P2RTC` → `7K3M-QX9P-2RTC`. */
function printed(compact: string): string {
  return compact.match(/.{4}/g)!.join('-');
}

/** A well-formed code no certificate has (random codes never have eleven zeros). */
const UNKNOWN_CODE = printed(`00000000000${checkSymbol('00000000000')}`);

/** `code` with one symbol mistyped: the check symbol no longer matches. */
function mistyped(compact: string): string {
  const at = 3;
  const replacement = CODE_ALPHABET[(CODE_ALPHABET.indexOf(compact[at]) + 7) % 32];
  const typo = compact.slice(0, at) + replacement + compact.slice(at + 1);
  expect(checkSymbol(typo.slice(0, 11)), 'the typo should break the check symbol').not.toBe(typo[11]);
  return printed(typo);
}

interface Certificate {
  id: string;
  /** Compact, as stored and as in /verify/{code} links: `7K3MQX9P2RTC`. */
  code: string;
  /** Grouped, as printed: `7K3M-QX9P-2RTC`. */
  printed: string;
  statusIndex: number;
  version: number;
  learnerName: string;
}

/** The certificates of `email`, from the database. */
function certificatesOf(email: string): Certificate[] {
  const rows = sql(
    `select t.id, t.code, t.status_index, t.version_number, coalesce(t.learner_name, '')
     from certificates t join users u on u.id = t.user_id
     where lower(u.email) = lower(:'email') order by t.issued_at`,
    { email },
  );
  return rows
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const [id, code, statusIndex, version, learnerName] = row.split('|');
      return { id, code, printed: printed(code), statusIndex: Number(statusIndex), version: Number(version), learnerName };
    });
}

function onlyCertificateOf(email: string): Certificate {
  const all = certificatesOf(email);
  expect(all, `certificates of ${email}`).toHaveLength(1);
  return all[0];
}

/**
 * Records a passed attempt at every quiz of the course for `email`, in the database
 * (as learning.spec.ts does: the quizzes have their own spec).
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

/** Marks every lesson of the course but `except` as done, in the database. */
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

/**
 * Posts a form to a server function the way a browser without JavaScript does, with
 * the cookies of `request`; returns where the server redirects.
 */
async function postForm(request: APIRequestContext, baseURL: string, urlPath: string, form: Record<string, string>): Promise<string> {
  const response = await request.post(urlPath, {
    form,
    headers: { Origin: new URL(baseURL).origin, Accept: 'text/html' },
    maxRedirects: 0,
  });
  expect([302, 303], `POST ${urlPath}: ${response.status()} ${await response.text()}`).toContain(response.status());
  return response.headers()['location'] ?? '';
}

/**
 * The quick road to completing `c` for `learner` (signed in on `request`): enrol, the
 * quizzes and all lessons but the last in the database, the last lesson marked done
 * through the app, which records the completion.
 */
async function completeCourse(request: APIRequestContext, baseURL: string, learner: TestUser, c: SeedCourse): Promise<void> {
  await postForm(request, baseURL, '/api/learning/enrol', { course: c.slug });
  passQuizzes(learner.email, c);
  markLessonsDoneExcept(learner.email, c, lastLesson(c));
  await postForm(request, baseURL, '/api/learning/done', { course: c.slug, lesson: lastLesson(c).slug });
}

/** A completed course and the name confirmed, which issues the certificate. */
async function earnCertificate(request: APIRequestContext, baseURL: string, learner: TestUser, name = PRINTED_NAME): Promise<Certificate> {
  await completeCourse(request, baseURL, learner, quickCourse());
  expect(certificatesOf(learner.email), 'no certificate before the name is confirmed').toHaveLength(0);
  const location = await postForm(request, baseURL, '/api/certificates/name', { certificate_name: name });
  expect(location).toMatch(/^\/me\/learning\?done=certificate_name/);
  return onlyCertificateOf(learner.email);
}

/** A platform admin's API context (no browser), signed in. Dispose of it after use. */
async function adminApi(playwright: PlaywrightLike, baseURL: string, admin: TestUser): Promise<APIRequestContext> {
  const api = await playwright.request.newContext({ baseURL });
  await registerDirectly(api, admin, baseURL);
  makePlatformAdmin(admin.email);
  return api;
}

type PlaywrightLike = { request: { newContext(options: { baseURL?: string }): Promise<APIRequestContext> } };

/** Revokes `cert` through the server function, as the form does without JavaScript. */
async function revokeDirectly(admin: APIRequestContext, baseURL: string, cert: Certificate, reason: string): Promise<void> {
  const location = await postForm(admin, baseURL, '/api/admin/certificates/revoke', { id: cert.id, reason, code: cert.printed });
  expect(location).toBe(`/verify/${cert.code}?done=revoked`);
}

// ---------------------------------------------------------------------------
// Browser contexts and page helpers
// ---------------------------------------------------------------------------

/** Another browser (own cookies) for `lang`, with the project's JavaScript setting. */
async function otherBrowser(browser: Browser, lang: Lang, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...languageContext(lang), baseURL, javaScriptEnabled: jsEnabled() });
  return { context, page: await context.newPage() };
}

/** A platform admin, signed in in a browser of their own. */
async function adminBrowser(
  browser: Browser,
  request: APIRequestContext,
  lang: Lang,
  baseURL: string,
  admin: TestUser,
): Promise<{ context: BrowserContext; page: Page }> {
  await registerDirectly(request, admin, baseURL);
  makePlatformAdmin(admin.email);
  const opened = await otherBrowser(browser, lang, baseURL);
  await signIn(opened.page, lang, admin.email, admin.password);
  return opened;
}

function main(page: Page): Locator {
  return page.getByRole('main');
}

async function ready(page: Page): Promise<void> {
  if (jsEnabled()) await waitForHydration(page);
}

async function expectPath(page: Page, pathname: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { message: `the page should be at ${pathname}` }).toBe(pathname);
}

/** A message with a `{{ date }}` placeholder as a regex capturing an ISO date. */
function messageWithDate(lang: Lang, key: string): RegExp {
  const marker = '\u0000';
  const parts = t(lang, key, { date: marker }).split(marker).map(escapeRegExp);
  return new RegExp(`^\\s*${parts.join('(\\d{4}-\\d{2}-\\d{2})')}\\s*$`);
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

/** The date in the (only) text of `scope` matching the message `key`; checks it is recent. */
async function expectRecentDate(scope: Locator, lang: Lang, key: string): Promise<string> {
  const pattern = messageWithDate(lang, key);
  const found = scope.getByText(pattern);
  await expect(found, `a "${key}" message`).toHaveCount(1);
  const date = pattern.exec((await found.textContent()) ?? '')?.[1];
  expect(recentDates()).toContain(date);
  return date!;
}

// My learning ---------------------------------------------------------------------

function certificatesSection(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'certificates.heading'), exact: true });
}

function nameField(page: Page, lang: Lang): Locator {
  return certificatesSection(page, lang).getByLabel(t(lang, 'certificates.name_label'), { exact: true });
}

function confirmButton(page: Page, lang: Lang): Locator {
  return certificatesSection(page, lang).getByRole('button', { name: t(lang, 'certificates.confirm'), exact: true });
}

function certificateItem(page: Page, lang: Lang, cert: Certificate): Locator {
  return certificatesSection(page, lang)
    .locator('li.certificate')
    .filter({ has: page.locator(`a[href="/certificates/${cert.id}.json"]`) });
}

/** On /me/learning with a completed course waiting: fill in the name, confirm, land on the notice. */
async function confirmName(page: Page, lang: Lang, name: string): Promise<void> {
  await ready(page);
  await nameField(page, lang).fill(name);
  await confirmButton(page, lang).click();
  await expectAt(page, '/me/learning?done=certificate_name');
  await ready(page);
  await expectNotice(page, t(lang, 'certificates.name_confirmed'));
}

/** The certificate as My learning lists it: course, date, version, code and the three links. */
async function expectListedCertificate(page: Page, lang: Lang, c: SeedCourse, cert: Certificate): Promise<void> {
  const item = certificateItem(page, lang, cert);
  await expect(item).toHaveCount(1);
  await expect(item.getByRole('heading', { level: 3, name: resolve(c.title, lang).text, exact: true })).toBeVisible();
  await expectRecentDate(item, lang, 'mine.completed_on');
  await expect(item).toContainText(t(lang, 'certificates.version', { version: cert.version }));
  await expect(item).toContainText(t(lang, 'certificates.code'));
  const code = item.locator('.code');
  await expect(code).toHaveText(exactly(cert.printed));
  expect(cert.printed).toMatch(PRINTED_CODE);
  const link = (key: string) => item.getByRole('link', { name: t(lang, key), exact: true });
  await expect(link('certificates.share')).toHaveAttribute('href', `/verify/${cert.code}`);
  await expect(link('certificates.download_pdf')).toHaveAttribute('href', `/certificates/${cert.id}.pdf`);
  await expect(link('certificates.download_json')).toHaveAttribute('href', `/certificates/${cert.id}.json`);
}

// Verification page -----------------------------------------------------------------

function verifyForm(page: Page): Locator {
  return main(page).getByRole('search');
}

function verdict(page: Page, lang: Lang, key: 'valid_title' | 'revoked_title' | 'unknown_title'): Locator {
  return main(page).getByRole('region', { name: t(lang, `verify.${key}`), exact: true });
}

/** No verdict at all on the page (an empty or malformed code). */
async function expectNoVerdict(page: Page, lang: Lang): Promise<void> {
  for (const key of ['valid_title', 'revoked_title', 'unknown_title'] as const) {
    await expect(main(page).getByRole('heading', { name: t(lang, `verify.${key}`), exact: true })).toHaveCount(0);
  }
}

/** Types `code` into the /verify form (already open) and submits it. */
async function checkCode(page: Page, lang: Lang, code: string): Promise<void> {
  await ready(page);
  await verifyForm(page).getByLabel(t(lang, 'verify.code_label'), { exact: true }).fill(code);
  await verifyForm(page).getByRole('button', { name: t(lang, 'verify.submit'), exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/verify' && url.searchParams.get('code') === code);
  await ready(page);
}

/** The facts of a valid certificate: its code, the printed name, the course in both languages. */
async function expectValid(page: Page, lang: Lang, c: SeedCourse, cert: Certificate, name: string): Promise<void> {
  const region = verdict(page, lang, 'valid_title');
  await expect(region.getByRole('heading', { level: 2, name: t(lang, 'verify.valid_title'), exact: true })).toBeVisible();
  await expect(region).toContainText(t(lang, 'verify.valid_body'));
  await expect(region.locator('dd.code')).toHaveText(exactly(cert.printed));
  await expect(region.locator('dd').filter({ hasText: exactly(name) })).toHaveCount(1);
  for (const l of LANGS) {
    const title = c.title[l];
    if (title) await expect(region.locator(`span[lang="${l}"]`).filter({ hasText: exactly(title) })).toHaveCount(1);
  }
  await expect(main(page).getByRole('heading', { name: t(lang, 'verify.revoked_title'), exact: true })).toHaveCount(0);
}

/** A revoked certificate: the heading, when, and why. */
async function expectRevoked(page: Page, lang: Lang, cert: Certificate, reason: string): Promise<void> {
  const region = verdict(page, lang, 'revoked_title');
  await expect(region.getByRole('heading', { level: 2, name: t(lang, 'verify.revoked_title'), exact: true })).toBeVisible();
  await expectRecentDate(region, lang, 'verify.revoked_on');
  await expect(region).toContainText(t(lang, 'verify.revoked_reason'));
  await expect(region.locator('q')).toHaveText(exactly(reason));
  await expect(region.locator('dd.code')).toHaveText(exactly(cert.printed));
  await expect(main(page).getByRole('heading', { name: t(lang, 'verify.valid_title'), exact: true })).toHaveCount(0);
  await expect(main(page).getByRole('heading', { name: t(lang, 'verify.revoke_heading'), exact: true })).toHaveCount(0);
}

function revokeSection(page: Page, lang: Lang): Locator {
  return main(page).getByRole('region', { name: t(lang, 'verify.revoke_heading'), exact: true });
}

/** On /verify/{code} as an admin: revoke with `reason`, land on the notice. */
async function revokeThroughForm(page: Page, lang: Lang, cert: Certificate, reason: string): Promise<void> {
  await ready(page);
  const form = revokeSection(page, lang);
  await form.getByLabel(t(lang, 'verify.revoke_reason'), { exact: true }).fill(reason);
  await form.getByRole('button', { name: t(lang, 'verify.revoke_submit'), exact: true }).click();
  await expectAt(page, `/verify/${cert.code}?done=revoked`);
  await ready(page);
  await expectNotice(page, t(lang, 'verify.revoked_notice'));
}

// The credential, by machine ------------------------------------------------------------

interface StatusEntry {
  id: string;
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

interface Credential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: { id: string; type: string[] };
  credentialSubject: {
    id: string;
    identifier?: { identityType: string; hashed: boolean; identityHash: string; salt: string }[];
  };
  credentialStatus: StatusEntry;
  iss: string;
  sub: string;
  jti: string;
  nbf: number;
}

interface StatusListCredential {
  id: string;
  type: string[];
  issuer: { id: string };
  credentialSubject: { type: string; statusPurpose: string; encodedList: string };
  iss: string;
}

const ENVELOPE_PREFIX = 'data:application/vc+jwt,';
const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const STATUS_LIST_BITS = 131_072;

/** The published key set, checked to hold public keys only. */
async function fetchJwks(request: APIRequestContext): Promise<JSONWebKeySet> {
  const response = await request.get('/.well-known/jwks.json');
  expect(response.status(), 'GET /.well-known/jwks.json').toBe(200);
  const jwks = (await response.json()) as JSONWebKeySet;
  expect(jwks.keys.length, 'keys in the JWKS').toBeGreaterThan(0);
  for (const key of jwks.keys) {
    expect(key, 'a published key is an Ed25519 public key').toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(key, 'a published key has no private part').not.toHaveProperty('d');
  }
  return jwks;
}

/** The holder's credential: the JSON download, its VC-JWT verified with jose against the JWKS. */
async function downloadCredential(request: APIRequestContext, cert: Certificate): Promise<{ jwt: string; kid: string; payload: Credential }> {
  const response = await request.get(`/certificates/${cert.id}.json`);
  expect(response.status(), `GET /certificates/${cert.id}.json`).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/json/);
  const envelope = await response.json();
  expect(envelope.type).toBe('EnvelopedVerifiableCredential');
  expect([envelope['@context']].flat()).toContain(VC_CONTEXT);
  expect(envelope.id.startsWith(ENVELOPE_PREFIX), `the envelope's id is a ${ENVELOPE_PREFIX} URL`).toBe(true);
  const jwt: string = envelope.id.slice(ENVELOPE_PREFIX.length);

  const jwks = await fetchJwks(request);
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  expect(protectedHeader.alg).toBe('EdDSA');
  expect(protectedHeader.typ).toBe('vc+jwt');
  const kid = protectedHeader.kid ?? '';
  expect(jwks.keys.map((k) => k.kid), 'the signing key is in the JWKS').toContain(kid);
  return { jwt, kid, payload: payload as unknown as Credential };
}

/**
 * The bit of `entry` in its status list: the list fetched (from the server under test,
 * whatever origin the credential names), verified with jose, decoded.
 */
async function statusBit(request: APIRequestContext, entry: StatusEntry): Promise<number> {
  const listUrl = new URL(entry.statusListCredential);
  const response = await request.get(listUrl.pathname + listUrl.search);
  expect(response.status(), `GET ${entry.statusListCredential}`).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/vc\+jwt/);
  const jwt = (await response.text()).trim();
  // The key set after the list: a key rotated meanwhile is in it.
  const jwks = await fetchJwks(request);
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  const list = payload as unknown as StatusListCredential;
  expect(list.type).toContain('BitstringStatusListCredential');
  expect(list.id).toBe(entry.statusListCredential);
  expect(list.iss).toBe(list.issuer.id);
  expect(list.credentialSubject.type).toBe('BitstringStatusList');
  expect(list.credentialSubject.statusPurpose).toBe('revocation');
  const encoded = list.credentialSubject.encodedList;
  expect(encoded.startsWith('u'), 'encodedList is multibase base64url ("u…")').toBe(true);
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  expect(bits.length, 'bytes in the bitstring').toBe(STATUS_LIST_BITS / 8);
  const index = Number(entry.statusListIndex);
  expect(Number.isInteger(index) && index >= 0 && index < STATUS_LIST_BITS, `statusListIndex ${entry.statusListIndex}`).toBe(true);
  return (bits[index >> 3] >> (7 - (index % 8))) & 1;
}

// ---------------------------------------------------------------------------
// 1. The learner's journey
// ---------------------------------------------------------------------------

test.describe('earning a certificate', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('complete a course, confirm the printed name, find the certificate on My learning', async ({ page, baseURL }, testInfo) => {
    test.slow();
    const learner = newUser(testInfo, 'cert-journey');
    const c = quickCourse();
    const last = lastLesson(c);
    await registerDirectly(page.request, learner, baseURL!);

    // Nothing to certify yet.
    await openPage(page, '/me/learning');
    await expect(certificatesSection(page, lang).locator('p.empty-state')).toHaveText(exactly(t(lang, 'certificates.none')));
    await expect(nameField(page, lang)).toHaveCount(0);

    // Enrol; the quizzes and every lesson but the last are done already.
    await openPage(page, `/courses/${c.slug}`);
    await main(page).getByRole('button', { name: t(lang, 'learning.enrol'), exact: true }).click();
    await expectPath(page, lessonPath(c, lessons(c)[0]));
    passQuizzes(learner.email, c);
    markLessonsDoneExcept(learner.email, c, last);

    // The last lesson, marked done in the app: the course is complete.
    await openPage(page, lessonPath(c, last));
    await expect(h1(page, resolve(last.title, lang).text)).toBeVisible();
    await main(page).getByRole('button', { name: t(lang, 'learning.mark_done'), exact: true }).click();
    const quiz = quizAfter(c, last.slug);
    await expectPath(page, quiz ? `/courses/${c.slug}/quizzes/${quiz.slug}` : `/courses/${c.slug}`);
    expect(sql(`select count(*) from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
                where u.email = :'email' and c.slug = :'course' and e.completed_at is not null`, { email: learner.email, course: c.slug }),
      'the completion is recorded').toBe('1');
    // No certificate before the learner says what name to print.
    expect(certificatesOf(learner.email)).toHaveLength(0);

    // My learning asks for the name, offering the display name.
    await openPage(page, '/me/learning');
    await expect(certificatesSection(page, lang)).toContainText(t(lang, 'certificates.ready', { count: 1 }));
    await expect(nameField(page, lang)).toHaveValue(learner.displayName);
    await expect(certificatesSection(page, lang).locator('li.certificate')).toHaveCount(0);
    await confirmName(page, lang, PRINTED_NAME);

    // Issued: exactly one, with the confirmed name.
    const cert = onlyCertificateOf(learner.email);
    expect(cert.learnerName).toBe(PRINTED_NAME);
    // The page the form leaves lists it, without the form (soft: the rest still runs).
    await expect.soft(nameField(page, lang), 'the name form is gone once confirmed').toHaveCount(0);
    await expect.soft(certificateItem(page, lang, cert), 'the new certificate is listed at once').toHaveCount(1);
    await expect
      .soft(certificatesSection(page, lang), 'the confirmed name is shown at once')
      .toContainText(`${t(lang, 'certificates.printed_name')} ${PRINTED_NAME}`);

    // Reloaded: listed with its code and links, the name printed, no form, no notice.
    await openPage(page, '/me/learning');
    await expect(certificatesSection(page, lang).locator('li.certificate')).toHaveCount(1);
    await expectListedCertificate(page, lang, c, cert);
    await expect(certificatesSection(page, lang)).toContainText(`${t(lang, 'certificates.printed_name')} ${PRINTED_NAME}`);
    await expect(nameField(page, lang)).toHaveCount(0);
    await expect(main(page).locator('p.notice[role="status"]')).toHaveCount(0);

    // The downloads answer the holder.
    const pdf = await page.request.get(`/certificates/${cert.id}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const json = await page.request.get(`/certificates/${cert.id}.json`);
    expect(json.status()).toBe(200);
    expect((await json.json()).type).toBe('EnvelopedVerifiableCredential');

    // The share link: the public verification page.
    await certificateItem(page, lang, cert).getByRole('link', { name: t(lang, 'certificates.share'), exact: true }).click();
    await expectPath(page, `/verify/${cert.code}`);
    await ready(page);
    await expectValid(page, lang, c, cert, PRINTED_NAME);

    // Completing the last lesson again issues nothing more.
    await postForm(page.request, baseURL!, '/api/learning/done', { course: c.slug, lesson: last.slug });
    expect(certificatesOf(learner.email).map((x) => x.id)).toEqual([cert.id]);
  });
});

// ---------------------------------------------------------------------------
// 2. Verification by machine: jose, the JWKS, the status list, revocation
// ---------------------------------------------------------------------------

test.describe('the credential by machine', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('the VC-JWT verifies with jose against the JWKS; the status list says revoked only after an admin revokes', async ({
    page,
    browser,
    request,
    baseURL,
  }, testInfo) => {
    test.slow();
    const learner = newUser(testInfo, 'cert-vc');
    await registerDirectly(page.request, learner, baseURL!);
    const cert = await earnCertificate(page.request, baseURL!, learner);

    // The JSON download carries a VC-JWT that verifies against /.well-known/jwks.json.
    const { jwt, kid, payload } = await downloadCredential(page.request, cert);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload['@context']).toContain(VC_CONTEXT);
    expect(payload.iss).toBe(payload.issuer.id);
    expect(payload.sub).toBe(payload.credentialSubject.id);
    expect(payload.jti).toBe(payload.id);
    expect(payload.id).toBe(`urn:uuid:${cert.id}`);
    expect(typeof payload.nbf).toBe('number');
    expect(payload.issuer.id).toMatch(/^did:web:/);
    expect(kid.startsWith(`${payload.issuer.id}#`), `kid ${kid} is a key of ${payload.issuer.id}`).toBe(true);
    expect(jwt, 'the credential never carries the email').not.toContain(learner.email);
    expect(JSON.stringify(payload)).not.toContain(learner.email);

    // The raw VC-JWT download is the same credential.
    const raw = await page.request.get(`/certificates/${cert.id}.jwt`);
    expect(raw.status()).toBe(200);
    expect(raw.headers()['content-type']).toMatch(/^application\/vc\+jwt/);
    expect((await raw.text()).trim()).toBe(jwt);

    // The did:web document publishes the same key.
    const did = await request.get('/.well-known/did.json');
    expect(did.status()).toBe(200);
    const didDocument = await did.json();
    expect(didDocument.id).toBe(payload.issuer.id);
    expect(didDocument.verificationMethod.map((m: { id: string }) => m.id)).toContain(kid);

    // Its status entry: a revocation bit, 0 for now.
    const entry = payload.credentialStatus;
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(entry.statusListIndex).toBe(String(cert.statusIndex % STATUS_LIST_BITS));
    expect(new URL(entry.statusListCredential).pathname).toBe(`/credentials/status/${Math.floor(cert.statusIndex / STATUS_LIST_BITS)}`);
    expect(await statusBit(request, entry), 'the status list before revocation').toBe(0);

    // A platform admin revokes it from its verification page.
    const admin = newUser(testInfo, 'cert-vc-admin');
    const adminSide = await adminBrowser(browser, request, lang, baseURL!, admin);
    const reason = `Issued by mistake (${testInfo.project.name} ${Date.now()}) — 잘못 발급됨`;
    try {
      await openPage(adminSide.page, `/verify/${cert.code}`);
      await expectValid(adminSide.page, lang, quickCourse(), cert, PRINTED_NAME);
      await revokeThroughForm(adminSide.page, lang, cert, reason);
      await expectRevoked(adminSide.page, lang, cert, reason);
    } finally {
      await adminSide.context.close();
    }
    expect(
      sql(
        `select count(*) from audit_log a join users u on u.id = a.actor_id
         where a.action = 'certificate_revoked' and a.subject = :'id' and u.email = :'email' and a.details ->> 'reason' = :'reason'`,
        { id: cert.id, email: admin.email, reason },
      ),
      'the revocation is in the audit log, with who and why',
    ).toBe('1');

    // The status list now says revoked; the credential itself still verifies (it is the list that tells).
    expect(await statusBit(request, entry), 'the status list after revocation').toBe(1);
    await downloadCredential(page.request, cert);

    // Anyone checking the code sees it revoked, when and why.
    const anonymous = await otherBrowser(browser, lang, baseURL!);
    try {
      await openPage(anonymous.page, `/verify/${cert.code}`);
      await expectRevoked(anonymous.page, lang, cert, reason);
    } finally {
      await anonymous.context.close();
    }

    // And the holder sees it on My learning.
    await openPage(page, '/me/learning');
    await expect(certificateItem(page, lang, cert)).toContainText(t(lang, 'certificates.revoked'));
  });

  test('the learner is named in the credential only by a salted hash of their email, as Open Badges 3.0 defines it', async ({ page, baseURL }, testInfo) => {
    const learner = newUser(testInfo, 'cert-hash');
    await registerDirectly(page.request, learner, baseURL!);
    const cert = await earnCertificate(page.request, baseURL!, learner);
    const { payload } = await downloadCredential(page.request, cert);
    const identity = payload.credentialSubject.identifier?.[0];
    expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(identity!.salt.length).toBeGreaterThan(0);
    // OB 3.0 IdentityHash: "an algorithm identifier, a $ separator, and a hash across an
    // identifier and an optionally appended salt string", both UTF-8: what a verifier
    // who knows the email computes.
    const expected = createHash('sha256').update(`${learner.email}${identity!.salt}`, 'utf8').digest('hex');
    expect(identity!.identityHash.toLowerCase()).toBe(`sha256$${expected}`);
  });
});

// ---------------------------------------------------------------------------
// 3. /verify for anyone
// ---------------------------------------------------------------------------

test.describe('verifying a code without signing in', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test('the form finds a certificate however the code is typed, says what is wrong with a mistyped one, and when none has it', async ({
    page,
    request,
    baseURL,
  }) => {
    test.slow();
    // The learner works through the API; the page stays anonymous.
    const learner = newUser(test.info(), 'cert-verify');
    await registerDirectly(request, learner, baseURL!);
    const cert = await earnCertificate(request, baseURL!, learner);
    const c = quickCourse();

    // The empty form.
    await openPage(page, '/verify');
    await expectTitle(page, lang, t(lang, 'verify.title'));
    await expect(h1(page, t(lang, 'verify.title'))).toBeVisible();
    await expect(input(page, 'code')).toHaveValue('');
    await expectNoFieldProblem(page, 'code');
    await expectNoVerdict(page, lang);

    // Lower case and spaces: the same certificate.
    const typed = cert.printed.toLowerCase().replace(/-/g, ' ');
    await checkCode(page, lang, typed);
    await expectValid(page, lang, c, cert, PRINTED_NAME);
    await expectNoFieldProblem(page, 'code');
    await expect(main(page).getByRole('heading', { name: t(lang, 'verify.revoke_heading'), exact: true })).toHaveCount(0);

    // One symbol mistyped: the check symbol says so, next to the field, before any look-up.
    const typo = mistyped(cert.code);
    await checkCode(page, lang, typo);
    await expectFieldProblem(page, 'code', t(lang, 'problem.code_check'));
    await expectFormAlert(verifyForm(page), lang, [{ text: t(lang, 'problem.code_check'), field: 'code' }]);
    await expect(input(page, 'code')).toHaveValue(typo);
    await expectNoVerdict(page, lang);

    // Too short, and a symbol the alphabet lacks: their own problems.
    await openPage(page, '/verify?code=ABC');
    await expectFieldProblem(page, 'code', t(lang, 'problem.code_length'));
    await expectNoVerdict(page, lang);
    await openPage(page, '/verify?code=ABCD-EFGH-JKUN');
    await expectFieldProblem(page, 'code', t(lang, 'problem.code_symbol'));
    await expectNoVerdict(page, lang);

    // The address itself, in either form (the QR code and the share link use it).
    await openPage(page, `/verify/${cert.printed}`);
    await expectValid(page, lang, c, cert, PRINTED_NAME);
    await openPage(page, `/verify/${cert.code}`);
    await expectValid(page, lang, c, cert, PRINTED_NAME);

    // Well formed, but no certificate has it: through the form, and in the address.
    await openPage(page, '/verify');
    await checkCode(page, lang, UNKNOWN_CODE);
    const unknown = verdict(page, lang, 'unknown_title');
    await expect(unknown.getByRole('heading', { level: 2, name: t(lang, 'verify.unknown_title'), exact: true })).toBeVisible();
    await expect(unknown).toContainText(t(lang, 'verify.unknown_body'));
    await expectNoFieldProblem(page, 'code');
    await openPage(page, `/verify/${UNKNOWN_CODE.replace(/-/g, '')}`);
    await expect(verdict(page, lang, 'unknown_title')).toBeVisible();
  });
});

// ---------------------------------------------------------------------------
// 4. Accessibility, in both languages
// ---------------------------------------------------------------------------

for (const lang of LANGS) {
  test.describe(`certificate pages are accessible (${lang})`, () => {
    test.use(languageContext(lang));

    test(`My learning: the name form, the certificate with its notice, a revoked certificate (${lang})`, async ({
      page,
      playwright,
      baseURL,
    }, testInfo) => {
      test.slow();
      const c = quickCourse();
      const learner = newUser(testInfo, `cert-a11y-mine-${lang}`);
      await registerDirectly(page.request, learner, baseURL!);
      await completeCourse(page.request, baseURL!, learner, c);

      // Asking for the name; then, confirmed through the form, the certificate and the notice.
      await openPage(page, '/me/learning');
      await expect(nameField(page, lang)).toBeVisible();
      await expectNoA11yViolations(page);
      await confirmName(page, lang, PRINTED_NAME);
      const cert = onlyCertificateOf(learner.email);
      // As the server renders it (the journey test checks the page the form leaves).
      await openPage(page, '/me/learning?done=certificate_name');
      await expectNotice(page, t(lang, 'certificates.name_confirmed'));
      await expectListedCertificate(page, lang, c, cert);
      await expectNoA11yViolations(page);

      // Revoked.
      const admin = await adminApi(playwright, baseURL!, newUser(testInfo, `cert-a11y-mine-admin-${lang}`));
      try {
        await revokeDirectly(admin, baseURL!, cert, `Test revocation ${lang} — 시험용 취소`);
      } finally {
        await admin.dispose();
      }
      await openPage(page, '/me/learning');
      await expect(certificateItem(page, lang, cert)).toContainText(t(lang, 'certificates.revoked'));
      await expectNoA11yViolations(page);
    });

    test(`/verify for anyone: empty, valid, mistyped, revoked, unknown (${lang})`, async ({ page, request, playwright, baseURL }, testInfo) => {
      test.slow();
      const c = quickCourse();
      const learner = newUser(testInfo, `cert-a11y-verify-${lang}`);
      await registerDirectly(request, learner, baseURL!); // the page stays anonymous
      const cert = await earnCertificate(request, baseURL!, learner);

      await openPage(page, '/verify');
      await expect(h1(page, t(lang, 'verify.title'))).toBeVisible();
      await expectNoA11yViolations(page);

      await openPage(page, `/verify/${cert.code}`);
      await expectValid(page, lang, c, cert, PRINTED_NAME);
      await expectNoA11yViolations(page);

      await openPage(page, `/verify?code=${encodeURIComponent(mistyped(cert.code))}`);
      await expectFieldProblem(page, 'code', t(lang, 'problem.code_check'));
      await expectNoA11yViolations(page);

      const reason = `Test revocation ${lang} — 시험용 취소`;
      const admin = await adminApi(playwright, baseURL!, newUser(testInfo, `cert-a11y-verify-admin-${lang}`));
      try {
        await revokeDirectly(admin, baseURL!, cert, reason);
      } finally {
        await admin.dispose();
      }
      await openPage(page, `/verify/${cert.code}`);
      await expectRevoked(page, lang, cert, reason);
      await expectNoA11yViolations(page);

      await openPage(page, `/verify/${UNKNOWN_CODE}`);
      await expect(verdict(page, lang, 'unknown_title')).toBeVisible();
      await expectNoA11yViolations(page);
    });

    test(`the admin side: certificates, a search, the keys, revoking (${lang})`, async ({ page, request, playwright, baseURL }, testInfo) => {
      test.slow();
      const learnerApi = await playwright.request.newContext({ baseURL });
      let cert: Certificate;
      try {
        const learner = newUser(testInfo, `cert-a11y-admin-learner-${lang}`);
        await registerDirectly(learnerApi, learner, baseURL!);
        cert = await earnCertificate(learnerApi, baseURL!, learner);
      } finally {
        await learnerApi.dispose();
      }
      const admin = newUser(testInfo, `cert-a11y-admin-${lang}`);
      await registerDirectly(request, admin, baseURL!);
      makePlatformAdmin(admin.email);
      await signIn(page, lang, admin.email, admin.password);

      // The list, from the header.
      await ready(page);
      await page.getByRole('banner').getByRole('link', { name: t(lang, 'nav.admin_certificates'), exact: true }).click();
      await expectPath(page, '/admin/certificates');
      await ready(page);
      await expect(h1(page, t(lang, 'admin_certificates.title'))).toBeVisible();
      await expectNoA11yViolations(page);

      // A search by the printed code: that certificate alone.
      await openPage(page, `/admin/certificates?q=${encodeURIComponent(cert.printed)}`);
      const rows = main(page).locator('table tbody tr');
      await expect(rows).toHaveCount(1);
      await expect(rows.getByRole('link', { name: cert.printed, exact: true })).toHaveAttribute('href', `/verify/${cert.code}`);
      await expect(rows).toContainText(PRINTED_NAME);
      await expect(rows).toContainText(t(lang, 'admin_certificates.valid'));
      await expectNoA11yViolations(page);

      // The keys: one active, and the rotation button (not pressed: other tests verify meanwhile).
      await openPage(page, '/admin/keys');
      await expect(h1(page, t(lang, 'keys.title'))).toBeVisible();
      await expect(main(page).getByText(t(lang, 'keys.active'), { exact: true })).toHaveCount(1);
      await expect(main(page).getByRole('button', { name: t(lang, 'keys.rotate'), exact: true })).toBeVisible();
      await expectNoA11yViolations(page);

      // The verification page with the revocation form; revoked, with the notice.
      await openPage(page, `/verify/${cert.code}`);
      await expect(revokeSection(page, lang)).toBeVisible();
      await expectNoA11yViolations(page);
      const reason = `Test revocation ${testInfo.project.name} ${lang} — 시험용 취소`;
      await revokeThroughForm(page, lang, cert, reason);
      await expectRevoked(page, lang, cert, reason);
      await expectNoA11yViolations(page);

      // The list says revoked.
      await openPage(page, `/admin/certificates?q=${encodeURIComponent(cert.code)}`);
      await expect(main(page).locator('table tbody tr')).toHaveCount(1);
      await expectRecentDate(main(page).locator('table tbody tr'), lang, 'admin_certificates.revoked_on');
    });
  });
}

// ---------------------------------------------------------------------------
// 5. The files are the holder's
// ---------------------------------------------------------------------------

test.describe('who may download a certificate', () => {
  const lang: Lang = 'en';
  test.use(languageContext(lang));

  test("another learner gets 404 for someone's certificate files; an anonymous reader is sent to sign in", async ({
    page,
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    test.slow();
    const holder = newUser(testInfo, 'cert-holder');
    await registerDirectly(page.request, holder, baseURL!);
    const cert = await earnCertificate(page.request, baseURL!, holder);
    const files = ['pdf', 'json', 'jwt'].map((ext) => `/certificates/${cert.id}.${ext}`);

    // The holder gets each file.
    for (const file of files) {
      const response = await page.request.get(file, { maxRedirects: 0 });
      expect(response.status(), `${file} for its holder`).toBe(200);
    }

    // Another learner: 404, exactly as for a certificate that does not exist.
    const other = newUser(testInfo, 'cert-other');
    const otherSide = await otherBrowser(browser, lang, baseURL!);
    try {
      await registerDirectly(otherSide.context.request, other, baseURL!);
      for (const file of [...files, `/certificates/${randomUUID()}.pdf`]) {
        const response = await otherSide.context.request.get(file, { maxRedirects: 0 });
        expect(response.status(), `${file} for another learner`).toBe(404);
        expect(await response.text()).not.toContain(PRINTED_NAME);
      }
    } finally {
      await otherSide.context.close();
    }

    // Anonymous: sent to sign in, and back to My learning after.
    const anonymous = await playwright.request.newContext({ baseURL });
    try {
      for (const file of files) {
        const response = await anonymous.get(file, { maxRedirects: 0 });
        expect([302, 303, 307], `${file} for an anonymous reader`).toContain(response.status());
        expect(response.headers()['location']).toBe('/sign-in?next=/me/learning');
      }
    } finally {
      await anonymous.dispose();
    }
    const anonymousSide = await otherBrowser(browser, lang, baseURL!);
    try {
      await anonymousSide.page.goto(files[0]);
      await expectAt(anonymousSide.page, '/sign-in?next=/me/learning');
      await expect(h1(anonymousSide.page, t(lang, 'auth.sign_in_title'))).toBeVisible();
    } finally {
      await anonymousSide.context.close();
    }
  });
});
