//! `/org/{slug}/cohorts/{id}`: one cohort for its organisation's admins: figures (small
//! groups suppressed), a chart drawn on the server, the members with a filter (a GET
//! form, so it works without JavaScript) and their CSV export, reminders, the staff
//! list upload, and join codes.
use crate::api::cohorts::{CohortDashboard, CreateJoinCode, SendReminders, get_cohort_dashboard};
use crate::components::pagination::page_of;
use crate::components::{
    error_message::ErrorMessage,
    form::{Field, FormAlert, Notice, form_errors, other_error},
};
use crate::domain::cohort::{DashboardFilter, Figures, MemberStatus, SortKey};
use crate::domain::encode_query;
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

pub fn status_name(i18n: I18nContext<Locale>, status: MemberStatus) -> &'static str {
    match status {
        MemberStatus::Invited => t_string!(i18n, cohort.status_invited),
        MemberStatus::Joined => t_string!(i18n, cohort.status_joined),
        MemberStatus::NotStarted => t_string!(i18n, cohort.status_not_started),
        MemberStatus::InProgress => t_string!(i18n, cohort.status_in_progress),
        MemberStatus::Completed => t_string!(i18n, cohort.status_completed),
    }
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let cohort = move || {
        params
            .read()
            .get("cohort")
            .and_then(|c| c.parse::<Uuid>().ok())
    };
    let filter = move || {
        let q = query.read();
        DashboardFilter {
            status: q.get("status").and_then(|s| MemberStatus::parse(&s)),
            q: q.get("q").unwrap_or_default(),
            sort: SortKey::parse(&q.get("sort").unwrap_or_default()),
        }
    };
    let page = move || page_of(&query.read());
    let dashboard = Resource::new(
        page_key(move || {
            (
                slug(),
                cohort(),
                filter(),
                page(),
                lang,
                query.read().get("done"),
            )
        }),
        |(slug, cohort, filter, page, lang, _)| async move {
            match cohort {
                Some(cohort) => get_cohort_dashboard(slug, cohort, filter, page, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(dashboard) => view! { <Dashboard dashboard filter=filter() /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <Redirect path=format!("/sign-in?next=/org/{}/cohorts/{}", slug(), cohort().unwrap_or_default()) />
                    }.into_any(),
                    Err(error) => view! { <Title text=t_string!(i18n, org.admin_title) /><ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(dashboard: CohortDashboard, filter: DashboardFilter) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let slug = dashboard.organisation.slug.clone();
    let id = dashboard.cohort.id;
    let base = format!("/org/{slug}/cohorts/{id}");
    let notice = move || {
        let q = query.read();
        let count = q.get("count").unwrap_or_default();
        q.get("done").and_then(|done| match done.as_str() {
            "imported" => Some(t_string!(i18n, cohort.imported, count = count).to_string()),
            "reminded" => Some(t_string!(i18n, cohort.reminded, count = count).to_string()),
            "code" => Some(t_string!(i18n, cohort.code_made).to_string()),
            _ => None,
        })
    };
    let upload_failed = move || query.read().get("upload").is_some();
    // The filter as a query string, for the export and the page links.
    let filter_query = format!(
        "status={}&q={}&sort={}",
        filter.status.map(|s| s.code()).unwrap_or_default(),
        encode_query(&filter.q),
        filter.sort.code()
    );
    let export = format!("{base}/members.csv?{filter_query}");
    let page_link = {
        let base = base.clone();
        move |page: i64| format!("{base}?{filter_query}&page={page}#cohort-members")
    };
    let (page, pages) = (dashboard.page, dashboard.pages);
    let c = dashboard.cohort.clone();
    let (start, end, members, limit) = (
        c.starts_on.clone(),
        c.ends_on.clone(),
        c.members,
        c.seat_limit,
    );
    let matching = dashboard.matching;
    let remind = ServerAction::<SendReminders>::new();
    let code = ServerAction::<CreateJoinCode>::new();
    let code_errors = form_errors(code);
    let visible = c.progress_visible;
    let org_link = format!("/org/{slug}");
    let org_name = dashboard
        .organisation
        .name
        .resolve(crate::locale::use_lang())
        .text;
    let (slug_remind, slug_code) = (slug.clone(), slug.clone());
    view! {
        <Title text=c.name.clone() />
        <p><a href=org_link>{org_name}</a></p>
        <h1>{c.name.clone()}</h1>
        {move || notice().map(|text| view! { <Notice text /> })}
        <dl class="facts">
            <div><dt>{t!(i18n, org.col_course)}</dt><dd lang=c.course_title.lang.code()>{c.course_title.text.clone()}</dd></div>
            <div><dt>{t!(i18n, org.col_dates)}</dt><dd>{t!(i18n, org.dates, start = move || start.clone(), end = move || end.clone())}</dd></div>
            <div><dt>{t!(i18n, org.col_seats)}</dt><dd>{t!(i18n, org.seats, members = move || members, limit = move || limit)}</dd></div>
            <div><dt>{t!(i18n, cohort.figures_heading)}</dt><dd>{if visible { t_string!(i18n, cohort.progress_shared) } else { t_string!(i18n, cohort.progress_private) }}</dd></div>
        </dl>

        <FiguresSection figures=dashboard.figures.clone() />

        <section class="panel" aria-labelledby="cohort-members">
            <h2 id="cohort-members">{t!(i18n, cohort.filter_heading)}</h2>
            <form method="get" action=base.clone() class="filter-form">
                <div class="field">
                    <label for="member-status">{t!(i18n, cohort.status_label)}</label>
                    <select id="member-status" name="status">
                        <option value="">{t!(i18n, cohort.any_status)}</option>
                        {MemberStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=filter.status == Some(s)>{move || status_name(i18n, s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="member-q">{t!(i18n, cohort.search_label)}</label>
                    <input id="member-q" type="search" name="q" value=filter.q.clone() />
                </div>
                <div class="field">
                    <label for="member-sort">{t!(i18n, cohort.sort_label)}</label>
                    <select id="member-sort" name="sort">
                        <option value="name" selected=filter.sort == SortKey::Name>{t!(i18n, cohort.sort_name)}</option>
                        <option value="status" selected=filter.sort == SortKey::Status>{t!(i18n, cohort.sort_status)}</option>
                        <option value="progress" selected=filter.sort == SortKey::Progress>{t!(i18n, cohort.sort_progress)}</option>
                    </select>
                </div>
                <button type="submit" class="button">{t!(i18n, cohort.apply)}</button>
            </form>
            <p>
                {t!(i18n, cohort.shown, count = move || matching)}" "
                <a href=export rel="external" download="">{t!(i18n, cohort.export)}</a>
            </p>
            {if dashboard.members.is_empty() {
                view! { <p class="empty-state">{t!(i18n, cohort.no_members)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, cohort.col_name)}</th>
                                <th scope="col">{t!(i18n, cohort.col_email)}</th>
                                <th scope="col">{t!(i18n, cohort.col_status)}</th>
                                <th scope="col">{t!(i18n, cohort.col_progress)}</th>
                                <th scope="col">{t!(i18n, cohort.col_completed)}</th>
                                <th scope="col">{t!(i18n, cohort.col_certificate)}</th>
                                <th scope="col">{t!(i18n, cohort.col_quiz)}</th>
                            </tr></thead>
                            <tbody>
                                {dashboard.members.into_iter().map(|m| {
                                    let status = m.status;
                                    view! {
                                        <tr>
                                            <td>{m.name}</td>
                                            <td>{m.email}</td>
                                            <td>{move || status_name(i18n, status)}</td>
                                            <td>{m.percent.map(|p| t_string!(i18n, cohort.percent, n = p).to_string())}</td>
                                            <td>{m.completed_on}</td>
                                            <td class="code">{m.certificate}</td>
                                            <td>{m.quiz_percent.map(|p| t_string!(i18n, cohort.percent, n = p).to_string())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <crate::components::pagination::Pagination page pages link=page_link />
        </section>

        <section class="panel" aria-labelledby="cohort-remind">
            <h2 id="cohort-remind">{t!(i18n, cohort.remind_heading)}</h2>
            <ActionForm action=remind attr:class="form">
                <FormAlert errors=form_errors(remind) other=other_error(remind) />
                <input type="hidden" name="slug" value=slug_remind />
                <input type="hidden" name="cohort" value=id.to_string() />
                <p>{t!(i18n, cohort.remind_lead)}</p>
                <button type="submit" class="button">{t!(i18n, cohort.remind)}</button>
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="upload">
            <h2 id="upload">{t!(i18n, cohort.upload_heading)}</h2>
            <p id="upload-lead">{t!(i18n, cohort.upload_lead)}</p>
            <form method="post" action=format!("{base}/import") enctype="multipart/form-data" class="form" novalidate>
                <div class="form-alert" role="alert" class:form-alert--shown=upload_failed>
                    <Show when=upload_failed><p>{t!(i18n, problem.file_invalid)}</p></Show>
                </div>
                <div class="field" class:field--invalid=upload_failed>
                    <label for="field-file">{t!(i18n, cohort.file)}</label>
                    <input id="field-file" type="file" name="file" accept=".csv,text/csv" required
                        aria-describedby="upload-lead" aria-invalid=move || upload_failed().then_some("true") />
                </div>
                <button type="submit" class="button">{t!(i18n, cohort.check_file)}</button>
            </form>
        </section>

        <section class="panel" aria-labelledby="codes" id="codes-section">
            <h2 id="codes">{t!(i18n, cohort.codes_heading)}</h2>
            <p>{t!(i18n, cohort.codes_lead)}</p>
            {if dashboard.codes.is_empty() {
                view! { <p class="empty-state">{t!(i18n, cohort.no_codes)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, cohort.col_code)}</th>
                                <th scope="col">{t!(i18n, cohort.col_link)}</th>
                                <th scope="col">{t!(i18n, cohort.col_expires)}</th>
                                <th scope="col">{t!(i18n, cohort.col_uses)}</th>
                            </tr></thead>
                            <tbody>
                                {dashboard.codes.into_iter().map(|j| {
                                    let (uses, max) = (j.uses, j.max_uses);
                                    let link = format!("/join/{}", j.code.replace('-', ""));
                                    view! {
                                        <tr>
                                            <td class="code">{j.code}</td>
                                            <td><a href=link.clone()>{link.clone()}</a></td>
                                            <td>{j.expires_on}{j.expired.then(|| view! { " " {t!(i18n, cohort.expired)} })}</td>
                                            <td>{t!(i18n, cohort.uses, uses = move || uses, max = move || max)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <ActionForm action=code attr:class="form" attr:novalidate=true>
                <FormAlert errors=code_errors other=other_error(code) />
                <input type="hidden" name="slug" value=slug_code />
                <input type="hidden" name="cohort" value=id.to_string() />
                <Field name="days" kind="number" errors=code_errors initial="14".to_string() label=move || t_string!(i18n, cohort.days) />
                <Field name="max_uses" kind="number" errors=code_errors initial=limit.to_string() label=move || t_string!(i18n, cohort.max_uses) />
                <button type="submit" class="button">{t!(i18n, cohort.create_code)}</button>
            </ActionForm>
        </section>
    }
}

/// The figures, and the chart as SVG drawn here (no script), with its numbers also in
/// a table for screen readers and for anyone who prefers them.
#[component]
fn FiguresSection(figures: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let figure = move |value: Option<i64>, percent: bool| match value {
        Some(n) if percent => t_string!(i18n, cohort.percent, n = n).to_string(),
        Some(n) => n.to_string(),
        None => t_string!(i18n, cohort.suppressed).to_string(),
    };
    let chart = figures.by_status.clone().map(|bars| {
        let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
        let (width, bar_h, gap, label_w) = (560.0, 28.0, 12.0, 150.0);
        let height = bars.len() as f64 * (bar_h + gap);
        view! {
            <figure class="chart">
                <svg role="img" aria-labelledby="chart-title chart-desc" viewBox=format!("0 0 {width} {height}") width="100%">
                    <title id="chart-title">{t!(i18n, cohort.chart_title)}</title>
                    <desc id="chart-desc">{t!(i18n, cohort.chart_desc)}</desc>
                    {bars.iter().enumerate().map(|(i, (status, n))| {
                        let status = *status;
                        let y = i as f64 * (bar_h + gap);
                        let w = (width - label_w - 50.0) * (*n as f64) / (max as f64);
                        view! {
                            <text x="0" y=y + bar_h * 0.7 class="chart__label">{move || status_name(i18n, status)}</text>
                            <rect x=label_w y=y width=w.max(1.0) height=bar_h class="chart__bar" />
                            <text x=label_w + w + 6.0 y=y + bar_h * 0.7 class="chart__value">{*n}</text>
                        }
                    }).collect_view()}
                </svg>
                <figcaption>
                    <table class="data-table">
                        <caption class="visually-hidden">{t!(i18n, cohort.chart_title)}</caption>
                        <tbody>
                            {bars.into_iter().map(|(status, n)| view! {
                                <tr><th scope="row">{move || status_name(i18n, status)}</th><td>{n}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </figcaption>
            </figure>
        }
    });
    view! {
        <section class="panel" aria-labelledby="cohort-figures">
            <h2 id="cohort-figures">{t!(i18n, cohort.figures_heading)}</h2>
            <dl class="facts">
                <div><dt>{t!(i18n, cohort.members)}</dt><dd>{figures.members}</dd></div>
                <div><dt>{t!(i18n, cohort.joined)}</dt><dd>{figure(figures.joined, false)}</dd></div>
                <div><dt>{t!(i18n, cohort.completed)}</dt><dd>{figure(figures.completed, false)}</dd></div>
                <div><dt>{t!(i18n, cohort.completion_rate)}</dt><dd>{figure(figures.completion_rate, true)}</dd></div>
                <div><dt>{t!(i18n, cohort.quiz_average)}</dt><dd>{figure(figures.quiz_average, true)}</dd></div>
            </dl>
            <p class="field__hint">{t!(i18n, cohort.suppressed_note)}</p>
            {match chart {
                Some(chart) => chart.into_any(),
                None => view! { <p class="empty-state">{t!(i18n, cohort.chart_hidden)}</p> }.into_any(),
            }}
        </section>
    }
}
