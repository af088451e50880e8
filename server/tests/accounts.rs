//! Accounts and sessions against a real PostgreSQL: hashing parameters, session
//! cycling and sign-out, password change and reset, throttling, data export, deletion.
mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::*;
use sqlx::PgPool;
use std::time::Duration;

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn stores_an_argon2id_hash_with_the_required_parameters(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    register(&app, "Hash@Example.org").await;
    let hash: String = sqlx::query_scalar(
        "select password_hash from users where lower(email) = 'hash@example.org'",
    )
    .fetch_one(&pool)
    .await
    .expect("user stored");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn emails_are_unique_whatever_their_case(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    register(&app, "ana@example.org").await;
    let body = form(&[
        ("email", "ANA@example.org"),
        ("display_name", "Ana"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    let (response, text) = send(&app, call("/api/account/register", &body, None)).await;
    assert_eq!(response.status(), 422);
    assert!(text.contains("email_taken"), "{text}");
    // and sign-in ignores case too
    assert!(
        sign_in(&app, "Ana@Example.ORG", PASSWORD, None)
            .await
            .1
            .is_some()
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn refuses_short_and_common_passwords(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    for (password, problem) in [
        ("short", "password_length"),
        ("password123", "password_common"),
        ("Iloveyou1", "password_common"),
    ] {
        let body = form(&[
            ("email", "p@example.org"),
            ("display_name", "P"),
            ("password", password),
            ("password_confirm", password),
        ]);
        let (response, text) = send(&app, call("/api/account/register", &body, None)).await;
        assert_eq!(response.status(), 422, "{password}");
        assert!(text.contains(problem), "{password}: {text}");
    }
    let users: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(users, 0, "a refused registration writes nothing");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn sign_in_cycles_the_session_id_and_the_old_one_stops_working(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let first = register(&app, "first@example.org").await;
    register(&app, "second@example.org").await;
    assert_eq!(who(&app, &first).await.as_deref(), Some("Tester"));

    let (status, second) = sign_in(&app, "second@example.org", PASSWORD, Some(&first)).await;
    assert!(status < 400, "{status}");
    let second = second.expect("a new session cookie");
    assert_ne!(second, first, "the session id changes at sign-in");
    assert_eq!(
        who(&app, &first).await,
        None,
        "the old id no longer authenticates"
    );
    assert!(who(&app, &second).await.is_some());
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_signed_out_session_cannot_be_reused(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "out@example.org").await;
    let sessions_before: i64 = sqlx::query_scalar("select count(*) from sessions")
        .fetch_one(&pool)
        .await
        .expect("count");
    let (response, _) = send(&app, call("/api/account/sign-out", "", Some(&session))).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let sessions_after: i64 = sqlx::query_scalar("select count(*) from sessions")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(
        sessions_after,
        sessions_before - 1,
        "sign-out deletes the session record"
    );
    assert_eq!(who(&app, &session).await, None);
    let (response, _) = send(&app, call_get("/api/account/details", Some(&session))).await;
    assert_eq!(response.status(), 401);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn changing_the_password_signs_out_every_other_session(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let laptop = register(&app, "move@example.org").await;
    let phone = sign_in(&app, "move@example.org", PASSWORD, None)
        .await
        .1
        .expect("second device");
    let new_password = "a new password for the centre";
    let body = form(&[
        ("current_password", PASSWORD),
        ("new_password", new_password),
        ("new_password_confirm", new_password),
    ]);
    let (response, _) = send(&app, call("/api/account/password", &body, Some(&laptop))).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let laptop_now = session_set(&response).expect("this session continues under a new id");
    assert_ne!(laptop_now, laptop);
    assert!(who(&app, &laptop_now).await.is_some());
    assert_eq!(
        who(&app, &phone).await,
        None,
        "other devices are signed out"
    );
    assert_eq!(who(&app, &laptop).await, None);
    assert_eq!(
        sign_in(&app, "move@example.org", PASSWORD, None).await.0,
        422
    );
    assert!(
        sign_in(&app, "move@example.org", new_password, None)
            .await
            .1
            .is_some()
    );

    // A wrong current password changes nothing.
    let body = form(&[
        ("current_password", "not it at all"),
        ("new_password", "another long password"),
        ("new_password_confirm", "another long password"),
    ]);
    let (response, text) = send(
        &app,
        call("/api/account/password", &body, Some(&laptop_now)),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(text.contains("wrong_password"));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_reset_link_works_once_and_only_its_hash_is_stored(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "forgot@example.org").await;
    let (response, _) = send(
        &app,
        call(
            "/api/account/forgot",
            &form(&[("email", "FORGOT@example.org")]),
            None,
        ),
    )
    .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    // Unknown addresses get the same answer, and no mail.
    let (unknown, _) = send(
        &app,
        call(
            "/api/account/forgot",
            &form(&[("email", "nobody@example.org")]),
            None,
        ),
    )
    .await;
    assert_eq!(unknown.status(), response.status());

    let body: String = sqlx::query_scalar("select body from outbox order by id desc limit 1")
        .fetch_one(&pool)
        .await
        .expect("mail");
    let mails: i64 = sqlx::query_scalar("select count(*) from outbox")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(mails, 1);
    let token = body
        .split("token=")
        .nth(1)
        .expect("link in mail")
        .split_whitespace()
        .next()
        .expect("token")
        .to_owned();
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from password_resets")
        .fetch_one(&pool)
        .await
        .expect("reset");
    assert_ne!(stored, token.as_bytes(), "only a digest is stored");
    assert_eq!(stored.len(), 32);

    let new_password = "reset from the outbox link";
    let reset = form(&[
        ("token", &token),
        ("new_password", new_password),
        ("new_password_confirm", new_password),
    ]);
    let (response, text) = send(&app, call("/api/account/reset", &reset, None)).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{text}"
    );
    assert_eq!(
        who(&app, &session).await,
        None,
        "a reset signs out everywhere"
    );
    assert!(
        sign_in(&app, "forgot@example.org", new_password, None)
            .await
            .1
            .is_some()
    );

    let (again, text) = send(&app, call("/api/account/reset", &reset, None)).await;
    assert_eq!(again.status(), 422, "a used link is refused");
    assert!(text.contains("reset_link_invalid"));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn expired_reset_links_are_refused(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    register(&app, "late@example.org").await;
    send(
        &app,
        call(
            "/api/account/forgot",
            &form(&[("email", "late@example.org")]),
            None,
        ),
    )
    .await;
    sqlx::query("update password_resets set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("expire");
    let body: String = sqlx::query_scalar("select body from outbox")
        .fetch_one(&pool)
        .await
        .expect("mail");
    let token = body
        .split("token=")
        .nth(1)
        .expect("link")
        .split_whitespace()
        .next()
        .expect("token")
        .to_owned();
    let reset = form(&[
        ("token", &token),
        ("new_password", "too late for this link"),
        ("new_password_confirm", "too late for this link"),
    ]);
    let (response, _) = send(&app, call("/api/account/reset", &reset, None)).await;
    assert_eq!(response.status(), 422);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn repeated_wrong_passwords_are_throttled_until_the_window_passes(pool: PgPool) {
    let mut config = test_config();
    config.auth.attempts_per_account = 3;
    config.auth.attempt_window = Duration::from_secs(2);
    let app = seeded_app_with(pool.clone(), &config).await;
    register(&app, "guess@example.org").await;
    for _ in 0..3 {
        assert_eq!(
            sign_in(&app, "guess@example.org", "wrong guess number", None)
                .await
                .0,
            422
        );
    }
    let body = form(&[
        ("email", "guess@example.org"),
        ("password", "wrong guess number"),
    ]);
    let (response, text) = send(&app, call("/api/account/sign-in", &body, None)).await;
    assert_eq!(response.status(), 429, "{text}");
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    assert!(text.contains("TooManyRequests"));
    // Even the right password waits: the limit is on the account, not the guess.
    assert_eq!(
        sign_in(&app, "GUESS@example.org", PASSWORD, None).await.0,
        429
    );

    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, session) = sign_in(&app, "guess@example.org", PASSWORD, None).await;
    assert!(status < 400 && session.is_some(), "{status}");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn one_address_is_limited_across_accounts_unless_the_limit_is_off(pool: PgPool) {
    // Four right sign-ins from one address (the tests' requests all come from one) use up
    // a limit of four; the fifth waits, whichever account it is for.
    let mut config = test_config();
    config.auth.attempts_per_address = 4;
    let app = seeded_app_with(pool.clone(), &config).await;
    for i in 0..2 {
        register(&app, &format!("member{i}@example.org")).await;
    }
    let mut statuses = Vec::new();
    for i in 0..6 {
        let email = format!("member{}@example.org", i % 2);
        statuses.push(sign_in(&app, &email, PASSWORD, None).await.0);
    }
    assert!(statuses[..4].iter().all(|s| *s < 400), "{statuses:?}");
    assert_eq!(statuses[4..], [429, 429], "{statuses:?}");

    // With the limit off (0), nothing is counted or recorded for the address.
    config.auth.attempts_per_address = 0;
    sqlx::query("delete from auth_attempts")
        .execute(&pool)
        .await
        .expect("clear");
    let app = seeded_app_with(pool.clone(), &config).await;
    for i in 0..6 {
        let email = format!("member{}@example.org", i % 2);
        let (status, session) = sign_in(&app, &email, PASSWORD, None).await;
        assert!(status < 400 && session.is_some(), "{status}");
    }
    let recorded: i64 = sqlx::query_scalar("select count(*) from auth_attempts")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(recorded, 0, "a limit that is off records nothing");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn sign_in_does_not_say_whether_the_email_exists(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    register(&app, "exists@example.org").await;
    let attempt = |email: &'static str| {
        let app = app.clone();
        async move {
            let body = form(&[("email", email), ("password", "not the password")]);
            send(&app, call("/api/account/sign-in", &body, None)).await
        }
    };
    let (known, known_text) = attempt("exists@example.org").await;
    let (unknown, unknown_text) = attempt("missing@example.org").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(
        known_text.replace("exists@", ""),
        unknown_text.replace("missing@", "")
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn exports_the_users_data_and_deletes_it_on_request(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "leaving@example.org").await;
    send(
        &app,
        call(
            "/api/account/forgot",
            &form(&[("email", "leaving@example.org")]),
            None,
        ),
    )
    .await;

    let request = Request::get("/account/data")
        .header(header::COOKIE, format!("{SESSION_COOKIE}={session}"))
        .body(Body::empty())
        .expect("request");
    let (response, text) = send(&app, request).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment")
    );
    let data: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(data["account"]["email"], "leaving@example.org");
    assert_eq!(data["password_resets"].as_array().map(Vec::len), Some(1));
    assert_eq!(data["mail"].as_array().map(Vec::len), Some(1));
    assert!(
        !text.contains("argon2"),
        "the hash is not personal data to hand out"
    );

    let (anonymous, _) = send(&app, get("/account/data")).await;
    assert_eq!(
        anonymous.status(),
        303,
        "anonymous readers are sent to sign in"
    );

    let (refused, _) = send(
        &app,
        call(
            "/api/account/delete",
            &form(&[("password", "wrong password here")]),
            Some(&session),
        ),
    )
    .await;
    assert_eq!(refused.status(), 422);
    // Signed in on a second device too: that session goes with the account.
    let (_, elsewhere) = sign_in(&app, "leaving@example.org", PASSWORD, None).await;
    assert!(elsewhere.is_some());
    let (response, _) = send(
        &app,
        call(
            "/api/account/delete",
            &form(&[("password", PASSWORD)]),
            Some(&session),
        ),
    )
    .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    for table in ["users", "password_resets", "outbox", "sessions"] {
        let left: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(left, 0, "{table} still holds the user's data");
    }
    assert_eq!(who(&app, &session).await, None);
}

/// The session's expiry and the `auth` record's times, as stored.
async fn stored_session(pool: &PgPool, id: &str) -> (f64, i64) {
    sqlx::query_as(
        "select extract(epoch from expiry_date - now())::float8,
                (data -> 'auth' ->> 'touched_at')::bigint
         from sessions where id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .expect("the session is stored")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_session_in_use_is_renewed_now_and_then_and_an_idle_one_ends(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "active@example.org").await;
    let idle = test_config().session_idle.as_secs_f64();

    // Just signed in: a request leaves the stored session alone and sends no cookie.
    let (fresh, _) = send(&app, page("/me/learning", &session)).await;
    assert_eq!(fresh.status(), 200);
    assert_eq!(session_set(&fresh), None, "no renewal right after sign-in");
    let (_, touched_at) = stored_session(&pool, &session).await;

    // Ten minutes later, a minute before its idle expiry, the learner is still reading:
    // the next request renews it (expiry a whole idle period away, cookie re-sent).
    sqlx::query(
        "update sessions set expiry_date = now() + interval '1 minute',
             data = jsonb_set(jsonb_set(data, '{auth,touched_at}', to_jsonb($2::bigint)),
                              '{auth,signed_in_at}', to_jsonb($2::bigint))
         where id = $1",
    )
    .bind(&session)
    .bind(touched_at - 600)
    .execute(&pool)
    .await
    .expect("age the session");
    let (renewing, _) = send(&app, page("/me/learning", &session)).await;
    assert_eq!(renewing.status(), 200);
    assert_eq!(session_set(&renewing).as_deref(), Some(session.as_str()));
    let (expires_in, renewed_at) = stored_session(&pool, &session).await;
    assert!(expires_in > idle - 60.0, "expires in {expires_in} s");
    assert!(renewed_at >= touched_at, "renewed at {renewed_at}");
    assert_eq!(who(&app, &session).await.as_deref(), Some("Tester"));

    // Left idle past its expiry, it is over.
    sqlx::query("update sessions set expiry_date = now() - interval '1 second' where id = $1")
        .bind(&session)
        .execute(&pool)
        .await
        .expect("expire the session");
    assert_eq!(who(&app, &session).await, None);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_session_cookie_is_host_prefixed_secure_http_only_and_lax(pool: PgPool) {
    let mut config = test_config();
    config.cookie_secure = true;
    let app = seeded_app_with(pool, &config).await;
    let body = form(&[
        ("email", "cookie@example.org"),
        ("display_name", "C"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    let (response, _) = send(&app, call("/api/account/register", &body, None)).await;
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-ihrec_session="))
        .expect("a __Host- session cookie")
        .to_owned();
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_session_ends_at_its_absolute_lifetime_however_active(pool: PgPool) {
    let mut config = test_config();
    config.auth.absolute_lifetime = Duration::from_secs(1);
    let app = seeded_app_with(pool.clone(), &config).await;
    let session = register(&app, "busy@example.org").await;
    assert!(who(&app, &session).await.is_some());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(who(&app, &session).await, None);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn create_admin_makes_a_platform_admin_who_sets_their_password_by_link(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let link = server::admin::create(&pool, &test_config(), "Root@Example.org", "Centre admin")
        .await
        .expect("admin created");
    let token = link.split("token=").nth(1).expect("token in link");
    let password = "the admin chooses this one";
    let reset = form(&[
        ("token", token),
        ("new_password", password),
        ("new_password_confirm", password),
    ]);
    let (response, text) = send(&app, call("/api/account/reset", &reset, None)).await;
    assert!(response.status().as_u16() < 400, "{text}");
    let session = sign_in(&app, "root@example.org", password, None)
        .await
        .1
        .expect("signs in");
    let (response, _) = send(
        &app,
        call_get("/api/admin/users?search=&page=1", Some(&session)),
    )
    .await;
    assert_eq!(response.status(), 200, "the new admin manages users");

    // Run again for an existing learner: promoted, password untouched.
    register(&app, "later@example.org").await;
    server::admin::create(&pool, &test_config(), "later@example.org", "Later")
        .await
        .expect("promoted");
    let role: String =
        sqlx::query_scalar("select role from users where email = 'later@example.org'")
            .fetch_one(&pool)
            .await
            .expect("role");
    assert_eq!(role, "platform_admin");
    assert!(
        sign_in(&app, "later@example.org", PASSWORD, None)
            .await
            .1
            .is_some()
    );
}
