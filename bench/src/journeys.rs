//! What the simulated users do: goose transactions over the real pages and forms, as
//! a browser without JavaScript would use them (plain GETs and form POSTs).
//!
//! The accounts and slugs are those of `server seed --scale` (server/seed/scale.sql).
use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use regex::Regex;
use std::sync::{
    Arc, LazyLock, Mutex,
    atomic::{AtomicUsize, Ordering},
};
use tokio::sync::Barrier;

/// `server::seed::scale::PASSWORD`: every generated account's password.
pub const PASSWORD: &str = "scale-seed-password";
/// The city's mandatory course (course 0) and the quiz of its first module.
pub const EXAM_COURSE: &str = "city-course-0";
pub const EXAM_MODULE: &str = "module-1";
/// The course shaped like Moodle's size S test course; learners 0..99 take it.
pub const MOODLE_COURSE: &str = "moodle-size-s";

/// The next learner account to sign in as (each simulated user takes its own).
pub static NEXT_LEARNER: AtomicUsize = AtomicUsize::new(0);
/// How many learners the scale has (the counter wraps around).
pub static LEARNERS: AtomicUsize = AtomicUsize::new(1_000);
/// Set before an exam spike: every user waits here, signed in, so that all open the
/// quiz within the same second.
pub static SPIKE_START: Mutex<Option<Arc<Barrier>>> = Mutex::new(None);
/// A certificate code to verify (read from a complete learner's My learning page).
pub static VERIFY_CODE: Mutex<String> = Mutex::new(String::new());
/// The big cohort's dashboard path, found by the cohort admin's first visit.
pub static COHORT_PATH: Mutex<String> = Mutex::new(String::new());

static ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"name="(q\.[0-9a-f-]{36})" value="([^"]*)""#).expect("answer pattern")
});
static ATTEMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/attempts/([0-9a-f-]{36})").expect("attempt pattern"));

fn lock<T: Clone>(slot: &Mutex<T>) -> T {
    slot.lock()
        .map(|value| value.clone())
        .unwrap_or_else(|e| e.into_inner().clone())
}

/// A POST's outcome: where the redirects ended, the page there, and goose's record of
/// the request (to mark it failed when the page shows the form did not work).
struct Posted {
    landed: String,
    text: String,
    request: GooseRequestMetric,
}

async fn post_as(
    user: &mut GooseUser,
    path: &str,
    name: &str,
    form: &[(&str, &str)],
    accept: Option<&'static str>,
) -> Result<Posted, Box<TransactionError>> {
    let url = user.build_url(path)?;
    let mut builder = user.client.post(url).form(form);
    if let Some(accept) = accept {
        builder = builder.header(reqwest::header::ACCEPT, accept);
    }
    let request = GooseRequest::builder()
        .method(GooseMethod::Post)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    let response = user.request(request).await?;
    let (landed, text) = match response.response {
        Ok(r) => (
            r.url().path().to_owned(),
            r.text().await.unwrap_or_default(),
        ),
        Err(_) => (String::new(), String::new()),
    };
    Ok(Posted {
        landed,
        text,
        request: response.request,
    })
}

/// A form posted as a browser without JavaScript posts it.
async fn post(
    user: &mut GooseUser,
    path: &str,
    name: &str,
    form: &[(&str, &str)],
) -> Result<Posted, Box<TransactionError>> {
    post_as(user, path, name, form, None).await
}

/// Saves one answer as the attempt page's script does (it reads the JSON answer).
async fn autosave(
    user: &mut GooseUser,
    name: &str,
    attempt: &str,
    (field, value): (&str, &str),
) -> Result<Posted, Box<TransactionError>> {
    let question = field.trim_start_matches("q.");
    let fields = format!("shown={question}&{field}={value}");
    let form = [("attempt", attempt), ("fields", fields.as_str())];
    post_as(
        user,
        "/api/quiz/autosave",
        name,
        &form,
        Some("application/json"),
    )
    .await
}

/// The headers of a browser without JavaScript on the site: its own Origin (the server
/// refuses cross-origin POSTs) and HTML first, so forms get post/redirect/get answers.
fn browser_headers(origin: &str) -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(value) = origin.parse() {
        headers.insert(reqwest::header::ORIGIN, value);
    }
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("text/html,application/xhtml+xml"),
    );
    headers
}

/// A fresh client (empty cookie jar) with [`browser_headers`].
pub async fn same_origin_client(user: &mut GooseUser) -> TransactionResult {
    let origin = user.base_url.origin().ascii_serialization();
    let builder = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(browser_headers(&origin))
        .timeout(std::time::Duration::from_secs(30));
    user.set_client_builder(builder).await?;
    Ok(())
}

async fn sign_in_as(user: &mut GooseUser, email: &str) -> TransactionResult {
    same_origin_client(user).await?;
    let mut posted = post(
        user,
        "/api/account/sign-in",
        "POST sign in",
        &[("email", email), ("password", PASSWORD)],
    )
    .await?;
    if posted.landed.starts_with("/sign-in") {
        return user.set_failure("sign-in refused", &mut posted.request, None, None);
    }
    Ok(())
}

fn next_learner() -> usize {
    NEXT_LEARNER.fetch_add(1, Ordering::Relaxed) % LEARNERS.load(Ordering::Relaxed).max(1)
}

// --- the floor and the anonymous pages ----------------------------------------------

pub async fn healthz(user: &mut GooseUser) -> TransactionResult {
    user.get_named("/healthz", "GET /healthz").await?;
    Ok(())
}
pub async fn home(user: &mut GooseUser) -> TransactionResult {
    user.get_named("/", "GET / (home)").await?;
    Ok(())
}
pub async fn catalogue(user: &mut GooseUser) -> TransactionResult {
    user.get_named("/courses?q=housing", "GET /courses?q=housing")
        .await?;
    Ok(())
}
pub async fn course(user: &mut GooseUser) -> TransactionResult {
    user.get_named("/courses/city-course-12", "GET /courses/{slug}")
        .await?;
    Ok(())
}
pub async fn lesson_anonymous(user: &mut GooseUser) -> TransactionResult {
    // The first lesson of every generated course is an open preview.
    user.get_named("/courses/city-course-12/lessons/lesson-1-1", "GET lesson")
        .await?;
    Ok(())
}
pub async fn verify(user: &mut GooseUser) -> TransactionResult {
    let code = lock(&VERIFY_CODE);
    user.get_named(&format!("/verify/{code}"), "GET /verify/{code}")
        .await?;
    Ok(())
}

// --- a signed-in learner -------------------------------------------------------------

pub async fn sign_in_learner(user: &mut GooseUser) -> TransactionResult {
    let i = next_learner();
    sign_in_as(user, &format!("learner{i}@scale.example.org")).await
}

pub async fn my_learning(user: &mut GooseUser) -> TransactionResult {
    user.get_named("/me/learning", "GET /me/learning").await?;
    Ok(())
}

pub async fn lesson_and_done(user: &mut GooseUser) -> TransactionResult {
    let path = format!("/courses/{EXAM_COURSE}/lessons/lesson-3-2");
    user.get_named(&path, "GET lesson").await?;
    post(
        user,
        "/api/learning/done",
        "POST mark done",
        &[("course", EXAM_COURSE), ("lesson", "lesson-3-2")],
    )
    .await?;
    Ok(())
}

// --- the exam spike ------------------------------------------------------------------

/// How the spike's learners arrive and answer. A cohort opens the quiz "within one
/// second": each learner, released from the barrier, waits a share of that second of
/// its own (evenly spread), rather than all N in the same millisecond. Between
/// answers a learner reads and chooses; real exam questions take tens of seconds, so
/// 3 to 6 s is on the busy side. `--quick` thinks for 0.1 to 0.2 s, so that
/// `scripts/test` stays fast.
pub static THINK_MILLIS: AtomicUsize = AtomicUsize::new(3_000);
const ARRIVAL_WINDOW_MILLIS: usize = 1_000;

/// A fixed, well-spread number in 0..range for this user and step (no shared RNG, so
/// runs repeat).
fn spread(user: &GooseUser, step: usize, range: usize) -> u64 {
    let mixed =
        (user.weighted_users_index + 1).wrapping_mul(2_654_435_761) ^ step.wrapping_mul(40_503);
    (mixed % range.max(1)) as u64
}

pub async fn sign_in_and_wait(user: &mut GooseUser) -> TransactionResult {
    // Wait even when the sign-in failed, or the others would wait for ever.
    let signed_in = sign_in_learner(user).await;
    let barrier = lock(&SPIKE_START);
    if let Some(barrier) = barrier {
        barrier.wait().await;
    }
    let arrival = spread(user, 0, ARRIVAL_WINDOW_MILLIS);
    tokio::time::sleep(std::time::Duration::from_millis(arrival)).await;
    signed_in
}

/// Opens the quiz, answers its 10 questions with an autosave each, then submits.
pub async fn sit_exam(user: &mut GooseUser) -> TransactionResult {
    let think = THINK_MILLIS.load(Ordering::Relaxed);
    let quiz = format!("/courses/{EXAM_COURSE}/quizzes/{EXAM_MODULE}");
    user.get_named(&quiz, "GET quiz page").await?;
    let mut started = post(
        user,
        "/api/quiz/start",
        "POST start attempt",
        &[("course", EXAM_COURSE), ("module", EXAM_MODULE)],
    )
    .await?;
    let Some(attempt) = ATTEMPT.captures(&started.landed).map(|c| c[1].to_owned()) else {
        return user.set_failure("no attempt opened", &mut started.request, None, None);
    };
    let mut answered = Vec::<&str>::new();
    for found in ANSWER.captures_iter(&started.text) {
        let (field, value) = (found.get(1), found.get(2));
        let (Some(field), Some(value)) = (field, value) else {
            continue;
        };
        if answered.contains(&field.as_str()) {
            continue;
        }
        let pause = think as u64 + spread(user, answered.len() + 1, think);
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
        let answer = (field.as_str(), value.as_str());
        autosave(user, "POST autosave answer", &attempt, answer).await?;
        answered.push(field.as_str());
    }
    post(
        user,
        &format!("/attempts/{attempt}"),
        "POST submit attempt",
        &[("intent", "submit")],
    )
    .await?;
    Ok(())
}

// --- the partner city ----------------------------------------------------------------

pub async fn sign_in_city_admin(user: &mut GooseUser) -> TransactionResult {
    sign_in_as(user, "city-admin0@scale.example.org").await
}

pub async fn cohort_dashboard(user: &mut GooseUser) -> TransactionResult {
    let path = lock(&COHORT_PATH);
    user.get_named(&path, "GET cohort dashboard (big cohort)")
        .await?;
    Ok(())
}

pub async fn cohort_csv(user: &mut GooseUser) -> TransactionResult {
    let path = format!("{}/members.csv", lock(&COHORT_PATH));
    user.get_named(&path, "GET cohort CSV (big cohort)").await?;
    Ok(())
}

// --- sign-in, whose ceiling is argon2id ----------------------------------------------

/// The client of the sign-in scenario, made once per simulated user: it keeps its
/// connection (a visitor's browser has one open from the sign-in page) but no cookies,
/// so every sign-in starts a new session, and it does not follow the redirect.
pub async fn sign_in_client(user: &mut GooseUser) -> TransactionResult {
    let origin = user.base_url.origin().ascii_serialization();
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(browser_headers(&origin))
        .timeout(std::time::Duration::from_secs(30));
    user.set_client_builder(builder).await?;
    Ok(())
}

/// The sign-in itself: the POST that checks the password and starts the session, up to
/// its redirect. The page it redirects to is another request (a signed-in home page),
/// which is not what the argon2id ceiling bounds, so it is not followed.
pub async fn sign_in_production_hash(user: &mut GooseUser) -> TransactionResult {
    let k = user.weighted_users_index % 64;
    let email = format!("signin{k}@scale.example.org");
    let path = "/api/account/sign-in";
    let form = [("email", email.as_str()), ("password", PASSWORD)];
    let builder = user.client.post(user.build_url(path)?).form(&form);
    let request = GooseRequest::builder()
        .method(GooseMethod::Post)
        .path(path)
        .name("POST sign in (argon2id)")
        // leptos_axum answers a form's server function with 302 Found.
        .expect_status_code(302)
        .set_request_builder(builder)
        .build();
    let mut response = user.request(request).await?;
    let refused = match &response.response {
        Ok(r) => r
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_none_or(|l| l.starts_with("/sign-in")),
        Err(_) => false,
    };
    if refused {
        return user.set_failure("sign-in refused", &mut response.request, None, None);
    }
    Ok(())
}

// --- Moodle's learner journey, mapped onto our pages ---------------------------------

pub async fn moodle_journey(user: &mut GooseUser) -> TransactionResult {
    same_origin_client(user).await?;
    let i = NEXT_LEARNER.fetch_add(1, Ordering::Relaxed) % 100;
    let email = format!("learner{i}@scale.example.org");
    let course = format!("/courses/{MOODLE_COURSE}");
    user.get_named("/", "journey: home (signed out)").await?;
    user.get_named("/sign-in", "journey: sign-in page").await?;
    post(
        user,
        "/api/account/sign-in",
        "journey: sign in",
        &[("email", &email), ("password", PASSWORD)],
    )
    .await?;
    user.get_named("/", "journey: home").await?;
    user.get_named(&course, "journey: course").await?;
    user.get_named(&format!("{course}/lessons/lesson-2-3"), "journey: lesson")
        .await?;
    user.get_named(&course, "journey: course again").await?;
    user.get_named(&format!("{course}/quizzes/module-2"), "journey: quiz page")
        .await?;
    let mut started = post(
        user,
        "/api/quiz/start",
        "journey: open attempt",
        &[("course", MOODLE_COURSE), ("module", "module-2")],
    )
    .await?;
    let attempt = ATTEMPT.captures(&started.landed).map(|c| c[1].to_owned());
    let answer = ANSWER
        .captures(&started.text)
        .map(|c| (c[1].to_owned(), c[2].to_owned()));
    let (Some(attempt), Some((field, value))) = (attempt, answer) else {
        return user.set_failure("no attempt opened", &mut started.request, None, None);
    };
    autosave(user, "journey: save an answer", &attempt, (&field, &value)).await?;
    user.get_named(&course, "journey: course, third time")
        .await?;
    user.get_named("/me/learning", "journey: my learning")
        .await?;
    post(user, "/api/account/sign-out", "journey: sign out", &[]).await?;
    Ok(())
}

/// Finds, as a complete learner and as the city admin, what the later scenarios need:
/// a certificate code to verify and the big cohort's dashboard.
pub async fn discover(base: &str) -> anyhow::Result<()> {
    let client = |origin: &str| -> anyhow::Result<reqwest::Client> {
        Ok(reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(browser_headers(origin))
            .build()?)
    };
    let sign_in = async |client: &reqwest::Client, email: &str| -> anyhow::Result<()> {
        let landed = client
            .post(format!("{base}/api/account/sign-in"))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await?;
        anyhow::ensure!(
            !landed.url().path().starts_with("/sign-in"),
            "{email} could not sign in"
        );
        Ok(())
    };
    // Learner 0 holds certificates (scale.sql: learners with an even number confirm a name).
    let learner = client(base)?;
    sign_in(&learner, "learner0@scale.example.org").await?;
    let page = learner
        .get(format!("{base}/me/learning"))
        .send()
        .await?
        .text()
        .await?;
    let code = Regex::new(r"/verify/([0-9A-Z-]{12,16})")?
        .captures(&page)
        .map(|c| c[1].to_owned())
        .ok_or_else(|| anyhow::anyhow!("no certificate link on learner0's My learning page"))?;
    *VERIFY_CODE.lock().map_err(|_| anyhow::anyhow!("lock"))? = code;

    let admin = client(base)?;
    sign_in(&admin, "city-admin0@scale.example.org").await?;
    let page = admin
        .get(format!("{base}/org/city-0"))
        .send()
        .await?
        .text()
        .await?;
    let path =
        Regex::new(r#"href="(/org/city-0/cohorts/[0-9a-f-]{36})"[^>]*>(?:<!>)?\s*All staff"#)?
            .captures(&page)
            .map(|c| c[1].to_owned())
            .ok_or_else(|| anyhow::anyhow!("no link to the big cohort on /org/city-0"))?;
    *COHORT_PATH.lock().map_err(|_| anyhow::anyhow!("lock"))? = path;
    Ok(())
}
