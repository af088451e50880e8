//! `/me/learning`: courses in progress (with Continue) and completed courses.
use crate::api::learning::{MyCourse, my_learning};
use crate::components::error_message::ErrorMessage;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn MyLearningPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let courses = Resource::new(move || lang.get(), my_learning);
    view! {
        <Title text=move || t_string!(i18n, mine.title) />
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
