//! `/courses/{course}/quizzes/{module}`: what the quiz asks, the learner's attempts, and
//! "Start" (a form) or "Resume" (a link).
use super::score_text;
use crate::api::quiz::{QuizOverview, StartQuiz, get_quiz};
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
pub fn QuizPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let quiz = Resource::new(
        page_key(move || {
            let params = params.read();
            (
                params.get("slug").unwrap_or_default(),
                params.get("module").unwrap_or_default(),
                lang,
            )
        }),
        |(course, module, lang)| get_quiz(course, module, lang),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match quiz.await {
                    Ok(quiz) => view! { <Overview quiz /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(quiz: QuizOverview) -> impl IntoView {
    let i18n = use_i18n();
    let course_href = format!("/courses/{}", quiz.course_slug);
    let module_title = quiz.module_title.text.clone();
    // A string, not a closure: <Title> is read when <head> is injected, outside this
    // request's reactive arena (see BrandedTitle in app.rs).
    let title = t_string!(i18n, quiz.title, module = module_title).to_string();
    let (questions, pass) = (quiz.questions, quiz.pass_percent);
    let max_attempts = quiz.max_attempts;
    let time_limit = quiz.time_limit_minutes;
    let next_number = quiz.attempts.len() + 1;
    let action_area = if !quiz.signed_in {
        let next = format!(
            "/sign-in?next=/courses/{}/quizzes/{}",
            quiz.course_slug, quiz.module_slug
        );
        view! { <p><a class="button" href=next>{t!(i18n, quiz.sign_in_to_take)}</a></p> }.into_any()
    } else if !quiz.enrolled {
        view! {
            <p>{t!(i18n, quiz.enrol_first)}</p>
            <p><a class="button" href=course_href.clone()>{t!(i18n, quiz.go_to_course)}</a></p>
        }
        .into_any()
    } else if let Some(open) = quiz.open_attempt {
        view! { <p><a class="button" href=format!("/attempts/{open}")>{t!(i18n, quiz.resume)}</a></p> }.into_any()
    } else if quiz.may_start {
        let again = next_number > 1;
        view! { <StartForm course=quiz.course_slug.clone() module=quiz.module_slug.clone() again /> }.into_any()
    } else {
        let max = max_attempts.unwrap_or_default();
        view! { <p class="notice" role="status">{t!(i18n, quiz.no_attempts_left, max = move || max)}</p> }.into_any()
    };
    let history = (!quiz.attempts.is_empty()).then(|| {
        let rows = quiz
            .attempts
            .into_iter()
            .map(|attempt| {
                let number = attempt.number;
                let score = score_text(attempt.score.unwrap_or_default());
                let max = score_text(attempt.max_score.unwrap_or_default());
                let passed = attempt.passed == Some(true);
                view! {
                    <tr>
                        <th scope="row">{number}</th>
                        <td>{attempt.submitted_on.unwrap_or_default()}</td>
                        <td>{t!(i18n, quiz.score_value, score = move || score.clone(), max = move || max.clone())}</td>
                        <td>{move || if passed { t_string!(i18n, quiz.passed) } else { t_string!(i18n, quiz.not_passed) }}</td>
                        <td><a href=format!("/attempts/{}", attempt.id)>{t!(i18n, quiz.view_result, number = move || number)}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="quiz-history">
                <h2 id="quiz-history">{t!(i18n, quiz.history)}</h2>
                <div class="table-scroll">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, quiz.col_attempt)}</th>
                            <th scope="col">{t!(i18n, quiz.col_submitted)}</th>
                            <th scope="col">{t!(i18n, quiz.col_score)}</th>
                            <th scope="col">{t!(i18n, quiz.col_result)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, quiz.col_details)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            </section>
        }
    });
    view! {
        <Title text=title.clone() />
        <article class="quiz">
            <p class="lesson__context">
                <a href=course_href.clone() lang=quiz.course_title.lang.code()>{quiz.course_title.text}</a>
            </p>
            <h1>{title.clone()}</h1>
            {quiz.passed.then(|| view! { <Notice text=move || t_string!(i18n, quiz.passed_notice) /> })}
            <dl class="facts">
                <div>
                    <dt>{t!(i18n, quiz.questions)}</dt>
                    <dd>{questions}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, quiz.pass_mark)}</dt>
                    <dd>{t!(i18n, quiz.percent_value, percent = move || pass)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, quiz.attempts_allowed)}</dt>
                    <dd>{move || match max_attempts {
                        Some(max) => max.to_string(),
                        None => t_string!(i18n, quiz.unlimited).to_owned(),
                    }}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, quiz.time_limit)}</dt>
                    <dd>{move || match time_limit {
                        Some(minutes) => t_string!(i18n, course.minutes, minutes = minutes).to_string(),
                        None => t_string!(i18n, quiz.no_time_limit).to_owned(),
                    }}</dd>
                </div>
            </dl>
            <section class="panel" aria-label=title>
                {action_area}
            </section>
            {history}
        </article>
    }
}

#[component]
fn StartForm(course: String, module: String, again: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<StartQuiz>::new();
    let errors = form_errors(action);
    view! {
        <ActionForm action>
            <FormAlert errors other=other_error(action) />
            <input type="hidden" name="course" value=course />
            <input type="hidden" name="module" value=module />
            <button type="submit" class="button">
                {move || if again { t_string!(i18n, quiz.start_again) } else { t_string!(i18n, quiz.start) }}
            </button>
        </ActionForm>
    }
}
