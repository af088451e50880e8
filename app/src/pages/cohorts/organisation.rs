//! `/org/{slug}`: a partner city's own page for its admins: profile, admins, cohorts,
//! and a new cohort.
use super::organisations::ProfileFields;
use crate::api::cohorts::{
    AppointOrganisationAdmin, CreateCohort, OrganisationHome, RemoveOrganisationAdmin,
    UpdateOrganisation, get_organisation_home,
};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Redirect,
    hooks::{use_params_map, use_query_map},
};

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let home = Resource::new(
        page_key(move || (slug(), lang, query.read().get("done"))),
        |(slug, lang, _)| get_organisation_home(slug, lang),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <Home home /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path=format!("/sign-in?next=/org/{}", slug()) /> }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, org.admin_title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Home(home: OrganisationHome) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let notice = move || {
        query
            .read()
            .get("done")
            .and_then(|done| match done.as_str() {
                "created" => Some(t_string!(i18n, org.created)),
                "profile" => Some(t_string!(i18n, org.profile_saved)),
                "admin" => Some(t_string!(i18n, org.admin_added)),
                "admin_removed" => Some(t_string!(i18n, org.admin_removed)),
                _ => None,
            })
    };
    let name = home.profile.name.resolve(lang);
    let profile = ServerAction::<UpdateOrganisation>::new();
    let profile_errors = form_errors(profile);
    let appoint = ServerAction::<AppointOrganisationAdmin>::new();
    let appoint_errors = form_errors(appoint);
    let remove = ServerAction::<RemoveOrganisationAdmin>::new();
    let create = ServerAction::<CreateCohort>::new();
    let create_errors = form_errors(create);
    let title = name.text.clone();
    let slug = home.profile.slug.clone();
    let (slug_links, slug_create, slug_profile, slug_admins, slug_appoint) =
        (slug.clone(), slug.clone(), slug.clone(), slug.clone(), slug);
    let profile_initial = home.profile.clone();
    let admins = home.admins.clone();
    let cohorts = home.cohorts.clone();
    let courses = home.courses.clone();
    view! {
        <Title text=title />
        <h1 lang=name.lang.code()>{name.text.clone()}</h1>
        {move || notice().map(|text| view! { <Notice text /> })}

        <section class="panel" aria-labelledby="org-cohorts">
            <h2 id="org-cohorts">{t!(i18n, org.cohorts_heading)}</h2>
            {if cohorts.is_empty() {
                view! { <p class="empty-state">{t!(i18n, org.no_cohorts)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, org.col_cohort)}</th>
                                <th scope="col">{t!(i18n, org.col_course)}</th>
                                <th scope="col">{t!(i18n, org.col_dates)}</th>
                                <th scope="col">{t!(i18n, org.col_seats)}</th>
                            </tr></thead>
                            <tbody>
                                {cohorts.iter().cloned().map(|c| {
                                    let (start, end) = (c.starts_on.clone(), c.ends_on.clone());
                                    let (members, limit) = (c.members, c.seat_limit);
                                    view! {
                                        <tr>
                                            <td><a href=format!("/org/{}/cohorts/{}", slug_links, c.id)>{c.name}</a></td>
                                            <td lang=c.course_title.lang.code()>{c.course_title.text}</td>
                                            <td>{t!(i18n, org.dates, start = move || start.clone(), end = move || end.clone())}</td>
                                            <td>{t!(i18n, org.seats, members = move || members, limit = move || limit)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h3>{t!(i18n, org.new_cohort)}</h3>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert errors=create_errors other=other_error(create) />
                <input type="hidden" name="slug" value=slug_create />
                <div class="field">
                    <label for="field-course">{t!(i18n, org.course)}</label>
                    <select id="field-course" name="course">
                        {courses.iter().cloned().map(|c| view! {
                            <option value=c.slug lang=c.title.lang.code()>{c.title.text}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field name="name" errors=create_errors label=move || t_string!(i18n, org.cohort_name) />
                <Field name="starts_on" kind="date" errors=create_errors
                    label=move || t_string!(i18n, org.starts_on) hint=move || t_string!(i18n, org.date_hint) />
                <Field name="ends_on" kind="date" errors=create_errors
                    label=move || t_string!(i18n, org.ends_on) hint=move || t_string!(i18n, org.date_hint) />
                <Field name="seat_limit" kind="number" errors=create_errors label=move || t_string!(i18n, org.seat_limit) />
                <div class="field field--check">
                    <input id="field-progress-visible" type="checkbox" name="progress_visible" value="on" aria-describedby="field-progress-visible-hint" />
                    <label for="field-progress-visible">{t!(i18n, org.progress_visible)}</label>
                    <p id="field-progress-visible-hint" class="field__hint">{t!(i18n, org.progress_visible_hint)}</p>
                </div>
                <button type="submit" class="button">{t!(i18n, org.create_cohort)}</button>
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="org-profile">
            <h2 id="org-profile">{t!(i18n, org.profile_heading)}</h2>
            <ActionForm action=profile attr:class="form" attr:novalidate=true>
                <FormAlert errors=profile_errors other=other_error(profile) />
                <input type="hidden" name="slug" value=slug_profile />
                <ProfileFields errors=profile_errors initial=Some(profile_initial.clone()) />
                <button type="submit" class="button">{t!(i18n, org.save_profile)}</button>
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="org-admins">
            <h2 id="org-admins">{t!(i18n, org.admins_heading)}</h2>
            <ul class="link-list">
                {admins.iter().cloned().map(|(id, name)| {
                    let label = name.clone();
                    let slug_value = slug_admins.clone();
                    view! {
                        <li>
                            {name}" "
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="slug" value=slug_value.clone() />
                                <input type="hidden" name="user_id" value=id.to_string() />
                                <button type="submit" class="link-button">
                                    {move || t_string!(i18n, org.remove_admin, name = label.clone()).to_string()}
                                </button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=appoint attr:class="form" attr:novalidate=true>
                <FormAlert errors=appoint_errors other=other_error(appoint) />
                <input type="hidden" name="slug" value=slug_appoint />
                <Field name="email" kind="email" errors=appoint_errors label=move || t_string!(i18n, org.admin_email_label) />
                <button type="submit" class="button">{t!(i18n, org.add_admin)}</button>
            </ActionForm>
        </section>
    }
}
