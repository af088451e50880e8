//! The course page's panel: "Sign in to enrol", "Enrol", or the learner's progress
//! and "Continue".
use crate::api::learning::{Enrol, ProgressSummary, course_progress};
use crate::components::form::{FormAlert, form_errors, other_error};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::page_key;
use crate::viewer::use_viewer;
use leptos::prelude::*;

/// The learner's progress in `course`, for [`EnrolmentPanel`]. The page creates it at its
/// top level, beside its own data: a resource created inside a Suspense's async block
/// is created (and fetched) again each time the block runs, and the server's render runs
/// it more than once.
pub fn progress_resource(
    course: impl Fn() -> String + Send + Sync + 'static,
) -> Resource<Result<Option<ProgressSummary>, AppError>> {
    Resource::new(page_key(course), course_progress)
}

#[component]
pub fn EnrolmentPanel(
    course: String,
    progress: Resource<Result<Option<ProgressSummary>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = use_viewer().viewer.is_some();
    view! {
        <section class="enrolment panel" aria-labelledby="enrolment-title">
            <Suspense fallback=|| ()>
                {move || {
                    let course = course.clone();
                    Suspend::new(async move {
                        match progress.await {
                            Ok(Some(progress)) => {
                                let (done, total, percent) = (progress.done, progress.required, progress.percent);
                                view! {
                                    <h2 id="enrolment-title">{t!(i18n, learning.your_progress)}</h2>
                                    <label for="course-progress">
                                        {t!(i18n, learning.progress_value, done = move || done, total = move || total, percent = move || percent)}
                                    </label>
                                    <progress id="course-progress" max="100" value=percent></progress>
                                    {progress.completed_on.map(|date| view! {
                                        <p class="notice" role="status">{t!(i18n, learning.completed_on, date = move || date.clone())}</p>
                                    })}
                                    {progress.resume.map(|path| view! {
                                        <p><a class="button" href=path>{t!(i18n, learning.resume)}</a></p>
                                    })}
                                }.into_any()
                            }
                            Ok(None) if signed_in => view! { <EnrolForm course /> }.into_any(),
                            _ => view! {
                                <h2 id="enrolment-title">{t!(i18n, learning.enrol)}</h2>
                                <p>{t!(i18n, learning.enrol_lead)}</p>
                                <p><a class="button" href=format!("/sign-in?next=/courses/{course}")>{t!(i18n, learning.sign_in_to_enrol)}</a></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn EnrolForm(course: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Enrol>::new();
    let errors = form_errors(action);
    view! {
        <h2 id="enrolment-title">{t!(i18n, learning.enrol)}</h2>
        <p>{t!(i18n, learning.enrol_lead)}</p>
        <ActionForm action>
            <FormAlert errors other=other_error(action) />
            <input type="hidden" name="course" value=course />
            <button type="submit" class="button">{t!(i18n, learning.enrol)}</button>
        </ActionForm>
    }
}
