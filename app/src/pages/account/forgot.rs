//! `/forgot-password`: ask for a reset link. The answer is the same whether or not
//! the address has an account.
use crate::api::account::RequestPasswordReset;
use crate::components::form::{Field, FormAlert, Notice, form_errors, other_error};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = form_errors(action);
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text=t_string!(i18n, auth.forgot_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.forgot_title)}</h1>
            <Show when=sent>
                <Notice text=move || t_string!(i18n, auth.forgot_sent) />
            </Show>
            <p>{t!(i18n, auth.forgot_lead)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(action) />
                <Field name="email" kind="email" autocomplete="email" errors
                    label=move || t_string!(i18n, form.email) />
                <button type="submit" class="button">{t!(i18n, auth.forgot_submit)}</button>
            </ActionForm>
        </section>
    }
}
