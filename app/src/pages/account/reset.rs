//! `/reset-password?token=…`: choose a new password from a mailed link.
use crate::api::account::{ResetPassword, reset_link_valid};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, form_errors, other_error},
};
use crate::i18n::*;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let valid = Resource::new(page_key(token), reset_link_valid);
    let action = ServerAction::<ResetPassword>::new();
    let errors = form_errors(action);
    view! {
        <Title text=t_string!(i18n, auth.reset_title) />
        // The token is in this page's address: no Referer leaves the site. (Not
        // `no-referrer`: a form post would then carry `Origin: null` and be refused.)
        <Meta name="referrer" content="same-origin" />
        <section class="narrow">
            <h1>{t!(i18n, auth.reset_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match valid.await {
                        Ok(true) => view! {
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                <FormAlert errors other=other_error(action) />
                                <input type="hidden" name="token" value=token />
                                <Field name="new_password" kind="password" autocomplete="new-password" errors
                                    label=move || t_string!(i18n, form.new_password)
                                    hint=move || t_string!(i18n, form.password_hint) />
                                <Field name="new_password_confirm" kind="password" autocomplete="new-password" errors
                                    label=move || t_string!(i18n, form.new_password_confirm) />
                                <button type="submit" class="button">{t!(i18n, auth.reset_submit)}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(false) => view! {
                            <p role="alert">{t!(i18n, auth.reset_invalid)}</p>
                            <p><a href="/forgot-password">{t!(i18n, auth.reset_again)}</a></p>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
