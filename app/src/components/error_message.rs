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
        response.set_status(
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let message = move || super::labels::error_text(i18n, &error);
    view! {
        <div class="error-message" role="alert">
            <h2>{t!(i18n, error.title)}</h2>
            <p>{message}</p>
        </div>
    }
}
