//! `/verify` and `/verify/{code}`: anyone checks a certificate by its code, without
//! signing in. The form is a plain GET, so it works without JavaScript, and a code in
//! the address (from the QR code) shows the answer at once. A platform admin also
//! finds the revocation form here.
use crate::api::certificates::{RevokeCertificate, VerifiedCertificate, verify_certificate};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
};
use crate::domain::Lang;
use crate::error::{AppError, FormErrors};
use crate::i18n::*;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the page found. (Not `Option<Option<…>>`: its JSON would not round-trip, and
/// the hydrated page would differ from the server's.)
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
enum Lookup {
    NoCode,
    Unknown,
    Found(Box<VerifiedCertificate>),
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("code"))
            .unwrap_or_default()
    };
    let result = Resource::new(
        page_key(move || (code(), query.read().get("done"))),
        |(code, _)| async move {
            if code.trim().is_empty() {
                Ok(Lookup::NoCode)
            } else {
                verify_certificate(code).await.map(|found| match found {
                    Some(cert) => Lookup::Found(Box::new(cert)),
                    None => Lookup::Unknown,
                })
            }
        },
    );
    view! {
        <Title text=t_string!(i18n, verify.title) />
        <h1>{t!(i18n, verify.title)}</h1>
        <p>{t!(i18n, verify.lead)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let outcome = result.await;
                let errors: Option<FormErrors> = match &outcome {
                    Err(AppError::Invalid(errors)) => Some(errors.clone()),
                    _ => None,
                };
                let errors = Signal::derive(move || errors.clone());
                let typed = code();
                view! {
                    <form method="get" action="/verify" class="form" role="search" novalidate>
                        <FormAlert errors other=Signal::derive(|| None) />
                        <Field name="code" errors initial=typed autocomplete="off"
                            label=move || t_string!(i18n, verify.code_label)
                            hint=move || t_string!(i18n, verify.code_hint) />
                        <button type="submit" class="button">{t!(i18n, verify.submit)}</button>
                    </form>
                    {match outcome {
                        Ok(Lookup::NoCode) | Err(AppError::Invalid(_)) => None,
                        Ok(Lookup::Unknown) => Some(view! {
                            <section class="verdict verdict--unknown" aria-labelledby="verdict">
                                <h2 id="verdict">{t!(i18n, verify.unknown_title)}</h2>
                                <p>{t!(i18n, verify.unknown_body)}</p>
                            </section>
                        }.into_any()),
                        Ok(Lookup::Found(cert)) => Some(view! { <Verdict cert=*cert /> }.into_any()),
                        Err(error) => Some(view! { <ErrorMessage error /> }.into_any()),
                    }}
                }
            })}
        </Suspense>
    }
}

#[component]
fn Verdict(cert: VerifiedCertificate) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_revoked = move || query.read().get("done").is_some_and(|d| d == "revoked");
    let may_revoke = cert.may_revoke;
    let revoked = cert.revoked.clone();
    let status = match &revoked {
        None => view! {
            <h2 id="verdict">{t!(i18n, verify.valid_title)}</h2>
            <p>{t!(i18n, verify.valid_body)}</p>
        }
        .into_any(),
        Some(revoked) => {
            let (on, reason) = (revoked.on.clone(), revoked.reason.clone());
            view! {
                <h2 id="verdict">{t!(i18n, verify.revoked_title)}</h2>
                <p>{t!(i18n, verify.revoked_on, date = move || on.clone())}</p>
                <p>{t!(i18n, verify.revoked_reason)}" "<q>{reason}</q></p>
            }
            .into_any()
        }
    };
    let title = |lang: Lang| cert.course_title.get(lang).map(str::to_owned);
    let (title_en, title_ko) = (title(Lang::En), title(Lang::Ko));
    let issuer = cert.issuer.resolve(crate::locale::use_lang());
    let name = cert.learner_name.clone();
    let (version, completed, issued) = (
        cert.version,
        cert.completed_on.clone(),
        cert.issued_on.clone(),
    );
    view! {
        <Show when=just_revoked>
            <Notice text=move || t_string!(i18n, verify.revoked_notice) />
        </Show>
        <section class="verdict" class:verdict--valid=revoked.is_none() class:verdict--revoked=revoked.is_some()
            aria-labelledby="verdict">
            {status}
            <dl class="facts">
                <div><dt>{t!(i18n, verify.code_label)}</dt><dd class="code">{cert.code.clone()}</dd></div>
                <div>
                    <dt>{t!(i18n, verify.learner)}</dt>
                    <dd>{match name {
                        Some(name) => view! { {name} }.into_any(),
                        None => view! { <em>{t!(i18n, verify.learner_deleted)}</em> }.into_any(),
                    }}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, verify.course)}</dt>
                    <dd>
                        {title_en.map(|t| view! { <span lang="en">{t}</span> })}
                        {title_ko.map(|t| view! { <br /><span lang="ko">{t}</span> })}
                    </dd>
                </div>
                <div><dt>{t!(i18n, verify.version)}</dt><dd>{version}</dd></div>
                <div><dt>{t!(i18n, verify.completed_on)}</dt><dd>{completed}</dd></div>
                <div><dt>{t!(i18n, verify.issued_on)}</dt><dd>{issued}</dd></div>
                <div><dt>{t!(i18n, verify.issuer)}</dt><dd lang=issuer.lang.code()>{issuer.text}</dd></div>
            </dl>
        </section>
        {(may_revoke && revoked.is_none()).then(|| view! { <RevokeForm id=cert.id code=cert.code.clone() /> })}
    }
}

#[component]
fn RevokeForm(id: uuid::Uuid, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RevokeCertificate>::new();
    let errors = form_errors(action);
    view! {
        <section class="panel panel--danger" aria-labelledby="revoke-heading">
            <h2 id="revoke-heading">{t!(i18n, verify.revoke_heading)}</h2>
            <p>{t!(i18n, verify.revoke_lead)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(action) />
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="code" value=code />
                <Field name="reason" errors
                    label=move || t_string!(i18n, verify.revoke_reason)
                    hint=move || t_string!(i18n, verify.revoke_reason_hint) />
                <button type="submit" class="button button--danger">{t!(i18n, verify.revoke_submit)}</button>
            </ActionForm>
        </section>
    }
}
