//! How an `AppError` is shown to a reader, in their language, announced to screen readers.
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::StatusCode;
        response.set_status(match error {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    let message = move || match &error {
        AppError::Unauthenticated => t_string!(i18n, error.unauthenticated),
        AppError::Forbidden => t_string!(i18n, error.forbidden),
        AppError::NotFound => t_string!(i18n, not_found.body),
        AppError::Internal => t_string!(i18n, error.internal),
        AppError::Transport(_) => t_string!(i18n, error.transport),
    };
    view! {
        <div class="error-message" role="alert">
            <h2>{t!(i18n, error.title)}</h2>
            <p>{message}</p>
        </div>
    }
}
