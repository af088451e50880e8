//! `/org/{slug}/cohorts/{id}/imports/{import}`: what each line of an uploaded staff
//! list will do; nothing changes until "Confirm", which applies exactly this report.
use crate::api::cohorts::{ConfirmImport, get_import_report};
use crate::components::{
    error_message::ErrorMessage,
    form::{FormAlert, form_errors, other_error},
};
use crate::domain::cohort::{ImportReport, RowOutcome, RowProblem};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_params_map};
use uuid::Uuid;

fn outcome_text(i18n: I18nContext<Locale>, outcome: RowOutcome) -> &'static str {
    match outcome {
        RowOutcome::Invite => t_string!(i18n, import.outcome_invite),
        RowOutcome::Add => t_string!(i18n, import.outcome_add),
        RowOutcome::AlreadyMember => t_string!(i18n, import.outcome_already),
        RowOutcome::Refused(problem) => match problem {
            RowProblem::EmailInvalid => t_string!(i18n, import.refused_email_invalid),
            RowProblem::NameMissing => t_string!(i18n, import.refused_name_missing),
            RowProblem::NameInvalid => t_string!(i18n, import.refused_name_invalid),
            RowProblem::LanguageUnknown => t_string!(i18n, import.refused_language_unknown),
            RowProblem::DuplicateInFile => t_string!(i18n, import.refused_duplicate_in_file),
            RowProblem::OverSeatLimit => t_string!(i18n, import.refused_over_seat_limit),
            RowProblem::WrongColumns => t_string!(i18n, import.refused_wrong_columns),
        },
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let param = move |name: &str| params.read().get(name).unwrap_or_default();
    let report = Resource::new(
        page_key(move || {
            (
                param("slug"),
                param("cohort").parse::<Uuid>().ok(),
                param("import").parse::<Uuid>().ok(),
            )
        }),
        |(slug, cohort, import)| async move {
            match (cohort, import) {
                (Some(cohort), Some(import)) => get_import_report(slug, cohort, import).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t_string!(i18n, import.title) />
        <h1>{t!(i18n, import.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok((report, applied)) => view! {
                        <Report report applied slug=param("slug") cohort=param("cohort") import=param("import") />
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/org" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(
    report: ImportReport,
    applied: bool,
    slug: String,
    cohort: String,
    import: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmImport>::new();
    let errors = form_errors(action);
    let invite = report.count(|o| *o == RowOutcome::Invite);
    let add = report.count(|o| *o == RowOutcome::Add);
    let already = report.count(|o| *o == RowOutcome::AlreadyMember);
    let refused = report.count(|o| matches!(o, RowOutcome::Refused(_)));
    let back = format!("/org/{slug}/cohorts/{cohort}");
    view! {
        {if applied {
            view! { <p class="notice" role="status">{t!(i18n, import.applied)}</p> }.into_any()
        } else {
            view! { <p>{t!(i18n, import.lead)}</p> }.into_any()
        }}
        <ul class="link-list">
            <li>{t!(i18n, import.invite, count = move || invite)}</li>
            <li>{t!(i18n, import.add, count = move || add)}</li>
            <li>{t!(i18n, import.already, count = move || already)}</li>
            <li>{t!(i18n, import.refused, count = move || refused)}</li>
        </ul>
        {(!applied).then(|| view! {
            <ActionForm action attr:class="form">
                <FormAlert errors other=other_error(action) />
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="cohort" value=cohort.clone() />
                <input type="hidden" name="import" value=import.clone() />
                <button type="submit" class="button">{t!(i18n, import.confirm)}</button>
            </ActionForm>
        })}
        <p><a href=back>{t!(i18n, import.back)}</a></p>
        <div class="table-scroll">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, import.col_line)}</th>
                    <th scope="col">{t!(i18n, import.col_email)}</th>
                    <th scope="col">{t!(i18n, import.col_name)}</th>
                    <th scope="col">{t!(i18n, import.col_lang)}</th>
                    <th scope="col">{t!(i18n, import.col_outcome)}</th>
                </tr></thead>
                <tbody>
                    {report.rows.into_iter().map(|row| {
                        let outcome = row.outcome;
                        view! {
                            <tr class:row--refused=matches!(outcome, RowOutcome::Refused(_))>
                                <td>{row.line}</td>
                                <td>{row.email}</td>
                                <td>{row.name}</td>
                                <td>{row.lang.code()}</td>
                                <td>{move || outcome_text(i18n, outcome)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
