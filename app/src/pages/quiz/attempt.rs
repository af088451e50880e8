//! `/attempts/{id}`: an open attempt is one form with every question, posted to the
//! server (`POST /attempts/{id}`, "Save answers" or "Submit for grading") so it works
//! without JavaScript; with it, each change is also saved at once (the `Autosave`
//! island). A graded attempt shows its result, and the review when the quiz allows it.
use super::score_text;
use crate::api::quiz::{
    AttemptPage as Attempt, AttemptResult, AttemptState, QuestionReview, ReviewText, get_attempt,
};
use crate::components::{error_message::ErrorMessage, form::Notice};
use crate::domain::LocalText;
use crate::domain::quiz::{Answer, Outcome, QuestionKind, QuestionView, answer_field};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::not_found::NotFound;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn AttemptPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let attempt = Resource::new(
        page_key(move || {
            (
                params.read().get("attempt").unwrap_or_default(),
                lang,
                query
                    .read()
                    .get("page")
                    .and_then(|p| p.parse::<usize>().ok()),
            )
        }),
        |(id, lang, page)| async move {
            match id.parse::<Uuid>() {
                Ok(id) => get_attempt(id, lang, page).await,
                Err(_) => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match attempt.await {
                    Ok(attempt) => view! { <AttemptView attempt /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(AppError::Unauthenticated) => {
                        let next = format!("/sign-in?next=/attempts/{}", params.read_untracked().get("attempt").unwrap_or_default());
                        view! { <Redirect path=next /> }.into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AttemptView(attempt: Attempt) -> impl IntoView {
    let i18n = use_i18n();
    let quiz_href = format!(
        "/courses/{}/quizzes/{}",
        attempt.course_slug, attempt.module_slug
    );
    let module_title = attempt.module_title.text.clone();
    let number = attempt.number;
    // A string, not a closure: <Title> is read when <head> is injected, outside this
    // request's reactive arena (see BrandedTitle in app.rs).
    let title = t_string!(
        i18n,
        quiz.attempt_heading,
        module = module_title,
        number = number
    )
    .to_string();
    let body = match attempt.state {
        AttemptState::Open {
            questions,
            paging,
            saved,
            seconds_left,
        } => view! { <OpenAttempt id=attempt.id questions paging saved seconds_left /> }.into_any(),
        AttemptState::Graded(result) => {
            view! { <Result result quiz_href=quiz_href.clone() /> }.into_any()
        }
    };
    view! {
        <Title text=title.clone() />
        <article class="quiz">
            <p class="lesson__context">
                <a href=format!("/courses/{}", attempt.course_slug) lang=attempt.course_title.lang.code()>{attempt.course_title.text}</a>
                <a href=quiz_href.clone()>{t!(i18n, quiz.back_to_quiz)}</a>
            </p>
            <h1>{title}</h1>
            {body}
        </article>
    }
}

#[component]
fn OpenAttempt(
    id: Uuid,
    questions: Vec<QuestionView>,
    paging: Option<(usize, usize)>,
    saved: Vec<(Uuid, Answer)>,
    seconds_left: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_saved = query.read_untracked().get("saved").is_some();
    let total = paging.map_or(questions.len(), |(_, pages)| pages);
    let answered = saved.len();
    let first_number = paging.map_or(1, |(page, _)| page);
    let questions = questions
        .into_iter()
        .enumerate()
        .map(|(index, question)| {
            let answer = saved
                .iter()
                .find(|(q, _)| *q == question.id)
                .map(|(_, a)| a.clone());
            view! { <Question number=first_number + index question answer /> }
        })
        .collect_view();
    view! {
        {seconds_left.map(|seconds| view! {
            <Timer
                seconds
                label=t_string!(i18n, quiz.time_left).to_owned()
                note=t_string!(i18n, quiz.time_note).to_owned()
                time_up=t_string!(i18n, quiz.time_up).to_owned()
            />
        })}
        {paging.map(|(page, pages)| view! {
            <p class="quiz__position">{t!(i18n, quiz.position, page = move || page, pages = move || pages)}</p>
        })}
        <p>{t!(i18n, quiz.answered, answered = move || answered, total = move || total)}</p>
        {just_saved.then(|| view! { <Notice text=move || t_string!(i18n, quiz.saved_notice) /> })}
        <Autosave
            attempt=id
            saved=t_string!(i18n, quiz.autosaved, time = SAVED_AT).to_string()
            failed=t_string!(i18n, quiz.autosave_failed).to_owned()
        />
        <form method="post" action=format!("/attempts/{id}") id=ATTEMPT_FORM class="quiz__form">
            {questions}
            <p class="quiz__note">{t!(i18n, quiz.submit_note)}</p>
            <div class="quiz__actions">
                // The first button is the one Enter presses in a text field: saving (or
                // moving on, which saves) is the safe one.
                {match paging {
                    Some((page, pages)) => view! {
                        {(page < pages).then(|| view! {
                            <button type="submit" name="intent" value=format!("page-{}", page + 1) class="button button--secondary">{t!(i18n, quiz.next_question)}</button>
                        })}
                        {(page > 1).then(|| view! {
                            <button type="submit" name="intent" value=format!("page-{}", page - 1) class="button button--secondary">{t!(i18n, quiz.previous_question)}</button>
                        })}
                        <button type="submit" name="intent" value=format!("save-{page}") class="button button--secondary">{t!(i18n, quiz.save)}</button>
                    }.into_any(),
                    None => view! {
                        <button type="submit" name="intent" value="save" class="button button--secondary">{t!(i18n, quiz.save)}</button>
                    }.into_any(),
                }}
                <button type="submit" name="intent" value="submit" class="button">{t!(i18n, quiz.submit)}</button>
            </div>
        </form>
    }
}

/// The id of the attempt's form, which the autosave island listens to.
const ATTEMPT_FORM: &str = "attempt-form";
/// Stands for the time in the autosave island's `saved` sentence.
const SAVED_AT: &str = "{time}";

/// Saves the attempt's form on every change, and says so. An island: the rest of the
/// page is plain HTML. Islands carry no catalogue, so the two sentences come from the
/// server in the reader's language, `saved` with [`SAVED_AT`] where the time goes.
#[island]
fn Autosave(attempt: Uuid, saved: String, failed: String) -> impl IntoView {
    let status = RwSignal::new(None::<Result<String, AppError>>);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // One save at a time, each with the form as it is when it is sent: a change made
        // while a save is on its way is sent after it, so an older snapshot can never
        // arrive last and undo a newer answer.
        let (in_flight, dirty) = (StoredValue::new(false), StoredValue::new(false));
        let form = || {
            document()
                .get_element_by_id(ATTEMPT_FORM)
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
        };
        let changed = window_event_listener(leptos::ev::change, move |e| {
            let in_form = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(&format!("#{ATTEMPT_FORM}")).ok().flatten())
                .is_some();
            if !in_form {
                return;
            }
            if in_flight.get_value() {
                dirty.set_value(true);
                return;
            }
            in_flight.set_value(true);
            leptos::task::spawn_local(async move {
                loop {
                    dirty.set_value(false);
                    let Some(fields) = form().and_then(|f| form_fields(&f)) else {
                        break;
                    };
                    status.set(Some(
                        crate::api::quiz::autosave_attempt(attempt, fields).await,
                    ));
                    if !dirty.get_value() {
                        break;
                    }
                }
                in_flight.set_value(false);
            });
        });
        on_cleanup(move || changed.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = attempt;
    view! {
        <p class="quiz__autosave" role="status" aria-live="polite">
            {move || status.get().map(|result| match result {
                Ok(time) => saved.replace(SAVED_AT, &time),
                Err(_) => failed.clone(),
            })}
        </p>
    }
}

/// The form's fields, URL-encoded, as the browser would post them.
#[cfg(feature = "hydrate")]
fn form_fields(form: &web_sys::HtmlFormElement) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(params.to_string().into())
}

/// The time left, counted down in the browser; the server's deadline is what counts.
/// An island, given its words by the server (islands carry no catalogue).
#[island]
fn Timer(seconds: i64, label: String, note: String, time_up: String) -> impl IntoView {
    let left = RwSignal::new(seconds);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || left.update(|s| *s = (*s - 1).max(0)),
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let clock = move || {
        let s = left.get();
        format!("{:02}:{:02}", s / 60, s % 60)
    };
    view! {
        <div class="quiz__timer">
            <p>
                {label}" "
                // Not announced every second: a screen reader user reads it on demand.
                <span role="timer" aria-live="off">{clock}</span>
            </p>
            <p class="quiz__note">
                {move || if left.get() == 0 { time_up.clone() } else { note.clone() }}
            </p>
        </div>
    }
}

#[component]
pub(crate) fn Question(
    number: usize,
    question: QuestionView,
    answer: Option<Answer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let points = question.points;
    let name = answer_field(question.id, None);
    let input_id = format!("answer-{}", question.id);
    let inputs = match question.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleResponse => {
            let multiple = question.kind == QuestionKind::MultipleResponse;
            question
                .choices
                .into_iter()
                .enumerate()
                .map(|(index, choice)| {
                    let checked = match &answer {
                        Some(Answer::Choice { choice: c }) => *c == choice.id,
                        Some(Answer::Choices { choices }) => choices.contains(&choice.id),
                        _ => false,
                    };
                    let id = format!("{input_id}-{index}");
                    view! {
                        <div class="choice">
                            <input
                                type=if multiple { "checkbox" } else { "radio" }
                                id=id.clone()
                                name=name.clone()
                                value=choice.id
                                checked=checked
                            />
                            <label for=id lang=choice.text.lang.code()>{choice.text.text}</label>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::TrueFalse => {
            let given = match &answer {
                Some(Answer::TrueFalse { value }) => Some(*value),
                _ => None,
            };
            [(true, "true"), (false, "false")]
                .into_iter()
                .map(|(value, code)| {
                    let id = format!("{input_id}-{code}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name=name.clone() value=code checked=given == Some(value) />
                            <label for=id>
                                {move || if value { t_string!(i18n, quiz.true_label) } else { t_string!(i18n, quiz.false_label) }}
                            </label>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::ShortAnswer | QuestionKind::Numerical => {
            let numerical = question.kind == QuestionKind::Numerical;
            let (value, not_a_number) = match &answer {
                Some(Answer::Text { text }) => (text.clone(), numerical),
                Some(Answer::Number { value }) => (value.to_string(), false),
                _ => (String::new(), false),
            };
            let hint_id = format!("{input_id}-hint");
            let problem_id = format!("{input_id}-problem");
            let described = [
                numerical.then(|| hint_id.clone()),
                not_a_number.then(|| problem_id.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            view! {
                <div class="field">
                    <label for=input_id.clone()>{t!(i18n, quiz.your_answer)}</label>
                    {numerical.then(|| view! { <p class="field__hint" id=hint_id.clone()>{t!(i18n, quiz.number_hint)}</p> })}
                    {not_a_number.then(|| view! { <p class="field__error" id=problem_id.clone()>{t!(i18n, quiz.not_a_number)}</p> })}
                    <input
                        type="text"
                        id=input_id.clone()
                        name=name.clone()
                        value=value
                        inputmode=numerical.then_some("decimal")
                        autocomplete="off"
                        aria-describedby=(!described.is_empty()).then_some(described)
                        aria-invalid=not_a_number.then_some("true")
                    />
                </div>
            }
            .into_any()
        }
        QuestionKind::Matching => {
            let options = question.match_options;
            question
                .match_items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    let chosen = match &answer {
                        Some(Answer::Matches { pairs }) => pairs
                            .iter()
                            .find(|(i, _)| *i == item.id)
                            .map(|(_, o)| o.clone()),
                        _ => None,
                    };
                    let id = format!("{input_id}-{index}");
                    let options = options
                        .iter()
                        .map(|option| {
                            let selected = chosen.as_deref() == Some(option.id.as_str());
                            view! { <option value=option.id.clone() selected=selected lang=option.text.lang.code()>{option.text.text.clone()}</option> }
                        })
                        .collect_view();
                    view! {
                        <div class="field match">
                            <label for=id.clone() lang=item.text.lang.code()>{item.text.text}</label>
                            <select id=id name=answer_field(question.id, Some(&item.id))>
                                <option value="">{t!(i18n, quiz.choose)}</option>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <fieldset class="question" id=format!("question-{number}")>
            <legend>
                <span class="question__number">{t!(i18n, quiz.question_label, number = move || number)}</span>
                <span class="question__points">{t!(i18n, quiz.points, points = move || points)}</span>
                <span class="question__prompt" lang=question.prompt.lang.code()>{question.prompt.text}</span>
            </legend>
            <input type="hidden" name="shown" value=question.id.to_string() />
            {inputs}
        </fieldset>
    }
}

#[component]
pub(crate) fn Result(result: AttemptResult, quiz_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let score = score_text(result.score);
    let max = score_text(result.max_score);
    let (percent, pass) = (result.percent, result.pass_percent);
    let passed = result.passed;
    let review = match result.review {
        Some(questions) => view! {
            <section aria-labelledby="quiz-review">
                <h2 id="quiz-review">{t!(i18n, quiz.review_title)}</h2>
                <ol class="review">
                    {questions.into_iter().map(|q| view! { <Review question=q /> }).collect_view()}
                </ol>
            </section>
        }
        .into_any(),
        None => view! { <p>{t!(i18n, quiz.review_hidden)}</p> }.into_any(),
    };
    view! {
        <section class=if passed { "result result--passed" } else { "result result--failed" } aria-labelledby="quiz-result">
            <h2 id="quiz-result">{t!(i18n, quiz.result_title)}</h2>
            <p>{t!(i18n, quiz.result_score, score = move || score.clone(), max = move || max.clone(), percent = move || percent)}</p>
            <p><strong>{move || if passed {
                t_string!(i18n, quiz.result_passed, pass = pass).to_string()
            } else {
                t_string!(i18n, quiz.result_failed, pass = pass).to_string()
            }}</strong></p>
            {result.attempts_left.map(|left| view! { <p>{t!(i18n, quiz.attempts_left, left = move || left)}</p> })}
            <p><a class="button" href=quiz_href>{t!(i18n, quiz.back_to_quiz)}</a></p>
        </section>
        {review}
    }
}

#[component]
fn Review(question: QuestionReview) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = question.outcome;
    let score = score_text(question.score);
    let points = question.points;
    let outcome_text = move || match outcome {
        Outcome::Correct => t_string!(i18n, quiz.outcome_correct),
        Outcome::Partial => t_string!(i18n, quiz.outcome_partial),
        Outcome::Wrong => t_string!(i18n, quiz.outcome_wrong),
        Outcome::Unanswered => t_string!(i18n, quiz.outcome_unanswered),
    };
    view! {
        <li class=format!("review__item review__item--{}", outcome.code())>
            <p class="question__prompt" lang=question.prompt.lang.code()>{question.prompt.text}</p>
            <p>
                <span class="badge">{outcome_text}</span>" "
                {t!(i18n, quiz.question_score, score = move || score.clone(), points = move || points)}
            </p>
            <dl class="review__answers">
                <div>
                    <dt>{t!(i18n, quiz.your_answer)}</dt>
                    <dd>{answer_list(question.given)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, quiz.correct_answer)}</dt>
                    <dd>{answer_list(question.correct)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, quiz.feedback)}</dt>
                    <dd>
                        <p lang=question.feedback.lang.code()>{question.feedback.text}</p>
                        {question.chosen_feedback.into_iter().map(local).collect_view()}
                    </dd>
                </div>
            </dl>
        </li>
    }
}

fn local(text: LocalText) -> impl IntoView {
    view! { <p lang=text.lang.code()>{text.text}</p> }
}

fn answer_list(items: Vec<ReviewText>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p>{t!(i18n, quiz.outcome_unanswered)}</p> }.into_any();
    }
    view! {
        <ul>
            {items.into_iter().map(|item| match item {
                ReviewText::Text(text) => view! { <li lang=text.lang.code()>{text.text}</li> }.into_any(),
                ReviewText::Plain(text) => view! { <li>{text}</li> }.into_any(),
                ReviewText::Bool(value) => view! {
                    <li>{move || if value { t_string!(i18n, quiz.true_label) } else { t_string!(i18n, quiz.false_label) }}</li>
                }.into_any(),
                ReviewText::Pair(item, option) => {
                    let (item, option) = (item.text, option.text);
                    view! { <li>{t!(i18n, quiz.matches, item = move || item.clone(), option = move || option.clone())}</li> }.into_any()
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
