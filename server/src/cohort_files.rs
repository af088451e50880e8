//! The two cohort requests that are files, not forms of fields: uploading a staff list
//! (multipart, so it works as a plain form without JavaScript) and downloading the
//! dashboard's members as CSV (exactly the rows the screen shows for the same filter).
use crate::router::{AppState, status_of, viewer_or_sign_in};
use app::domain::Permission;
use app::domain::cohort::{DashboardFilter, MemberStatus, SortKey, filter_members};
use app::error::AppError;
use app::ssr::db::cohorts::{self, CohortRow};
use axum::{
    extract::{Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;
use uuid::Uuid;

/// The largest staff list accepted (10,000 rows of email, name and language fit easily).
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

async fn cohort_for_admin(
    state: &AppState,
    session: &Session,
    slug: &str,
    cohort: Uuid,
) -> Result<(app::domain::Viewer, CohortRow), Response> {
    let back = format!("/org/{slug}/cohorts/{cohort}");
    let viewer = viewer_or_sign_in(state, session, Permission::OwnAccount, &back).await?;
    let not_found = || StatusCode::NOT_FOUND.into_response();
    let org = cohorts::organisation(&state.pool, slug)
        .await
        .map_err(|err| status_of(&AppError::from(err)).into_response())?
        .ok_or_else(not_found)?;
    if !viewer.may(Permission::ViewOrganisation(org.id)) {
        return Err(not_found());
    }
    let row = cohorts::cohort(&state.pool, org.id, cohort)
        .await
        .map_err(|err| status_of(&AppError::from(err)).into_response())?
        .ok_or_else(not_found)?;
    Ok((viewer, row))
}

/// `POST /org/{slug}/cohorts/{cohort}/import`: a dry run of the file, then its report.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((slug, cohort)): Path<(String, Uuid)>,
    mut form: Multipart,
) -> Response {
    let (viewer, row) = match cohort_for_admin(&state, &session, &slug, cohort).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let back = format!("/org/{slug}/cohorts/{cohort}?upload=file_invalid#upload");
    let mut bytes = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            bytes = field.bytes().await.ok();
        }
    }
    let Some(rows) = bytes.and_then(|b| app::ssr::cohort_csv::read_rows(&b).ok()) else {
        return Redirect::to(&back).into_response();
    };
    match cohorts::plan_import(&state.pool, &row, &rows, viewer.id).await {
        Ok((import, _)) => {
            Redirect::to(&format!("/org/{slug}/cohorts/{cohort}/imports/{import}")).into_response()
        }
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
}

/// `GET /org/{slug}/cohorts/{cohort}/members.csv?status=…&q=…&sort=…`.
pub async fn export(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((slug, cohort)): Path<(String, Uuid)>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let (_, row) = match cohort_for_admin(&state, &session, &slug, cohort).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let members = match app::api::cohorts::dashboard_members(&state.pool, &row).await {
        Ok(members) => members,
        Err(error) => return status_of(&error).into_response(),
    };
    let filter = DashboardFilter {
        status: MemberStatus::parse(&query.status),
        q: query.q,
        sort: SortKey::parse(&query.sort),
    };
    let lang = app::locale::lang_of_headers(&headers);
    let rows: Vec<Vec<String>> = filter_members(members, &filter)
        .into_iter()
        .map(|m| {
            vec![
                m.name,
                m.email,
                app::ssr::messages::member_status(lang, m.status),
                m.percent.map(|p| p.to_string()).unwrap_or_default(),
                m.completed_on.unwrap_or_default(),
                m.certificate.unwrap_or_default(),
                m.quiz_percent.map(|p| p.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let body = app::ssr::cohort_csv::write(&app::ssr::messages::cohort_export_header(lang), &rows);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"cohort-{cohort}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        // A byte-order mark, so spreadsheet programs read Korean names as UTF-8.
        format!("\u{FEFF}{body}"),
    )
        .into_response()
}
