//! Access control over every registered server function: the cross-origin refusal and
//! the authorization matrix. Both enumerate the functions the server actually
//! registers, so a new server function without an entry here fails the suite.
mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::*;
use leptos::server_fn::axum::server_fn_paths;
use sqlx::PgPool;
use std::collections::BTreeSet;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Learner,
    /// An author (the owner) of the course `human-rights-cities`.
    Educator,
    /// An educator who does not author that course.
    OtherEducator,
    OwnOrgAdmin,
    OtherOrgAdmin,
    PlatformAdmin,
}
use Who::*;

const EVERYONE: &[Who] = &[
    Anonymous,
    Learner,
    Educator,
    OtherEducator,
    OwnOrgAdmin,
    OtherOrgAdmin,
    PlatformAdmin,
];
const SIGNED_IN: &[Who] = &[
    Learner,
    Educator,
    OtherEducator,
    OwnOrgAdmin,
    OtherOrgAdmin,
    PlatformAdmin,
];
const EDUCATORS: &[Who] = &[Educator, OtherEducator, PlatformAdmin];
/// The course's own authors, and platform admins.
const AUTHORS: &[Who] = &[Educator, PlatformAdmin];

/// One server function: how to call it, and who may. "Allowed" means the answer is
/// neither 401 nor 403 (a 422 for harmless wrong input is still an allowed call).
/// Order matters: calls that end the caller's session come last.
struct Case {
    path: &'static str,
    allowed: &'static [Who],
}

fn matrix() -> Vec<Case> {
    vec![
        Case {
            path: "/api/catalog/courses",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/catalog/course",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/catalog/search",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/learning/lesson",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/learning/progress",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/learning/enrol",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/learning/done",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/learning/mine",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/quiz/overview",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/quiz/start",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/quiz/attempt",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/quiz/autosave",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/account/viewer",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/reset-valid",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/register",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/sign-in",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/forgot",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/reset",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/account/details",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/account/profile",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/account/password",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/account/delete",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/admin/users",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/admin/role",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/organisation/members",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/certificates/mine",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/certificates/name",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/certificates/verify",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/admin/certificates",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/admin/certificates/revoke",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/admin/keys",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/admin/keys/rotate",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/org/list",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/admin/organisations/create",
            allowed: &[PlatformAdmin],
        },
        Case {
            path: "/api/org/home",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/profile",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/admins/add",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/admins/remove",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/cohorts/create",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/cohort",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/import",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/import/confirm",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/codes/create",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/org/remind",
            allowed: &[OwnOrgAdmin, PlatformAdmin],
        },
        Case {
            path: "/api/join/offer",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/join",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/invitation",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/invitation/accept",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/cohorts/mine",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/cohorts/leave",
            allowed: SIGNED_IN,
        },
        Case {
            path: "/api/cities",
            allowed: EVERYONE,
        },
        Case {
            path: "/api/teach/home",
            allowed: EDUCATORS,
        },
        Case {
            path: "/api/teach/create",
            allowed: EDUCATORS,
        },
        Case {
            path: "/api/teach/course",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/settings",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/modules/add",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/modules/rename",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/move",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/remove",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/lessons/add",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/lesson",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/lessons/save",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/publish",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/archive",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/authors/add",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/authors/remove",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/quiz",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/import",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/import/confirm",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/quiz/settings",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/question",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/questions/save",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/questions/remove",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/teach/quiz/preview",
            allowed: AUTHORS,
        },
        Case {
            path: "/api/account/sign-out",
            allowed: EVERYONE,
        },
    ]
}

/// Arguments that pass deserialisation and change nothing lasting.
fn arguments(path: &str, org: Uuid, bystander: Uuid) -> String {
    match path {
        "/api/catalog/courses" => form(&[("lang", "en")]),
        "/api/catalog/course" => form(&[("slug", "human-rights-cities"), ("lang", "en")]),
        "/api/catalog/search" => {
            form(&[("lang", "ko"), ("filter[q]", "인권"), ("filter[page]", "1")])
        }
        "/api/learning/lesson" => form(&[
            ("course", "human-rights-cities"),
            ("lesson", "why-gwangju"),
            ("lang", "en"),
        ]),
        "/api/learning/progress" => form(&[("course", "human-rights-cities")]),
        "/api/learning/enrol" => form(&[("course", "human-rights-cities")]),
        "/api/learning/done" => {
            form(&[("course", "human-rights-cities"), ("lesson", "why-gwangju")])
        }
        "/api/learning/mine" => form(&[("lang", "en")]),
        "/api/quiz/overview" => form(&[
            ("course", "human-rights-cities"),
            ("module", "the-2020-forum"),
            ("lang", "en"),
        ]),
        // No such course: a signed-in caller gets 404, an anonymous one 401.
        "/api/quiz/start" => form(&[("course", "no-such-course"), ("module", "m")]),
        "/api/quiz/attempt" => form(&[("attempt", &Uuid::nil().to_string()), ("lang", "en")]),
        "/api/quiz/autosave" => form(&[("attempt", &Uuid::nil().to_string()), ("fields", "")]),
        "/api/account/reset-valid" => form(&[("token", "not-a-token")]),
        "/api/account/register" => form(&[
            ("email", "bad"),
            ("display_name", ""),
            ("password", "x"),
            ("password_confirm", "y"),
        ]),
        "/api/account/sign-in" => form(&[
            ("email", "nobody@example.org"),
            ("password", "wrong password"),
        ]),
        "/api/account/forgot" => form(&[("email", "not an email")]),
        "/api/account/reset" => form(&[
            ("token", "not-a-token"),
            ("new_password", "x"),
            ("new_password_confirm", "x"),
        ]),
        "/api/account/profile" => form(&[("display_name", "Tester"), ("preferred_lang", "en")]),
        "/api/account/password" => form(&[
            ("current_password", "wrong"),
            ("new_password", "x"),
            ("new_password_confirm", "x"),
        ]),
        "/api/account/delete" => form(&[("password", "wrong password")]),
        "/api/admin/users" => form(&[("search", ""), ("page", "1")]),
        "/api/admin/role" => form(&[("user_id", &bystander.to_string()), ("role", "learner")]),
        "/api/organisation/members" => form(&[("organisation", &org.to_string())]),
        "/api/certificates/mine" => form(&[("lang", "en")]),
        "/api/org/list" => form(&[("lang", "en")]),
        // Refused for its fields (no name): nothing is created.
        "/api/admin/organisations/create" => form(&[
            ("slug", "new-city"),
            ("name_en", ""),
            ("name_ko", ""),
            ("country", ""),
            ("region", ""),
            ("declared_year", ""),
            ("website", ""),
            ("admin_email", ""),
        ]),
        "/api/org/home" => form(&[("slug", "gwangju"), ("lang", "en")]),
        "/api/org/profile" => form(&[
            ("slug", "gwangju"),
            ("name_en", ""),
            ("name_ko", ""),
            ("country", ""),
            ("region", ""),
            ("declared_year", ""),
            ("website", ""),
        ]),
        "/api/org/admins/add" => form(&[("slug", "gwangju"), ("email", "nobody@example.org")]),
        "/api/org/admins/remove" => {
            form(&[("slug", "gwangju"), ("user_id", &bystander.to_string())])
        }
        "/api/org/cohorts/create" => form(&[
            ("slug", "gwangju"),
            ("course", "human-rights-cities"),
            ("name", ""),
            ("starts_on", ""),
            ("ends_on", ""),
            ("seat_limit", ""),
        ]),
        // No such cohort: an admin of the city gets 404, everyone else 401/403.
        "/api/org/cohort" => form(&[
            ("slug", "gwangju"),
            ("cohort", &Uuid::nil().to_string()),
            ("filter[q]", ""),
            ("filter[sort]", "name"),
            ("lang", "en"),
        ]),
        "/api/org/import" => form(&[
            ("slug", "gwangju"),
            ("cohort", &Uuid::nil().to_string()),
            ("import", &Uuid::nil().to_string()),
        ]),
        "/api/org/import/confirm" => form(&[
            ("slug", "gwangju"),
            ("cohort", &Uuid::nil().to_string()),
            ("import", &Uuid::nil().to_string()),
        ]),
        "/api/org/codes/create" => form(&[
            ("slug", "gwangju"),
            ("cohort", &Uuid::nil().to_string()),
            ("days", "7"),
            ("max_uses", "5"),
        ]),
        "/api/org/remind" => form(&[("slug", "gwangju"), ("cohort", &Uuid::nil().to_string())]),
        "/api/join/offer" => form(&[("code", "0000-0000-0000"), ("lang", "en")]),
        // No consent: refused for the field.
        "/api/join" => form(&[("code", "0000-0000-0000")]),
        "/api/invitation" => form(&[("token", "not-a-token"), ("lang", "en")]),
        "/api/invitation/accept" => form(&[("token", "not-a-token")]),
        "/api/cohorts/mine" => form(&[("lang", "en")]),
        "/api/cohorts/leave" => form(&[("cohort", &Uuid::nil().to_string())]),
        "/api/cities" => form(&[("lang", "en")]),
        "/api/certificates/name" => form(&[("certificate_name", "Tester")]),
        // Well formed (its check symbol is right) and issued to nobody.
        "/api/certificates/verify" => form(&[("code", "0000-0000-0000")]),
        "/api/admin/certificates" => form(&[("search", ""), ("page", "1"), ("lang", "en")]),
        // No such certificate: an admin gets 404, everyone else 401/403.
        "/api/admin/certificates/revoke" => form(&[
            ("id", &Uuid::nil().to_string()),
            ("reason", "test"),
            ("code", ""),
        ]),
        "/api/teach/home" => form(&[("lang", "en")]),
        // No such module or import: an author gets 404.
        "/api/teach/quiz" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("lang", "en"),
        ]),
        "/api/teach/import" => form(&[
            ("slug", "human-rights-cities"),
            ("import", NIL),
            ("lang", "en"),
        ]),
        "/api/teach/import/confirm" => form(&[("slug", "human-rights-cities"), ("import", NIL)]),
        "/api/teach/question" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("kind", "single_choice"),
            ("lang", "en"),
        ]),
        // A question without text: refused for its fields, nothing saved.
        "/api/teach/questions/save" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("token", NIL),
            ("q[kind]", "true_false"),
            ("q[points]", "1"),
            ("q[answer]", "true"),
        ]),
        "/api/teach/questions/remove" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("question", NIL),
        ]),
        "/api/teach/quiz/preview" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("lang", "en"),
        ]),
        // A pass mark over 100: refused for the field, nothing saved.
        "/api/teach/quiz/settings" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("pass_percent", "101"),
            ("max_attempts", ""),
            ("time_limit_minutes", ""),
            ("draw_count", ""),
            ("review", "never"),
        ]),
        // Refused for its fields: nothing is created.
        "/api/teach/create" => form(&[
            ("slug", ""),
            ("topic", "human-rights-cities"),
            ("title_en", ""),
            ("title_ko", ""),
            ("summary_en", ""),
            ("summary_ko", ""),
            ("estimated_minutes", "60"),
        ]),
        "/api/teach/course" => form(&[("slug", "human-rights-cities"), ("lang", "en")]),
        "/api/teach/settings" => form(&[
            ("slug", "human-rights-cities"),
            ("topic", "human-rights-cities"),
            ("title_en", ""),
            ("title_ko", ""),
            ("summary_en", ""),
            ("summary_ko", ""),
            ("estimated_minutes", "60"),
        ]),
        "/api/teach/modules/add" => form(&[
            ("slug", "human-rights-cities"),
            ("token", NIL),
            ("title_en", ""),
            ("title_ko", ""),
        ]),
        "/api/teach/modules/rename" => form(&[
            ("slug", "human-rights-cities"),
            ("module", NIL),
            ("title_en", ""),
            ("title_ko", ""),
        ]),
        "/api/teach/move" => form(&[
            ("slug", "human-rights-cities"),
            ("item", "module"),
            ("id", NIL),
            ("direction", "sideways"),
        ]),
        "/api/teach/remove" => form(&[
            ("slug", "human-rights-cities"),
            ("item", "nothing"),
            ("id", NIL),
        ]),
        "/api/teach/lessons/add" => form(&[
            ("slug", "human-rights-cities"),
            ("token", NIL),
            ("module", NIL),
            ("title_en", ""),
            ("title_ko", ""),
        ]),
        // No such lesson: an author gets 404.
        "/api/teach/lesson" => form(&[
            ("slug", "human-rights-cities"),
            ("lesson", NIL),
            ("lang", "en"),
        ]),
        "/api/teach/lessons/save" => form(&[
            ("slug", "human-rights-cities"),
            ("lesson", NIL),
            ("title_en", ""),
            ("title_ko", ""),
            ("body_en", ""),
            ("body_ko", ""),
            ("estimated_minutes", ""),
        ]),
        // A note over 500 characters: refused before anything is published.
        "/api/teach/publish" => form(&[("slug", "human-rights-cities"), ("note", LONG_NOTE)]),
        // Not archived, and asked not to be: no change.
        "/api/teach/archive" => form(&[("slug", "human-rights-cities"), ("archived", "false")]),
        "/api/teach/authors/add" => form(&[
            ("slug", "human-rights-cities"),
            ("email", "nobody@example.org"),
        ]),
        // The bystander is no author: nothing is removed.
        "/api/teach/authors/remove" => form(&[
            ("slug", "human-rights-cities"),
            ("user_id", &bystander.to_string()),
        ]),
        _ => String::new(),
    }
}

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const LONG_NOTE: &str = concat!(
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "0123456789"
);

struct World {
    sessions: Vec<(Who, Option<String>)>,
    org: Uuid,
    bystander: Uuid,
}

impl World {
    /// The session of a signed-in kind of user.
    fn session(&self, who: Who) -> String {
        self.sessions
            .iter()
            .find(|(w, _)| *w == who)
            .and_then(|(_, session)| session.clone())
            .expect("a signed-in user")
    }
}

async fn user_id(pool: &PgPool, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .expect("user")
}

async fn world(app: &axum::Router, pool: &PgPool) -> World {
    let org: Uuid = sqlx::query_scalar(r#"insert into organisations (slug, name) values ('gwangju', '{"en": "Gwangju"}') returning id"#)
        .fetch_one(pool).await.expect("org");
    let other: Uuid = sqlx::query_scalar(r#"insert into organisations (slug, name) values ('seoul', '{"en": "Seoul"}') returning id"#)
        .fetch_one(pool).await.expect("org");
    let mut sessions = vec![(Anonymous, None)];
    for (who, email) in [
        (Learner, "learner@example.org"),
        (Educator, "educator@example.org"),
        (OtherEducator, "other-educator@example.org"),
        (OwnOrgAdmin, "own@example.org"),
        (OtherOrgAdmin, "other@example.org"),
        (PlatformAdmin, "admin@example.org"),
    ] {
        register(app, email).await;
        let role = match who {
            Educator | OtherEducator => "educator",
            PlatformAdmin => "platform_admin",
            _ => "learner",
        };
        let id: Uuid =
            sqlx::query_scalar("update users set role = $2 where email = $1 returning id")
                .bind(email)
                .bind(role)
                .fetch_one(pool)
                .await
                .expect("role");
        let membership = match who {
            OwnOrgAdmin => Some(org),
            OtherOrgAdmin => Some(other),
            _ => None,
        };
        if let Some(organisation) = membership {
            sqlx::query(
                "insert into memberships (organisation_id, user_id, role) values ($1, $2, 'admin')",
            )
            .bind(organisation)
            .bind(id)
            .execute(pool)
            .await
            .expect("membership");
        }
        if who == Educator {
            sqlx::query(
                "insert into course_authors (course_id, user_id, role)
                 select id, $1, 'owner' from courses where slug = 'human-rights-cities'",
            )
            .bind(id)
            .execute(pool)
            .await
            .expect("authorship");
        }
        // Sign in again so the session reflects the role just given.
        let session = sign_in(app, email, PASSWORD, None)
            .await
            .1
            .expect("signed in");
        sessions.push((who, Some(session)));
    }
    let bystander_session = register(app, "bystander@example.org").await;
    drop(bystander_session);
    let bystander =
        sqlx::query_scalar("select id from users where email = 'bystander@example.org'")
            .fetch_one(pool)
            .await
            .expect("bystander");
    World {
        sessions,
        org,
        bystander,
    }
}

fn registered() -> Vec<(String, Method)> {
    server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method))
        .collect()
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_matrix_covers_every_server_function_and_allows_nothing_unexpected(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let world = world(&app, &pool).await;
    let methods: std::collections::BTreeMap<String, Method> = registered().into_iter().collect();

    let listed: BTreeSet<String> = matrix().iter().map(|c| c.path.to_owned()).collect();
    let actual: BTreeSet<String> = methods.keys().cloned().collect();
    assert_eq!(
        listed, actual,
        "the matrix must list exactly the registered server functions"
    );

    let mut unexpected = Vec::new();
    for case in matrix() {
        let args = arguments(case.path, world.org, world.bystander);
        for (who, session) in &world.sessions {
            let request = if methods[case.path] == Method::GET {
                call_get(&format!("{}?{args}", case.path), session.as_deref())
            } else {
                call(case.path, &args, session.as_deref())
            };
            let (response, text) = send(&app, request).await;
            let status = response.status().as_u16();
            let allowed = !matches!(status, 401 | 403);
            let expected = case.allowed.contains(who);
            if allowed != expected {
                unexpected.push(format!("{} as {who:?}: {status} {text}", case.path));
            }
            assert_ne!(status, 500, "{} as {who:?} failed: {text}", case.path);
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected outcomes:\n{}",
        unexpected.join("\n")
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn cross_origin_posts_to_every_state_changing_server_function_are_refused(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let world = world(&app, &pool).await;
    let admin = world.session(PlatformAdmin);
    let posts: Vec<String> = registered()
        .into_iter()
        .filter(|(_, m)| *m != Method::GET)
        .map(|(p, _)| p)
        .collect();
    assert!(
        posts.len() >= 9,
        "expected the account and admin functions, found {posts:?}"
    );

    for path in &posts {
        let args = arguments(path, world.org, world.bystander);
        for (origin, sec_fetch_site) in [
            (Some("https://evil.example"), None),
            (None, Some("cross-site")),
            (None, None),
        ] {
            let mut request = Request::post(path.as_str())
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, format!("{SESSION_COOKIE}={admin}"));
            if let Some(origin) = origin {
                request = request.header(header::ORIGIN, origin);
            }
            if let Some(site) = sec_fetch_site {
                request = request.header("sec-fetch-site", site);
            }
            let (response, text) = send(
                &app,
                request.body(Body::from(args.clone())).expect("request"),
            )
            .await;
            assert_eq!(
                response.status(),
                403,
                "{path} with origin {origin:?} / {sec_fetch_site:?}"
            );
            assert!(
                text.contains("<h1>Request refused</h1>"),
                "a clear page: {text}"
            );
        }
    }
    // The admin's session was never touched by the refused sign-out.
    assert!(who(&app, &admin).await.is_some());
    // And the same request from our own origin goes through.
    let (response, _) = send(&app, call("/api/account/sign-out", "", Some(&admin))).await;
    assert_ne!(response.status(), 403);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_role_change_ends_the_users_sessions(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let world = world(&app, &pool).await;
    let admin = world.session(PlatformAdmin);
    let learner = world.session(Learner);
    let learner_id: Uuid = user_id(&pool, "learner@example.org").await;
    let (response, text) = send(
        &app,
        call(
            "/api/admin/role",
            &form(&[("user_id", &learner_id.to_string()), ("role", "educator")]),
            Some(&admin),
        ),
    )
    .await;
    assert!(response.status().as_u16() < 400, "{text}");
    let role: String = sqlx::query_scalar("select role from users where id = $1")
        .bind(learner_id)
        .fetch_one(&pool)
        .await
        .expect("role");
    assert_eq!(role, "educator");
    assert_eq!(
        who(&app, &learner).await,
        None,
        "the new role starts with a new session"
    );

    // An admin cannot change their own role.
    let admin_id: Uuid = user_id(&pool, "admin@example.org").await;
    let (response, _) = send(
        &app,
        call(
            "/api/admin/role",
            &form(&[("user_id", &admin_id.to_string()), ("role", "learner")]),
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(response.status(), 403);
}
