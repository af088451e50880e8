//! `/join/{code}` and `/invitations/{token}`: joining a cohort, after being told, in
//! one's language, exactly what the organisation will see (the consent screen).
use crate::api::cohorts::{
    AcceptInvitation, JoinCohort, JoinOffer, get_join_offer, invitation_offer,
};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, form_errors, other_error},
};
use crate::error::{AppError, FormErrors};
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_params_map};

/// The offer: the city, the cohort, the course, and what is shared.
#[component]
fn Offer(offer: JoinOffer) -> impl IntoView {
    let i18n = use_i18n();
    let (organisation, cohort) = (offer.organisation.text.clone(), offer.cohort_name.clone());
    view! {
        <p>{t!(i18n, join.lead, organisation = move || organisation.clone(), cohort = move || cohort.clone())}</p>
        <p>{t!(i18n, join.course)}" "<a href=format!("/courses/{}", offer.course_slug) lang=offer.course_title.lang.code()>{offer.course_title.text.clone()}</a></p>
        <section class="panel" aria-labelledby="shared">
            <h2 id="shared">{t!(i18n, join.shared_heading)}</h2>
            <p id="shared-text">{if offer.progress_visible { t_string!(i18n, join.shared_progress) } else { t_string!(i18n, join.shared_membership) }}</p>
            <p>{t!(i18n, join.leave_note)}</p>
        </section>
    }
}

/// The consent checkbox, with its problem when it was left unticked.
#[component]
fn Consent(errors: Signal<Option<FormErrors>>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move || errors.get().and_then(|e| e.problem("consent"));
    view! {
        <div class="field field--check" class:field--invalid=move || problem().is_some()>
            {move || problem().map(|p| view! { <p id="field-consent-error" class="field__error">{crate::components::labels::problem_text(i18n, p)}</p> })}
            <input id="field-consent" type="checkbox" name="consent" value="yes" required
                aria-invalid=move || problem().is_some().then_some("true")
                aria-describedby=move || if problem().is_some() { "shared-text field-consent-error" } else { "shared-text" } />
            <label for="field-consent">{t!(i18n, join.consent)}</label>
        </div>
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let offer = Resource::new(page_key(move || (code(), lang)), |(code, lang)| {
        get_join_offer(code, lang)
    });
    let action = ServerAction::<JoinCohort>::new();
    let errors = form_errors(action);
    view! {
        <Title text=t_string!(i18n, join.title) />
        <h1>{t!(i18n, join.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Ok(offer) => view! {
                        <Offer offer />
                        <ActionForm action attr:class="form" attr:novalidate=true>
                            <FormAlert errors other=other_error(action) />
                            <input type="hidden" name="code" value=code() />
                            <Consent errors />
                            <button type="submit" class="button">{t!(i18n, join.join)}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path=format!("/sign-in?next=/join/{}", code()) /> }.into_any(),
                    Err(AppError::NotFound) => view! { <p>{t!(i18n, join.not_found)}</p> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let offer = Resource::new(page_key(move || (token(), lang)), |(token, lang)| {
        invitation_offer(token, lang)
    });
    let action = ServerAction::<AcceptInvitation>::new();
    let errors = form_errors(action);
    view! {
        <Title text=t_string!(i18n, join.invitation_title) />
        <h1>{t!(i18n, join.invitation_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Ok(offer) if !offer.usable => view! { <p>{t!(i18n, join.invalid)}</p> }.into_any(),
                    Ok(offer) => {
                        let needs_password = offer.needs_password;
                        view! {
                            <Offer offer />
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                <FormAlert errors other=other_error(action) />
                                <input type="hidden" name="token" value=token() />
                                {needs_password.then(|| view! {
                                    <p>{t!(i18n, join.password_lead)}</p>
                                    <Field name="password" kind="password" autocomplete="new-password" errors
                                        label=move || t_string!(i18n, form.password) hint=move || t_string!(i18n, form.password_hint) />
                                    <Field name="password_confirm" kind="password" autocomplete="new-password" errors
                                        label=move || t_string!(i18n, form.password_confirm) />
                                })}
                                <Consent errors />
                                <button type="submit" class="button">{t!(i18n, join.accept)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <p>{t!(i18n, join.invalid)}</p> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
