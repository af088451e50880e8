//! `server create-admin`: the first platform admin. No password passes through the
//! shell (history, process list): the account gets a random one, and the command
//! prints a single-use reset link where the admin chooses theirs.
use crate::config::Config;
use anyhow::Context;
use app::domain::account::{normalize_display_name, normalize_email};
use app::ssr::{db, password, reset_token};
use sqlx::PgPool;

pub async fn create(
    pool: &PgPool,
    config: &Config,
    email: &str,
    name: &str,
) -> anyhow::Result<String> {
    let email = normalize_email(email)
        .map_err(|_| anyhow::anyhow!("{email:?} is not a valid email address"))?;
    let name = normalize_display_name(name)
        .map_err(|_| anyhow::anyhow!("the name must have 1 to 80 characters"))?;
    let unusable = password::hash(reset_token::new_token())
        .await
        .map_err(|_| anyhow::anyhow!("hashing failed"))?;
    let id = db::accounts::upsert_admin(pool, &email, &name, &unusable)
        .await
        .context("saving the admin account")?;
    let token = reset_token::new_token();
    db::accounts::insert_reset(pool, id, &reset_token::digest(&token), 30 * 60)
        .await
        .context("saving the reset link")?;
    Ok(format!(
        "{}/reset-password?token={token}",
        config.link_base()
    ))
}
