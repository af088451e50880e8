//! The HTTP surface: Leptos pages and server functions, `/healthz`, `/lang`, the data
//! export, static files, and the layers every request passes through (request id,
//! tracing, safety headers, compression, sessions, the same-origin check).
use crate::config::{Config, MailConfig};
use crate::same_origin::{SiteOrigin, require_same_origin};
use crate::{
    account_data, certificates, cohort_files, course_archive, health, lang, lesson_images,
    page_cache, question_files, quiz_form,
};
use app::app::{App, shell};
use app::error::AppError;
use app::ssr::sessions::PgSessionStore;
use app::ssr::{
    auth::{self, AuthSettings},
    ctx::{RequestScope, Services},
    mail::{Mailer, OutboxMailer, SmtpMailer},
};
use axum::{
    Router,
    body::Body,
    extract::{FromRef, Request, State},
    http::{
        HeaderName, HeaderValue, StatusCode,
        header::{
            LOCATION, REFERRER_POLICY, RETRY_AFTER, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
        },
    },
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::PgPool;
use std::{net::SocketAddr, sync::Arc, time::Duration};
use tower::{ServiceBuilder, limit::GlobalConcurrencyLimitLayer};
use tower_http::{
    CompressionLevel,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tower_sessions::{
    Expiry, Session, SessionManagerLayer, cookie::SameSite, session_store::ExpiredDeletion,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Marks a server function's error response (set by `server_fn`).
const SERVER_FN_ERROR: HeaderName = HeaderName::from_static("serverfnerror");

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    /// Whether cookies we set ourselves (the language choice) carry `Secure`.
    pub cookie_secure: bool,
    pub auth: AuthSettings,
    pub services: Services,
}

/// The session cookie's name: `__Host-` binds it to this exact origin, over HTTPS,
/// for the whole path; browsers refuse that prefix without `Secure`, so plain-http
/// development uses the bare name.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ihrec_session"
    } else {
        "ihrec_session"
    }
}

/// The whole application as a `Router`, ready to serve or to call in tests.
pub fn build(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
    let mailer: Arc<dyn Mailer> = match &config.mail {
        MailConfig::Outbox => Arc::new(OutboxMailer { pool: pool.clone() }),
        MailConfig::Smtp { url, from } => {
            Arc::new(SmtpMailer::new(url, from).map_err(anyhow::Error::msg)?)
        }
    };
    let services = Services {
        pool: pool.clone(),
        auth: config.auth.clone(),
        mailer,
        public_url: config.link_base(),
        cookie_secure: config.cookie_secure,
    };
    let state = AppState {
        leptos_options: config.leptos.clone(),
        pool: pool.clone(),
        cookie_secure: config.cookie_secure,
        auth: config.auth.clone(),
        services: services.clone(),
    };
    let routes = generate_route_list(App);
    let context = {
        let services = services.clone();
        move || {
            provide_context(services.clone());
            provide_context(RequestScope::default());
        }
    };
    let site = SiteOrigin {
        configured: config.public_url.as_deref().map(|url| {
            url.split_once("://")
                .map(|(scheme, rest)| {
                    format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest))
                })
                .unwrap_or_else(|| url.to_owned())
        }),
    };

    let pages = page_cache::PageCache::new(
        config.page_cache_ttl,
        session_cookie_name(config.cookie_secure),
    );
    let sessions = SessionManagerLayer::new(PgSessionStore::new(pool))
        .with_name(session_cookie_name(config.cookie_secure))
        .with_secure(config.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::try_from(config.session_idle)
                .unwrap_or(tower_sessions::cookie::time::Duration::hours(2)),
        ));

    let page_routes = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(middleware::from_fn_with_state(
            services.clone(),
            with_viewer,
        ))
        .route_layer(middleware::from_fn(render_to_the_end));

    Ok(Router::new()
        .route("/healthz", get(health::healthz))
        .route("/account/data", get(account_data::download))
        .route("/lang", post(lang::switch))
        .route("/attempts/{attempt}", post(quiz_form::post))
        .route("/certificates/{file}", get(certificates::file))
        .route("/.well-known/jwks.json", get(certificates::jwks))
        .route("/.well-known/did.json", get(certificates::did))
        .route("/credentials/status/{list}", get(certificates::status_list))
        .route(
            "/org/{slug}/cohorts/{cohort}/import",
            post(cohort_files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(cohort_files::MAX_UPLOAD_BYTES)),
        )
        .route("/org/{slug}/cohorts/{cohort}/members.csv", get(cohort_files::export))
        .route(
            "/teach/{slug}/quizzes/{module}/import",
            post(question_files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(question_files::MAX_UPLOAD_BYTES)),
        )
        .route(
            "/teach/{slug}/lessons/{lesson}/images",
            post(lesson_images::upload)
                .layer(axum::extract::DefaultBodyLimit::max(lesson_images::MAX_REQUEST_BYTES)),
        )
        .route("/media/{id}", get(lesson_images::serve))
        .route(
            "/teach/{slug}/quizzes/{module}/questions.gift",
            get(question_files::export),
        )
        .route("/teach/{slug}/export", get(course_archive::export))
        .route(
            "/teach/import",
            post(course_archive::import)
                .layer(axum::extract::DefaultBodyLimit::max(course_archive::MAX_ARCHIVE_BYTES)),
        )
        .merge(page_routes)
        .fallback(
            axum::handler::Handler::layer(
                leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell),
                middleware::from_fn_with_state(services.clone(), with_viewer_unless_file),
            ),
        )
        .layer(
            ServiceBuilder::new()
                // A cohort opening its exam sends thousands of requests in a second; past
                // the limit they wait here, holding nothing, rather than each holding a
                // half-built page and a place in the pool's queue.
                .option_layer(
                    (config.max_concurrent_requests > 0)
                        .then(|| GlobalConcurrencyLimitLayer::new(config.max_concurrent_requests)),
                )
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request.id = %id, http.method = %request.method(), http.path = %request.uri().path())
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(SetResponseHeaderLayer::overriding(
                    X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ))
                // Pages differ by the language cookie and Accept-Language: tell caches.
                .layer(SetResponseHeaderLayer::appending(
                    VARY,
                    HeaderValue::from_static("accept-language, cookie"),
                ))
                // Pages are small (3 to 15 KB) and compressed on every request: at the
                // default level, gzip was 17% of the server's time on the attempt page
                // under load. The fastest level (with zlib-rs, see Cargo.toml) takes 28 µs
                // instead of 93 µs for its 14.5 KB and sends 3.9 KB instead of 3.0 KB.
                .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
                .layer(middleware::from_fn_with_state(pages, page_cache::serve))
                .layer(middleware::map_response(with_error_status))
                .layer(middleware::from_fn_with_state(site, require_same_origin))
                .layer(sessions),
        )
        .with_state(state))
}

/// Renders the page in a task of its own, which runs to the end even when the browser
/// leaves first. Dropped half way, Leptos' render disposes the page's reactive values
/// while tasks it spawned still read them, and those tasks panic (under load, a
/// benchmark's timed run ending mid-request did it; so do `curl --max-time` aborts).
async fn render_to_the_end(request: Request<Body>, next: Next) -> Response {
    use tracing::Instrument;
    let render = tokio::spawn(next.run(request).instrument(tracing::Span::current()));
    match render.await {
        Ok(response) => response,
        Err(err) => {
            tracing::error!(error = %err, "rendering a page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Reads the signed-in user before Leptos renders a page or runs a server function, into
/// the request's [`RequestScope`]. The page then knows its viewer without waiting, so the
/// header needs no Suspense boundary of its own (Leptos' streaming render has stalled on
/// parallel boundaries now and then: leptos-rs/leptos#4851 and kin), and the request's
/// server functions share the one read. Nobody signed in and no cookie costs no query.
/// A failed read is left to the page, which reads again and shows the error.
async fn with_viewer(
    State(services): State<Services>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    match auth::load_viewer(&session, &services.pool, &services.auth).await {
        Ok(viewer) => {
            request.extensions_mut().insert(RequestScope::known(viewer));
        }
        Err(err) => tracing::warn!(error = %err, "could not read the signed-in user"),
    }
    next.run(request).await
}

/// [`with_viewer`] for the fallback, which serves static files (every one named with
/// an extension, and none of them asking who is signed in) and renders the not-found page.
async fn with_viewer_unless_file(
    state: State<Services>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let names_a_file = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if names_a_file {
        next.run(request).await
    } else {
        with_viewer(state, session, request, next).await
    }
}

/// Server functions answer every error with 500; give each `AppError` its own status
/// (401, 403, 404, 422, 429 with `Retry-After`). Form posts without JavaScript get a
/// redirect instead, which is left alone.
async fn with_error_status(response: Response) -> Response {
    let from_server_fn = response.headers().contains_key(SERVER_FN_ERROR);
    if !from_server_fn
        || response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || response.headers().contains_key(LOCATION)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyRequests { retry_after_secs } = error {
            parts
                .headers
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Serves until Ctrl-C or SIGTERM, deleting expired sessions and old attempts in the background.
pub async fn serve(config: Config, pool: PgPool) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;

    // The first start makes the signing key (docs/certificates.md).
    app::ssr::certificate::signing::active_kid(&mut *pool.acquire().await?).await?;
    let app = build(&config, pool.clone())?;
    let cleanup = tokio::spawn(housekeeping(pool, config.auth.attempt_window));
    let addr = config.leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    // Without TCP_NODELAY, each streamed response waits ~40 ms on delayed ACKs (TOOLCHAIN.md).
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    cleanup.abort();
    Ok(())
}

/// Every 15 minutes, forever: expired sessions and throttling rows older than their
/// window go, and quiz attempts left open past their deadline are graded. (tower-sessions' own loop ends at its first error, so one database
/// outage would silently stop the cleanup for good.)
async fn housekeeping(pool: PgPool, attempt_window: Duration) {
    let store = PgSessionStore::new(pool.clone());
    let mut every = tokio::time::interval(Duration::from_secs(15 * 60));
    loop {
        every.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "deleting expired sessions failed; will retry");
        }
        if let Err(err) = app::ssr::throttle::purge(&pool, attempt_window).await {
            tracing::warn!(error = %err, "purging old sign-in attempts failed; will retry");
        }
        match app::ssr::db::quiz::finish_all_expired(&pool, 1000).await {
            Ok(0) => {}
            Ok(graded) => tracing::info!(graded, "graded quiz attempts left past their deadline"),
            Err(err) => {
                tracing::warn!(error = %err, "grading expired quiz attempts failed; will retry")
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

/// The HTTP status of an error, for handlers outside Leptos.
pub(crate) fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// For handlers outside Leptos: the signed-in viewer holding `permission`; otherwise
/// the answer to send instead (sign-in, coming back to `back_to`, or the error status).
pub(crate) async fn viewer_or_sign_in(
    state: &AppState,
    session: &tower_sessions::Session,
    permission: app::domain::Permission,
    back_to: &str,
) -> Result<app::domain::Viewer, Response> {
    match app::ssr::auth::require_viewer(session, &state.pool, &state.auth, permission).await {
        Ok(viewer) => Ok(viewer),
        Err(AppError::Unauthenticated) => {
            Err(axum::response::Redirect::to(&format!("/sign-in?next={back_to}")).into_response())
        }
        Err(error) => Err(status_of(&error).into_response()),
    }
}

/// The viewer and the course's id, if the viewer authors it; else the answer to send.
pub(crate) async fn course_for_author(
    state: &AppState,
    session: &tower_sessions::Session,
    slug: &str,
    back: &str,
) -> Result<(app::domain::Viewer, uuid::Uuid), Response> {
    let viewer =
        viewer_or_sign_in(state, session, app::domain::Permission::AuthorCourses, back).await?;
    let is_admin = viewer.may(app::domain::Permission::ManageUsers);
    match app::ssr::db::authoring::author_role(&state.pool, viewer.id, is_admin, slug).await {
        Ok(Some((id, Some(_)))) => Ok((viewer, id)),
        Ok(Some((_, None))) => Err(axum::http::StatusCode::FORBIDDEN.into_response()),
        Ok(None) => Err(axum::http::StatusCode::NOT_FOUND.into_response()),
        Err(err) => Err(status_of(&AppError::from(err)).into_response()),
    }
}
