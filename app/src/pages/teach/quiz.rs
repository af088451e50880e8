//! `/teach/{slug}/quizzes/{module}`: a module's question bank, importing questions
//! from GIFT or Aiken files (a plain multipart form), exporting them as GIFT, and the
//! item analysis of the published quiz, as a table and a server-drawn chart.
use crate::api::authoring::{ItemAnalysis, QuizEditor, SaveQuizSettings, get_quiz_editor};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
};
use crate::domain::quiz::{QuestionKind, QuizSettings, ReviewPolicy};
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::{
    components::Redirect,
    hooks::{use_params_map, use_query_map},
};
use uuid::Uuid;

#[component]
pub fn QuizEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let module = move || {
        params
            .read()
            .get("module")
            .and_then(|m| m.parse::<Uuid>().ok())
    };
    let query = use_query_map();
    let editor = Resource::new(
        page_key(move || {
            (
                slug(),
                module(),
                lang,
                (query.read().get("done"), query.read().get("n")),
            )
        }),
        |(slug, module, lang, _)| async move {
            match module {
                Some(module) => get_quiz_editor(slug, module, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => view! { <Editor editor /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/teach" /> }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, teach.title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub fn kind_name(i18n: I18nContext<Locale>, kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => t_string!(i18n, bank.kind_single_choice),
        QuestionKind::MultipleResponse => t_string!(i18n, bank.kind_multiple_response),
        QuestionKind::TrueFalse => t_string!(i18n, bank.kind_true_false),
        QuestionKind::ShortAnswer => t_string!(i18n, bank.kind_short_answer),
        QuestionKind::Numerical => t_string!(i18n, bank.kind_numerical),
        QuestionKind::Matching => t_string!(i18n, bank.kind_matching),
    }
}

#[component]
fn Editor(editor: QuizEditor) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let base = format!("/teach/{}/quizzes/{}", editor.course_slug, editor.module);
    let notice = move || {
        let text = match query.read().get("done").as_deref() {
            Some("imported") => t_string!(i18n, bank.done_imported),
            Some("settings") => t_string!(i18n, bank.done_settings),
            Some("question_saved") => t_string!(i18n, bank.done_question_saved),
            Some("question_removed") => t_string!(i18n, bank.done_question_removed),
            _ => return None,
        };
        Some(view! { <Notice text /> })
    };
    let upload_problem = move || {
        query.read().get("upload").map(
            |_| view! { <p class="field__error" role="alert">{t!(i18n, bank.upload_invalid)}</p> },
        )
    };
    let title = editor.module_title.clone();
    let page_title = title.text.clone();
    let count = editor.questions.len();
    view! {
        <Title text=page_title />
        <p><a href=format!("/teach/{}", editor.course_slug)>
            {t!(i18n, teach.back_to_course)}" "<span lang=editor.course_title.lang.code()>{editor.course_title.text.clone()}</span>
        </a></p>
        <h1><span lang=title.lang.code()>{title.text.clone()}</span>": "{t!(i18n, bank.title)}</h1>
        {notice}
        <section class="panel" aria-labelledby="bank-questions">
            <h2 id="bank-questions">{t!(i18n, bank.questions, count = move || count)}</h2>
            {if editor.questions.is_empty() {
                view! { <p class="empty-state">{t!(i18n, bank.none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, bank.col_number)}</th>
                                <th scope="col">{t!(i18n, bank.col_prompt)}</th>
                                <th scope="col">{t!(i18n, bank.col_kind)}</th>
                                <th scope="col">{t!(i18n, bank.col_points)}</th>
                                <th scope="col">{t!(i18n, bank.col_actions)}</th>
                            </tr></thead>
                            <tbody>
                                {editor.questions.into_iter().map(|q| {
                                    let position = q.position;
                                    view! {
                                        <tr>
                                            <td>{position}</td>
                                            <td lang=q.prompt.lang.code()>{q.prompt.text}</td>
                                            <td>{move || kind_name(i18n, q.kind)}</td>
                                            <td>{q.points}</td>
                                            <td><a href=format!("{base}/questions/{}", q.lineage)>
                                                {t!(i18n, bank.edit_question, number = move || position)}
                                            </a></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="button-row">
                        <a href=format!("{base}/questions.gift") download="">{t!(i18n, bank.export)}</a>
                        <a href=format!("{base}/preview")>{t!(i18n, bank.preview)}</a>
                    </p>
                }.into_any()
            }}
            <form method="get" action=format!("{base}/questions/new") class="form form--inline">
                <div class="field">
                    <label for="field-new-kind">{t!(i18n, bank.new_kind)}</label>
                    <select id="field-new-kind" name="kind">
                        {QuestionKind::ALL.into_iter().map(|kind| view! {
                            <option value=kind.code()>{move || kind_name(i18n, kind)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, bank.new_question)}</button>
            </form>
        </section>
        <section class="panel" aria-labelledby="bank-import" id="import">
            <h2 id="bank-import">{t!(i18n, bank.import_heading)}</h2>
            <p>{t!(i18n, bank.import_hint)}</p>
            {upload_problem}
            <form method="post" action=format!("{base}/import") enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="field-format">{t!(i18n, bank.format)}</label>
                    <select id="field-format" name="format">
                        <option value="gift">{t!(i18n, bank.format_gift)}</option>
                        <option value="aiken">{t!(i18n, bank.format_aiken)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="field-lang">{t!(i18n, bank.lang)}</label>
                    <select id="field-lang" name="lang">
                        <option value="en">{t!(i18n, bank.lang_en)}</option>
                        <option value="ko">{t!(i18n, bank.lang_ko)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="field-file">{t!(i18n, bank.file)}</label>
                    <p id="field-file-hint" class="field__hint">{t!(i18n, bank.file_hint)}</p>
                    <input id="field-file" type="file" name="file" accept=".txt,.gift,text/plain" aria-describedby="field-file-hint" />
                </div>
                <div class="field">
                    <label for="field-text">{t!(i18n, bank.text)}</label>
                    <p id="field-text-hint" class="field__hint">{t!(i18n, bank.text_hint)}</p>
                    <textarea id="field-text" name="text" rows="8" aria-describedby="field-text-hint"></textarea>
                </div>
                <button type="submit" class="button">{t!(i18n, bank.check)}</button>
            </form>
        </section>
        <Settings slug=editor.course_slug.clone() module=editor.module settings=editor.settings.clone() />
        {editor.analysis.map(|analysis| view! { <Analysis analysis /> })}
    }
}

fn review_name(i18n: I18nContext<Locale>, review: ReviewPolicy) -> &'static str {
    match review {
        ReviewPolicy::Never => t_string!(i18n, bank.review_never),
        ReviewPolicy::AfterEachAttempt => t_string!(i18n, bank.review_after_each_attempt),
        ReviewPolicy::AfterPassing => t_string!(i18n, bank.review_after_passing),
        ReviewPolicy::AfterLastAttempt => t_string!(i18n, bank.review_after_last_attempt),
    }
}

/// The quiz's rules. Empty limits mean none.
#[component]
fn Settings(slug: String, module: Uuid, settings: QuizSettings) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveQuizSettings>::new();
    let errors = form_errors(save);
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    let check = |id: &'static str, name: &'static str, on: bool, label: &'static str| {
        view! {
            <div class="field field--check">
                <input id=id type="checkbox" name=name value="on" checked=on />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="quiz-settings">
            <h2 id="quiz-settings">{t!(i18n, bank.settings)}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(save) />
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="module" value=module.to_string() />
                <Field name="pass_percent" kind="number" errors initial=settings.pass_percent.to_string()
                    label=move || t_string!(i18n, bank.pass_percent) />
                <Field name="max_attempts" kind="number" errors required=false initial=number(settings.max_attempts)
                    label=move || t_string!(i18n, bank.max_attempts) hint=move || t_string!(i18n, bank.empty_is_none) />
                <Field name="time_limit_minutes" kind="number" errors required=false
                    initial=number(settings.time_limit_seconds.map(|s| s / 60))
                    label=move || t_string!(i18n, bank.time_limit) hint=move || t_string!(i18n, bank.empty_is_none) />
                <Field name="draw_count" kind="number" errors required=false initial=number(settings.draw_count)
                    label=move || t_string!(i18n, bank.draw_count) hint=move || t_string!(i18n, bank.draw_count_hint) />
                <div class="field">
                    <label for="field-review">{t!(i18n, bank.review)}</label>
                    <select id="field-review" name="review">
                        {ReviewPolicy::ALL.into_iter().map(|policy| view! {
                            <option value=policy.code() selected=policy == settings.review>{move || review_name(i18n, policy)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {check("field-shuffle-questions", "shuffle_questions", settings.shuffle_questions, t_string!(i18n, bank.shuffle_questions))}
                {check("field-shuffle-choices", "shuffle_choices", settings.shuffle_choices, t_string!(i18n, bank.shuffle_choices))}
                {check("field-one-per-page", "one_per_page", settings.one_per_page, t_string!(i18n, bank.one_per_page))}
                <button type="submit" class="button">{t!(i18n, bank.save_settings)}</button>
            </ActionForm>
        </section>
    }
}

/// The item analysis table, and the facility of each question as bars (SVG drawn
/// here, no script), from the published quiz's first attempts.
#[component]
fn Analysis(analysis: ItemAnalysis) -> impl IntoView {
    let i18n = use_i18n();
    let (learners, minimum, version) = (analysis.learners, analysis.minimum, analysis.version);
    let body = if analysis.items.is_empty() {
        view! { <p class="empty-state">{t!(i18n, bank.analysis_hidden, minimum = move || minimum, learners = move || learners)}</p> }.into_any()
    } else {
        let (width, bar_h, gap, label_w) = (560.0, 24.0, 10.0, 60.0);
        let height = analysis.items.len() as f64 * (bar_h + gap);
        let bars = analysis
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let y = i as f64 * (bar_h + gap);
                let w = (width - label_w - 60.0) * f64::from(item.facility) / 100.0;
                let (position, facility) = (item.position, item.facility);
                view! {
                    <text x="0" y=y + bar_h * 0.7 class="chart__label">{t!(i18n, bank.question_short, number = move || position)}</text>
                    <rect x=label_w y=y width=w.max(1.0) height=bar_h class="chart__bar" />
                    <text x=label_w + w + 6.0 y=y + bar_h * 0.7 class="chart__value">{t!(i18n, bank.percent, value = move || facility)}</text>
                }
            })
            .collect_view();
        view! {
            <figure class="chart">
                <svg role="img" aria-labelledby="analysis-title analysis-desc" viewBox=format!("0 0 {width} {height}") width="100%">
                    <title id="analysis-title">{t!(i18n, bank.chart_title)}</title>
                    <desc id="analysis-desc">{t!(i18n, bank.chart_desc)}</desc>
                    {bars}
                </svg>
            </figure>
            <div class="table-scroll">
                <table class="data-table">
                    <caption>{t!(i18n, bank.analysis_caption, learners = move || learners)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, bank.col_number)}</th>
                        <th scope="col">{t!(i18n, bank.col_prompt)}</th>
                        <th scope="col">{t!(i18n, bank.col_attempts)}</th>
                        <th scope="col">{t!(i18n, bank.col_facility)}</th>
                        <th scope="col">{t!(i18n, bank.col_discrimination)}</th>
                    </tr></thead>
                    <tbody>
                        {analysis.items.into_iter().map(|item| view! {
                            <tr>
                                <td>{t!(i18n, bank.question_short, number = move || item.position)}</td>
                                <td lang=item.prompt.lang.code()>{item.prompt.text}</td>
                                <td>{item.attempts}</td>
                                <td>{t!(i18n, bank.percent, value = move || item.facility)}</td>
                                <td>{match item.discrimination {
                                    Some(d) => view! { {d} }.into_any(),
                                    None => view! { {t!(i18n, bank.not_computed)} }.into_any(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="field__hint">{t!(i18n, bank.analysis_hint)}</p>
        }.into_any()
    };
    view! {
        <section class="panel" aria-labelledby="analysis">
            <h2 id="analysis">{t!(i18n, bank.analysis_heading, version = move || version)}</h2>
            {body}
        </section>
    }
}
