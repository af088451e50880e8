//! `/register`: create an account.
use crate::api::account::Register;
use crate::components::form::{Field, FormAlert, form_errors, other_error};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Register>::new();
    let errors = form_errors(action);
    view! {
        <Title text=t_string!(i18n, auth.register_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.register_title)}</h1>
            <p class="lead">{t!(i18n, auth.register_lead)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(action) />
                <p class="form__note">{t!(i18n, form.required_hint)}</p>
                <Field name="email" kind="email" autocomplete="email" errors
                    label=move || t_string!(i18n, form.email) />
                <Field name="display_name" autocomplete="nickname" errors
                    label=move || t_string!(i18n, form.display_name)
                    hint=move || t_string!(i18n, form.display_name_hint) />
                <Field name="password" kind="password" autocomplete="new-password" errors
                    label=move || t_string!(i18n, form.password)
                    hint=move || t_string!(i18n, form.password_hint) />
                <Field name="password_confirm" kind="password" autocomplete="new-password" errors
                    label=move || t_string!(i18n, form.password_confirm) />
                <button type="submit" class="button">{t!(i18n, auth.register_submit)}</button>
            </ActionForm>
            <p>{t!(i18n, auth.have_account)}" "<a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
        </section>
    }
}
