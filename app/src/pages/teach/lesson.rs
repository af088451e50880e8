//! `/teach/{slug}/lessons/{lesson}`: the lesson editor. The body in each of the
//! course's languages side by side, with a marker where a translation is missing, and
//! a preview rendered on the server by the learner's own pipeline ("Preview" saves the
//! draft and shows it, so it works without JavaScript).
use crate::api::authoring::{LessonEditor, SaveLesson, get_lesson_editor};
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
    unsaved_guard::UnsavedChangesGuard,
};
use crate::domain::Lang;
use crate::error::AppError;
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

#[component]
pub fn LessonEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let lesson = move || {
        params
            .read()
            .get("lesson")
            .and_then(|l| l.parse::<Uuid>().ok())
    };
    let editor = Resource::new(
        page_key(move || {
            (
                slug(),
                lesson(),
                lang,
                (query.read().get("done"), query.read().get("n")),
            )
        }),
        |(slug, lesson, lang, _)| async move {
            match lesson {
                Some(lesson) => get_lesson_editor(slug, lesson, lang).await,
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

#[component]
fn Editor(editor: LessonEditor) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let save = ServerAction::<SaveLesson>::new();
    let errors = form_errors(save);
    let notice = move || {
        query
            .read()
            .get("done")
            .and_then(|done| match done.as_str() {
                "saved" => Some(t_string!(i18n, teach.done_lesson_saved)),
                "preview" => Some(t_string!(i18n, teach.done_preview)),
                _ => None,
            })
            .map(|text| view! { <Notice text /> })
    };
    let title = editor.title.resolve(lang);
    let page_title = title.text.clone();
    let value = |text: &Option<String>| text.clone().unwrap_or_default();
    let offers = |l: Lang| editor.languages.contains(&l);
    let missing = |l: Lang| offers(l) && editor.body.get(l).is_none();
    let (missing_en, missing_ko) = (missing(Lang::En), missing(Lang::Ko));
    let images_slug = editor.course_slug.clone();
    view! {
        <Title text=page_title />
        <p><a href=format!("/teach/{}", editor.course_slug)>
            {t!(i18n, teach.back_to_course)}" "<span lang=editor.course_title.lang.code()>{editor.course_title.text.clone()}</span>
        </a></p>
        <h1 lang=title.lang.code()>{title.text.clone()}</h1>
        {notice}
        <UnsavedChangesGuard />
        <ActionForm action=save attr:class="form form--guarded" attr:novalidate=true>
            <FormAlert errors other=other_error(save) />
            <input type="hidden" name="slug" value=editor.course_slug.clone() />
            <input type="hidden" name="lesson" value=editor.id.to_string() />
            <Field name="title_en" errors required=false lang="en" initial=value(&editor.title.en) label=move || t_string!(i18n, teach.lesson_title_en) />
            <Field name="title_ko" errors required=false lang="ko" initial=value(&editor.title.ko) label=move || t_string!(i18n, teach.lesson_title_ko) />
            <div class="side-by-side">
                <div>
                    {missing_en.then(|| view! { <p class="badge badge--warning">{t!(i18n, teach.missing_en)}</p> })}
                    <Field name="body_en" errors required=false lang="en" rows=18 initial=value(&editor.body.en)
                        label=move || t_string!(i18n, teach.body_en) hint=move || t_string!(i18n, teach.body_hint) />
                </div>
                <div>
                    {missing_ko.then(|| view! { <p class="badge badge--warning">{t!(i18n, teach.missing_ko)}</p> })}
                    <Field name="body_ko" errors required=false lang="ko" rows=18 initial=value(&editor.body.ko)
                        label=move || t_string!(i18n, teach.body_ko) hint=move || t_string!(i18n, teach.body_hint) />
                </div>
            </div>
            <Field name="estimated_minutes" kind="number" errors initial=editor.estimated_minutes.to_string()
                label=move || t_string!(i18n, teach.minutes) />
            <div class="field field--check">
                <input id="field-is-required" type="checkbox" name="is_required" value="on" checked=editor.is_required />
                <label for="field-is-required">{t!(i18n, teach.is_required)}</label>
            </div>
            <div class="field field--check">
                <input id="field-is-preview" type="checkbox" name="is_preview" value="on" checked=editor.is_preview />
                <label for="field-is-preview">{t!(i18n, teach.is_preview)}</label>
            </div>
            <div class="button-row">
                <button type="submit" class="button" name="intent" value="save">{t!(i18n, teach.save_lesson)}</button>
                <button type="submit" class="button button--secondary" name="intent" value="preview">{t!(i18n, teach.preview)}</button>
            </div>
        </ActionForm>
        <Images slug=images_slug lesson=editor.id />
        <section class="panel" id="preview" aria-labelledby="preview-heading" tabindex="-1">
            <h2 id="preview-heading">{t!(i18n, teach.preview_heading)}</h2>
            {editor.rendered.into_iter().map(|(l, html)| view! {
                <article class="lesson-body preview" lang=l.code()>
                    <p class="preview__lang">{move || match l {
                        Lang::En => t_string!(i18n, teach.preview_en),
                        Lang::Ko => t_string!(i18n, teach.preview_ko),
                    }}</p>
                    <div inner_html=html></div>
                </article>
            }).collect_view()}
        </section>
    }
}

/// Uploading an image (a plain multipart form to the server), then the Markdown that
/// shows it, to paste into the lesson.
#[component]
fn Images(slug: String, lesson: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = move || {
        query.read().get("image_error").map(|code| {
            let text = move || match code.as_str() {
                "too_large" => t_string!(i18n, teach.image_too_large),
                "not_an_image" => t_string!(i18n, teach.image_not_an_image),
                "alt_missing" => t_string!(i18n, teach.image_alt_missing),
                _ => t_string!(i18n, teach.image_no_file),
            };
            view! { <p id="image-error" class="field__error" role="alert">{text}</p> }
        })
    };
    let snippet = move || {
        let query = query.read();
        let id = query.get("image")?.parse::<Uuid>().ok()?;
        let alt = query.get("alt").unwrap_or_default().replace([']', '['], "");
        Some(format!("![{alt}](/media/{id})"))
    };
    view! {
        <section class="panel" id="images" aria-labelledby="images-heading">
            <h2 id="images-heading">{t!(i18n, teach.images_heading)}</h2>
            {move || snippet().map(|markdown| view! {
                <div class="notice" role="status">
                    <p>{t!(i18n, teach.image_ready)}</p>
                    <label for="image-markdown">{t!(i18n, teach.image_markdown)}</label>
                    <input id="image-markdown" type="text" readonly=true value=markdown />
                </div>
            })}
            {problem}
            <form method="post" enctype="multipart/form-data" class="form"
                action=format!("/teach/{slug}/lessons/{lesson}/images")>
                <div class="field">
                    <label for="field-image">{t!(i18n, teach.image_file)}</label>
                    <p id="field-image-hint" class="field__hint">{t!(i18n, teach.image_file_hint)}</p>
                    <input id="field-image" type="file" name="file" accept="image/png,image/jpeg,image/gif,image/webp"
                        aria-describedby="field-image-hint" />
                </div>
                <div class="field">
                    <label for="field-alt">{t!(i18n, teach.image_alt)}</label>
                    <p id="field-alt-hint" class="field__hint">{t!(i18n, teach.image_alt_hint)}</p>
                    <input id="field-alt" type="text" name="alt" aria-describedby="field-alt-hint" />
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, teach.upload_image)}</button>
            </form>
        </section>
    }
}
