//! The kill test: answers saved during an attempt survive the server process being
//! killed (SIGKILL, no shutdown) and started again. The learner's session and attempt
//! live in PostgreSQL, so the new process carries on where the old one stopped.
use app::domain::encode_query;
use app::domain::quiz::grading::QuestionSpec;
use sqlx::PgPool;
use sqlx::types::Json;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

const COURSE: &str = "human-rights-cities";
const MODULE: &str = "the-2020-forum";
const PASSWORD: &str = "gwangju may democracy 1980";

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the real server binary on `addr` against `database_url`, and waits until
    /// it answers `/healthz`.
    async fn start(database_url: &str, addr: SocketAddr) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("COOKIE_SECURE", "false")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, _, _)) = server.request("GET", "/healthz", None, None).await {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not come up on {addr}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Kills the process outright: no graceful shutdown, nothing flushed.
    fn kill(self) {
        drop(self);
    }

    /// One HTTP/1.1 exchange (`Connection: close`): status, raw headers, body.
    async fn request(
        &self,
        method: &str,
        path: &str,
        session: Option<&str>,
        form: Option<&str>,
    ) -> std::io::Result<(u16, String, String)> {
        let mut stream = TcpStream::connect(self.addr).await?;
        // Server functions answer a browser's form post with a redirect; ask as the app's
        // own client does.
        let accept = if path.starts_with("/api/") {
            "application/json"
        } else {
            "text/html"
        };
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nAccept: {accept}\r\nConnection: close\r\n",
            addr = self.addr
        );
        if let Some(session) = session {
            head.push_str(&format!("Cookie: ihrec_session={session}\r\n"));
        }
        let body = form.unwrap_or_default();
        if form.is_some() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        stream.write_all(head.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = headers
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Ok((status, headers.to_owned(), body.to_owned()))
    }
}

impl Drop for Server {
    /// SIGKILL, also when a failing assertion unwinds: no server outlives its test.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The URL of the test's own database: the server's `DATABASE_URL` with its name.
async fn database_url(pool: &PgPool) -> String {
    let name: String = sqlx::query_scalar("select current_database()")
        .fetch_one(pool)
        .await
        .expect("name");
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (before_query, query) = base.split_once('?').unwrap_or((&base, ""));
    let (server, _) = before_query
        .rsplit_once('/')
        .expect("a database in the URL");
    if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    }
}

fn free_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn saved_answers_survive_the_server_being_killed(pool: PgPool) {
    server::seed::demo_courses(&pool).await.expect("seed");
    let url = database_url(&pool).await;
    let addr = free_port();
    let first = Server::start(&url, addr).await;

    // Register (the session cookie comes back), enrol, start the quiz.
    let (status, headers, body) = first
        .request(
            "POST",
            "/api/account/register",
            None,
            Some(&form(&[
                ("email", "restart@example.org"),
                ("display_name", "Restart"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ])),
        )
        .await
        .expect("register");
    assert!(status < 400, "register: {status} {body}");
    let session = headers
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, value)| value.trim().strip_prefix("ihrec_session="))
        .and_then(|rest| rest.split(';').next())
        .expect("a session cookie")
        .to_owned();
    for (path, args) in [
        ("/api/learning/enrol", form(&[("course", COURSE)])),
        (
            "/api/quiz/start",
            form(&[("course", COURSE), ("module", MODULE)]),
        ),
    ] {
        let (status, _, body) = first
            .request("POST", path, Some(&session), Some(&args))
            .await
            .expect(path);
        assert!(status < 400, "{path}: {status} {body}");
    }
    let attempt: Uuid =
        sqlx::query_scalar("select id from quiz_attempts where state = 'in_progress'")
            .fetch_one(&pool)
            .await
            .expect("an open attempt");

    // Answer every true/false and numerical question through the no-JS form.
    let questions: Vec<(Uuid, Json<QuestionSpec>)> = sqlx::query_as(
        "select q.id, q.spec from quiz_attempts a join questions q on q.id = any(a.question_ids) where a.id = $1",
    )
    .bind(attempt)
    .fetch_all(&pool)
    .await
    .expect("questions");
    let mut fields: Vec<(String, String)> = Vec::new();
    // (question, value posted, whether the page shows it as a ticked radio button)
    let mut expected = Vec::new();
    for (id, spec) in &questions {
        let (value, radio) = match &spec.0 {
            QuestionSpec::TrueFalse { answer } => (answer.to_string(), true),
            QuestionSpec::Numerical { value, .. } => (value.to_string(), false),
            QuestionSpec::ShortAnswer { .. } => ("a typed answer".to_owned(), false),
            _ => continue,
        };
        fields.push(("shown".into(), id.to_string()));
        fields.push((format!("q.{id}"), value.clone()));
        expected.push((*id, value, radio));
    }
    assert!(expected.len() >= 2, "the seed quiz has such questions");
    fields.push(("intent".into(), "save".into()));
    let body: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, headers, _) = first
        .request(
            "POST",
            &format!("/attempts/{attempt}"),
            Some(&session),
            Some(&form(&body)),
        )
        .await
        .expect("save");
    assert_eq!(status, 303, "{headers}");

    first.kill();
    let second = Server::start(&url, addr).await;

    // The same session, the same attempt, every saved answer.
    let (status, _, json) = second
        .request(
            "GET",
            &format!("/api/quiz/attempt?attempt={attempt}&lang=en"),
            Some(&session),
            None,
        )
        .await
        .expect("attempt");
    assert_eq!(status, 200, "{json}");
    let page: serde_json::Value = serde_json::from_str(&json).expect("json");
    let saved = page["state"]["Open"]["saved"]
        .as_array()
        .expect("open, with saved answers");
    assert_eq!(saved.len(), expected.len());
    for (id, ..) in &expected {
        assert!(
            saved.iter().any(|entry| entry[0] == id.to_string()),
            "the answer to {id} was kept"
        );
    }
    let (_, _, html) = second
        .request("GET", &format!("/attempts/{attempt}"), Some(&session), None)
        .await
        .expect("page");
    for (id, value, radio) in &expected {
        let shown = if *radio {
            format!("name=\"q.{id}\" value=\"{value}\" checked")
        } else {
            format!("name=\"q.{id}\" value=\"{value}\"")
        };
        assert!(
            html.contains(&shown),
            "the answer {value} to {id} is shown: {shown}"
        );
    }
    second.kill();
}
