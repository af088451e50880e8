//! `/teach/{slug}/quizzes/{module}/questions/new?kind=…` and
//! `/teach/{slug}/quizzes/{module}/questions/{question}`: one question of the bank,
//! written by hand. One form for every type, with the inputs its type needs; each
//! text has an input per course language. Choice and pair rows come with a few empty
//! ones to fill (left empty, they are ignored).
use crate::api::authoring::questions::{
    QuestionEditor, RemoveQuestion, SaveQuestion, get_question_editor,
};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, field_id, form_errors, other_error},
    labels::problem_text,
    unsaved_guard::UnsavedChangesGuard,
};
use crate::domain::Lang;
use crate::domain::quiz::QuestionKind;
use crate::domain::quiz::question_form::{choice_field, field, in_lang, pair_field, slots};
use crate::error::FormErrors;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Redirect,
    hooks::{use_params_map, use_query_map},
};
use uuid::Uuid;

use super::quiz::kind_name;

#[component]
pub fn QuestionEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let module = move || {
        params
            .read()
            .get("module")
            .and_then(|m| m.parse::<Uuid>().ok())
    };
    // "new" is not a uuid: a new question.
    let question = move || {
        params
            .read()
            .get("question")
            .and_then(|q| q.parse::<Uuid>().ok())
    };
    let kind = move || query.read().get("kind");
    let editor = Resource::new(
        page_key(move || (slug(), module(), question(), kind(), lang)),
        |(slug, module, question, kind, lang)| async move {
            match module {
                Some(module) => get_question_editor(slug, module, question, kind, lang).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => view! { <Editor editor /> }.into_any(),
                    Err(crate::error::AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/teach" /> }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, teach.title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn lang_label(i18n: leptos_i18n::I18nContext<Locale>, lang: Lang) -> &'static str {
    match lang {
        Lang::En => t_string!(i18n, question.in_en),
        Lang::Ko => t_string!(i18n, question.in_ko),
    }
}

/// The value a field shows: what was sent, after a refusal; else the saved question's.
/// A box or radio absent from a refused form was unticked.
fn shown(errors: Signal<Option<FormErrors>>, initial: &[(String, String)], name: &str) -> String {
    match errors.get_untracked() {
        Some(errors) => errors.kept(name).unwrap_or_default().to_owned(),
        None => initial
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    }
}

#[component]
fn Editor(editor: QuestionEditor) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveQuestion>::new();
    let errors = form_errors(save);
    let bank = format!("/teach/{}/quizzes/{}", editor.course_slug, editor.module);
    let kind = editor.kind;
    let languages = editor.languages.clone();
    let initial = editor.form.fields();
    let value = |name: &str| {
        initial
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let heading = move || match editor.number {
        Some(number) => t_string!(
            i18n,
            question.edit_heading,
            number = number,
            kind = kind_name(i18n, kind)
        )
        .to_string(),
        None => t_string!(i18n, question.new_heading, kind = kind_name(i18n, kind)).to_string(),
    };
    // One input per course language for a text, side by side.
    let texts = {
        let languages = languages.clone();
        move |name: &dyn Fn(Lang) -> String,
              label: &'static str,
              rows: Option<u32>,
              initial: &dyn Fn(&str) -> String| {
            languages
                .iter()
                .map(|&lang| {
                    let name = name(lang);
                    let initial = initial(&name);
                    let label = t_string!(i18n, question.text_in, text = label, lang = lang_label(i18n, lang)).to_string();
                    match rows {
                        Some(rows) => view! {
                            <Field name errors required=false lang=lang.code() rows initial label=label />
                        }
                        .into_any(),
                        None => view! {
                            <Field name errors required=false lang=lang.code() initial label=label />
                        }
                        .into_any(),
                    }
                })
                .collect_view()
        }
    };
    let prompt = texts(
        &|l| field(&in_lang("prompt", l)),
        t_string!(i18n, question.prompt),
        Some(3),
        &value,
    );
    let feedback = texts(
        &|l| field(&in_lang("feedback", l)),
        t_string!(i18n, question.feedback),
        Some(2),
        &value,
    );
    let answer_key = match kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleResponse => {
            let single = kind == QuestionKind::SingleChoice;
            let rows = slots(editor.form.choices.len());
            let correct_problem = move || errors.get().and_then(|e| e.problem(&field("correct")));
            let choices = (0..rows)
                .map(|i| {
                    let number = i + 1;
                    let text = texts(&|l| choice_field(i, &in_lang("text", l)), t_string!(i18n, question.choice_text), None, &value);
                    let feedback = texts(&|l| choice_field(i, &in_lang("feedback", l)), t_string!(i18n, question.choice_feedback), None, &value);
                    let (name, tick_value) = if single {
                        (field("correct"), i.to_string())
                    } else {
                        (choice_field(i, "correct"), "on".to_owned())
                    };
                    let checked = shown(errors, &initial, &name) == tick_value;
                    let id = format!("{}-right", field_id(&choice_field(i, "")));
                    view! {
                        <fieldset class="question-row">
                            <legend>{t!(i18n, question.choice_legend, number = move || number)}</legend>
                            <div class="side-by-side">{text}</div>
                            <div class="side-by-side">{feedback}</div>
                            <div class="field field--check">
                                <input id=id.clone() type=if single { "radio" } else { "checkbox" } name=name value=tick_value checked=checked
                                    aria-describedby=field_id(&field("correct"))
                                    aria-invalid=move || correct_problem().is_some().then_some("true") />
                                <label for=id>{t!(i18n, question.right_choice)}</label>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby="question-choices">
                    <h2 id="question-choices">{t!(i18n, question.choices)}</h2>
                    <p id=field_id(&field("correct")) class="field__hint">
                        {move || if single { t_string!(i18n, question.choices_hint_single) } else { t_string!(i18n, question.choices_hint_multiple) }}
                    </p>
                    {move || correct_problem().map(|p| view! { <p class="field__error" id="field-q-correct-error">{move || problem_text(i18n, p)}</p> })}
                    {choices}
                </section>
            }
            .into_any()
        }
        QuestionKind::TrueFalse => {
            let name = field("answer");
            let given = shown(errors, &initial, &name);
            let problem = move || errors.get().and_then(|e| e.problem(&field("answer")));
            view! {
                <fieldset class="field" id=field_id(&name)>
                    <legend>{t!(i18n, question.true_false_answer)}</legend>
                    {move || problem().map(|p| view! { <p class="field__error">{move || problem_text(i18n, p)}</p> })}
                    {[("true", true), ("false", false)].into_iter().map(|(code, value)| {
                        let id = format!("{}-{code}", field_id(&name));
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name=name.clone() value=code checked=given == code />
                                <label for=id>{move || if value { t_string!(i18n, quiz.true_label) } else { t_string!(i18n, quiz.false_label) }}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::ShortAnswer => view! {
            <Field name=field("accepted") errors rows=4 initial=value(&field("accepted"))
                label=move || t_string!(i18n, question.accepted) hint=move || t_string!(i18n, question.accepted_hint) />
        }
        .into_any(),
        QuestionKind::Numerical => view! {
            <Field name=field("value") errors initial=value(&field("value")) label=move || t_string!(i18n, question.value) />
            <Field name=field("tolerance") errors initial=value(&field("tolerance"))
                label=move || t_string!(i18n, question.tolerance) hint=move || t_string!(i18n, question.tolerance_hint) />
        }
        .into_any(),
        QuestionKind::Matching => {
            let rows = slots(editor.form.pairs.len());
            let pairs = (0..rows)
                .map(|i| {
                    let number = i + 1;
                    let item = texts(&|l| pair_field(i, &in_lang("item", l)), t_string!(i18n, question.pair_item), None, &value);
                    let option = texts(&|l| pair_field(i, &in_lang("option", l)), t_string!(i18n, question.pair_option), None, &value);
                    view! {
                        <fieldset class="question-row">
                            <legend>{t!(i18n, question.pair_legend, number = move || number)}</legend>
                            <div class="side-by-side">{item}</div>
                            <div class="side-by-side">{option}</div>
                        </fieldset>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby="question-pairs">
                    <h2 id="question-pairs">{t!(i18n, question.pairs)}</h2>
                    <p class="field__hint">{t!(i18n, question.pairs_hint)}</p>
                    {pairs}
                </section>
            }
            .into_any()
        }
    };
    let page_title = editor.module_title.text.clone();
    let points = value(&field("points"));
    let slug = editor.course_slug.clone();
    let remove = editor.question.map(|question| {
        view! { <Remove slug=editor.course_slug.clone() module=editor.module question /> }
    });
    view! {
        <Title text=page_title />
        <p><a href=bank.clone()>
            {t!(i18n, bank.back_to_bank)}" "<span lang=editor.module_title.lang.code()>{editor.module_title.text.clone()}</span>
        </a></p>
        <h1>{heading}</h1>
        <UnsavedChangesGuard />
        <ActionForm action=save attr:class="form form--guarded" attr:novalidate=true>
            <FormAlert errors other=other_error(save) />
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="module" value=editor.module.to_string() />
            <input type="hidden" name="question" value=editor.question.map(|q| q.to_string()).unwrap_or_default() />
            <input type="hidden" name="token" value=editor.token.to_string() />
            <input type="hidden" name=field("kind") value=kind.code() />
            <div class="side-by-side">{prompt}</div>
            <Field name=field("points") kind="number" errors initial=points
                label=move || t_string!(i18n, question.points) />
            {answer_key}
            <div class="side-by-side">{feedback}</div>
            <p class="field__hint">{t!(i18n, question.feedback_hint)}</p>
            <button type="submit" class="button">{t!(i18n, question.save)}</button>
        </ActionForm>
        {remove}
    }
}

#[component]
fn Remove(slug: String, module: Uuid, question: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemoveQuestion>::new();
    view! {
        <section class="panel" aria-labelledby="question-remove">
            <h2 id="question-remove">{t!(i18n, question.remove_heading)}</h2>
            <p>{t!(i18n, question.remove_hint)}</p>
            <ActionForm action=remove>
                <FormAlert errors=form_errors(remove) other=other_error(remove) />
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="module" value=module.to_string() />
                <input type="hidden" name="question" value=question.to_string() />
                <button type="submit" class="button button--danger">{t!(i18n, question.remove)}</button>
            </ActionForm>
        </section>
    }
}
