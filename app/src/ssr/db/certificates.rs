//! Certificates: issued once per learner per course version, looked up by code or id,
//! revoked by admins, read back as status-list bits.
use crate::domain::{CertificateCode, Localized};
use crate::ssr::certificate::signing;
use rand::RngCore;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A certificate as stored: the snapshots printed on it and what checking it needs.
/// Server-only; pages get the wire types of `api::certificates`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CertificateRow {
    pub id: Uuid,
    pub code: String,
    pub user_id: Option<Uuid>,
    pub course_slug: String,
    pub version_number: i32,
    /// `None` once the learner has deleted their account.
    pub learner_name: Option<String>,
    pub learner_name_hash: Vec<u8>,
    pub course_title: Json<Localized>,
    pub issuer: Json<Localized>,
    pub completed_at: OffsetDateTime,
    pub issued_at: OffsetDateTime,
    pub subject_id: Uuid,
    pub salt: Vec<u8>,
    pub email_hash: Vec<u8>,
    pub kid: String,
    pub status_index: i32,
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_reason: Option<String>,
}

const COLUMNS: &str = "
    select t.id, t.code, t.user_id, c.slug as course_slug, t.version_number, t.learner_name,
           t.learner_name_hash, t.course_title, t.issuer, t.completed_at, t.issued_at,
           t.subject_id, t.salt, t.email_hash, t.kid, t.status_index, t.revoked_at,
           t.revoked_reason";
const FROM: &str = " from certificates t join courses c on c.id = t.course_id";

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// Issues the certificate of a completed enrolment, if the learner has confirmed the
/// name to print and it was not issued before; its id when issued now.
///
/// Runs inside the caller's transaction (the one that records completion, or the one
/// that confirms the name), so completion and certificate commit together. The unique
/// constraint `certificates_once` makes a repeat or a concurrent twin a no-op.
pub async fn issue_if_due(
    conn: &mut PgConnection,
    user_id: Uuid,
    course_id: Uuid,
    issuer: &Localized,
) -> sqlx::Result<Option<Uuid>> {
    let kid = signing::active_kid(conn).await?;
    // A fresh code is tried again in the (one in 36 billion) case it is taken.
    for _ in 0..3 {
        let code = CertificateCode::from_random(random());
        let salt: [u8; 16] = random();
        let issued: Option<Uuid> = sqlx::query_scalar(
            "insert into certificates (code, user_id, course_id, version_id, version_number,
                 learner_name, learner_name_hash, course_title, issuer, completed_at, salt,
                 email_hash, kid)
             -- The email hash is Open Badges 3.0's: sha256(email || salt), salt as text (hex).
             select $3, e.user_id, e.course_id, e.version_id, v.number,
                 u.certificate_name, sha256($4 || convert_to(u.certificate_name, 'UTF8')),
                 v.title, $5, e.completed_at, $4,
                 sha256(convert_to(lower(u.email) || encode($4, 'hex'), 'UTF8')), $6
             from enrolments e
             join users u on u.id = e.user_id
             join course_versions v on v.id = e.version_id
             where e.user_id = $1 and e.course_id = $2
               and e.completed_at is not null and u.certificate_name is not null
             on conflict do nothing
             returning id",
        )
        .bind(user_id)
        .bind(course_id)
        .bind(code.as_str())
        .bind(salt.as_slice())
        .bind(Json(issuer))
        .bind(&kid)
        .fetch_optional(&mut *conn)
        .await?;
        if issued.is_some() {
            return Ok(issued);
        }
        // Nothing inserted: already issued, or not due, or (rarely) the code was taken.
        let code_was_taken: bool = sqlx::query_scalar(
            "select exists (select 1 from enrolments e join users u on u.id = e.user_id
                 where e.user_id = $1 and e.course_id = $2
                   and e.completed_at is not null and u.certificate_name is not null
                   and not exists (select 1 from certificates t where t.user_id = e.user_id
                       and t.course_id = e.course_id and t.version_id = e.version_id))",
        )
        .bind(user_id)
        .bind(course_id)
        .fetch_one(&mut *conn)
        .await?;
        if !code_was_taken {
            return Ok(None);
        }
    }
    Err(sqlx::Error::Protocol(
        "no free certificate code after three tries".into(),
    ))
}

/// Sets the name the learner wants printed and issues every certificate that waited
/// for it, in one transaction; the ids issued.
pub async fn confirm_name(
    pool: &PgPool,
    user_id: Uuid,
    name: &str,
    issuer: &Localized,
) -> sqlx::Result<Vec<Uuid>> {
    let mut tx = pool.begin().await?;
    sqlx::query("update users set certificate_name = $2 where id = $1")
        .bind(user_id)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    // Locked as completion locks them, so a completion racing this waits, then issues nothing twice.
    let completed: Vec<Uuid> = sqlx::query_scalar(
        "select course_id from enrolments
         where user_id = $1 and completed_at is not null
         order by completed_at for update",
    )
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut issued = Vec::new();
    for course_id in completed {
        if let Some(id) = issue_if_due(&mut tx, user_id, course_id, issuer).await? {
            issued.push(id);
        }
    }
    tx.commit().await?;
    Ok(issued)
}

/// The learner's certificate name, and how many completed courses wait for it.
pub async fn name_status(pool: &PgPool, user_id: Uuid) -> sqlx::Result<(Option<String>, i64)> {
    sqlx::query_as(
        "select u.certificate_name,
                (select count(*) from enrolments e
                 where e.user_id = u.id and e.completed_at is not null
                   and not exists (select 1 from certificates t where t.user_id = e.user_id
                                   and t.course_id = e.course_id and t.version_id = e.version_id))
         from users u where u.id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await
}

pub async fn mine(pool: &PgPool, user_id: Uuid) -> sqlx::Result<Vec<CertificateRow>> {
    sqlx::query_as(&format!(
        "{COLUMNS}{FROM} where t.user_id = $1 order by t.issued_at desc, t.id"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
}

pub async fn by_code(
    pool: &PgPool,
    code: &CertificateCode,
) -> sqlx::Result<Option<CertificateRow>> {
    sqlx::query_as(&format!("{COLUMNS}{FROM} where t.code = $1"))
        .bind(code.as_str())
        .fetch_optional(pool)
        .await
}

pub async fn by_id(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<CertificateRow>> {
    sqlx::query_as(&format!("{COLUMNS}{FROM} where t.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Certificates whose code or printed name contains `search`, newest first, with the
/// total count of matches in every row.
pub async fn list(
    pool: &PgPool,
    search: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<(CertificateRow, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        cert: CertificateRow,
        total: i64,
    }
    let compact: String = search
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_uppercase();
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{COLUMNS}, count(*) over () as total{FROM}
         where $1 = '' or t.code like '%' || $2 || '%' or t.learner_name ilike '%' || $1 || '%'
         order by t.issued_at desc, t.id limit $3 offset $4"
    ))
    .bind(search)
    .bind(compact)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.cert, r.total)).collect())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Revocation {
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// Revokes a certificate, with the reason and who did it in the audit log; one
/// transaction, and a second revocation changes nothing.
pub async fn revoke(
    pool: &PgPool,
    id: Uuid,
    actor: Uuid,
    reason: &str,
) -> sqlx::Result<Revocation> {
    let mut tx = pool.begin().await?;
    let revoked: Option<String> = sqlx::query_scalar(
        "update certificates set revoked_at = now(), revoked_reason = $2
         where id = $1 and revoked_at is null returning code",
    )
    .bind(id)
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(code) = revoked else {
        let exists: bool =
            sqlx::query_scalar("select exists (select 1 from certificates where id = $1)")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        return Ok(if exists {
            Revocation::AlreadyRevoked
        } else {
            Revocation::NotFound
        });
    };
    sqlx::query(
        "insert into audit_log (actor_id, action, subject, details)
         values ($1, 'certificate_revoked', $2, jsonb_build_object('code', $3::text, 'reason', $4::text))",
    )
    .bind(actor)
    .bind(id.to_string())
    .bind(code)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Revocation::Revoked)
}

/// The revoked bits of status list `list` (positions within it).
pub async fn revoked_bits(
    pool: &PgPool,
    list: usize,
    bits_per_list: usize,
) -> sqlx::Result<Vec<usize>> {
    let start = (list * bits_per_list) as i64;
    let rows: Vec<i32> = sqlx::query_scalar(
        "select status_index from certificates
         where revoked_at is not null and status_index >= $1 and status_index < $2",
    )
    .bind(start)
    .bind(start + bits_per_list as i64)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|i| i as usize - list * bits_per_list)
        .collect())
}

/// Whether a name typed by a verifier is the one printed (for certificates whose
/// learner deleted their account, where only the salted hash is kept).
pub fn name_matches(cert: &CertificateRow, typed: &str) -> bool {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(&cert.salt);
    hasher.update(typed.trim().as_bytes());
    hasher.finalize().as_slice() == cert.learner_name_hash.as_slice()
}
