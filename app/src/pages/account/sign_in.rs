//! `/sign-in`: email and password; `?next=` is where to go afterwards.
use crate::api::account::SignIn;
use crate::components::form::{Field, FormAlert, Notice, form_errors, other_error};
use crate::domain::local_path;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SignIn>::new();
    let errors = form_errors(action);
    let next = move || local_path(&query.read().get("next").unwrap_or_else(|| "/".into()));
    let reset_done = move || query.read().get("reset").is_some_and(|v| v == "done");
    view! {
        <Title text=t_string!(i18n, auth.sign_in_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.sign_in_title)}</h1>
            <Show when=reset_done>
                <Notice text=move || t_string!(i18n, auth.reset_done) />
            </Show>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(action) />
                <input type="hidden" name="next" value=next />
                <Field name="email" kind="email" autocomplete="username" errors
                    label=move || t_string!(i18n, form.email) />
                <Field name="password" kind="password" autocomplete="current-password" errors
                    label=move || t_string!(i18n, form.password) />
                <button type="submit" class="button">{t!(i18n, auth.sign_in_submit)}</button>
            </ActionForm>
            <ul class="link-list">
                <li><a href="/forgot-password">{t!(i18n, auth.forgot_link)}</a></li>
                <li>{t!(i18n, auth.no_account)}" "<a href="/register">{t!(i18n, nav.register)}</a></li>
            </ul>
        </section>
    }
}
