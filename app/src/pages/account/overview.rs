//! `/account`: the signed-in user's profile, password, data and deletion.
use crate::api::account::{
    AccountDetails, ChangePassword, DeleteAccount, UpdateProfile, my_account,
};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
    labels::{lang_name, role_name},
};
use crate::domain::Lang;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <Title text=t_string!(i18n, account.title) />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(details) => view! { <AccountSections details /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/account" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountSections(details: AccountDetails) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = move || query.read().get("done");
    let notice = move || {
        done().and_then(|done| match done.as_str() {
            "welcome" => Some(t_string!(i18n, account.welcome)),
            "profile" => Some(t_string!(i18n, account.profile_saved)),
            "password" => Some(t_string!(i18n, account.password_changed)),
            _ => None,
        })
    };

    let profile = ServerAction::<UpdateProfile>::new();
    let profile_errors = form_errors(profile);
    let password = ServerAction::<ChangePassword>::new();
    let password_errors = form_errors(password);
    let delete = ServerAction::<DeleteAccount>::new();
    let delete_errors = form_errors(delete);
    let preferred = details.preferred_lang;

    view! {
        <h1>{t!(i18n, account.title)}</h1>
        {move || notice().map(|text| view! { <Notice text /> })}
        <section class="panel" aria-labelledby="account-profile">
            <h2 id="account-profile">{t!(i18n, account.profile)}</h2>
            <dl class="facts">
                <div><dt>{t!(i18n, account.email_label)}</dt><dd>{details.email}</dd></div>
                <div><dt>{t!(i18n, account.role_label)}</dt><dd>{move || role_name(i18n, details.role)}</dd></div>
                <div><dt>{t!(i18n, account.member_since)}</dt><dd>{details.created_on}</dd></div>
            </dl>
            <ActionForm action=profile attr:class="form" attr:novalidate=true>
                <FormAlert errors=profile_errors other=other_error(profile) />
                <Field name="display_name" autocomplete="nickname" errors=profile_errors
                    initial=details.display_name
                    label=move || t_string!(i18n, form.display_name)
                    hint=move || t_string!(i18n, form.display_name_hint) />
                <div class="field">
                    <label for="field-preferred-lang">{t!(i18n, form.language)}</label>
                    <select id="field-preferred-lang" name="preferred_lang">
                        {Lang::ALL.into_iter().map(|lang| view! {
                            <option value=lang.code() selected=lang == preferred>{move || lang_name(i18n, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t!(i18n, account.save_profile)}</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="account-password">
            <h2 id="account-password">{t!(i18n, account.password_section)}</h2>
            <p>{t!(i18n, account.password_lead)}</p>
            <ActionForm action=password attr:class="form" attr:novalidate=true>
                <FormAlert errors=password_errors other=other_error(password) />
                <Field name="current_password" kind="password" autocomplete="current-password" errors=password_errors
                    label=move || t_string!(i18n, form.current_password) />
                <Field name="new_password" kind="password" autocomplete="new-password" errors=password_errors
                    label=move || t_string!(i18n, form.new_password)
                    hint=move || t_string!(i18n, form.password_hint) />
                <Field name="new_password_confirm" kind="password" autocomplete="new-password" errors=password_errors
                    label=move || t_string!(i18n, form.new_password_confirm) />
                <button type="submit" class="button">{t!(i18n, account.change_password)}</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="account-data">
            <h2 id="account-data">{t!(i18n, account.data_section)}</h2>
            <p>{t!(i18n, account.data_lead)}</p>
            <p><a href="/account/data" download="ihrec-learn-my-data.json" rel="external">{t!(i18n, account.download)}</a></p>
        </section>
        <section class="panel panel--danger" aria-labelledby="account-delete">
            <h2 id="account-delete">{t!(i18n, account.delete_section)}</h2>
            <p>{t!(i18n, account.delete_lead)}</p>
            <ActionForm action=delete attr:class="form" attr:novalidate=true>
                <FormAlert errors=delete_errors other=other_error(delete) />
                <Field name="password" kind="password" autocomplete="current-password" errors=delete_errors
                    label=move || t_string!(i18n, account.delete_confirm) />
                <button type="submit" class="button button--danger">{t!(i18n, account.delete_submit)}</button>
            </ActionForm>
        </section>
    }
}
