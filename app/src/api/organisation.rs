//! Organisations (partner cities) and their members. The cohort pages build on this.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub is_admin: bool,
}

/// The members of one organisation: for its admins and platform admins only.
#[server(prefix = "/api", endpoint = "organisation/members", input = GetUrl)]
pub async fn organisation_members(organisation: Uuid) -> Result<Vec<Member>, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db};
    auth::require(Permission::ViewOrganisation(organisation)).await?;
    let rows = db::accounts::organisation_members(&ctx::pool()?, organisation).await?;
    Ok(rows
        .into_iter()
        .map(|row| Member {
            user_id: row.user_id,
            display_name: row.display_name,
            email: row.email,
            is_admin: row.role == "admin",
        })
        .collect())
}
