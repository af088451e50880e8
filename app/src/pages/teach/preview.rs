//! `/teach/{slug}/quizzes/{module}/preview`: the quiz as a learner would take it, with
//! every question of the bank, graded on "Grade my answers" with the full review.
//! The form is a GET to this page: nothing is recorded, so reloading or sharing the
//! address is harmless, and it works without JavaScript.
use crate::api::authoring::questions::{QuizPreview, preview_quiz};
use crate::components::error_message::ErrorMessage;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use crate::pages::quiz::{Question, QuizResult};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Redirect,
    hooks::{use_location, use_params_map},
};
use uuid::Uuid;

#[component]
pub fn QuizPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let location = use_location();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let module = move || {
        params
            .read()
            .get("module")
            .and_then(|m| m.parse::<Uuid>().ok())
    };
    let answers = move || location.search.get().trim_start_matches('?').to_owned();
    let preview = Resource::new(
        page_key(move || (slug(), module(), lang, answers())),
        |(slug, module, lang, answers)| async move {
            match module {
                Some(module) => preview_quiz(slug, module, lang, answers).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(preview) => view! { <Preview preview /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/teach" /> }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, teach.title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(preview: QuizPreview) -> impl IntoView {
    let i18n = use_i18n();
    let bank = format!("/teach/{}/quizzes/{}", preview.course_slug, preview.module);
    let page = format!("{bank}/preview");
    let title = preview.module_title.clone();
    let page_title = title.text.clone();
    let given = preview.given;
    let body = if preview.questions.is_empty() {
        view! { <p class="empty-state">{t!(i18n, preview.none)}</p> }.into_any()
    } else {
        let questions = preview
            .questions
            .into_iter()
            .enumerate()
            .map(|(index, question)| {
                let answer = given
                    .iter()
                    .find(|(id, _)| *id == question.id)
                    .map(|(_, a)| a.clone());
                view! { <Question number=index + 1 question answer /> }
            })
            .collect_view();
        view! {
            <form method="get" action=page.clone() class="quiz__form">
                {questions}
                <div class="quiz__actions">
                    <button type="submit" class="button">{t!(i18n, preview.grade)}</button>
                </div>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=page_title />
        <p><a href=bank.clone()>
            {t!(i18n, bank.back_to_bank)}" "<span lang=title.lang.code()>{title.text.clone()}</span>
        </a></p>
        <h1>{t!(i18n, preview.title)}" "<span lang=title.lang.code()>{title.text.clone()}</span></h1>
        <p class="notice" role="status">{t!(i18n, preview.nothing_recorded)}</p>
        {preview.result.map(|result| view! {
            <QuizResult result quiz_href=page.clone() />
        })}
        {body}
    }
}
