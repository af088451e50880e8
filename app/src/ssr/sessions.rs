//! Where tower-sessions keeps its sessions: our own `sessions` table, whose rows know
//! the user they belong to. Loading a session reads that user's [`ViewerRow`] in the
//! same query, so a signed-in request costs one round trip to learn who is asking
//! (a cohort opening its exam at the same minute sends thousands), and deleting an
//! account takes its sessions along (`on delete cascade`).
//!
//! The row read with the session travels inside the loaded record under [`OWNER_KEY`],
//! for [`super::auth::load_viewer`] to take; it is never stored (`save` drops it).
use super::db::accounts::{VIEWER_COLUMNS, ViewerRow};
use async_trait::async_trait;
use serde_json::Value;
use sqlx::{FromRow, PgPool, Row, types::Json};
use std::collections::HashMap;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use uuid::Uuid;

/// The record key under which a loaded session carries its user's row.
pub const OWNER_KEY: &str = "_owner";

/// The record key whose `user_id` field names the session's user (see `auth`).
pub const AUTH_KEY: &str = "auth";

#[derive(Clone, Debug)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    pub fn new(pool: PgPool) -> Self {
        PgSessionStore { pool }
    }
}

fn backend(err: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

/// The user a record names, from what `auth` stored.
fn user_of(data: &HashMap<String, Value>) -> Option<Uuid> {
    data.get(AUTH_KEY)?.get("user_id")?.as_str()?.parse().ok()
}

/// What is stored of a record: everything but the row read with it.
fn stored(record: &Record) -> (Option<Uuid>, Json<HashMap<String, Value>>) {
    let data = record
        .data
        .iter()
        .filter(|(key, _)| key.as_str() != OWNER_KEY)
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    (user_of(&record.data), Json(data))
}

#[async_trait]
impl SessionStore for PgSessionStore {
    /// Inserts under a fresh id; an id already taken (all but impossible with 128 random
    /// bits) draws another rather than overwriting someone's session.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let (user_id, data) = stored(record);
        loop {
            let inserted = sqlx::query(
                "insert into sessions (id, user_id, data, expiry_date) values ($1, $2, $3, $4)
                 on conflict (id) do nothing",
            )
            .bind(record.id.to_string())
            .bind(user_id)
            .bind(&data)
            .bind(record.expiry_date)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (user_id, data) = stored(record);
        sqlx::query(
            "insert into sessions (id, user_id, data, expiry_date) values ($1, $2, $3, $4)
             on conflict (id) do update
             set user_id = excluded.user_id, data = excluded.data,
                 expiry_date = excluded.expiry_date",
        )
        .bind(record.id.to_string())
        .bind(user_id)
        .bind(&data)
        .bind(record.expiry_date)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    /// The session and, when someone is signed in to it, their row: one query.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = sqlx::query(&format!(
            "select s.data, s.expiry_date, {VIEWER_COLUMNS}
             from sessions s left join users u on u.id = s.user_id
             where s.id = $1 and s.expiry_date > now()"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        else {
            return Ok(None);
        };
        let Json(mut data): Json<HashMap<String, Value>> = row.try_get("data").map_err(backend)?;
        let expiry_date: OffsetDateTime = row.try_get("expiry_date").map_err(backend)?;
        if row
            .try_get::<Option<Uuid>, _>("id")
            .map_err(backend)?
            .is_some()
        {
            let owner = ViewerRow::from_row(&row).map_err(backend)?;
            let owner = serde_json::to_value(owner)
                .map_err(|err| session_store::Error::Encode(err.to_string()))?;
            data.insert(OWNER_KEY.to_owned(), owner);
        }
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("delete from sessions where id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for PgSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("delete from sessions where expiry_date < now()")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
