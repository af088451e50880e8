//! `/org`: the partner cities the viewer administers (every one, for a platform
//! admin, who also adds new ones here).
use crate::api::cohorts::{CreateOrganisation, list_organisations};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, form_errors, other_error},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let listing = Resource::new(move || lang, list_organisations);
    view! {
        <Title text=t_string!(i18n, org.admin_title) />
        <h1>{t!(i18n, org.admin_title)}</h1>
        <p>{t!(i18n, org.admin_lead)}" "<a href="/cities">{t!(i18n, org.cities_link)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(list) => {
                        let may_create = list.may_create;
                        view! {
                            <OrganisationTable orgs=list.organisations />
                            {may_create.then(|| view! { <CreateOrganisationForm /> })}
                        }.into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/org" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganisationTable(orgs: Vec<crate::api::cohorts::OrganisationListing>) -> impl IntoView {
    let i18n = use_i18n();
    if orgs.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, org.none)}</p> }.into_any();
    }
    view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, org.col_name)}</th>
                                    <th scope="col">{t!(i18n, org.col_country)}</th>
                                </tr></thead>
                                <tbody>
                                    {orgs.into_iter().map(|org| view! {
                                        <tr>
                                            <td><a href=format!("/org/{}", org.slug) lang=org.name.lang.code()>{org.name.text}</a></td>
                                            <td>{org.country.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
    }
    .into_any()
}

#[component]
fn CreateOrganisationForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateOrganisation>::new();
    let errors = form_errors(action);
    view! {
        <section class="panel" aria-labelledby="org-create">
            <h2 id="org-create">{t!(i18n, org.create_heading)}</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(action) />
                <Field name="slug" errors label=move || t_string!(i18n, org.slug) hint=move || t_string!(i18n, org.slug_hint) />
                <ProfileFields errors initial=None />
                <Field name="admin_email" kind="email" errors required=false
                    label=move || t_string!(i18n, org.admin_email) hint=move || t_string!(i18n, org.admin_email_hint) />
                <button type="submit" class="button">{t!(i18n, org.create)}</button>
            </ActionForm>
        </section>
    }
}

/// The profile's fields, shared by the create form and the organisation's own page.
#[component]
pub fn ProfileFields(
    errors: Signal<Option<crate::error::FormErrors>>,
    initial: Option<crate::api::cohorts::OrganisationProfile>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = |f: fn(&crate::api::cohorts::OrganisationProfile) -> Option<String>| {
        initial.as_ref().and_then(f).unwrap_or_default()
    };
    view! {
        <Field name="name_en" errors required=false initial=value(|p| p.name.en.clone()) label=move || t_string!(i18n, org.name_en) />
        <Field name="name_ko" errors required=false initial=value(|p| p.name.ko.clone()) label=move || t_string!(i18n, org.name_ko) />
        <Field name="country" errors required=false initial=value(|p| p.country.clone())
            label=move || t_string!(i18n, org.country) hint=move || t_string!(i18n, org.country_hint) />
        <Field name="region" errors required=false initial=value(|p| p.region.clone()) label=move || t_string!(i18n, org.region) />
        <Field name="declared_year" kind="number" errors required=false initial=value(|p| p.declared_year.map(|y| y.to_string()))
            label=move || t_string!(i18n, org.declared_year) />
        <Field name="website" kind="url" errors required=false initial=value(|p| p.website.clone()) label=move || t_string!(i18n, org.website) />
    }
}
