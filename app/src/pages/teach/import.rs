//! `/teach/{slug}/quizzes/{module}/imports/{import}`: the report of an uploaded
//! question file, one line per question, and Confirm to import the accepted ones.
use super::quiz::kind_name;
use crate::api::authoring::{
    ConfirmQuestionImport, ImportLineOutcome, NoteCode, QuestionImportReport, RefusalCode,
    get_question_import,
};
use crate::components::{
    error_message::ErrorMessage,
    form::{FormAlert, other_error},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_params_map};
use uuid::Uuid;

#[component]
pub fn QuestionImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let import = move || {
        params
            .read()
            .get("import")
            .and_then(|m| m.parse::<Uuid>().ok())
    };
    let report = Resource::new(
        page_key(move || (slug(), import(), lang)),
        |(slug, import, lang)| async move {
            match import {
                Some(import) => get_question_import(slug, import, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t_string!(i18n, bank.report_title) />
        <h1>{t!(i18n, bank.report_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Report report /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/teach" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn refusal_text(i18n: I18nContext<Locale>, reason: RefusalCode) -> &'static str {
    match reason {
        RefusalCode::UnsupportedType => t_string!(i18n, bank.refused_unsupported_type),
        RefusalCode::EmptyQuestion => t_string!(i18n, bank.refused_empty_question),
        RefusalCode::UnclosedTitle => t_string!(i18n, bank.refused_unclosed_title),
        RefusalCode::UnclosedBrace => t_string!(i18n, bank.refused_unclosed_brace),
        RefusalCode::UnexpectedClosingBrace => {
            t_string!(i18n, bank.refused_unexpected_closing_brace)
        }
        RefusalCode::SeveralAnswerBlocks => t_string!(i18n, bank.refused_several_answer_blocks),
        RefusalCode::EmptyAnswer => t_string!(i18n, bank.refused_empty_answer),
        RefusalCode::TooFewChoices => t_string!(i18n, bank.refused_too_few_choices),
        RefusalCode::TooFewPairs => t_string!(i18n, bank.refused_too_few_pairs),
        RefusalCode::PairWithoutArrow => t_string!(i18n, bank.refused_pair_without_arrow),
        RefusalCode::NoCorrectAnswer => t_string!(i18n, bank.refused_no_correct_answer),
        RefusalCode::NoFullyCorrectAnswer => t_string!(i18n, bank.refused_no_fully_correct_answer),
        RefusalCode::SeveralFullyCorrect => t_string!(i18n, bank.refused_several_fully_correct),
        RefusalCode::BadWeight => t_string!(i18n, bank.refused_bad_weight),
        RefusalCode::BadNumber => t_string!(i18n, bank.refused_bad_number),
        RefusalCode::NegativeTolerance => t_string!(i18n, bank.refused_negative_tolerance),
        RefusalCode::ReversedRange => t_string!(i18n, bank.refused_reversed_range),
        RefusalCode::MissingAnswerLine => t_string!(i18n, bank.refused_missing_answer_line),
        RefusalCode::AnswerNotAnOption => t_string!(i18n, bank.refused_answer_not_an_option),
        RefusalCode::DuplicateOptionLetter => t_string!(i18n, bank.refused_duplicate_option_letter),
    }
}

fn note_text(i18n: I18nContext<Locale>, note: NoteCode) -> &'static str {
    match note {
        NoteCode::PartialCreditDropped => t_string!(i18n, bank.note_partial_credit_dropped),
        NoteCode::TrueFalseFeedbackMerged => t_string!(i18n, bank.note_true_false_feedback_merged),
        NoteCode::AnswerFeedbackDropped => t_string!(i18n, bank.note_answer_feedback_dropped),
        NoteCode::MatchingDistractorsDropped => {
            t_string!(i18n, bank.note_matching_distractors_dropped)
        }
        NoteCode::TextFormatIgnored => t_string!(i18n, bank.note_text_format_ignored),
    }
}

#[component]
fn Report(report: QuestionImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmQuestionImport>::new();
    let refused = report.lines.len() - report.accepted;
    let (accepted, imported) = (report.accepted, report.imported);
    let back = format!("/teach/{}/quizzes/{}", report.course_slug, report.module);
    view! {
        <p><a href=back.clone()>{t!(i18n, bank.back_to_bank)}" "<span lang=report.module_title.lang.code()>{report.module_title.text.clone()}</span></a></p>
        <p role="status">{t!(i18n, bank.summary, accepted = move || accepted, refused = move || refused)}</p>
        <div class="table-scroll">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, bank.col_line)}</th>
                    <th scope="col">{t!(i18n, bank.col_question)}</th>
                    <th scope="col">{t!(i18n, bank.col_outcome)}</th>
                </tr></thead>
                <tbody>
                    {report.lines.into_iter().map(|line| {
                        let (question, outcome) = match line.outcome {
                            ImportLineOutcome::Accepted { kind, prompt, notes } => (
                                line.title.clone().unwrap_or(prompt),
                                view! {
                                    <strong>{t!(i18n, bank.accepted)}</strong>" ("{move || kind_name(i18n, kind)}")"
                                    {(!notes.is_empty()).then(|| view! {
                                        <ul>{notes.into_iter().map(|n| view! { <li>{move || note_text(i18n, n)}</li> }).collect_view()}</ul>
                                    })}
                                }.into_any(),
                            ),
                            ImportLineOutcome::Refused { reason, detail } => (
                                line.title.clone().unwrap_or_default(),
                                view! {
                                    <strong class="field__error">{t!(i18n, bank.refused)}</strong>" "
                                    <span>{move || refusal_text(i18n, reason)}</span>
                                    {(!detail.is_empty()).then(|| view! { <code class="report__detail">{detail.clone()}</code> })}
                                }.into_any(),
                            ),
                        };
                        view! { <tr><td>{line.line}</td><td>{question}</td><td>{outcome}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {if imported {
            view! { <p class="notice">{t!(i18n, bank.already_imported)}</p> }.into_any()
        } else if accepted == 0 {
            view! { <p>{t!(i18n, bank.nothing_to_import)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=confirm attr:class="form">
                    <FormAlert errors=Signal::derive(|| None) other=other_error(confirm) />
                    <input type="hidden" name="slug" value=report.course_slug.clone() />
                    <input type="hidden" name="import" value=report_id() />
                    <button type="submit" class="button">{t!(i18n, bank.confirm, count = move || accepted)}</button>
                </ActionForm>
            }.into_any()
        }}
    }
}

/// The import's id, from the address (the report itself does not repeat it).
fn report_id() -> String {
    use_params_map()
        .read_untracked()
        .get("import")
        .unwrap_or_default()
}
