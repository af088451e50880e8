//! `/teach`: the courses I author, and a form to start a new one.
use crate::api::authoring::{CourseStatus, CreateCourse, TeachHome, get_teach_home};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, form_errors, other_error},
};
use crate::domain::Topic;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

#[component]
pub fn TeachPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let home = Resource::new(move || lang, get_teach_home);
    view! {
        <Title text=t_string!(i18n, teach.title) />
        <h1>{t!(i18n, teach.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <Courses home /> <NewCourse /> <ImportCourse /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/teach" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub fn status_text(i18n: I18nContext<Locale>, status: CourseStatus) -> &'static str {
    match status {
        CourseStatus::Draft => t_string!(i18n, teach.status_draft),
        CourseStatus::Published => t_string!(i18n, teach.status_published),
        CourseStatus::PublishedWithDraft => t_string!(i18n, teach.status_changed),
        CourseStatus::Archived => t_string!(i18n, teach.status_archived),
    }
}

#[component]
fn Courses(home: TeachHome) -> impl IntoView {
    let i18n = use_i18n();
    if home.courses.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, teach.none)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, teach.caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, teach.col_course)}</th>
                    <th scope="col">{t!(i18n, teach.col_status)}</th>
                    <th scope="col">{t!(i18n, teach.col_enrolments)}</th>
                    <th scope="col">{t!(i18n, teach.col_edited)}</th>
                </tr></thead>
                <tbody>
                    {home.courses.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/teach/{}", c.slug) lang=c.title.lang.code()>{c.title.text}</a></td>
                            <td>{move || status_text(i18n, c.status)}</td>
                            <td>{c.enrolments}</td>
                            <td>{c.edited_on}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewCourse() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateCourse>::new();
    let errors = form_errors(create);
    view! {
        <section class="panel" aria-labelledby="new-course">
            <h2 id="new-course">{t!(i18n, teach.new_course)}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(create) />
                <Field name="slug" errors label=move || t_string!(i18n, teach.slug) hint=move || t_string!(i18n, teach.slug_hint) />
                <TopicSelect selected=Topic::HumanRightsCities />
                <Field name="title_en" errors required=false lang="en" label=move || t_string!(i18n, teach.title_en) />
                <Field name="title_ko" errors required=false lang="ko" label=move || t_string!(i18n, teach.title_ko)
                    hint=move || t_string!(i18n, teach.languages_hint) />
                <Field name="summary_en" errors required=false lang="en" rows=3 label=move || t_string!(i18n, teach.summary_en) />
                <Field name="summary_ko" errors required=false lang="ko" rows=3 label=move || t_string!(i18n, teach.summary_ko) />
                <Field name="estimated_minutes" kind="number" errors initial="60" label=move || t_string!(i18n, teach.minutes) />
                <button type="submit" class="button">{t!(i18n, teach.create)}</button>
            </ActionForm>
        </section>
    }
}

/// A course from another instance's export: a plain multipart form to the server,
/// which answers with the new course's editor, or back here with the reason.
#[component]
fn ImportCourse() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let failed = move || query.read().get("import_error").is_some();
    let problem = move || {
        query.read().get("import_error").map(|code| {
            let text = move || match code.as_str() {
                "too_large" => t_string!(i18n, teach.import_too_large),
                "invalid" => t_string!(i18n, teach.import_invalid),
                _ => t_string!(i18n, teach.import_no_file),
            };
            view! { <p id="field-archive-error" class="field__error" role="alert">{text}</p> }
        })
    };
    view! {
        <section class="panel" aria-labelledby="import-heading" id="import">
            <h2 id="import-heading">{t!(i18n, teach.import_heading)}</h2>
            <form method="post" action="/teach/import" enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="field-archive">{t!(i18n, teach.import_file)}</label>
                    <p id="field-archive-hint" class="field__hint">{t!(i18n, teach.import_hint)}</p>
                    {problem}
                    <input id="field-archive" type="file" name="file" accept=".gz,application/gzip"
                        aria-describedby=move || if failed() { "field-archive-hint field-archive-error" } else { "field-archive-hint" }
                        aria-invalid=move || failed().then_some("true") />
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, teach.import_button)}</button>
            </form>
        </section>
    }
}

/// The course's topic, as a labelled select.
#[component]
pub fn TopicSelect(selected: Topic) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="field-topic">{t!(i18n, teach.topic)}</label>
            <select id="field-topic" name="topic">
                {Topic::ALL.into_iter().map(|topic| view! {
                    <option value=topic.code() selected=topic == selected>
                        {move || crate::components::labels::topic_name(i18n, topic)}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}
