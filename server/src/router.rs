//! The HTTP surface: Leptos pages and server functions, `/healthz`, `/lang`, static
//! files, and the layers every request passes through (request id, tracing,
//! compression, sessions).
use crate::{config::Config, health, lang};
use app::app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::{FromRef, Request, State},
    http::{
        HeaderName, HeaderValue,
        header::{REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS},
    },
    response::IntoResponse,
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use sqlx::PgPool;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tower_sessions::{
    Expiry, SessionManagerLayer, cookie::SameSite, session_store::ExpiredDeletion,
};
use tower_sessions_sqlx_store::PostgresStore;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    /// Whether cookies we set ourselves (the language choice) carry `Secure`.
    pub cookie_secure: bool,
}

/// The whole application as a `Router`, ready to serve or to call in tests.
pub fn build(config: &Config, pool: PgPool) -> Router {
    let state = AppState {
        leptos_options: config.leptos.clone(),
        pool: pool.clone(),
        cookie_secure: config.cookie_secure,
    };
    let routes = generate_route_list(App);
    let context = {
        let pool = pool.clone();
        move || provide_context(pool.clone())
    };

    let sessions = SessionManagerLayer::new(PostgresStore::new(pool))
        .with_name("ihrec_session")
        .with_secure(config.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::try_from(config.session_idle)
                .unwrap_or(tower_sessions::cookie::time::Duration::hours(2)),
        ));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/lang", post(lang::switch))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(
            ServiceBuilder::new()
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
                .layer(CompressionLayer::new())
                .layer(sessions),
        )
        .with_state(state)
}

async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.pool.clone()), request).await
}

/// Serves until Ctrl-C or SIGTERM, deleting expired sessions in the background.
pub async fn serve(config: Config, pool: PgPool) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;

    let cleanup = tokio::spawn(delete_expired_sessions(PostgresStore::new(pool.clone())));
    let addr = config.leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    // Without TCP_NODELAY, each streamed response waits ~40 ms on delayed ACKs (TOOLCHAIN.md).
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, build(&config, pool))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    cleanup.abort();
    Ok(())
}

/// Every 15 minutes, forever. (tower-sessions' own loop ends at its first error, so one
/// database outage would silently stop the cleanup for good.)
async fn delete_expired_sessions(store: PostgresStore) {
    let mut every = tokio::time::interval(Duration::from_secs(15 * 60));
    loop {
        every.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "deleting expired sessions failed; will retry");
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
