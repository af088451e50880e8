//! Certificates: the learner's own (and the name printed on them), public
//! verification by code, and the admin side (revocation, signing keys). The files
//! (PDF, credential JSON/JWT, key sets, status lists) are plain axum handlers in
//! `server/src/certificates.rs`.
use crate::domain::{LocalText, Localized};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const CERTIFICATES_PER_PAGE: i64 = 25;

/// One of the learner's certificates, for My learning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCertificate {
    pub id: Uuid,
    /// The printed form, `7K3M-QX9P-2RTC`.
    pub code: String,
    pub course_title: LocalText,
    pub version: i32,
    pub completed_on: String,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnerCertificates {
    pub certificates: Vec<MyCertificate>,
    /// The name printed on certificates, once confirmed.
    pub certificate_name: Option<String>,
    /// What to offer before it is: the display name.
    pub suggested_name: String,
    /// Completed courses whose certificate waits for the name.
    pub waiting: i64,
}

/// What the verification page shows: exactly what the certificate says, and whether
/// it still holds. Nothing about the learner beyond the printed name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifiedCertificate {
    pub id: Uuid,
    pub code: String,
    /// `None` when the learner has since deleted their account (the name is not kept).
    pub learner_name: Option<String>,
    pub course_title: Localized,
    pub issuer: Localized,
    pub version: i32,
    pub completed_on: String,
    pub issued_on: String,
    pub revoked: Option<Revoked>,
    /// Whether the viewer may revoke it (a platform admin): decided with the lookup,
    /// so the page renders the same on the server and when hydrated.
    pub may_revoke: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revoked {
    pub on: String,
    pub reason: String,
}

#[cfg(feature = "ssr")]
fn printed_code(code: &str) -> String {
    crate::domain::CertificateCode::parse(code)
        .map(|c| c.to_string())
        .unwrap_or_else(|_| code.to_owned())
}

#[server(prefix = "/api", endpoint = "certificates/mine", input = GetUrl)]
pub async fn my_certificates(lang: crate::domain::Lang) -> Result<LearnerCertificates, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::certificates};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let pool = ctx::pool()?;
    let rows = certificates::mine(&pool, viewer.id).await?;
    let (certificate_name, waiting) = certificates::name_status(&pool, viewer.id).await?;
    Ok(LearnerCertificates {
        certificates: rows
            .into_iter()
            .map(|row| MyCertificate {
                id: row.id,
                code: printed_code(&row.code),
                course_title: row.course_title.resolve(lang),
                version: row.version_number,
                completed_on: row.completed_at.date().to_string(),
                revoked: row.revoked_at.is_some(),
            })
            .collect(),
        certificate_name,
        suggested_name: viewer.display_name,
        waiting,
    })
}

/// Confirms the name to print on the learner's certificates and issues every one that
/// waited for it.
#[server(prefix = "/api", endpoint = "certificates/name")]
pub async fn confirm_certificate_name(certificate_name: String) -> Result<(), AppError> {
    use crate::domain::{Permission, account::normalize_certificate_name};
    use crate::error::FormErrors;
    use crate::ssr::{auth, ctx, db::certificates, messages};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let name = normalize_certificate_name(&certificate_name).map_err(|problem| {
        AppError::Invalid(
            FormErrors::default()
                .keep("certificate_name", &certificate_name)
                .with("certificate_name", problem),
        )
    })?;
    let issued =
        certificates::confirm_name(&ctx::pool()?, viewer.id, &name, &messages::issuer()).await?;
    tracing::info!(user = %viewer.id, issued = issued.len(), "certificate name confirmed");
    leptos_axum::redirect("/me/learning?done=certificate_name#certificates");
    Ok(())
}

/// Anyone may check a code: valid, revoked (when and why) or unknown (`None`). A code
/// that cannot be right (wrong length, a symbol outside the alphabet, a check symbol
/// that does not match) is refused before any look-up, with the reason on the field.
#[server(prefix = "/api", endpoint = "certificates/verify", input = GetUrl)]
pub async fn verify_certificate(code: String) -> Result<Option<VerifiedCertificate>, AppError> {
    use crate::domain::{CertificateCode, CodeError};
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{ctx, db::certificates};
    let parsed = CertificateCode::parse(&code).map_err(|error| {
        let problem = match error {
            _ if code.trim().is_empty() => Problem::Required,
            CodeError::Length => Problem::CodeLength,
            CodeError::Symbol => Problem::CodeSymbol,
            CodeError::Check => Problem::CodeCheck,
        };
        AppError::Invalid(
            FormErrors::default()
                .keep("code", &code)
                .with("code", problem),
        )
    })?;
    let Some(row) = certificates::by_code(&ctx::pool()?, &parsed).await? else {
        return Ok(None);
    };
    let may_revoke = crate::ssr::auth::viewer()
        .await?
        .is_some_and(|v| v.may(crate::domain::Permission::ManageCertificates));
    Ok(Some(VerifiedCertificate {
        id: row.id,
        code: parsed.to_string(),
        learner_name: row.learner_name,
        course_title: row.course_title.0,
        issuer: row.issuer.0,
        version: row.version_number,
        completed_on: row.completed_at.date().to_string(),
        issued_on: row.issued_at.date().to_string(),
        revoked: row
            .revoked_at
            .zip(row.revoked_reason)
            .map(|(at, reason)| Revoked {
                on: at.date().to_string(),
                reason,
            }),
        may_revoke,
    }))
}

/// A certificate in the admin list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateSummary {
    pub id: Uuid,
    pub code: String,
    pub learner_name: Option<String>,
    pub course_title: LocalText,
    pub issued_on: String,
    pub revoked_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificatePage {
    pub certificates: Vec<CertificateSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// Certificates whose code or printed name contains `search`, newest first.
#[server(prefix = "/api", endpoint = "admin/certificates", input = GetUrl)]
pub async fn list_certificates(
    search: String,
    page: i64,
    lang: crate::domain::Lang,
) -> Result<CertificatePage, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::certificates};
    auth::require(Permission::ManageCertificates).await?;
    let page = page.max(1);
    let rows = certificates::list(
        &ctx::pool()?,
        search.trim(),
        CERTIFICATES_PER_PAGE,
        (page - 1) * CERTIFICATES_PER_PAGE,
    )
    .await?;
    let total = rows.first().map_or(0, |(_, total)| *total);
    Ok(CertificatePage {
        certificates: rows
            .into_iter()
            .map(|(row, _)| CertificateSummary {
                id: row.id,
                code: printed_code(&row.code),
                learner_name: row.learner_name,
                course_title: row.course_title.resolve(lang),
                issued_on: row.issued_at.date().to_string(),
                revoked_on: row.revoked_at.map(|at| at.date().to_string()),
            })
            .collect(),
        total,
        page,
        pages: (total + CERTIFICATES_PER_PAGE - 1) / CERTIFICATES_PER_PAGE,
    })
}

/// Revokes a certificate for the reason given (required; kept in the audit log and
/// shown on the verification page). Revoking twice changes nothing.
#[server(prefix = "/api", endpoint = "admin/certificates/revoke")]
pub async fn revoke_certificate(id: Uuid, reason: String, code: String) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, ctx, db::certificates};
    let admin = auth::require(Permission::ManageCertificates).await?;
    let trimmed = reason.trim();
    let problem = match trimmed.chars().count() {
        0 => Some(Problem::Required),
        n if n > 500 => Some(Problem::ReasonTooLong),
        _ => None,
    };
    if let Some(problem) = problem {
        return Err(AppError::Invalid(
            FormErrors::default()
                .keep("reason", &reason)
                .with("reason", problem),
        ));
    }
    match certificates::revoke(&ctx::pool()?, id, admin.id, trimmed).await? {
        certificates::Revocation::NotFound => return Err(AppError::NotFound),
        certificates::Revocation::Revoked => {
            tracing::info!(admin = %admin.id, certificate = %id, "certificate revoked")
        }
        certificates::Revocation::AlreadyRevoked => {}
    }
    let code = crate::domain::CertificateCode::parse(&code)
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    leptos_axum::redirect(&format!("/verify/{code}?done=revoked"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeySummary {
    pub kid: String,
    pub created_on: String,
    pub retired_on: Option<String>,
}

/// The signing keys, newest first (public data only).
#[server(prefix = "/api", endpoint = "admin/keys", input = GetUrl)]
pub async fn list_signing_keys() -> Result<Vec<KeySummary>, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, certificate::signing, ctx};
    auth::require(Permission::ManageSigningKeys).await?;
    let pool = ctx::pool()?;
    signing::active_kid(&mut *pool.acquire().await?).await?;
    Ok(signing::published(&pool)
        .await?
        .into_iter()
        .map(|key| KeySummary {
            kid: key.kid,
            created_on: key.created_at.date().to_string(),
            retired_on: key.retired_at.map(|at| at.date().to_string()),
        })
        .collect())
}

/// A new active key; the old one is retired but stays published.
#[server(prefix = "/api", endpoint = "admin/keys/rotate")]
pub async fn rotate_signing_key() -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, certificate::signing, ctx};
    let admin = auth::require(Permission::ManageSigningKeys).await?;
    let kid = signing::rotate(&ctx::pool()?, Some(admin.id)).await?;
    tracing::info!(admin = %admin.id, kid = %kid, "signing key rotated");
    leptos_axum::redirect("/admin/keys?done=rotated");
    Ok(())
}
