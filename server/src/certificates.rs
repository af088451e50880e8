//! Certificate files and the issuer's public documents, as plain GET handlers:
//!
//! - `/certificates/{id}.pdf`, `.json`, `.jwt`: the printable certificate and the signed
//!   Open Badges credential, for the learner who holds it (and platform admins);
//! - `/.well-known/jwks.json`, `/.well-known/did.json`: every signing key, for verifiers;
//! - `/credentials/status/{n}`: revocation status list `n`, a signed VC-JWT.
use crate::router::{AppState, status_of, viewer_or_sign_in};
use app::domain::{CertificateCode, Lang, Permission};
use app::error::AppError;
use app::ssr::certificate::{credential, pdf, signing};
use app::ssr::db::certificates::{self, CertificateRow};
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;
use uuid::Uuid;

fn issuer(state: &AppState) -> credential::Issuer {
    credential::Issuer::new(&state.services.public_url)
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "certificate file failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The certificate `id` if the viewer holds it (or administers certificates); a
/// certificate of someone else is answered exactly like one that does not exist.
async fn own_certificate(
    state: &AppState,
    session: &Session,
    id: Uuid,
    back_to: &str,
) -> Result<CertificateRow, Response> {
    let viewer = viewer_or_sign_in(state, session, Permission::OwnAccount, back_to).await?;
    let cert = certificates::by_id(&state.pool, id)
        .await
        .map_err(|err| status_of(&AppError::from(err)).into_response())?
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    if cert.user_id == Some(viewer.id) || viewer.may(Permission::ManageCertificates) {
        Ok(cert)
    } else {
        Err(StatusCode::NOT_FOUND.into_response())
    }
}

async fn signed_jwt(state: &AppState, cert: &CertificateRow) -> Result<String, Response> {
    let key = signing::key_pair(&state.pool, &cert.kid)
        .await
        .map_err(internal)?
        .ok_or_else(|| internal("the certificate's signing key is missing"))?;
    Ok(credential::credential_jwt(cert, &issuer(state), &key))
}

/// `GET /certificates/{id}.{pdf|json|jwt}`.
pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let Some((id, extension)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cert = match own_certificate(&state, &session, id, "/me/learning").await {
        Ok(cert) => cert,
        Err(response) => return response,
    };
    let code = CertificateCode::parse(&cert.code)
        .unwrap_or_else(|_| CertificateCode::from_random([0; 11]));
    match extension {
        "pdf" => {
            let verify_url = issuer(&state).verify_url(code.as_str());
            let rendered = tokio::task::spawn_blocking(move || {
                let title_en = cert.course_title.resolve(Lang::En).text;
                let title_ko = cert.course_title.resolve(Lang::Ko).text;
                let issuer_en = cert.issuer.resolve(Lang::En).text;
                let issuer_ko = cert.issuer.resolve(Lang::Ko).text;
                let completed_on = cert.completed_at.date().to_string();
                pdf::render(&pdf::PrintedCertificate {
                    learner_name: cert.learner_name.as_deref().unwrap_or_default(),
                    course_title_en: &title_en,
                    course_title_ko: &title_ko,
                    issuer_en: &issuer_en,
                    issuer_ko: &issuer_ko,
                    version: cert.version_number,
                    completed_on: &completed_on,
                    code: &code,
                    verify_url: &verify_url,
                })
            })
            .await;
            match rendered {
                Ok(Ok(bytes)) => (
                    [
                        (header::CONTENT_TYPE, "application/pdf".to_owned()),
                        (
                            header::CONTENT_DISPOSITION,
                            format!("attachment; filename=\"ihrec-certificate-{id}.pdf\""),
                        ),
                        (header::CACHE_CONTROL, "private, no-store".to_owned()),
                    ],
                    bytes,
                )
                    .into_response(),
                Ok(Err(error)) => internal(error),
                Err(error) => internal(error),
            }
        }
        "json" | "jwt" => {
            let jwt = match signed_jwt(&state, &cert).await {
                Ok(jwt) => jwt,
                Err(response) => return response,
            };
            let (content_type, body) = if extension == "jwt" {
                ("application/vc+jwt", jwt)
            } else {
                (
                    "application/json",
                    serde_json::to_string_pretty(&credential::enveloped(&jwt)).unwrap_or_default(),
                )
            };
            (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"ihrec-credential-{id}.{extension}\""),
                    ),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                body,
            )
                .into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn public_json(value: serde_json::Value, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// `GET /.well-known/jwks.json`.
pub async fn jwks(State(state): State<AppState>) -> Response {
    match signing::published(&state.pool).await {
        Ok(keys) => public_json(credential::jwks(&keys, &issuer(&state)), "application/json"),
        Err(err) => internal(err),
    }
}

/// `GET /.well-known/did.json`.
pub async fn did(State(state): State<AppState>) -> Response {
    match signing::published(&state.pool).await {
        Ok(keys) => public_json(
            credential::did_document(&keys, &issuer(&state)),
            "application/did+json",
        ),
        Err(err) => internal(err),
    }
}

/// `GET /credentials/status/{n}`: fresh on every request (revocation must show at once;
/// verifiers may cache it for a minute).
pub async fn status_list(State(state): State<AppState>, Path(list): Path<String>) -> Response {
    let Ok(list) = list.parse::<usize>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let bits =
        match certificates::revoked_bits(&state.pool, list, credential::STATUS_LIST_BITS).await {
            Ok(bits) => bits,
            Err(err) => return internal(err),
        };
    let key = match signing::active_key_pair(&state.pool).await {
        Ok(key) => key,
        Err(err) => return internal(err),
    };
    let name = app::ssr::messages::issuer().en.unwrap_or_default();
    let jwt = credential::status_list_jwt(
        list,
        bits,
        &issuer(&state),
        &name,
        &key,
        time::OffsetDateTime::now_utc(),
    );
    (
        [
            (header::CONTENT_TYPE, "application/vc+jwt"),
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        jwt,
    )
        .into_response()
}
