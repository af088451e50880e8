//! Partner cities: organisations (created by platform admins, edited by their own
//! admins), cohorts of staff for a course, CSV imports, join codes, invitations, the
//! cohort dashboard, a member's own cohorts, and the public list of cities.
//!
//! Every organisation page and function is addressed by the organisation's slug, and
//! checks `Permission::ViewOrganisation(that organisation)` before anything else; a
//! cohort is only ever looked up together with its organisation.
// Server functions take one argument per form field, and the profile form has eight.
#![allow(clippy::too_many_arguments)]

use crate::domain::cohort::{DashboardFilter, DashboardMember, Figures, ImportReport};
use crate::domain::{LocalText, Localized};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationProfile {
    pub slug: String,
    pub name: Localized,
    pub country: Option<String>,
    pub region: Option<String>,
    pub declared_year: Option<i32>,
    pub website: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: Uuid,
    pub name: String,
    pub course_title: LocalText,
    pub starts_on: String,
    pub ends_on: String,
    pub seat_limit: i32,
    pub members: i64,
    pub progress_visible: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseChoice {
    pub slug: String,
    pub title: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationHome {
    pub profile: OrganisationProfile,
    pub admins: Vec<(Uuid, String)>,
    pub cohorts: Vec<CohortSummary>,
    pub courses: Vec<CourseChoice>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::domain::Permission;
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::cohorts::{self as db, CohortRow, OrganisationRow};
    use sqlx::PgPool;

    pub fn profile(row: OrganisationRow) -> OrganisationProfile {
        OrganisationProfile {
            slug: row.slug,
            name: row.name.0,
            country: row.country,
            region: row.region,
            declared_year: row.declared_year,
            website: row.website,
        }
    }

    pub fn summary(row: CohortRow, lang: crate::domain::Lang) -> CohortSummary {
        CohortSummary {
            id: row.id,
            name: row.name,
            course_title: row.course_title.resolve(lang),
            starts_on: row.starts_on.to_string(),
            ends_on: row.ends_on.to_string(),
            seat_limit: row.seat_limit,
            members: row.members,
            progress_visible: row.progress_visible,
        }
    }

    /// The organisation, if the viewer administers it (or the platform).
    pub async fn organisation_for_admin(
        pool: &PgPool,
        slug: &str,
    ) -> Result<(crate::domain::Viewer, OrganisationRow), AppError> {
        let viewer = crate::ssr::auth::viewer()
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let org = db::organisation(pool, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        if !viewer.may(Permission::ViewOrganisation(org.id)) {
            return Err(AppError::Forbidden);
        }
        Ok((viewer, org))
    }

    /// The cohort, if it is the organisation's and the viewer administers it.
    pub async fn cohort_for_admin(
        pool: &PgPool,
        slug: &str,
        cohort: Uuid,
    ) -> Result<(crate::domain::Viewer, OrganisationRow, CohortRow), AppError> {
        let (viewer, org) = organisation_for_admin(pool, slug).await?;
        let row = db::cohort(pool, org.id, cohort)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((viewer, org, row))
    }

    /// Validated profile fields, or the form's problems.
    pub struct ProfileInput {
        pub name: Localized,
        pub country: Option<String>,
        pub region: Option<String>,
        pub declared_year: Option<i32>,
        pub website: Option<String>,
    }

    pub fn read_profile(
        name_en: &str,
        name_ko: &str,
        country: &str,
        region: &str,
        declared_year: &str,
        website: &str,
        mut errors: FormErrors,
    ) -> Result<ProfileInput, AppError> {
        let keep = |e: FormErrors| {
            e.keep("name_en", name_en)
                .keep("name_ko", name_ko)
                .keep("country", country)
                .keep("region", region)
                .keep("declared_year", declared_year)
                .keep("website", website)
        };
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let (en, ko) = (optional(name_en), optional(name_ko));
        if en.is_none() && ko.is_none() {
            errors = errors.with("name_en", Problem::Required);
        }
        for (field, value) in [("name_en", &en), ("name_ko", &ko)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 120) {
                errors = errors.with(field, Problem::TooLong);
            }
        }
        let country = optional(country).map(|c| c.to_uppercase());
        if country
            .as_ref()
            .is_some_and(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
        {
            errors = errors.with("country", Problem::CountryCode);
        }
        let region = optional(region);
        if region.as_ref().is_some_and(|r| r.chars().count() > 80) {
            errors = errors.with("region", Problem::TooLong);
        }
        let declared_year = match optional(declared_year) {
            None => None,
            Some(y) => match y.parse::<i32>() {
                Ok(y) if (1950..=2100).contains(&y) => Some(y),
                _ => {
                    errors = errors.with("declared_year", Problem::YearInvalid);
                    None
                }
            },
        };
        let website = optional(website);
        if website.as_ref().is_some_and(|w| {
            !(w.starts_with("https://") || w.starts_with("http://"))
                || w.len() > 200
                || w.chars().any(char::is_whitespace)
        }) {
            errors = errors.with("website", Problem::UrlInvalid);
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(keep(errors)));
        }
        Ok(ProfileInput {
            name: Localized { en, ko },
            country,
            region,
            declared_year,
            website,
        })
    }

    impl ProfileInput {
        pub fn as_db(&self) -> db::Profile<'_> {
            db::Profile {
                name: &self.name,
                country: self.country.as_deref(),
                region: self.region.as_deref(),
                declared_year: self.declared_year,
                website: self.website.as_deref(),
            }
        }
    }

    /// The dashboard's rows for the cohort: progress only where the cohort shows it.
    pub async fn dashboard_members(
        pool: &PgPool,
        cohort: &CohortRow,
    ) -> Result<Vec<DashboardMember>, AppError> {
        use crate::domain::cohort::MemberStatus;
        let rows = db::members(pool, cohort.id).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let status = match (row.state.as_str(), cohort.progress_visible) {
                    ("invited", _) => MemberStatus::Invited,
                    (_, false) => MemberStatus::Joined,
                    _ if row.completed_at.is_some() => MemberStatus::Completed,
                    _ if row.done.unwrap_or(0) > 0 => MemberStatus::InProgress,
                    _ => MemberStatus::NotStarted,
                };
                let visible = cohort.progress_visible && row.state == "joined";
                let percent = match (row.done, row.required) {
                    (Some(done), Some(required)) if required > 0 => done * 100 / required,
                    _ => 0,
                };
                DashboardMember {
                    name: row.display_name,
                    email: row.email,
                    status,
                    percent: visible.then_some(if row.completed_at.is_some() {
                        100
                    } else {
                        percent
                    }),
                    completed_on: row
                        .completed_at
                        .filter(|_| visible)
                        .map(|at| at.date().to_string()),
                    certificate: row.certificate_code.filter(|_| visible).map(|code| {
                        crate::domain::CertificateCode::parse(&code)
                            .map(|c| c.to_string())
                            .unwrap_or(code)
                    }),
                    quiz_percent: row
                        .quiz_percent
                        .filter(|_| visible)
                        .map(|p| p.round() as i64),
                }
            })
            .collect())
    }
}

#[cfg(feature = "ssr")]
pub use server::{cohort_for_admin, dashboard_members};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationListing {
    pub slug: String,
    pub name: LocalText,
    pub country: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationList {
    pub organisations: Vec<OrganisationListing>,
    /// Whether the viewer may add organisations (decided on the server, with the list).
    pub may_create: bool,
}

/// The organisations the viewer administers: all of them for a platform admin.
#[server(prefix = "/api", endpoint = "org/list", input = GetUrl)]
pub async fn list_organisations(lang: crate::domain::Lang) -> Result<OrganisationList, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::cohorts};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let organisations = cohorts::organisations(&ctx::pool()?)
        .await?
        .into_iter()
        .filter(|row| viewer.may(Permission::ViewOrganisation(row.id)))
        .map(|row| OrganisationListing {
            slug: row.slug,
            name: row.name.resolve(lang),
            country: row.country,
        })
        .collect();
    Ok(OrganisationList {
        organisations,
        may_create: viewer.may(Permission::ManageUsers),
    })
}

/// A new partner city, with its first admin (an existing account, by email).
#[server(prefix = "/api", endpoint = "admin/organisations/create")]
pub async fn create_organisation(
    slug: String,
    name_en: String,
    name_ko: String,
    country: String,
    region: String,
    declared_year: String,
    website: String,
    admin_email: String,
) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, ctx, db::cohorts};
    auth::require(Permission::ManageUsers).await?;
    let pool = ctx::pool()?;
    let slug_clean = slug.trim().to_lowercase();
    let mut errors = FormErrors::default()
        .keep("slug", &slug)
        .keep("admin_email", &admin_email);
    if !crate::domain::is_slug(&slug_clean) || slug_clean.len() > 60 {
        errors = errors.with("slug", Problem::SlugInvalid);
    }
    let profile = server::read_profile(
        &name_en,
        &name_ko,
        &country,
        &region,
        &declared_year,
        &website,
        errors,
    )?;
    let Some(id) = cohorts::create_organisation(&pool, &slug_clean, &profile.as_db()).await? else {
        return Err(AppError::Invalid(
            FormErrors::default()
                .keep("slug", &slug)
                .with("slug", Problem::SlugTaken),
        ));
    };
    if !admin_email.trim().is_empty()
        && !cohorts::appoint_admin(&pool, id, admin_email.trim()).await?
    {
        return Err(AppError::Invalid(
            FormErrors::default()
                .keep("admin_email", &admin_email)
                .with("admin_email", Problem::NoSuchAccount),
        ));
    }
    leptos_axum::redirect(&format!("/org/{slug_clean}?done=created"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "org/home", input = GetUrl)]
pub async fn get_organisation_home(
    slug: String,
    lang: crate::domain::Lang,
) -> Result<OrganisationHome, AppError> {
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, org) = server::organisation_for_admin(&pool, &slug).await?;
    let admins = cohorts::admins(&pool, org.id).await?;
    let cohorts_rows = cohorts::cohorts_of(&pool, org.id).await?;
    let courses = crate::ssr::db::catalog::published_titles(&pool).await?;
    Ok(OrganisationHome {
        admins: admins.into_iter().map(|(id, name, _)| (id, name)).collect(),
        cohorts: cohorts_rows
            .into_iter()
            .map(|row| server::summary(row, lang))
            .collect(),
        courses: courses
            .into_iter()
            .map(|(slug, title)| CourseChoice {
                slug,
                title: title.resolve(lang),
            })
            .collect(),
        profile: server::profile(org),
    })
}

#[server(prefix = "/api", endpoint = "org/profile")]
pub async fn update_organisation(
    slug: String,
    name_en: String,
    name_ko: String,
    country: String,
    region: String,
    declared_year: String,
    website: String,
) -> Result<(), AppError> {
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, org) = server::organisation_for_admin(&pool, &slug).await?;
    let profile = server::read_profile(
        &name_en,
        &name_ko,
        &country,
        &region,
        &declared_year,
        &website,
        Default::default(),
    )?;
    cohorts::update_organisation(&pool, org.id, &profile.as_db()).await?;
    leptos_axum::redirect(&format!("/org/{slug}?done=profile"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "org/admins/add")]
pub async fn appoint_organisation_admin(slug: String, email: String) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, org) = server::organisation_for_admin(&pool, &slug).await?;
    if !cohorts::appoint_admin(&pool, org.id, email.trim()).await? {
        return Err(AppError::Invalid(
            FormErrors::default()
                .keep("email", &email)
                .with("email", Problem::NoSuchAccount),
        ));
    }
    leptos_axum::redirect(&format!("/org/{slug}?done=admin"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "org/admins/remove")]
pub async fn remove_organisation_admin(slug: String, user_id: Uuid) -> Result<(), AppError> {
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (viewer, org) = server::organisation_for_admin(&pool, &slug).await?;
    // An admin cannot remove themself, so a city never loses its last admin by a slip.
    if viewer.id == user_id {
        return Err(AppError::Forbidden);
    }
    cohorts::remove_admin(&pool, org.id, user_id).await?;
    leptos_axum::redirect(&format!("/org/{slug}?done=admin_removed"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "org/cohorts/create")]
pub async fn create_cohort(
    slug: String,
    course: String,
    name: String,
    starts_on: String,
    ends_on: String,
    seat_limit: String,
    progress_visible: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, org) = server::organisation_for_admin(&pool, &slug).await?;
    let mut errors = FormErrors::default()
        .keep("name", &name)
        .keep("starts_on", &starts_on)
        .keep("ends_on", &ends_on)
        .keep("seat_limit", &seat_limit);
    let trimmed = name.trim();
    if trimmed.is_empty() {
        errors = errors.with("name", Problem::Required);
    } else if trimmed.chars().count() > 120 {
        errors = errors.with("name", Problem::TooLong);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let starts = time::Date::parse(starts_on.trim(), &format).ok();
    let ends = time::Date::parse(ends_on.trim(), &format).ok();
    if starts.is_none() {
        errors = errors.with("starts_on", Problem::DateInvalid);
    }
    match (starts, ends) {
        (_, None) => errors = errors.with("ends_on", Problem::DateInvalid),
        (Some(s), Some(e)) if e < s => errors = errors.with("ends_on", Problem::EndsBeforeStart),
        _ => {}
    }
    let seats = seat_limit
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=100_000).contains(n));
    if seats.is_none() {
        errors = errors.with("seat_limit", Problem::SeatLimitInvalid);
    }
    let (Some(starts_on), Some(ends_on), Some(seat_limit)) = (starts, ends, seats) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = cohorts::create_cohort(
        &pool,
        org.id,
        &cohorts::NewCohort {
            course_slug: &course,
            name: trimmed,
            starts_on,
            ends_on,
            seat_limit,
            progress_visible: progress_visible.is_some(),
        },
    )
    .await?
    .ok_or_else(|| AppError::field("course", Problem::Unknown))?;
    leptos_axum::redirect(&format!("/org/{slug}/cohorts/{id}"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinCodeView {
    pub code: String,
    pub expires_on: String,
    pub expired: bool,
    pub uses: i32,
    pub max_uses: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortDashboard {
    pub organisation: OrganisationProfile,
    pub cohort: CohortSummary,
    pub figures: Figures,
    /// One page of the members the filter keeps, in its order (all pages together are
    /// exactly the CSV export's rows).
    pub members: Vec<DashboardMember>,
    /// How many members the filter keeps, on all pages.
    pub matching: i64,
    pub page: i64,
    pub pages: i64,
    pub codes: Vec<JoinCodeView>,
}

/// Members per dashboard page: a 5,000-member cohort is 50 pages of light HTML rather
/// than one page of a megabyte.
pub const MEMBERS_PER_PAGE: i64 = 100;

#[server(prefix = "/api", endpoint = "org/cohort", input = GetUrl)]
pub async fn get_cohort_dashboard(
    slug: String,
    cohort: Uuid,
    filter: DashboardFilter,
    /// 1-based; absent or out of range means the nearest page.
    #[server(default)]
    page: i64,
    lang: crate::domain::Lang,
) -> Result<CohortDashboard, AppError> {
    use crate::domain::cohort::{figures, filter_members};
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, org, row) = server::cohort_for_admin(&pool, &slug, cohort).await?;
    let members = server::dashboard_members(&pool, &row).await?;
    let now = time::OffsetDateTime::now_utc();
    let codes = cohorts::codes(&pool, row.id)
        .await?
        .into_iter()
        .map(|c| JoinCodeView {
            code: crate::domain::CertificateCode::parse(&c.code)
                .map(|x| x.to_string())
                .unwrap_or(c.code),
            expires_on: c.expires_at.date().to_string(),
            expired: c.expires_at <= now,
            uses: c.uses,
            max_uses: c.max_uses,
        })
        .collect();
    let figures = figures(&members);
    let kept = filter_members(members, &filter);
    let matching = kept.len() as i64;
    let pages = ((matching + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let members = kept
        .into_iter()
        .skip(((page - 1) * MEMBERS_PER_PAGE) as usize)
        .take(MEMBERS_PER_PAGE as usize)
        .collect();
    Ok(CohortDashboard {
        organisation: server::profile(org),
        figures,
        members,
        matching,
        page,
        pages,
        cohort: server::summary(row, lang),
        codes,
    })
}

#[server(prefix = "/api", endpoint = "org/import", input = GetUrl)]
pub async fn get_import_report(
    slug: String,
    cohort: Uuid,
    import: Uuid,
) -> Result<(ImportReport, bool), AppError> {
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, _, row) = server::cohort_for_admin(&pool, &slug, cohort).await?;
    let (report, applied) = cohorts::import(&pool, row.id, import)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((report, applied.is_some()))
}

/// Applies a dry run's report, once, and sends the invitations.
#[server(prefix = "/api", endpoint = "org/import/confirm")]
pub async fn confirm_import(slug: String, cohort: Uuid, import: Uuid) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::ssr::{ctx, db::cohorts};
    let services = ctx::services()?;
    let (_, _, row) = server::cohort_for_admin(&services.pool, &slug, cohort).await?;
    let invitations = match cohorts::apply_import(&services.pool, row.id, import).await? {
        cohorts::Applied::Applied(invitations) => invitations,
        cohorts::Applied::AlreadyApplied => Vec::new(),
        cohorts::Applied::SeatsTaken => return Err(AppError::field("", Problem::SeatsTaken)),
        cohorts::Applied::NotFound => return Err(AppError::NotFound),
    };
    let sent = invitations.len();
    let title = row.course_title.0.clone();
    for invitation in invitations {
        let link = format!("{}/invitations/{}", services.public_url, invitation.token);
        let course = title.resolve(invitation.lang).text;
        let mail =
            crate::ssr::messages::invitation(invitation.lang, &invitation.name, &course, &link);
        services
            .mailer
            .send(crate::ssr::mail::Email {
                to: invitation.email,
                subject: mail.0,
                body: mail.1,
            })
            .await?;
    }
    leptos_axum::redirect(&format!(
        "/org/{slug}/cohorts/{cohort}?done=imported&count={sent}"
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "org/codes/create")]
pub async fn create_join_code(
    slug: String,
    cohort: Uuid,
    days: String,
    max_uses: String,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{ctx, db::cohorts};
    let pool = ctx::pool()?;
    let (_, _, row) = server::cohort_for_admin(&pool, &slug, cohort).await?;
    let mut errors = FormErrors::default()
        .keep("days", &days)
        .keep("max_uses", &max_uses);
    let days_n = days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=365).contains(d));
    let uses = max_uses
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=100_000).contains(n));
    if days_n.is_none() {
        errors = errors.with("days", Problem::DaysInvalid);
    }
    if uses.is_none() {
        errors = errors.with("max_uses", Problem::SeatLimitInvalid);
    }
    let (Some(days_n), Some(uses)) = (days_n, uses) else {
        return Err(AppError::Invalid(errors));
    };
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(days_n);
    cohorts::create_code(&pool, row.id, expires, uses).await?;
    leptos_axum::redirect(&format!("/org/{slug}/cohorts/{cohort}?done=code#codes"));
    Ok(())
}

/// Reminds members who have not started (invited, or joined with nothing done), at
/// most once a day per cohort.
#[server(prefix = "/api", endpoint = "org/remind")]
pub async fn send_reminders(slug: String, cohort: Uuid) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::ssr::{ctx, db::cohorts};
    let services = ctx::services()?;
    let (_, _, row) = server::cohort_for_admin(&services.pool, &slug, cohort).await?;
    let Some(to) = cohorts::take_reminder(&services.pool, row.id).await? else {
        return Err(AppError::field("", Problem::RemindedToday));
    };
    let sent = to.len();
    for (email, name, lang) in to {
        let lang: crate::domain::Lang = lang.parse().unwrap_or_default();
        let course = row.course_title.resolve(lang).text;
        let link = format!("{}/courses/{}", services.public_url, row.course_slug);
        let (subject, body) = crate::ssr::messages::reminder(lang, &name, &course, &link);
        services
            .mailer
            .send(crate::ssr::mail::Email {
                to: email,
                subject,
                body,
            })
            .await?;
    }
    leptos_axum::redirect(&format!(
        "/org/{slug}/cohorts/{cohort}?done=reminded&count={sent}"
    ));
    Ok(())
}

/// What someone about to join sees: the city, the course, and what is shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinOffer {
    pub cohort_name: String,
    pub organisation: LocalText,
    pub course_slug: String,
    pub course_title: LocalText,
    pub progress_visible: bool,
    /// For an invitation: the account has no password yet.
    pub needs_password: bool,
    /// For an invitation: false once used or expired.
    pub usable: bool,
}

#[cfg(feature = "ssr")]
fn offer(
    info: crate::ssr::db::cohorts::JoinInfo,
    lang: crate::domain::Lang,
    needs_password: bool,
    usable: bool,
) -> JoinOffer {
    JoinOffer {
        cohort_name: info.cohort_name,
        organisation: info.organisation_name.resolve(lang),
        course_slug: info.course_slug,
        course_title: info.course_title.resolve(lang),
        progress_visible: info.progress_visible,
        needs_password,
        usable,
    }
}

#[server(prefix = "/api", endpoint = "join/offer", input = GetUrl)]
pub async fn get_join_offer(
    code: String,
    lang: crate::domain::Lang,
) -> Result<JoinOffer, AppError> {
    use crate::domain::{CertificateCode, Permission};
    use crate::ssr::{auth, ctx, db::cohorts};
    auth::require(Permission::OwnAccount).await?;
    let code = CertificateCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let info = cohorts::code_info(&ctx::pool()?, code.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(offer(info, lang, false, true))
}

/// Joins a cohort with its code, after the consent screen.
#[server(prefix = "/api", endpoint = "join")]
pub async fn join_cohort(code: String, consent: Option<String>) -> Result<(), AppError> {
    use crate::domain::{CertificateCode, Permission};
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db::cohorts};
    let viewer = auth::require(Permission::OwnAccount).await?;
    if consent.is_none() {
        return Err(AppError::field("consent", Problem::ConsentRequired));
    }
    let code =
        CertificateCode::parse(&code).map_err(|_| AppError::field("", Problem::CodeUnknown))?;
    let pool = ctx::pool()?;
    let outcome = cohorts::join_with_code(&pool, viewer.id, code.as_str()).await?;
    let problem = match outcome {
        cohorts::Joined::Joined(_) | cohorts::Joined::AlreadyMember(_) => None,
        cohorts::Joined::NoSuchCode => Some(Problem::CodeUnknown),
        cohorts::Joined::Expired => Some(Problem::CodeExpired),
        cohorts::Joined::UsedUp => Some(Problem::CodeUsedUp),
        cohorts::Joined::CohortFull => Some(Problem::CohortFull),
    };
    if let Some(problem) = problem {
        return Err(AppError::field("", problem));
    }
    let info = cohorts::code_info(&pool, code.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    leptos_axum::redirect(&format!("/courses/{}?joined=1", info.course_slug));
    Ok(())
}

#[server(prefix = "/api", endpoint = "invitation", input = GetUrl)]
pub async fn invitation_offer(
    token: String,
    lang: crate::domain::Lang,
) -> Result<JoinOffer, AppError> {
    use crate::ssr::{ctx, db::cohorts, reset_token};
    let row = cohorts::invitation(&ctx::pool()?, &reset_token::digest(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(offer(row.info, lang, row.needs_password, row.usable))
}

/// Accepts an invitation (consent required; a password for a new account), signs the
/// person in and takes them to the course.
#[server(prefix = "/api", endpoint = "invitation/accept")]
pub async fn accept_invitation(
    token: String,
    consent: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, ctx, db::cohorts, password as pw, reset_token};
    let pool = ctx::pool()?;
    let digest = reset_token::digest(&token);
    let row = cohorts::invitation(&pool, &digest)
        .await?
        .ok_or(AppError::NotFound)?;
    if !row.usable {
        return Err(AppError::field("", Problem::InvitationInvalid));
    }
    let mut errors = FormErrors::default();
    if consent.is_none() {
        errors = errors.with("consent", Problem::ConsentRequired);
    }
    let mut hash = None;
    if row.needs_password {
        let (password, confirm) = (
            password.unwrap_or_default(),
            password_confirm.unwrap_or_default(),
        );
        if let Err((field, problem)) = super::account::new_password_problem(&password, &confirm) {
            errors = errors.with(field, problem);
        } else if errors.is_empty() {
            hash = Some(pw::hash(password).await?);
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let Some((_, user, epoch)) =
        cohorts::accept_invitation(&pool, &digest, hash.as_deref()).await?
    else {
        return Err(AppError::field("", Problem::InvitationInvalid));
    };
    auth::start_session(user, epoch).await?;
    leptos_axum::redirect(&format!("/courses/{}?joined=1", row.info.course_slug));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCohort {
    pub id: Uuid,
    pub name: String,
    pub organisation: LocalText,
    pub course_slug: String,
    pub course_title: LocalText,
    pub progress_visible: bool,
    pub invited: bool,
}

#[server(prefix = "/api", endpoint = "cohorts/mine", input = GetUrl)]
pub async fn my_cohorts(lang: crate::domain::Lang) -> Result<Vec<MyCohort>, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::cohorts};
    let viewer = auth::require(Permission::OwnAccount).await?;
    Ok(cohorts::my_cohorts(&ctx::pool()?, viewer.id)
        .await?
        .into_iter()
        .map(|row| MyCohort {
            id: row.cohort_id,
            name: row.cohort_name,
            organisation: row.organisation_name.resolve(lang),
            course_slug: row.course_slug,
            course_title: row.course_title.resolve(lang),
            progress_visible: row.progress_visible,
            invited: row.state == "invited",
        })
        .collect())
}

/// Leaves a cohort: the organisation no longer sees the member; their own progress stays.
#[server(prefix = "/api", endpoint = "cohorts/leave")]
pub async fn leave_cohort(cohort: Uuid) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::cohorts};
    let viewer = auth::require(Permission::OwnAccount).await?;
    if !cohorts::leave(&ctx::pool()?, viewer.id, cohort).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect("/me/learning?done=left#cohorts");
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub name: LocalText,
    pub country: Option<String>,
    pub region: Option<String>,
    pub declared_year: Option<i32>,
    pub website: Option<String>,
    pub courses: Vec<LocalText>,
    /// Staff who completed a course, `None` below the small-cell threshold.
    pub completed: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityNetwork {
    pub cities: Vec<City>,
    /// Partner cities on the platform, toward the campaign's goal.
    pub count: i64,
    pub goal: i64,
}

/// The goal of the UCLG campaign: 1,000 human rights cities by 2030.
pub const CITY_GOAL: i64 = 1000;

#[server(prefix = "/api", endpoint = "cities", input = GetUrl)]
pub async fn list_cities(lang: crate::domain::Lang) -> Result<CityNetwork, AppError> {
    use crate::domain::cohort::suppressed;
    use crate::ssr::{ctx, db::cohorts};
    let rows = cohorts::cities(&ctx::pool()?).await?;
    let cities: Vec<City> = rows
        .into_iter()
        .map(|row| City {
            name: row.name.resolve(lang),
            country: row.country,
            region: row.region,
            declared_year: row.declared_year,
            website: row.website,
            courses: row.courses.0.iter().map(|t| t.resolve(lang)).collect(),
            completed: suppressed(row.completed, row.completed),
        })
        .collect();
    Ok(CityNetwork {
        count: cities.len() as i64,
        cities,
        goal: CITY_GOAL,
    })
}
