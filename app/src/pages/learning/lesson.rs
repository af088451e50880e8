//! `/courses/{course}/lessons/{lesson}`: one lesson, with previous/next and "Mark as done".
use crate::api::learning::{LessonAccess, LessonView, MarkLessonDone, get_lesson};
use crate::components::{
    error_message::ErrorMessage,
    form::{FormAlert, Notice, form_errors, other_error},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::not_found::NotFound;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LessonPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let lesson = Resource::new(
        page_key(move || {
            let params = params.read();
            (
                params.get("slug").unwrap_or_default(),
                params.get("lesson").unwrap_or_default(),
                lang,
            )
        }),
        |(course, lesson, lang)| get_lesson(course, lesson, lang),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(lesson) => view! { <Lesson lesson /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lesson(lesson: LessonView) -> impl IntoView {
    let i18n = use_i18n();
    let course_href = format!("/courses/{}", lesson.course_slug);
    let minutes = lesson.estimated_minutes;
    let body = match (lesson.access, lesson.body_html) {
        (LessonAccess::Locked, _) | (_, None) => {
            let action = if lesson.signed_in { course_href.clone() } else { format!("/sign-in?next={course_href}") };
            view! {
                <section class="locked" aria-labelledby="locked-title">
                    <h2 id="locked-title">{t!(i18n, learning.locked_title)}</h2>
                    <p>{t!(i18n, learning.locked_body)}</p>
                    <p><a class="button" href=action>{t!(i18n, learning.enrol)}</a></p>
                </section>
            }
            .into_any()
        }
        (access, Some(html)) => view! {
            {(access == LessonAccess::Preview).then(|| view! { <Notice text=move || t_string!(i18n, learning.preview_note) /> })}
            <div class="lesson__body prose" lang=lesson.body_lang.code() inner_html=html></div>
        }
        .into_any(),
    };
    let course = lesson.course_slug.clone();
    let next_href = lesson
        .next
        .as_ref()
        .map(|n| n.href.clone())
        .unwrap_or_default();
    let lesson_slug = lesson.slug.clone();
    let done = lesson.done;
    let link = |href: String, rel: &'static str, label: String, title: crate::domain::LocalText| {
        view! {
            <a href=href rel=rel class="lesson-nav__link">
                <span class="lesson-nav__label">{label}</span>
                <span lang=title.lang.code()>{title.text}</span>
            </a>
        }
    };
    let prev = lesson.prev.map(|p| {
        link(
            p.href,
            "prev",
            t_string!(i18n, learning.previous).to_owned(),
            p.title,
        )
    });
    let next = lesson.next.map(|n| {
        let label = if n.is_quiz {
            t_string!(i18n, quiz.module_quiz)
        } else {
            t_string!(i18n, learning.next)
        };
        link(n.href, "next", label.to_owned(), n.title)
    });
    let done_form = (lesson.access == LessonAccess::Enrolled).then(|| {
        let action = ServerAction::<MarkLessonDone>::new();
        let errors = form_errors(action);
        view! {
            <ActionForm action attr:class="lesson__done">
                <FormAlert errors other=other_error(action) />
                <input type="hidden" name="course" value=course />
                <input type="hidden" name="lesson" value=lesson_slug />
                <input type="hidden" name="next" value=next_href />
                {done.then(|| view! { <p class="badge badge--done">{t!(i18n, learning.done_badge)}</p> })}
                <button type="submit" class="button">{t!(i18n, learning.mark_done)}</button>
            </ActionForm>
        }
    });
    view! {
        <Title text=lesson.title.text.clone() />
        <article class="lesson">
            <p class="lesson__context">
                <a href=course_href.clone() lang=lesson.course_title.lang.code()>{lesson.course_title.text}</a>
                <span lang=lesson.module_title.lang.code()>{lesson.module_title.text}</span>
            </p>
            <h1 lang=lesson.title.lang.code()>{lesson.title.text}</h1>
            <p class="lesson__meta">{t!(i18n, learning.reading_time, minutes = move || minutes)}</p>
            {body}
            {done_form}
        </article>
        <nav class="lesson-nav" aria-label=move || t_string!(i18n, learning.lesson_nav)>
            {prev}
            <a href=course_href class="lesson-nav__outline">{t!(i18n, learning.back_to_course)}</a>
            {next}
        </nav>
    }
}
