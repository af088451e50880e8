//! The 404 page: for unknown addresses and for records that do not exist.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t_string!(i18n, not_found.title) />
        // A string, not a closure: <Meta> is read when <head> is injected, outside this
        // request's reactive arena (see BrandedTitle in app.rs); a closure reading the
        // locale there panicked under load.
        <Meta name="description" content=t_string!(i18n, not_found.meta_description) />
        <section class="not-found">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <ul class="link-list">
                <li><a href="/">{t!(i18n, not_found.home)}</a></li>
                <li><a href="/courses">{t!(i18n, not_found.courses)}</a></li>
            </ul>
        </section>
    }
}
