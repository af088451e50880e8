use crate::api::catalog::{CourseOutline, get_course};
use crate::api::learning::ProgressSummary;
use crate::components::{
    error_message::ErrorMessage,
    labels::{lang_list, topic_name},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use crate::pages::{
    learning::{EnrolmentPanel, progress_resource},
    not_found::NotFound,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let outline = Resource::new(page_key(move || (slug(), lang)), |(slug, lang)| {
        get_course(slug, lang)
    });
    let progress = progress_resource(slug);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match outline.await {
                    Ok(course) => view! { <CourseDetail course progress /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CourseDetail(
    course: CourseOutline,
    progress: Resource<Result<Option<ProgressSummary>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = course.estimated_minutes;
    let lesson_count: usize = course.modules.iter().map(|m| m.lessons.len()).sum();
    let slug = course.slug.clone();
    let modules = course
        .modules
        .into_iter()
        .enumerate()
        .map(|(index, module)| {
            let number = index + 1;
            view! {
                <li class="outline__module">
                    <h3>
                        <span class="outline__module-number">{t!(i18n, course.module_label, number = move || number)}</span>
                        <span lang=module.title.lang.code()>{module.title.text}</span>
                    </h3>
                    <ol class="outline__lessons">
                        {module
                            .lessons
                            .into_iter()
                            .map(|lesson| {
                                let minutes = lesson.estimated_minutes;
                                view! {
                                    <li>
                                        <a href=format!("/courses/{slug}/lessons/{}", lesson.slug) lang=lesson.title.lang.code()>{lesson.title.text}</a>
                                        <span class="outline__meta">
                                            {t!(i18n, course.minutes, minutes = move || minutes)}
                                        </span>
                                        {lesson.is_preview.then(|| view! {
                                            <span class="badge">{t!(i18n, course.preview)}</span>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                        {module.quiz.map(|quiz| view! {
                            <li class="outline__quiz">
                                <a href=format!("/courses/{slug}/quizzes/{quiz}")>{t!(i18n, quiz.module_quiz)}</a>
                            </li>
                        })}
                    </ol>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=course.title.text.clone() />
        <Meta name="description" content=course.summary.text.clone() />
        <article class="course">
            <h1 lang=course.title.lang.code()>{course.title.text}</h1>
            <p class="lead" lang=course.summary.lang.code()>{course.summary.text}</p>
            {(!course.prerequisites.is_empty()).then(|| view! {
                <section class="prerequisites panel" aria-labelledby="course-prerequisites">
                    <h2 id="course-prerequisites">{t!(i18n, course.prerequisites)}</h2>
                    <p>{t!(i18n, course.prerequisites_lead)}</p>
                    <ul>
                        {course.prerequisites.iter().map(|required| view! {
                            <li><a href=format!("/courses/{}", required.slug) lang=required.title.lang.code()>{required.title.text.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <EnrolmentPanel course=course.slug.clone() progress />
            <section aria-labelledby="course-details">
                <h2 id="course-details" class="visually-hidden">{t!(i18n, course.details)}</h2>
                <dl class="facts">
                    <div>
                        <dt>{t!(i18n, course.topic)}</dt>
                        <dd>{move || topic_name(i18n, course.topic)}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, course.languages)}</dt>
                        <dd>{move || lang_list(i18n, &course.languages)}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, course.estimated_time)}</dt>
                        <dd>{t!(i18n, course.minutes, minutes = move || minutes)}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, course.lesson_count)}</dt>
                        <dd>{lesson_count}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, course.version)}</dt>
                        <dd>{course.version}</dd>
                    </div>
                </dl>
            </section>
            <section aria-labelledby="course-outline">
                <h2 id="course-outline">{t!(i18n, course.outline)}</h2>
                <ol class="outline">{modules}</ol>
            </section>
        </article>
    }
}
