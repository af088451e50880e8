//! Form building blocks: labelled fields that show their own problem, and the alert
//! that sums up what went wrong. Every form posts to its server function, so it works
//! as plain HTML, with or without JavaScript (the app runs in islands mode).
//!
//! Problems come from the action's value: after a post the server redirects back with
//! the error in the URL, and `ServerAction::new` reads it from there.
use super::labels::problem_text;
use crate::error::{AppError, FormErrors};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The form problems of an action's last result, if it failed validation.
pub fn form_errors<S>(action: ServerAction<S>) -> Signal<Option<FormErrors>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(AppError::Invalid(errors))) => Some(errors),
        _ => None,
    })
}

/// The failure of an action's last result that is not about a field.
pub fn other_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(AppError::Invalid(_))) | Some(Ok(_)) | None => None,
        Some(Err(error)) => Some(error),
    })
}

/// Text for inside a `<textarea>`. The renderer writes a textarea's children as they
/// are (they are not parsed as tags), so a body holding `</textarea><script>` would
/// end the field and run: escape it here. The browser shows the text unescaped.
fn rcdata(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The id of a field's input: `field-` and its name, anything but letters and digits
/// made a hyphen (`q[choices][0][text_en]` → `field-q-choices-0-text-en`).
pub fn field_id(name: &str) -> String {
    let mut id = String::from("field");
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        id.push('-');
        id.push_str(part);
    }
    id
}

/// A labelled input with an optional hint and its problem, wired with
/// `aria-describedby` and `aria-invalid`.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    #[prop(into)] label: TextProp,
    errors: Signal<Option<FormErrors>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<TextProp>,
    /// The value shown before any submission (a password field never gets one back).
    #[prop(optional, into)]
    initial: String,
    #[prop(default = true)] required: bool,
    /// The input's id, when one page has several forms with this field name.
    #[prop(optional, into)]
    id: Option<String>,
    /// A `<textarea>` of this many rows instead of a one-line input.
    #[prop(optional)]
    rows: Option<u32>,
    /// The language of the text typed in (`lang` on the input).
    #[prop(optional)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| field_id(&name));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let input_name = name.clone();
    // Copied into each closure below (a String would not be).
    let name = StoredValue::new(name);
    let problem = move || {
        errors
            .get()
            .and_then(|e| name.with_value(|name| e.problem(name)))
    };
    let value = move || {
        errors
            .get()
            .and_then(|e| name.with_value(|name| e.kept(name).map(str::to_owned)))
            .unwrap_or_else(|| initial.clone())
    };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || problem().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {hint.map(|hint| view! { <p id=hint_id class="field__hint">{move || hint.get()}</p> })}
            {move || problem().map(|p| view! {
                <p id=error_id.clone() class="field__error">{move || problem_text(i18n, p)}</p>
            })}
            {match rows {
                None => view! {
                    <input
                        id=id
                        name=input_name
                        type=kind
                        lang=lang
                        autocomplete=autocomplete
                        required=required
                        aria-invalid=move || problem().is_some().then_some("true")
                        aria-describedby=described_by
                        prop:value=value.clone()
                        value=value
                    />
                }.into_any(),
                Some(rows) => view! {
                    <textarea
                        id=id
                        name=input_name
                        rows=rows
                        lang=lang
                        required=required
                        aria-invalid=move || problem().is_some().then_some("true")
                        aria-describedby=described_by
                        prop:value=value.clone()
                    >{
                        let value = value.clone();
                        move || rcdata(&value())
                    }</textarea>
                }.into_any(),
            }}
        </div>
    }
}

/// The summary at the top of a form: every problem, each linking to its field, and
/// any failure that is not about a field. `role="alert"` announces it when it appears.
#[component]
pub fn FormAlert(
    errors: Signal<Option<FormErrors>>,
    other: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = move || {
        errors.get().filter(|e| !e.is_empty()).map(|errors| {
            let items = errors
                .problems
                .into_iter()
                .map(|p| {
                    let text = move || problem_text(i18n, p.problem);
                    if p.field.is_empty() {
                        view! { <li>{text}</li> }.into_any()
                    } else {
                        view! { <li><a href=format!("#{}", field_id(&p.field))>{text}</a></li> }
                            .into_any()
                    }
                })
                .collect_view();
            view! {
                <h2 class="form-alert__title">{t!(i18n, form.errors_heading)}</h2>
                <ul>{items}</ul>
            }
        })
    };
    let failure = move || {
        other
            .get()
            .map(|error| view! { <p>{move || super::labels::error_text(i18n, &error)}</p> })
    };
    view! {
        <div class="form-alert" role="alert" class:form-alert--shown=move || summary().is_some() || failure().is_some()>
            {summary}
            {failure}
        </div>
    }
}

/// A status line after a successful action (`?done=…`), announced politely.
#[component]
pub fn Notice(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <p class="notice" role="status">{move || text.get()}</p> }
}
