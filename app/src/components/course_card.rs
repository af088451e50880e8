//! A course in a list: title (linked), summary and key facts.
use super::labels::{lang_list, topic_name};
use crate::api::catalog::CourseCard;
use crate::i18n::*;
use leptos::prelude::*;

/// The cards of a list of courses. `heading_level` keeps the page's outline correct:
/// 2 under the page's h1, 3 under a section's h2.
#[component]
pub fn CourseCards(courses: Vec<CourseCard>, heading_level: u8) -> impl IntoView {
    let i18n = use_i18n();
    if courses.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, catalog.empty)}</p> }.into_any();
    }
    view! {
        <ul class="course-cards" role="list">
            {courses
                .into_iter()
                .map(|course| view! { <CourseCardItem course heading_level /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn CourseCardItem(course: CourseCard, heading_level: u8) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/courses/{}", course.slug);
    let title_lang = course.title.lang.code();
    let link = view! { <a href=href lang=title_lang>{course.title.text}</a> };
    let heading = if heading_level <= 2 {
        view! { <h2 class="course-card__title">{link}</h2> }.into_any()
    } else {
        view! { <h3 class="course-card__title">{link}</h3> }.into_any()
    };
    let minutes = course.estimated_minutes;
    let progress = course.progress.map(|percent| {
        view! {
            <p class="course-card__progress">
                <span>{t!(i18n, course.your_progress, percent = move || percent)}</span>
                <progress max="100" value=percent aria-hidden="true"></progress>
            </p>
        }
    });
    view! {
        <li class="course-card">
            {heading}
            {progress}
            <p class="course-card__summary" lang=course.summary.lang.code()>{course.summary.text}</p>
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
                    <dd>{course.lesson_count}</dd>
                </div>
            </dl>
        </li>
    }
}
