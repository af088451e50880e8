//! `/account-deleted`: where deleting an account ends.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, auth.deleted_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.deleted_title)}</h1>
            <p role="status">{t!(i18n, auth.deleted_body)}</p>
            <p><a href="/">{t!(i18n, not_found.home)}</a></p>
        </section>
    }
}
