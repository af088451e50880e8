//! `/me/learning`: courses in progress (with Continue) and completed courses.
use crate::api::certificates::{ConfirmCertificateName, LearnerCertificates, my_certificates};
use crate::api::cohorts::{LeaveCohort, MyCohort, my_cohorts};
use crate::api::learning::{MyCourse, my_learning};
use crate::components::error_message::ErrorMessage;
use crate::components::form::{Field, FormAlert, Notice, form_errors, other_error};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn MyLearningPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let courses = Resource::new(move || lang, my_learning);
    // Keyed on `done` too: after confirming the name, the page the redirect lands on
    // must show the certificates just issued.
    let query = leptos_router::hooks::use_query_map();
    let certificates = Resource::new(
        page_key(move || (lang, query.read().get("done"))),
        |(lang, _)| my_certificates(lang),
    );
    let cohorts = Resource::new(
        page_key(move || (lang, query.read().get("done"))),
        |(lang, _)| my_cohorts(lang),
    );
    view! {
        <Title text=t_string!(i18n, mine.title) />
        <h1>{t!(i18n, mine.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match courses.await {
                    Ok(courses) => view! { <MyCourses courses /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/me/learning" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match certificates.await {
                    Ok(mine) => view! { <MyCertificateList mine /> }.into_any(),
                    Err(AppError::Unauthenticated) => ().into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match cohorts.await {
                    Ok(mine) => view! { <MyCohorts mine /> }.into_any(),
                    Err(AppError::Unauthenticated) => ().into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The learner's certificates with their links, and the name to print on them, which
/// the learner confirms once before the first is issued.
#[component]
fn MyCertificateList(mine: LearnerCertificates) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let confirmed = move || {
        query
            .read()
            .get("done")
            .is_some_and(|d| d == "certificate_name")
    };
    let action = ServerAction::<ConfirmCertificateName>::new();
    let errors = form_errors(action);
    let ask_name = mine.certificate_name.is_none() && mine.waiting > 0;
    let waiting = mine.waiting;
    let list = if mine.certificates.is_empty() {
        (!ask_name)
            .then(|| view! { <p class="empty-state">{t!(i18n, certificates.none)}</p> }.into_any())
    } else {
        Some(view! {
            <ul class="my-courses" role="list">
                {mine.certificates.into_iter().map(|cert| {
                    let compact = cert.code.replace('-', "");
                    let date = cert.completed_on.clone();
                    let version = cert.version;
                    view! {
                        <li class="my-course certificate">
                            <h3 lang=cert.course_title.lang.code()>{cert.course_title.text}</h3>
                            <p class="certificate__facts">
                                <span>{t!(i18n, mine.completed_on, date = move || date.clone())}</span>
                                <span>{t!(i18n, certificates.version, version = move || version)}</span>
                            </p>
                            <p>{t!(i18n, certificates.code)}" "<span class="code">{cert.code.clone()}</span></p>
                            {cert.revoked.then(|| view! { <p class="field__error">{t!(i18n, certificates.revoked)}</p> })}
                            <ul class="link-list" role="list">
                                <li><a href=format!("/verify/{compact}")>{t!(i18n, certificates.share)}</a></li>
                                <li><a href=format!("/certificates/{}.pdf", cert.id) rel="external" download="">{t!(i18n, certificates.download_pdf)}</a></li>
                                <li><a href=format!("/certificates/{}.json", cert.id) rel="external" download="">{t!(i18n, certificates.download_json)}</a></li>
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any())
    };
    view! {
        <section aria-labelledby="certificates" id="certificates-section">
            <h2 id="certificates">{t!(i18n, certificates.heading)}</h2>
            <Show when=confirmed>
                <Notice text=move || t_string!(i18n, certificates.name_confirmed) />
            </Show>
            {mine.certificate_name.map(|name| view! {
                <p>{t!(i18n, certificates.printed_name)}" "<strong>{name}</strong></p>
            })}
            {ask_name.then(|| view! {
                <div class="panel">
                    <p>{t!(i18n, certificates.ready, count = move || waiting)}</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <FormAlert errors other=other_error(action) />
                        <Field name="certificate_name" autocomplete="name" errors
                            initial=mine.suggested_name.clone()
                            label=move || t_string!(i18n, certificates.name_label)
                            hint=move || t_string!(i18n, certificates.name_hint) />
                        <button type="submit" class="button">{t!(i18n, certificates.confirm)}</button>
                    </ActionForm>
                </div>
            })}
            {list}
        </section>
    }
}

#[component]
fn MyCourses(courses: Vec<MyCourse>) -> impl IntoView {
    let i18n = use_i18n();
    let (completed, in_progress): (Vec<_>, Vec<_>) =
        courses.into_iter().partition(|c| c.completed_on.is_some());
    let in_progress = if in_progress.is_empty() {
        view! { <p class="empty-state">{t!(i18n, mine.none_in_progress)}" "<a href="/courses">{t!(i18n, mine.browse)}</a></p> }.into_any()
    } else {
        view! {
            <ul class="my-courses" role="list">
                {in_progress.into_iter().map(|course| {
                    let percent = course.percent;
                    let label_id = format!("progress-{}", course.slug);
                    view! {
                        <li class="my-course">
                            <h3 id=label_id.clone()><a href=format!("/courses/{}", course.slug) lang=course.title.lang.code()>{course.title.text}</a></h3>
                            <p>
                                <span>{t!(i18n, course.your_progress, percent = move || percent)}</span>
                                <progress max="100" value=percent aria-labelledby=label_id></progress>
                            </p>
                            {course.resume.map(|path| view! {
                                <a class="button" href=path>{t!(i18n, learning.resume)}</a>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let completed = if completed.is_empty() {
        view! { <p class="empty-state">{t!(i18n, mine.none_completed)}</p> }.into_any()
    } else {
        view! {
            <ul class="my-courses" role="list">
                {completed.into_iter().map(|course| {
                    let date = course.completed_on.unwrap_or_default();
                    view! {
                        <li class="my-course">
                            <h3><a href=format!("/courses/{}", course.slug) lang=course.title.lang.code()>{course.title.text}</a></h3>
                            <p>{t!(i18n, mine.completed_on, date = move || date.clone())}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <section aria-labelledby="mine-in-progress">
            <h2 id="mine-in-progress">{t!(i18n, mine.in_progress)}</h2>
            {in_progress}
        </section>
        <section aria-labelledby="mine-completed">
            <h2 id="mine-completed">{t!(i18n, mine.completed)}</h2>
            {completed}
        </section>
    }
}

/// The cohorts the learner belongs to, what each shares, and a way out.
#[component]
fn MyCohorts(mine: Vec<MyCohort>) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let left = move || query.read().get("done").is_some_and(|d| d == "left");
    let leave = ServerAction::<LeaveCohort>::new();
    view! {
        <section aria-labelledby="cohorts" id="cohorts-section">
            <h2 id="cohorts">{t!(i18n, mine_cohorts.heading)}</h2>
            <Show when=left>
                <Notice text=move || t_string!(i18n, mine_cohorts.left) />
            </Show>
            {if mine.is_empty() {
                view! { <p class="empty-state">{t!(i18n, mine_cohorts.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="my-courses" role="list">
                        {mine.into_iter().map(|c| {
                            let name = c.name.clone();
                            view! {
                                <li class="my-course">
                                    <h3>{c.name.clone()}</h3>
                                    <p lang=c.organisation.lang.code()>{c.organisation.text.clone()}</p>
                                    <p><a href=format!("/courses/{}", c.course_slug) lang=c.course_title.lang.code()>{c.course_title.text.clone()}</a></p>
                                    <p>{if c.progress_visible { t_string!(i18n, mine_cohorts.shared) } else { t_string!(i18n, mine_cohorts.private) }}</p>
                                    {c.invited.then(|| view! { <p>{t!(i18n, mine_cohorts.invited)}</p> })}
                                    <ActionForm action=leave attr:class="inline-form">
                                        <input type="hidden" name="cohort" value=c.id.to_string() />
                                        <button type="submit" class="button button--small">
                                            {move || t_string!(i18n, mine_cohorts.leave, cohort = name.clone()).to_string()}
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
