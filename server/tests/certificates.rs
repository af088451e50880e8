//! Certificates against a real PostgreSQL and the real router: issued exactly once per
//! learner and course version (however completion arrives), the printed name confirmed
//! first, credentials that verify against the published keys across a key rotation,
//! revocation in the status list and on the verification page, and a PDF that a PDF
//! reader renders, in both languages, with a QR code that leads to the verify page.
mod common;

use app::domain::quiz::grading::QuestionSpec;
use app::ssr::certificate::{credential, signing};
use app::ssr::db::certificates;
use app::ssr::db::learning::{self, Marked};
use app::ssr::db::quiz::{self, Started, Submitted};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use common::*;
use sqlx::PgPool;
use sqlx::types::Json;
use std::io::Read;
use uuid::Uuid;

const COURSE: &str = "human-rights-cities-2030";

async fn seeded(pool: &PgPool) {
    server::db::migrate(pool).await.expect("migrations");
    server::seed::demo_courses(pool).await.expect("seed");
}

async fn learner(pool: &PgPool, email: &str, certificate_name: Option<&str>) -> Uuid {
    let id = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, certificate_name)
         values ($1, 'Learner', 'x', $2) returning id",
    )
    .bind(email)
    .bind(certificate_name)
    .fetch_one(pool)
    .await
    .expect("user");
    learning::enrol(pool, id, COURSE).await.expect("enrol");
    id
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

/// Passes every quiz of the course and marks every lesson but the last one done; the
/// last lesson's slug (marking it completes the course).
async fn all_but_the_last_lesson(pool: &PgPool, user: Uuid) -> String {
    let version: Uuid =
        sqlx::query_scalar("select current_version_id from courses where slug = $1")
            .bind(COURSE)
            .fetch_one(pool)
            .await
            .expect("version");
    let modules: Vec<String> = sqlx::query_scalar(
        "select m.slug from modules m join quizzes q on q.module_id = m.id
         where m.version_id = $1 order by m.position",
    )
    .bind(version)
    .fetch_all(pool)
    .await
    .expect("modules");
    for module in modules {
        let row = quiz::quiz(pool, version, &module)
            .await
            .expect("quiz")
            .expect("exists");
        let Started::Open(attempt) = quiz::start(pool, user, &row).await.expect("start") else {
            panic!("no attempt");
        };
        let specs: Vec<(Uuid, Json<QuestionSpec>)> = sqlx::query_as(
            "select q.id, q.spec from quiz_attempts a
             cross join lateral unnest(a.question_ids) as u(id)
             join questions q on q.id = u.id where a.id = $1",
        )
        .bind(attempt)
        .fetch_all(pool)
        .await
        .expect("questions");
        let answers: Vec<_> = specs
            .iter()
            .map(|(id, spec)| (*id, Some(spec.0.model_answer())))
            .collect();
        quiz::save(pool, user, attempt, &answers)
            .await
            .expect("save");
        let result = quiz::submit(pool, user, attempt).await.expect("submit");
        assert!(
            matches!(result, Submitted::Graded { passed: true, .. }),
            "{result:?}"
        );
    }
    let lessons = lessons_in_order(pool, COURSE).await;
    let (last, rest) = lessons.split_last().expect("lessons");
    for (slug, _) in rest {
        learning::mark_done(pool, user, COURSE, slug)
            .await
            .expect("mark");
    }
    last.0.clone()
}

async fn complete(pool: &PgPool, user: Uuid) {
    let last = all_but_the_last_lesson(pool, user).await;
    let marked = learning::mark_done(pool, user, COURSE, &last)
        .await
        .expect("mark");
    assert_eq!(
        marked,
        Marked::Done {
            course_completed_now: true
        }
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn completing_a_course_issues_one_certificate_however_often_and_however_concurrently(
    pool: PgPool,
) {
    seeded(&pool).await;
    // One learner, the last lesson marked done by ten requests at once (a double
    // click, two tabs, a replay).
    let user = learner(&pool, "once@example.org", Some("김지우 Kim Jiwoo")).await;
    let last = all_but_the_last_lesson(&pool, user).await;
    assert_eq!(count(&pool, "select count(*) from certificates").await, 0);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (pool, last) = (pool.clone(), last.clone());
            tokio::spawn(async move { learning::mark_done(&pool, user, COURSE, &last).await })
        })
        .collect();
    let mut completed_now = 0;
    for task in tasks {
        if let Marked::Done {
            course_completed_now: true,
        } = task.await.expect("task").expect("mark")
        {
            completed_now += 1;
        }
    }
    assert_eq!(completed_now, 1);
    assert_eq!(count(&pool, "select count(*) from certificates").await, 1);
    // Completing again changes nothing.
    learning::mark_done(&pool, user, COURSE, &last)
        .await
        .expect("mark again");
    assert_eq!(count(&pool, "select count(*) from certificates").await, 1);

    let mine = certificates::mine(&pool, user).await.expect("mine");
    let cert = &mine[0];
    assert_eq!(cert.learner_name.as_deref(), Some("김지우 Kim Jiwoo"));
    assert_eq!(cert.version_number, 1);
    assert!(app::domain::CertificateCode::parse(&cert.code).is_ok());
    assert!(cert.course_title.ko.is_some() && cert.course_title.en.is_some());
    assert_eq!(cert.issuer.ko.as_deref(), Some("국제인권교육센터"));
    assert!(certificates::name_matches(cert, "김지우 Kim Jiwoo"));
    assert!(!certificates::name_matches(cert, "Someone Else"));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_certificate_waits_for_the_confirmed_name_then_is_issued_once(pool: PgPool) {
    seeded(&pool).await;
    let user = learner(&pool, "waits@example.org", None).await;
    complete(&pool, user).await;
    assert_eq!(count(&pool, "select count(*) from certificates").await, 0);
    assert_eq!(
        certificates::name_status(&pool, user)
            .await
            .expect("status"),
        (None, 1)
    );
    // Ten confirmations at once (and a completion re-check racing them): one certificate.
    let issuer = app::ssr::messages::issuer();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (pool, issuer) = (pool.clone(), issuer.clone());
            tokio::spawn(async move {
                certificates::confirm_name(&pool, user, "Jiwoo Kim", &issuer).await
            })
        })
        .collect();
    let issued: usize = {
        let mut n = 0;
        for task in tasks {
            n += task.await.expect("task").expect("confirm").len();
        }
        n
    };
    assert_eq!(issued, 1);
    assert_eq!(count(&pool, "select count(*) from certificates").await, 1);
    assert_eq!(
        certificates::name_status(&pool, user)
            .await
            .expect("status"),
        (Some("Jiwoo Kim".to_owned()), 0)
    );
    // The certificate keeps its snapshot when the name changes later.
    certificates::confirm_name(&pool, user, "J. Kim", &issuer)
        .await
        .expect("rename");
    let mine = certificates::mine(&pool, user).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].learner_name.as_deref(), Some("Jiwoo Kim"));

    // Deleting the account keeps the certificate verifiable, without the name.
    sqlx::query("delete from users where id = $1")
        .bind(user)
        .execute(&pool)
        .await
        .expect("delete");
    let kept = certificates::by_id(&pool, mine[0].id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!((kept.user_id, kept.learner_name.clone()), (None, None));
    assert!(certificates::name_matches(&kept, "Jiwoo Kim"));
}

/// Checks a compact JWS against the key set the server publishes, as a verifier would:
/// find the key by the header's `kid`, check the signature; the claims.
fn verify_with_jwks(jwt: &str, jwks: &serde_json::Value) -> serde_json::Value {
    let header: serde_json::Value = serde_json::from_slice(
        &B64.decode(jwt.split('.').next().expect("header"))
            .expect("b64"),
    )
    .expect("json");
    let kid = header["kid"].as_str().expect("kid");
    let key = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == kid)
        .unwrap_or_else(|| panic!("no key {kid} in the key set"));
    let x = B64.decode(key["x"].as_str().expect("x")).expect("x b64");
    signing::verify_jws(jwt, &x).expect("signature verifies").1
}

async fn get_text(app: &axum::Router, path: &str, session: Option<&str>) -> (u16, String) {
    let (response, text) = send(app, call_get(path, session)).await;
    (response.status().as_u16(), text)
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn credentials_verify_against_the_published_keys_before_and_after_rotation(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "holder@example.org").await;
    let user: Uuid = sqlx::query_scalar("select id from users where email = 'holder@example.org'")
        .fetch_one(&pool)
        .await
        .expect("user");
    sqlx::query("update users set certificate_name = 'Holder' where id = $1")
        .bind(user)
        .execute(&pool)
        .await
        .expect("name");
    learning::enrol(&pool, user, COURSE).await.expect("enrol");
    complete(&pool, user).await;
    let cert = certificates::mine(&pool, user)
        .await
        .expect("mine")
        .remove(0);

    let (status, jwt) = get_text(
        &app,
        &format!("/certificates/{}.jwt", cert.id),
        Some(&session),
    )
    .await;
    assert_eq!(status, 200, "{jwt}");
    let (_, jwks) = get_text(&app, "/.well-known/jwks.json", None).await;
    let jwks: serde_json::Value = serde_json::from_str(&jwks).expect("jwks");
    let claims = verify_with_jwks(&jwt, &jwks);
    // The registered claims match the credential they carry.
    assert_eq!(claims["iss"], claims["issuer"]["id"]);
    assert_eq!(claims["sub"], claims["credentialSubject"]["id"]);
    assert_eq!(claims["jti"], claims["id"]);
    assert_eq!(claims["jti"], format!("urn:uuid:{}", cert.id));
    assert!(claims["nbf"].as_i64().is_some());
    assert_eq!(claims["type"][1], "OpenBadgeCredential");
    assert_eq!(
        claims["@context"][0],
        "https://www.w3.org/ns/credentials/v2"
    );
    // The learner is a salted hash, never the email.
    assert!(!jwt.contains("holder@example.org"));
    assert!(
        !B64.decode(jwt.split('.').nth(1).unwrap_or_default())
            .map(|b| String::from_utf8_lossy(&b).contains("holder@"))
            .unwrap_or(true)
    );
    let identity = &claims["credentialSubject"]["identifier"][0];
    assert_eq!(identity["hashed"], true);
    assert!(
        identity["identityHash"]
            .as_str()
            .unwrap_or_default()
            .starts_with("sha256$")
    );

    // The did:web document lists the same key.
    let (_, did) = get_text(&app, "/.well-known/did.json", None).await;
    let did: serde_json::Value = serde_json::from_str(&did).expect("did");
    assert_eq!(did["id"], claims["iss"]);
    assert_eq!(did["assertionMethod"][0], jwks["keys"][0]["kid"]);

    // Rotate; the old certificate is served byte for byte the same and still verifies,
    // a new one is signed with the new key.
    let new_kid = signing::rotate(&pool, None).await.expect("rotate");
    let (_, jwt_after) = get_text(
        &app,
        &format!("/certificates/{}.jwt", cert.id),
        Some(&session),
    )
    .await;
    assert_eq!(jwt_after, jwt);
    let (_, jwks_after) = get_text(&app, "/.well-known/jwks.json", None).await;
    let jwks_after: serde_json::Value = serde_json::from_str(&jwks_after).expect("jwks");
    assert_eq!(jwks_after["keys"].as_array().map(Vec::len), Some(2));
    verify_with_jwks(&jwt, &jwks_after);

    let second = learner(&pool, "second@example.org", Some("Second")).await;
    complete(&pool, second).await;
    let newer = certificates::mine(&pool, second)
        .await
        .expect("mine")
        .remove(0);
    assert_eq!(newer.kid, new_kid);
    assert_ne!(newer.kid, cert.kid);
    // The owner of the second is not the first learner: 404, as for a missing one.
    let (status, _) = get_text(
        &app,
        &format!("/certificates/{}.jwt", newer.id),
        Some(&session),
    )
    .await;
    assert_eq!(status, 404);
    // Anonymous: to the sign-in page.
    let (response, _) = send(
        &app,
        call_get(&format!("/certificates/{}.pdf", cert.id), None),
    )
    .await;
    assert!(response.status().is_redirection());
}

fn status_bit(status_jwt: &str, jwks: &serde_json::Value, index: usize) -> bool {
    let claims = verify_with_jwks(status_jwt, jwks);
    assert_eq!(claims["type"][1], "BitstringStatusListCredential");
    let encoded = claims["credentialSubject"]["encodedList"]
        .as_str()
        .expect("encodedList");
    let gz = B64.decode(&encoded[1..]).expect("multibase base64url");
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut bits)
        .expect("gzip");
    bits[index / 8] & (0x80 >> (index % 8)) != 0
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn revocation_shows_in_the_status_list_and_on_the_verification_page(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    // A few certificates before, so the one revoked is not at bit 0.
    for n in 0..3 {
        let other = learner(&pool, &format!("before{n}@example.org"), Some("Before")).await;
        complete(&pool, other).await;
    }
    let user = learner(&pool, "revoked@example.org", Some("Revoked Learner")).await;
    complete(&pool, user).await;
    let cert = certificates::mine(&pool, user)
        .await
        .expect("mine")
        .remove(0);
    let entry = credential::open_badge(&cert, &credential::Issuer::new("http://learn.test"));
    let index: usize = entry["credentialStatus"]["statusListIndex"]
        .as_str()
        .and_then(|i| i.parse().ok())
        .expect("index");
    assert_eq!(index, 3);
    let list_path = entry["credentialStatus"]["statusListCredential"]
        .as_str()
        .expect("list url")
        .trim_start_matches("http://learn.test")
        .to_owned();

    let (_, jwks) = get_text(&app, "/.well-known/jwks.json", None).await;
    let jwks: serde_json::Value = serde_json::from_str(&jwks).expect("jwks");
    let (status, list) = get_text(&app, &list_path, None).await;
    assert_eq!(status, 200);
    assert!(!status_bit(&list, &jwks, index));

    let (_, page) = get_text(&app, &format!("/verify/{}", cert.code), None).await;
    assert!(
        page.contains("Revoked Learner"),
        "the verify page shows the name"
    );
    assert!(!page.contains("revoked@example.org"));

    let admin: Uuid = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, role)
         values ('admin@example.org', 'Admin', 'x', 'platform_admin') returning id",
    )
    .fetch_one(&pool)
    .await
    .expect("admin");
    assert_eq!(
        certificates::revoke(&pool, cert.id, admin, "Issued in error")
            .await
            .expect("revoke"),
        certificates::Revocation::Revoked
    );
    assert_eq!(
        certificates::revoke(&pool, cert.id, admin, "Again")
            .await
            .expect("revoke"),
        certificates::Revocation::AlreadyRevoked
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from audit_log where action = 'certificate_revoked'"
        )
        .await,
        1
    );
    let (_, list) = get_text(&app, &list_path, None).await;
    assert!(status_bit(&list, &jwks, index));
    assert!(
        !status_bit(&list, &jwks, index - 1),
        "only that certificate's bit"
    );
    let (_, page) = get_text(&app, &format!("/verify/{}", cert.code), None).await;
    assert!(page.contains("Issued in error"));
    assert!(!page.contains("Again"));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn verification_explains_a_malformed_code_and_says_unknown_for_a_stranger(pool: PgPool) {
    let app = seeded_app(pool).await;
    let (status, body) = get_text(&app, "/api/certificates/verify?code=0000-0000-0001", None).await;
    assert_eq!(status, 422, "a mistyped check symbol: {body}");
    assert!(body.contains("code_check"), "{body}");
    let (status, body) = get_text(&app, "/api/certificates/verify?code=ABC", None).await;
    assert_eq!(status, 422);
    assert!(body.contains("code_length"), "{body}");
    let (status, body) = get_text(&app, "/api/certificates/verify?code=0000-0000-0000", None).await;
    assert_eq!((status, body.as_str()), (200, "null"));
    // The page without JavaScript: the reason is next to the field, in Korean too.
    let (_, html) = send(&app, get_in("/verify?code=0000-0000-0001", "ko")).await;
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("잘못 입력된"), "the Korean explanation");
}

fn run(command: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(command)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{command} could not run ({err}); scripts/test installs poppler-utils and zbar-tools"))
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_pdf_renders_in_both_languages_with_a_qr_code_to_the_verify_page(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "paper@example.org").await;
    let user: Uuid = sqlx::query_scalar("select id from users where email = 'paper@example.org'")
        .fetch_one(&pool)
        .await
        .expect("user");
    sqlx::query("update users set certificate_name = '박서연 Park Seoyeon' where id = $1")
        .bind(user)
        .execute(&pool)
        .await
        .expect("name");
    learning::enrol(&pool, user, COURSE).await.expect("enrol");
    complete(&pool, user).await;
    let cert = certificates::mine(&pool, user)
        .await
        .expect("mine")
        .remove(0);

    let response = axum::http::Request::get(format!("/certificates/{}.pdf", cert.id))
        .header("cookie", format!("{SESSION_COOKIE}={session}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let (response, bytes) = send_for_bytes(&app, response).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes.len() < 400_000,
        "fonts are subset: {} bytes",
        bytes.len()
    );

    let dir = std::env::temp_dir().join(format!("ihrec-pdf-{}", cert.id));
    std::fs::create_dir_all(&dir).expect("tmp");
    let pdf = dir.join("certificate.pdf");
    std::fs::write(&pdf, &bytes).expect("write");
    let pdf = pdf.to_str().expect("path");

    let text = run("pdftotext", &["-layout", pdf, "-"]);
    assert!(
        text.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8_lossy(&text.stdout);
    let title = cert.course_title.0.clone();
    for expected in [
        "Certificate of Completion",
        "수료증",
        "박서연 Park Seoyeon",
        title.en.as_deref().expect("en title"),
        title.ko.as_deref().expect("ko title"),
        "International Human Rights Education Centre",
        "국제인권교육센터",
    ] {
        assert!(
            text.contains(expected),
            "the PDF says {expected:?}:\n{text}"
        );
    }
    let printed = app::domain::CertificateCode::parse(&cert.code)
        .expect("code")
        .to_string();
    assert!(text.contains(&printed), "the code is printed");

    let png = dir.join("page");
    let rendered = run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            pdf,
            png.to_str().expect("path"),
        ],
    );
    assert!(
        rendered.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let decoded = run(
        "zbarimg",
        &[
            "--quiet",
            "--raw",
            dir.join("page.png").to_str().expect("path"),
        ],
    );
    assert!(
        decoded.status.success(),
        "zbarimg found no QR code: {}",
        String::from_utf8_lossy(&decoded.stderr)
    );
    let url = String::from_utf8_lossy(&decoded.stdout).trim().to_owned();
    assert_eq!(url, format!("http://127.0.0.1:3000/verify/{}", cert.code));
    // KEEP_CERTIFICATE_PDF=1 keeps the PDF and its rendering, to look at them.
    if std::env::var_os("KEEP_CERTIFICATE_PDF").is_some() {
        eprintln!("certificate kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
