//! Platform administration: users and their roles.
use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const USERS_PER_PAGE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub created_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    /// Users matching the search, all pages together.
    pub total: i64,
    /// 1-based.
    pub page: i64,
    pub pages: i64,
}

/// Users whose email or display name contains `search`, newest first.
#[server(prefix = "/api", endpoint = "admin/users", input = GetUrl)]
pub async fn list_users(search: String, page: i64) -> Result<UserPage, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db};
    auth::require(Permission::ManageUsers).await?;
    let page = page.max(1);
    let search = search.trim();
    let rows = db::accounts::list_users(
        &ctx::pool()?,
        search,
        USERS_PER_PAGE,
        (page - 1) * USERS_PER_PAGE,
    )
    .await?;
    let total = rows.first().map_or(0, |row| row.total);
    Ok(UserPage {
        users: rows
            .into_iter()
            .map(|row| UserSummary {
                id: row.id,
                email: row.email,
                display_name: row.display_name,
                role: row.role,
                created_on: row.created_at.date().to_string(),
            })
            .collect(),
        total,
        page,
        pages: (total + USERS_PER_PAGE - 1) / USERS_PER_PAGE,
    })
}

/// Gives `user_id` a new platform role; their sessions end so the change applies at
/// once. Admins cannot change their own role, so the platform never loses its last admin
/// by a slip.
#[server(prefix = "/api", endpoint = "admin/role")]
pub async fn set_user_role(
    user_id: Uuid,
    role: String,
    back: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db};
    let admin = auth::require(Permission::ManageUsers).await?;
    let role: Role = role
        .parse()
        .map_err(|_| AppError::field("role", Problem::Unknown))?;
    if admin.id == user_id {
        return Err(AppError::Forbidden);
    }
    if !db::accounts::set_role(&ctx::pool()?, user_id, role).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = %admin.id, user = %user_id, role = %role, "role changed");
    // Back to the list the admin was on, with a notice.
    let back = crate::domain::local_path(back.as_deref().unwrap_or("/admin/users"));
    let separator = if back.contains('?') { '&' } else { '?' };
    leptos_axum::redirect(&format!("{back}{separator}done=role"));
    Ok(())
}
