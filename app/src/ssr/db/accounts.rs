//! Users, organisations, memberships and password resets.
use crate::domain::{Lang, Role, Viewer};
use serde_json::Value;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

const EMAIL_TAKEN: &str = "users_email_key";

/// Also carried inside a loaded session record (see `ssr::sessions`), hence serde.
#[derive(Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct ViewerRow {
    pub id: Uuid,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub session_epoch: i32,
    pub admin_of: Vec<Uuid>,
}

impl ViewerRow {
    pub fn into_viewer(self) -> Viewer {
        Viewer {
            id: self.id,
            display_name: self.display_name,
            role: self.role,
            admin_of: self.admin_of,
        }
    }
}

/// A [`ViewerRow`]'s columns, of `users u`.
pub const VIEWER_COLUMNS: &str = "u.id, u.display_name, u.role, u.session_epoch,
    array(select m.organisation_id from memberships m
          where m.user_id = u.id and m.role = 'admin') as admin_of";

/// What the session check needs, in one query (the session store reads it with the
/// session; this is for a session whose user changed during the request).
pub async fn viewer(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<ViewerRow>> {
    sqlx::query_as(&format!(
        "select {VIEWER_COLUMNS} from users u where u.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// `Ok(None)` when the email is already registered (in any case).
pub async fn insert_user(
    db: impl PgExecutor<'_>,
    email: &str,
    display_name: &str,
    password_hash: &str,
    lang: Lang,
) -> sqlx::Result<Option<(Uuid, i32)>> {
    let inserted = sqlx::query_as(
        "insert into users (email, display_name, password_hash, preferred_lang)
         values ($1, $2, $3, $4) returning id, session_epoch",
    )
    .bind(email)
    .bind(display_name)
    .bind(password_hash)
    .bind(lang.code())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(row) => Ok(Some(row)),
        Err(sqlx::Error::Database(err)) if err.constraint() == Some(EMAIL_TAKEN) => Ok(None),
        Err(err) => Err(err),
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct Credentials {
    pub id: Uuid,
    pub password_hash: String,
    pub session_epoch: i32,
    pub preferred_lang: String,
}

pub async fn credentials_by_email(pool: &PgPool, email: &str) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as(
        "select id, password_hash, session_epoch, preferred_lang from users where lower(email) = lower($1)",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}

pub async fn credentials_by_id(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as(
        "select id, password_hash, session_epoch, preferred_lang from users where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Stores a new hash and ends every session of the user; returns the new epoch.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    id: Uuid,
    password_hash: &str,
) -> sqlx::Result<i32> {
    sqlx::query_scalar(
        "update users set password_hash = $2, session_epoch = session_epoch + 1
         where id = $1 returning session_epoch",
    )
    .bind(id)
    .bind(password_hash)
    .fetch_one(db)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct AccountRow {
    pub email: String,
    pub display_name: String,
    pub preferred_lang: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: OffsetDateTime,
}

pub async fn account(pool: &PgPool, id: Uuid) -> sqlx::Result<AccountRow> {
    sqlx::query_as(
        "select email, display_name, preferred_lang, role, created_at from users where id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
}

pub async fn update_profile(
    pool: &PgPool,
    id: Uuid,
    display_name: &str,
    lang: Lang,
) -> sqlx::Result<()> {
    sqlx::query("update users set display_name = $2, preferred_lang = $3 where id = $1")
        .bind(id)
        .bind(display_name)
        .bind(lang.code())
        .execute(pool)
        .await?;
    Ok(())
}

/// Erases the account and everything that hangs off it, in one transaction.
pub async fn delete_user(pool: &PgPool, id: Uuid) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("delete from outbox where lower(to_address) = (select lower(email) from users where id = $1)")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from users where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Everything we hold on the user, as one JSON document (built by PostgreSQL).
pub async fn export(pool: &PgPool, id: Uuid) -> sqlx::Result<Value> {
    sqlx::query_scalar(
        "select json_build_object(
            'account', json_build_object(
                'id', u.id, 'email', u.email, 'display_name', u.display_name, 'role', u.role,
                'preferred_language', u.preferred_lang, 'created_at', u.created_at,
                'updated_at', u.updated_at),
            'memberships', coalesce((
                select json_agg(json_build_object('organisation', o.slug, 'name', o.name,
                                                  'role', m.role, 'since', m.created_at) order by o.slug)
                from memberships m join organisations o on o.id = m.organisation_id
                where m.user_id = u.id), '[]'::json),
            'password_resets', coalesce((
                select json_agg(json_build_object('requested_at', r.created_at, 'used_at', r.used_at)
                                order by r.created_at)
                from password_resets r where r.user_id = u.id), '[]'::json),
            'mail', coalesce((
                select json_agg(json_build_object('subject', x.subject, 'body', x.body, 'written_at', x.created_at)
                                order by x.id)
                from outbox x where lower(x.to_address) = lower(u.email)), '[]'::json)
         ) from users u where u.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
}

pub async fn insert_reset(
    pool: &PgPool,
    user_id: Uuid,
    token_hash: &[u8],
    lifetime_secs: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into password_resets (token_hash, user_id, expires_at)
         values ($1, $2, now() + make_interval(secs => $3))",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(lifetime_secs as f64)
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks the token used and returns its user, if it is unused and unexpired. Run in the
/// transaction that sets the new password, so a failure leaves the token usable.
pub async fn consume_reset(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "update password_resets set used_at = now()
         where token_hash = $1 and used_at is null and expires_at > now()
         returning user_id",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Whether a reset token would be accepted now (for the form page).
pub async fn reset_is_valid(pool: &PgPool, token_hash: &[u8]) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "select exists(select 1 from password_resets
                       where token_hash = $1 and used_at is null and expires_at > now())",
    )
    .bind(token_hash)
    .fetch_one(pool)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct UserListRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: OffsetDateTime,
    pub total: i64,
}

/// One page of users whose email or name contains `search` (any case), newest first.
pub async fn list_users(
    pool: &PgPool,
    search: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as(
        "select id, email, display_name, role, created_at, count(*) over () as total
         from users
         where $1 = '' or strpos(lower(email), lower($1)) > 0 or strpos(lower(display_name), lower($1)) > 0
         order by created_at desc, id
         limit $2 offset $3",
    )
    .bind(search)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

/// Changes a role and ends the user's sessions, so new rights start with a new session.
/// `false` if there is no such user.
pub async fn set_role(pool: &PgPool, id: Uuid, role: Role) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update users set role = $2, session_epoch = session_epoch + 1 where id = $1 and role <> $2",
    )
    .bind(id)
    .bind(role.code())
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(true);
    }
    sqlx::query_scalar("select exists(select 1 from users where id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Creates a platform admin, or promotes an existing account; returns its id.
pub async fn upsert_admin(
    pool: &PgPool,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, role)
         values ($1, $2, $3, 'platform_admin')
         on conflict (lower(email)) do update
            set role = 'platform_admin', session_epoch = users.session_epoch + 1
         returning id",
    )
    .bind(email)
    .bind(display_name)
    .bind(password_hash)
    .fetch_one(pool)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub role: String,
}

pub async fn organisation_members(
    pool: &PgPool,
    organisation: Uuid,
) -> sqlx::Result<Vec<MemberRow>> {
    sqlx::query_as(
        "select u.id as user_id, u.display_name, u.email, m.role
         from memberships m join users u on u.id = m.user_id
         where m.organisation_id = $1
         order by m.role, u.display_name, u.id",
    )
    .bind(organisation)
    .fetch_all(pool)
    .await
}
