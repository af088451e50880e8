//! Partner cities against a real PostgreSQL and the real router: a 1,000-line staff
//! list with 50 bad lines (dry run, confirm, re-upload), joins under concurrency
//! (code maximum and seat limit), one city's admin locked out of another's cohorts,
//! and the CSV export agreeing with the dashboard.
mod common;

use app::domain::cohort::{RowOutcome, RowProblem};
use app::ssr::cohort_csv::read_rows;
use app::ssr::db::cohorts::{self, Applied, Joined};
use common::cohorts::*;
use common::*;
use sqlx::PgPool;
use std::time::Instant;

/// 950 good lines (100 of them people who already have an account) and 50 bad ones of
/// five kinds, at known lines. Korean names, a byte-order mark and a header line.
fn staff_list() -> (String, Vec<(usize, RowProblem)>) {
    let mut lines = vec!["\u{FEFF}email,name,language".to_owned()];
    let mut bad = Vec::new();
    for i in 1..=1000 {
        let line = i + 1;
        let text = match i % 100 {
            0 => {
                bad.push((line, RowProblem::EmailInvalid));
                format!("staff{i}.example.org,김민준 {i},ko")
            }
            20 => {
                bad.push((line, RowProblem::NameMissing));
                format!("staff{i}@example.org,,en")
            }
            40 => {
                bad.push((line, RowProblem::LanguageUnknown));
                format!("staff{i}@example.org,Staff {i},fr")
            }
            // The same email as the line before it.
            60 => {
                bad.push((line, RowProblem::DuplicateInFile));
                let before = if i - 1 <= 100 { "existing" } else { "staff" };
                format!("{before}{}@example.org,Again {i},en", i - 1)
            }
            80 => {
                bad.push((line, RowProblem::WrongColumns));
                format!("staff{i}@example.org,Staff {i},en,extra,columns")
            }
            _ if i <= 100 => format!("existing{i}@example.org,Existing {i},en"),
            _ => format!("staff{i}@example.org,이서연 {i},ko"),
        };
        lines.push(text);
    }
    (lines.join("\r\n"), bad)
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_thousand_line_staff_list_is_checked_then_applied_exactly_once(pool: PgPool) {
    server::db::migrate(&pool).await.expect("migrate");
    server::seed::demo_courses(&pool).await.expect("seed");
    let org = city(&pool, "gwangju").await;
    let row = cohort(&pool, org, 2000, true).await;
    let admin = users(&pool, "admin", 1).await[0];
    sqlx::query(
        "insert into users (email, display_name, password_hash)
         select 'existing' || i || '@example.org', 'Existing ' || i, 'x' from generate_series(1, 100) i",
    )
    .execute(&pool)
    .await
    .expect("existing accounts");
    let (file, bad) = staff_list();
    assert_eq!(bad.len(), 50);

    let started = Instant::now();
    let rows = read_rows(file.as_bytes()).expect("readable");
    assert_eq!(rows.len(), 1000);
    let (import, report) = cohorts::plan_import(&pool, &row, &rows, admin)
        .await
        .expect("plan");
    let planned = started.elapsed();
    // Every bad line is reported, at its line, for its reason; nothing else is refused.
    let refused: Vec<(usize, RowProblem)> = report
        .rows
        .iter()
        .filter_map(|r| match r.outcome {
            RowOutcome::Refused(problem) => Some((r.line, problem)),
            _ => None,
        })
        .collect();
    assert_eq!(refused, bad);
    let existing_added = report.count(|o| *o == RowOutcome::Add);
    let invited = report.count(|o| *o == RowOutcome::Invite);
    assert_eq!(
        (existing_added, invited),
        (95, 855),
        "100 existing minus the 5 bad lines among them"
    );
    // The dry run changed nothing.
    assert_eq!(count(&pool, "select count(*) from cohort_members").await, 0);

    let Applied::Applied(invitations) = cohorts::apply_import(&pool, row.id, import)
        .await
        .expect("apply")
    else {
        panic!("not applied");
    };
    let applied = started.elapsed();
    assert_eq!(invitations.len(), 950);
    assert_eq!(
        count(&pool, "select count(*) from cohort_members").await,
        950
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from cohort_invitations where used_at is null"
        )
        .await,
        950
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from users where password_hash = '!'"
        )
        .await,
        855
    );
    // Confirming twice (a double click) applies nothing more.
    assert!(matches!(
        cohorts::apply_import(&pool, row.id, import)
            .await
            .expect("again"),
        Applied::AlreadyApplied
    ));

    // The same file again: everyone is already a member; confirming changes nothing.
    let row = cohorts::cohort(&pool, org, row.id)
        .await
        .expect("read")
        .expect("exists");
    let (again, report) = cohorts::plan_import(&pool, &row, &rows, admin)
        .await
        .expect("plan again");
    assert_eq!(report.count(|o| *o == RowOutcome::AlreadyMember), 950);
    assert_eq!(report.to_add().count(), 0);
    let Applied::Applied(none) = cohorts::apply_import(&pool, row.id, again)
        .await
        .expect("apply again")
    else {
        panic!("not applied");
    };
    assert!(none.is_empty());
    assert_eq!(
        count(&pool, "select count(*) from cohort_members").await,
        950
    );
    assert_eq!(
        count(&pool, "select count(*) from cohort_invitations").await,
        950
    );
    eprintln!(
        "1,000-line staff list: read + dry run {:?}, + confirm {:?}, whole with re-upload {:?}",
        planned,
        applied,
        started.elapsed()
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_hundred_joins_at_once_respect_the_code_maximum_and_the_seat_limit(pool: PgPool) {
    server::db::migrate(&pool).await.expect("migrate");
    server::seed::demo_courses(&pool).await.expect("seed");
    let org = city(&pool, "seoul").await;
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(7);

    // A code for 50, a cohort with room for 1,000.
    let roomy = cohort(&pool, org, 1000, true).await;
    let code = cohorts::create_code(&pool, roomy.id, far, 50)
        .await
        .expect("code");
    let people = users(&pool, "joiner", 100).await;
    let tasks: Vec<_> = people
        .iter()
        .map(|&user| {
            let (pool, code) = (pool.clone(), code.clone());
            tokio::spawn(async move { cohorts::join_with_code(&pool, user, &code).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task").expect("join"));
    }
    let joined = outcomes
        .iter()
        .filter(|o| matches!(o, Joined::Joined(_)))
        .count();
    let used_up = outcomes.iter().filter(|o| **o == Joined::UsedUp).count();
    assert_eq!((joined, used_up), (50, 50));
    assert_eq!(
        count(&pool, "select count(*) from cohort_members").await,
        50
    );
    assert_eq!(
        count(&pool, "select uses::bigint from cohort_codes").await,
        50
    );
    // Joining enrols in the cohort's course.
    assert_eq!(count(&pool, "select count(*) from enrolments").await, 50);
    // Joining again takes no seat and no use.
    assert!(matches!(
        cohorts::join_with_code(&pool, people[0], &code)
            .await
            .expect("again"),
        Joined::AlreadyMember(_) | Joined::Joined(_)
    ));

    // A code for 100, a cohort with 30 seats.
    let small = cohort(&pool, org, 30, true).await;
    let code = cohorts::create_code(&pool, small.id, far, 100)
        .await
        .expect("code");
    let tasks: Vec<_> = people
        .iter()
        .map(|&user| {
            let (pool, code) = (pool.clone(), code.clone());
            tokio::spawn(async move { cohorts::join_with_code(&pool, user, &code).await })
        })
        .collect();
    let mut full = 0;
    let mut joined = 0;
    for task in tasks {
        match task.await.expect("task").expect("join") {
            Joined::Joined(_) => joined += 1,
            Joined::CohortFull => full += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((joined, full), (30, 70));

    // An expired code says so.
    let past = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    let old = cohorts::create_code(&pool, roomy.id, past, 10)
        .await
        .expect("code");
    assert_eq!(
        cohorts::join_with_code(&pool, people[99], &old)
            .await
            .expect("join"),
        Joined::Expired
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_admin_of_one_city_reaches_nothing_of_another(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let a = city(&pool, "city-a").await;
    let b = city(&pool, "city-b").await;
    let cohort_b = cohort(&pool, b, 100, true).await;
    let admin_b = users(&pool, "adminb", 1).await[0];
    let rows = read_rows(b"someone@example.org,Someone,en").expect("rows");
    let (import_b, _) = cohorts::plan_import(&pool, &cohort_b, &rows, admin_b)
        .await
        .expect("plan");
    let session = admin_session(&app, &pool, "admin-a@example.org", a).await;
    let id = cohort_b.id;

    let gets = [
        "/api/org/home?slug=city-b&lang=en".to_owned(),
        format!("/api/org/cohort?slug=city-b&cohort={id}&filter[q]=&filter[sort]=name&lang=en"),
        // City A's address with city B's cohort: still nothing.
        format!("/api/org/cohort?slug=city-a&cohort={id}&filter[q]=&filter[sort]=name&lang=en"),
        format!("/api/org/import?slug=city-b&cohort={id}&import={import_b}"),
        format!("/api/org/import?slug=city-a&cohort={id}&import={import_b}"),
        format!("/org/city-b/cohorts/{id}/members.csv"),
        format!("/org/city-a/cohorts/{id}/members.csv"),
    ];
    for path in &gets {
        let (response, text) = send(&app, call_get(path, Some(&session))).await;
        assert!(
            matches!(response.status().as_u16(), 403 | 404),
            "{path}: {} {text}",
            response.status()
        );
        assert!(!text.contains("someone@example.org"));
    }
    let posts = [
        (
            "/api/org/import/confirm",
            form(&[
                ("slug", "city-b"),
                ("cohort", &id.to_string()),
                ("import", &import_b.to_string()),
            ]),
        ),
        (
            "/api/org/import/confirm",
            form(&[
                ("slug", "city-a"),
                ("cohort", &id.to_string()),
                ("import", &import_b.to_string()),
            ]),
        ),
        (
            "/api/org/codes/create",
            form(&[
                ("slug", "city-b"),
                ("cohort", &id.to_string()),
                ("days", "7"),
                ("max_uses", "5"),
            ]),
        ),
        (
            "/api/org/remind",
            form(&[("slug", "city-b"), ("cohort", &id.to_string())]),
        ),
        (
            "/api/org/profile",
            form(&[
                ("slug", "city-b"),
                ("name_en", "Taken"),
                ("name_ko", ""),
                ("country", ""),
                ("region", ""),
                ("declared_year", ""),
                ("website", ""),
            ]),
        ),
        (
            "/api/org/admins/add",
            form(&[("slug", "city-b"), ("email", "admin-a@example.org")]),
        ),
        (
            "/api/org/cohorts/create",
            form(&[
                ("slug", "city-b"),
                ("course", COURSE),
                ("name", "X"),
                ("starts_on", "2026-12-01"),
                ("ends_on", "2026-12-31"),
                ("seat_limit", "5"),
            ]),
        ),
    ];
    for (path, body) in &posts {
        let (response, text) = send(&app, call(path, body, Some(&session))).await;
        assert!(
            matches!(response.status().as_u16(), 403 | 404),
            "{path}: {} {text}",
            response.status()
        );
    }
    // The upload: refused before the file is read.
    let upload = axum::http::Request::post(format!("/org/city-b/cohorts/{id}/import"))
        .header("cookie", format!("{SESSION_COOKIE}={session}"))
        .header("origin", ORIGIN)
        .header("host", HOST)
        .header("content-type", "multipart/form-data; boundary=X")
        .body(axum::body::Body::from("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx@example.org,X,en\r\n--X--\r\n"))
        .expect("request");
    let (response, _) = send(&app, upload).await;
    assert_eq!(response.status(), 404);
    // Nothing of city B changed.
    assert_eq!(count(&pool, "select count(*) from cohort_members").await, 0);
    assert_eq!(count(&pool, "select count(*) from cohort_codes").await, 0);
    assert_eq!(count(&pool, "select count(*) from cohorts").await, 1);
    let name: String = sqlx::query_scalar("select name ->> 'en' from organisations where id = $1")
        .bind(b)
        .fetch_one(&pool)
        .await
        .expect("name");
    assert_eq!(name, "CITY-B");
    // And city A's own dashboard answers.
    let own = cohort(&pool, a, 10, true).await;
    let (response, _) = send(
        &app,
        call_get(
            &format!(
                "/api/org/cohort?slug=city-a&cohort={}&filter[q]=&filter[sort]=name&lang=en",
                own.id
            ),
            Some(&session),
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_csv_export_holds_exactly_what_the_dashboard_shows(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let org = city(&pool, "busan").await;
    let row = cohort(&pool, org, 100, true).await;
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(7);
    let code = cohorts::create_code(&pool, row.id, far, 100)
        .await
        .expect("code");
    let people = users(&pool, "member", 12).await;
    for user in &people[..8] {
        cohorts::join_with_code(&pool, *user, &code)
            .await
            .expect("join");
    }
    // Four of them start the course.
    let first: String = sqlx::query_scalar(
        "select l.slug from lessons l join modules m on m.id = l.module_id join courses c on c.current_version_id = l.version_id
         where c.slug = $1 order by m.position, l.position limit 1",
    )
    .bind(COURSE)
    .fetch_one(&pool)
    .await
    .expect("lesson");
    for user in &people[..4] {
        app::ssr::db::learning::mark_done(&pool, *user, COURSE, &first)
            .await
            .expect("done");
    }
    // Four more are invited by a file.
    let admin = admin_session(&app, &pool, "busan-admin@example.org", org).await;
    let list = "member9@example.org,User 9,en\nmember10@example.org,User 10,ko\nmember11@example.org,User 11,en\nmember12@example.org,User 12,en\n";
    let rows = read_rows(list.as_bytes()).expect("rows");
    let (import, _) = cohorts::plan_import(&pool, &row, &rows, people[0])
        .await
        .expect("plan");
    cohorts::apply_import(&pool, row.id, import)
        .await
        .expect("apply");

    for query in [
        "filter[q]=&filter[sort]=name",
        "filter[status]=in_progress&filter[q]=&filter[sort]=progress",
        "filter[q]=user%201&filter[sort]=status",
    ] {
        let (response, json) = send(
            &app,
            call_get(
                &format!(
                    "/api/org/cohort?slug=busan&cohort={}&{query}&lang=en",
                    row.id
                ),
                Some(&admin),
            ),
        )
        .await;
        assert_eq!(response.status(), 200, "{json}");
        let dashboard: serde_json::Value = serde_json::from_str(&json).expect("json");
        let export_query = query.replace("filter[", "").replace(']', "");
        let (response, csv) = send(
            &app,
            call_get(
                &format!("/org/busan/cohorts/{}/members.csv?{export_query}", row.id),
                Some(&admin),
            ),
        )
        .await;
        assert_eq!(response.status(), 200);
        let csv = csv.trim_start_matches('\u{FEFF}');
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let exported: Vec<(String, String, String)> = reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                (r[1].to_owned(), r[3].to_owned(), r[6].to_owned())
            })
            .collect();
        let shown: Vec<(String, String, String)> = dashboard["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                (
                    m["email"].as_str().unwrap_or_default().to_owned(),
                    m["percent"]
                        .as_i64()
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    m["quiz_percent"]
                        .as_i64()
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(exported, shown, "{query}");
        assert!(!shown.is_empty(), "{query} shows someone");
    }
    // The figures: 12 members, 8 joined, suppressed completion (none completed is still a figure about 8).
    let (_, json) = send(
        &app,
        call_get(
            &format!(
                "/api/org/cohort?slug=busan&cohort={}&filter[q]=&filter[sort]=name&lang=en",
                row.id
            ),
            Some(&admin),
        ),
    )
    .await;
    let dashboard: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(dashboard["figures"]["members"], 12);
    assert_eq!(dashboard["figures"]["joined"], 8);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_large_cohort_is_shown_a_hundred_members_a_page_and_exported_whole(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let org = city(&pool, "daegu").await;
    let row = cohort(&pool, org, 1000, true).await;
    let people = users(&pool, "staff", 250).await;
    sqlx::query(
        "insert into cohort_members (cohort_id, user_id, state) select $1, unnest($2::uuid[]), 'invited'",
    )
    .bind(row.id)
    .bind(&people)
    .execute(&pool)
    .await
    .expect("members");
    let admin = admin_session(&app, &pool, "daegu-admin@example.org", org).await;
    let dashboard = |page: &str| {
        call_get(
            &format!(
                "/api/org/cohort?slug=daegu&cohort={}&filter[q]=&filter[sort]=name{page}&lang=en",
                row.id
            ),
            Some(&admin),
        )
    };
    let mut emails = Vec::new();
    for (page, expected) in [("&page=1", 100), ("&page=2", 100), ("&page=3", 50)] {
        let (response, json) = send(&app, dashboard(page)).await;
        assert_eq!(response.status(), 200, "{json}");
        let json: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(json["matching"], 250, "{page}");
        assert_eq!(json["pages"], 3, "{page}");
        assert_eq!(json["figures"]["members"], 250, "figures count every page");
        let members = json["members"].as_array().expect("members");
        assert_eq!(members.len(), expected, "{page}");
        emails.extend(
            members
                .iter()
                .map(|m| m["email"].as_str().unwrap_or_default().to_owned()),
        );
    }
    // The pages together: every member once, in the filter's order (by name).
    let mut sorted = emails.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 250, "no member on two pages");
    // No page (or past the last): the nearest page.
    let (_, json) = send(&app, dashboard("")).await;
    let first: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(first["page"], 1);
    let (_, json) = send(&app, dashboard("&page=99")).await;
    let last: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(last["page"], 3);
    // The HTML page links to the next page, keeping the filter; the export holds all.
    let (response, html) = send(
        &app,
        call_get(
            &format!("/org/daegu/cohorts/{}?sort=name", row.id),
            Some(&admin),
        )
        .map_request_to_html(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let pager = html
        .split_once("class=\"pagination\"")
        .map(|(_, after)| after.split_once("</nav>").map_or(after, |(nav, _)| nav))
        .unwrap_or_default()
        .replace("<!>", "");
    assert!(pager.contains("Page 1 of 3"), "the pager is there: {pager}");
    assert!(
        pager.contains("sort=name&amp;page=2"),
        "the next page keeps the filter: {pager}"
    );
    let (response, csv) = send(
        &app,
        call_get(
            &format!("/org/daegu/cohorts/{}/members.csv?sort=name", row.id),
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(csv.trim().lines().count(), 251, "a header and every member");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_cohort_pages_render_without_javascript(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let org = city(&pool, "suwon").await;
    let row = cohort(&pool, org, 50, true).await;
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(7);
    let code = cohorts::create_code(&pool, row.id, far, 10)
        .await
        .expect("code");
    let admin = admin_session(&app, &pool, "suwon-admin@example.org", org).await;
    let rows = read_rows("invitee@example.org,초대 받은 사람,ko\n".as_bytes()).expect("rows");
    let by = users(&pool, "planner", 1).await[0];
    let (import, _) = cohorts::plan_import(&pool, &row, &rows, by)
        .await
        .expect("plan");

    for (path, expected) in [
        ("/org".to_owned(), "SUWON"),
        ("/org/suwon".to_owned(), "Staff 2026"),
        (format!("/org/suwon/cohorts/{}", row.id), "Staff 2026"),
        (
            format!("/org/suwon/cohorts/{}/imports/{import}", row.id),
            "invitee@example.org",
        ),
    ] {
        let (response, html) =
            send(&app, call_get(&path, Some(&admin)).map_request_to_html()).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(html.contains(expected), "{path} shows {expected:?}");
    }
    // The public page: the city, its course, and no staff figure below five.
    let (response, html) = send(&app, get("/cities")).await;
    assert_eq!(response.status(), 200);
    assert!(html.contains("SUWON"));
    assert!(html.contains("fewer than 5"));
    // A learner sees the consent screen for a code, in Korean too.
    let learner = register(&app, "joiner@example.org").await;
    let (response, html) = send(
        &app,
        call_get(&format!("/join/{code}"), Some(&learner)).map_request_to_html(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(
        html.contains("Your organisation will see your progress"),
        "{html}"
    );
    // Someone else's organisation page: refused.
    let (response, _) = send(
        &app,
        call_get("/org/suwon", Some(&learner)).map_request_to_html(),
    )
    .await;
    assert_eq!(response.status(), 403);
}

trait AsPage {
    fn map_request_to_html(self) -> axum::http::Request<axum::body::Body>;
}

impl AsPage for axum::http::Request<axum::body::Body> {
    /// A page as a browser asks for it (the helper's requests are server-function calls).
    fn map_request_to_html(mut self) -> Self {
        self.headers_mut()
            .insert("accept", "text/html".parse().expect("header"));
        self
    }
}
