//! `/teach/{slug}`: the course editor. Settings, the structure (modules and lessons,
//! each with up/down/remove buttons), what changed since the last publication and the
//! Publish form, the published versions, co-authors, and archiving.
use super::dashboard::TopicSelect;
use crate::api::authoring::{
    AddCourseAuthor, AddLesson, AddModule, ChangeKind, CourseEditor, EditorModule, ItemKind,
    MoveItem, PublishCourse, RemoveCourseAuthor, RemoveItem, RenameModule, SetCourseArchived,
    UpdateCourseSettings, get_course_editor,
};
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
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::{
    components::Redirect,
    hooks::{use_params_map, use_query_map},
};

#[component]
pub fn CourseEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let editor = Resource::new(
        page_key(move || {
            (
                slug(),
                lang,
                (query.read().get("done"), query.read().get("n")),
            )
        }),
        |(slug, lang, _)| get_course_editor(slug, lang),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => view! { <Editor editor /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path=format!("/sign-in?next=/teach/{}", slug()) /> }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, teach.title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn notice_text(i18n: I18nContext<Locale>, done: &str) -> Option<&'static str> {
    Some(match done {
        "settings" => t_string!(i18n, teach.done_settings),
        "imported" => t_string!(i18n, teach.done_imported),
        "module_added" => t_string!(i18n, teach.done_module_added),
        "module_renamed" => t_string!(i18n, teach.done_module_renamed),
        "lesson_added" => t_string!(i18n, teach.done_lesson_added),
        "moved" => t_string!(i18n, teach.done_moved),
        "removed" => t_string!(i18n, teach.done_removed),
        "published" => t_string!(i18n, teach.done_published),
        "archived" => t_string!(i18n, teach.done_archived),
        "restored" => t_string!(i18n, teach.done_restored),
        "author_added" => t_string!(i18n, teach.done_author_added),
        "author_removed" => t_string!(i18n, teach.done_author_removed),
        _ => return None,
    })
}

#[component]
fn Editor(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let notice = move || {
        query
            .read()
            .get("done")
            .and_then(|done| notice_text(i18n, &done))
            .map(|text| view! { <Notice text /> })
    };
    let title = editor.title.resolve(lang);
    let page_title = title.text.clone();
    let status = match editor.draft_number {
        Some(number) => {
            view! { <p>{t!(i18n, teach.editing_draft, number = move || number)}</p> }.into_any()
        }
        None => view! { <p>{t!(i18n, teach.no_draft)}</p> }.into_any(),
    };
    let slug = editor.slug.clone();
    view! {
        <Title text=page_title />
        <p><a href="/teach">{t!(i18n, teach.back)}</a></p>
        <h1 lang=title.lang.code()>{title.text.clone()}</h1>
        {status}
        {notice}
        <Structure editor=editor.clone() />
        <Publish editor=editor.clone() />
        <Settings editor=editor.clone() />
        <Versions editor=editor.clone() />
        <Authors editor=editor.clone() />
        <section class="panel" aria-labelledby="export">
            <h2 id="export">{t!(i18n, teach.export_heading)}</h2>
            <p>{t!(i18n, teach.export_hint)}</p>
            <p><a href=format!("/teach/{slug}/export") download="">{t!(i18n, teach.export_course)}</a></p>
        </section>
        <Archive slug archived=editor.archived />
    }
}

/// Hidden inputs naming the course and, for item forms, the item.
#[component]
fn ItemButton(
    action: ServerAction<MoveItem>,
    slug: String,
    item: &'static str,
    id: String,
    direction: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="item" value=item />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="direction" value=direction />
            <button type="submit" class="link-button" aria-label=label>{text}</button>
        </ActionForm>
    }
}

#[component]
fn RemoveButton(
    action: ServerAction<RemoveItem>,
    slug: String,
    item: &'static str,
    id: String,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="item" value=item />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="link-button link-button--danger" aria-label=label>{t!(i18n, teach.remove)}</button>
        </ActionForm>
    }
}

#[component]
fn Structure(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    let moves = ServerAction::<MoveItem>::new();
    let removes = ServerAction::<RemoveItem>::new();
    let renames = ServerAction::<RenameModule>::new();
    let add_lesson = ServerAction::<AddLesson>::new();
    let add_module = ServerAction::<AddModule>::new();
    let module_errors = form_errors(add_module);
    let slug = editor.slug.clone();
    let count = editor.modules.len();
    let modules = editor
        .modules
        .iter()
        .cloned()
        .zip(editor.tokens.add_lesson.iter().copied())
        .enumerate()
        .map(|(index, (module, token))| {
            view! {
                <ModuleBlock
                    module
                    token=token.to_string()
                    slug=slug.clone()
                    first=index == 0
                    last=index + 1 == count
                    moves removes renames add_lesson
                />
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="structure">
            <h2 id="structure">{t!(i18n, teach.structure)}</h2>
            <FormAlert errors=form_errors(renames) other=other_error(renames) />
            <FormAlert errors=form_errors(add_lesson) other=other_error(add_lesson) />
            <FormAlert errors=Signal::derive(|| None) other=other_error(moves) />
            <FormAlert errors=Signal::derive(|| None) other=other_error(removes) />
            {(count == 0).then(|| view! { <p class="empty-state">{t!(i18n, teach.no_modules)}</p> })}
            <ol class="editor-modules">{modules}</ol>
            <h3>{t!(i18n, teach.add_module)}</h3>
            <ActionForm action=add_module attr:class="form" attr:novalidate=true>
                <FormAlert errors=module_errors other=other_error(add_module) />
                <input type="hidden" name="slug" value=editor.slug.clone() />
                <input type="hidden" name="token" value=editor.tokens.add_module.to_string() />
                <Field name="title_en" id="new-module-title-en" errors=module_errors required=false lang="en"
                    label=move || t_string!(i18n, teach.module_title_en) />
                <Field name="title_ko" id="new-module-title-ko" errors=module_errors required=false lang="ko"
                    label=move || t_string!(i18n, teach.module_title_ko) />
                <button type="submit" class="button">{t!(i18n, teach.add_module)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ModuleBlock(
    module: EditorModule,
    token: String,
    slug: String,
    first: bool,
    last: bool,
    moves: ServerAction<MoveItem>,
    removes: ServerAction<RemoveItem>,
    renames: ServerAction<RenameModule>,
    add_lesson: ServerAction<AddLesson>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let title = module.title.resolve(lang);
    let name = title.text.clone();
    let id = module.id.to_string();
    let lesson_count = module.lessons.len();
    let lessons = module
        .lessons
        .iter()
        .cloned()
        .enumerate()
        .map(|(index, lesson)| {
            let name = lesson.title.text.clone();
            let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
            let missing = lesson.missing.clone();
            view! {
                <li class="editor-lesson">
                    <a href=format!("/teach/{}/lessons/{}", slug, lesson.id) lang=lesson.title.lang.code()>{name}</a>
                    {missing.into_iter().map(|l| view! {
                        <span class="badge badge--warning">{move || match l {
                            Lang::En => t_string!(i18n, teach.missing_en),
                            Lang::Ko => t_string!(i18n, teach.missing_ko),
                        }}</span>
                    }).collect_view()}
                    <div class="editor-actions">
                        {(index > 0).then(|| view! {
                            <ItemButton action=moves slug=slug.clone() item="lesson" id=lesson.id.to_string() direction="up"
                                label=Signal::derive(move || t_string!(i18n, teach.move_up_named, name = n1.clone()).to_string())
                                text=Signal::derive(move || t_string!(i18n, teach.move_up).to_string()) />
                        })}
                        {(index + 1 < lesson_count).then(|| view! {
                            <ItemButton action=moves slug=slug.clone() item="lesson" id=lesson.id.to_string() direction="down"
                                label=Signal::derive(move || t_string!(i18n, teach.move_down_named, name = n2.clone()).to_string())
                                text=Signal::derive(move || t_string!(i18n, teach.move_down).to_string()) />
                        })}
                        <RemoveButton action=removes slug=slug.clone() item="lesson" id=lesson.id.to_string()
                            label=Signal::derive(move || t_string!(i18n, teach.remove_named, name = n3.clone()).to_string()) />
                    </div>
                </li>
            }
        })
        .collect_view();
    let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
    let field = |suffix: &str| format!("module-{}-{suffix}", module.id);
    let (rename_en, rename_ko, lesson_en, lesson_ko) = (
        field("title-en"),
        field("title-ko"),
        field("lesson-en"),
        field("lesson-ko"),
    );
    let questions = module.question_count;
    let (add_slug, add_id, rename_slug, rename_id) =
        (slug.clone(), id.clone(), slug.clone(), id.clone());
    view! {
        <li class="editor-module">
            <h3 lang=title.lang.code()>{title.text.clone()}</h3>
            <div class="editor-actions">
                {(!first).then(|| view! {
                    <ItemButton action=moves slug=slug.clone() item="module" id=id.clone() direction="up"
                        label=Signal::derive(move || t_string!(i18n, teach.move_up_named, name = n1.clone()).to_string())
                        text=Signal::derive(move || t_string!(i18n, teach.move_up).to_string()) />
                })}
                {(!last).then(|| view! {
                    <ItemButton action=moves slug=slug.clone() item="module" id=id.clone() direction="down"
                        label=Signal::derive(move || t_string!(i18n, teach.move_down_named, name = n2.clone()).to_string())
                        text=Signal::derive(move || t_string!(i18n, teach.move_down).to_string()) />
                })}
                <RemoveButton action=removes slug=slug.clone() item="module" id=id.clone()
                    label=Signal::derive(move || t_string!(i18n, teach.remove_named, name = n3.clone()).to_string()) />
            </div>
            <p><a href=format!("/teach/{}/quizzes/{}", slug, id)>{t!(i18n, teach.question_count, count = move || questions)}</a></p>
            {if module.lessons.is_empty() {
                view! { <p class="empty-state">{t!(i18n, teach.no_lessons)}</p> }.into_any()
            } else {
                view! { <ol class="editor-lessons">{lessons}</ol> }.into_any()
            }}
            <details>
                <summary>{t!(i18n, teach.add_lesson)}</summary>
                <ActionForm action=add_lesson attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="slug" value=add_slug />
                    <input type="hidden" name="token" value=token />
                    <input type="hidden" name="module" value=add_id />
                    <div class="field">
                        <label for=lesson_en.clone()>{t!(i18n, teach.lesson_title_en)}</label>
                        <input id=lesson_en name="title_en" type="text" lang="en" />
                    </div>
                    <div class="field">
                        <label for=lesson_ko.clone()>{t!(i18n, teach.lesson_title_ko)}</label>
                        <input id=lesson_ko name="title_ko" type="text" lang="ko" />
                    </div>
                    <button type="submit" class="button">{t!(i18n, teach.add_lesson)}</button>
                </ActionForm>
            </details>
            <details>
                <summary>{t!(i18n, teach.rename_module)}</summary>
                <ActionForm action=renames attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="slug" value=rename_slug />
                    <input type="hidden" name="module" value=rename_id />
                    <div class="field">
                        <label for=rename_en.clone()>{t!(i18n, teach.module_title_en)}</label>
                        <input id=rename_en name="title_en" type="text" lang="en" value=module.title.en.clone().unwrap_or_default() />
                    </div>
                    <div class="field">
                        <label for=rename_ko.clone()>{t!(i18n, teach.module_title_ko)}</label>
                        <input id=rename_ko name="title_ko" type="text" lang="ko" value=module.title.ko.clone().unwrap_or_default() />
                    </div>
                    <button type="submit" class="button">{t!(i18n, teach.rename_module)}</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn Publish(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<PublishCourse>::new();
    let errors = form_errors(publish);
    let changes = editor.changes.clone();
    let first = editor.versions.is_empty();
    let changes_view = if first {
        view! { <p>{t!(i18n, teach.first_version)}</p> }.into_any()
    } else if changes.is_empty() {
        view! { <p>{t!(i18n, teach.no_changes)}</p> }.into_any()
    } else {
        view! {
            <ul class="change-list">
                {changes.into_iter().map(|c| {
                    let what = move || match (c.item, c.change) {
                        (ItemKind::Module, ChangeKind::Added) => t_string!(i18n, teach.module_added),
                        (ItemKind::Module, ChangeKind::Removed) => t_string!(i18n, teach.module_removed),
                        (ItemKind::Module, ChangeKind::Edited) => t_string!(i18n, teach.module_edited),
                        (ItemKind::Lesson, ChangeKind::Added) => t_string!(i18n, teach.lesson_added),
                        (ItemKind::Lesson, ChangeKind::Removed) => t_string!(i18n, teach.lesson_removed),
                        (ItemKind::Lesson, ChangeKind::Edited) => t_string!(i18n, teach.lesson_edited),
                        (ItemKind::Question, ChangeKind::Added) => t_string!(i18n, teach.question_added),
                        (ItemKind::Question, ChangeKind::Removed) => t_string!(i18n, teach.question_removed),
                        (ItemKind::Question, ChangeKind::Edited) => t_string!(i18n, teach.question_edited),
                    };
                    view! { <li>{what}": "<span lang=c.title.lang.code()>{c.title.text}</span></li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="publish">
            <h2 id="publish">{t!(i18n, teach.publish_heading)}</h2>
            {changes_view}
            <ActionForm action=publish attr:class="form" attr:novalidate=true>
                <FormAlert errors other=other_error(publish) />
                <input type="hidden" name="slug" value=editor.slug.clone() />
                <Field name="note" errors required=false rows=2 label=move || t_string!(i18n, teach.note)
                    hint=move || t_string!(i18n, teach.note_hint) />
                <button type="submit" class="button">{t!(i18n, teach.publish)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Settings(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<UpdateCourseSettings>::new();
    let errors = form_errors(save);
    let value = |text: &Option<String>| text.clone().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="settings">
            <h2 id="settings">{t!(i18n, teach.settings)}</h2>
            <UnsavedChangesGuard />
            <ActionForm action=save attr:class="form form--guarded" attr:novalidate=true>
                <FormAlert errors other=other_error(save) />
                <input type="hidden" name="slug" value=editor.slug.clone() />
                <TopicSelect selected=editor.topic />
                <Field name="title_en" errors required=false lang="en" initial=value(&editor.title.en) label=move || t_string!(i18n, teach.title_en) />
                <Field name="title_ko" errors required=false lang="ko" initial=value(&editor.title.ko) label=move || t_string!(i18n, teach.title_ko)
                    hint=move || t_string!(i18n, teach.languages_hint) />
                <Field name="summary_en" errors required=false lang="en" rows=3 initial=value(&editor.summary.en) label=move || t_string!(i18n, teach.summary_en) />
                <Field name="summary_ko" errors required=false lang="ko" rows=3 initial=value(&editor.summary.ko) label=move || t_string!(i18n, teach.summary_ko) />
                <Field name="estimated_minutes" kind="number" errors initial=editor.estimated_minutes.to_string() label=move || t_string!(i18n, teach.minutes) />
                <button type="submit" class="button">{t!(i18n, teach.save_settings)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Versions(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    if editor.versions.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="panel" aria-labelledby="versions">
            <h2 id="versions">{t!(i18n, teach.versions)}</h2>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, teach.col_version)}</th>
                        <th scope="col">{t!(i18n, teach.col_published)}</th>
                        <th scope="col">{t!(i18n, teach.col_note)}</th>
                        <th scope="col">{t!(i18n, teach.col_enrolments)}</th>
                    </tr></thead>
                    <tbody>
                        {editor.versions.into_iter().map(|v| view! {
                            <tr>
                                <td>{v.number}</td>
                                <td>{v.published_on}</td>
                                <td>{v.note}</td>
                                <td>{v.enrolments}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Authors(editor: CourseEditor) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddCourseAuthor>::new();
    let add_errors = form_errors(add);
    let remove = ServerAction::<RemoveCourseAuthor>::new();
    let slug = editor.slug.clone();
    let manages = editor.manages_authors;
    view! {
        <section class="panel" aria-labelledby="authors">
            <h2 id="authors">{t!(i18n, teach.authors)}</h2>
            <FormAlert errors=Signal::derive(|| None) other=other_error(remove) />
            <ul class="link-list">
                {editor.authors.into_iter().map(|a| {
                    let name = a.display_name.clone();
                    let slug = slug.clone();
                    view! {
                        // Elements only beside the name: a text node at the start of an
                        // optional part would merge with the name's in the HTML and break
                        // hydration. The badge and the form keep their distance by CSS.
                        <li class="author">
                            <span>{a.display_name}</span>
                            {a.is_owner.then(|| view! { <span class="badge">{t!(i18n, teach.owner)}</span> })}
                            {(manages && !a.is_owner).then(|| view! {
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="slug" value=slug.clone() />
                                    <input type="hidden" name="user_id" value=a.user_id.to_string() />
                                    <button type="submit" class="link-button">
                                        {move || t_string!(i18n, teach.remove_author, name = name.clone()).to_string()}
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {manages.then(|| view! {
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <FormAlert errors=add_errors other=other_error(add) />
                    <input type="hidden" name="slug" value=editor.slug.clone() />
                    <Field name="email" kind="email" errors=add_errors label=move || t_string!(i18n, teach.author_email)
                        hint=move || t_string!(i18n, teach.author_email_hint) />
                    <button type="submit" class="button">{t!(i18n, teach.add_author)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Archive(slug: String, archived: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetCourseArchived>::new();
    view! {
        <section class="panel" aria-labelledby="archive">
            <h2 id="archive">{t!(i18n, teach.archive_heading)}</h2>
            <p>{t!(i18n, teach.archive_hint)}</p>
            <ActionForm action attr:class="form">
                <FormAlert errors=Signal::derive(|| None) other=other_error(action) />
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="archived" value=if archived { "false" } else { "true" } />
                <button type="submit" class="button button--secondary">
                    {move || if archived { t_string!(i18n, teach.restore) } else { t_string!(i18n, teach.archive) }}
                </button>
            </ActionForm>
        </section>
    }
}
