//! Accounts: register, sign in and out, passwords (change and reset), the account
//! page's profile, data export and deletion. Forms post here directly when there is
//! no JavaScript; every mutation answers with a redirect (post/redirect/get).
use crate::domain::{Lang, Role, Viewer};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// The account page's data: the signed-in user's own details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub email: String,
    pub display_name: String,
    pub preferred_lang: Lang,
    pub role: Role,
    /// ISO 8601 date (UTC) the account was created.
    pub created_on: String,
}

/// The signed-in user, or `None`: the header and guarded pages ask this.
#[server(prefix = "/api", endpoint = "account/viewer", input = GetUrl)]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    crate::ssr::auth::viewer().await
}

#[server(prefix = "/api", endpoint = "account/register")]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use crate::domain::account::{normalize_display_name, normalize_email};
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, ctx, db, password as pw, throttle};

    let services = ctx::services()?;
    let lang = crate::ssr::http::request_lang();
    let mut errors = FormErrors::default()
        .keep("email", &email)
        .keep("display_name", &display_name);
    let email = normalize_email(&email);
    let name = normalize_display_name(&display_name);
    if let Err(problem) = email {
        errors = errors.with("email", problem);
    }
    if let Err(problem) = name {
        errors = errors.with("display_name", problem);
    }
    if let Err((field, problem)) = new_password_problem(&password, &password_confirm) {
        errors = errors.with(field, problem);
    }
    let (Ok(email), Ok(name)) = (email, name) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }

    let address = throttle::Limit::address(&throttle::client_address(), &services.auth);
    let account = throttle::Limit::account(&email, &services.auth);
    throttle::check_and_record(
        &services.pool,
        throttle::Action::Register,
        &[&address, &account],
    )
    .await?;

    let hash = pw::hash(password).await?;
    match db::accounts::insert_user(&services.pool, &email, &name, &hash, lang).await? {
        Some((id, epoch)) => {
            auth::start_session(id, epoch).await?;
            leptos_axum::redirect("/account?done=welcome");
            Ok(())
        }
        None => Err(AppError::Invalid(errors.with("email", Problem::EmailTaken))),
    }
}

#[server(prefix = "/api", endpoint = "account/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, ctx, db, password as pw, throttle};

    let services = ctx::services()?;
    let refused = || {
        AppError::Invalid(
            FormErrors::default()
                .keep("email", &email)
                .with("", Problem::WrongCredentials),
        )
    };
    if email.trim().is_empty() || password.is_empty() {
        return Err(refused());
    }
    let address = throttle::Limit::address(&throttle::client_address(), &services.auth);
    let account = throttle::Limit::account(email.trim(), &services.auth);
    throttle::check(&services.pool, throttle::Action::SignIn, &account).await?;
    throttle::check_and_record(&services.pool, throttle::Action::SignIn, &[&address]).await?;

    let found = db::accounts::credentials_by_email(&services.pool, email.trim()).await?;
    let stored = found.as_ref().map(|c| c.password_hash.clone());
    if !pw::verify(password, stored).await? {
        // Only failures count against the account: a learner signing in on several
        // devices is never locked out, a guesser is.
        throttle::record(&services.pool, throttle::Action::SignIn, &account).await?;
        return Err(refused());
    }
    let Some(user) = found else {
        return Err(refused());
    };
    auth::start_session(user.id, user.session_epoch).await?;
    if let Ok(lang) = user.preferred_lang.parse::<Lang>() {
        crate::ssr::http::set_lang_cookie(lang);
    }
    leptos_axum::redirect(&crate::domain::local_path(next.as_deref().unwrap_or("/")));
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::ssr::auth::end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/details", input = GetUrl)]
pub async fn my_account() -> Result<AccountDetails, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let row = db::accounts::account(&ctx::pool()?, viewer.id).await?;
    Ok(AccountDetails {
        email: row.email,
        display_name: row.display_name,
        preferred_lang: row.preferred_lang.parse().unwrap_or_default(),
        role: row.role,
        created_on: row.created_at.date().to_string(),
    })
}

#[server(prefix = "/api", endpoint = "account/profile")]
pub async fn update_profile(display_name: String, preferred_lang: String) -> Result<(), AppError> {
    use crate::domain::{Permission, account::normalize_display_name};
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let name = normalize_display_name(&display_name).map_err(|problem| {
        AppError::Invalid(
            crate::error::FormErrors::default()
                .keep("display_name", &display_name)
                .with("display_name", problem),
        )
    })?;
    let lang: Lang = preferred_lang
        .parse()
        .map_err(|_| AppError::field("preferred_lang", Problem::Unknown))?;
    db::accounts::update_profile(&ctx::pool()?, viewer.id, &name, lang).await?;
    crate::ssr::http::set_lang_cookie(lang);
    leptos_axum::redirect("/account?done=profile");
    Ok(())
}

/// Changes the password after checking the current one, and signs out every other
/// session ("sign out everywhere"); this one continues under a new session id.
#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db, password as pw};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let pool = ctx::pool()?;
    if let Err((field, problem)) = new_password_problem(&new_password, &new_password_confirm) {
        let field = if field == "password" {
            "new_password"
        } else {
            "new_password_confirm"
        };
        return Err(AppError::field(field, problem));
    }
    let stored = db::accounts::credentials_by_id(&pool, viewer.id)
        .await?
        .map(|c| c.password_hash);
    if !pw::verify(current_password, stored).await? {
        return Err(AppError::field("current_password", Problem::WrongPassword));
    }
    let hash = pw::hash(new_password).await?;
    let epoch = db::accounts::set_password(&pool, viewer.id, &hash).await?;
    auth::start_session(viewer.id, epoch).await?;
    leptos_axum::redirect("/account?done=password");
    Ok(())
}

/// Always answers the same way, whether or not the email has an account.
#[server(prefix = "/api", endpoint = "account/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::domain::account::normalize_email;
    use crate::error::FormErrors;
    use crate::ssr::{ctx, db, mail::Email, throttle};
    let services = ctx::services()?;
    let email = normalize_email(&email).map_err(|problem| {
        AppError::Invalid(
            FormErrors::default()
                .keep("email", &email)
                .with("email", problem),
        )
    })?;
    let address = throttle::Limit::address(&throttle::client_address(), &services.auth);
    let account = throttle::Limit::account(&email, &services.auth);
    throttle::check_and_record(
        &services.pool,
        throttle::Action::Reset,
        &[&address, &account],
    )
    .await?;

    if let Some(user) = db::accounts::credentials_by_email(&services.pool, &email).await? {
        let token = crate::ssr::reset_token::new_token();
        db::accounts::insert_reset(
            &services.pool,
            user.id,
            &crate::ssr::reset_token::digest(&token),
            RESET_LIFETIME_SECS,
        )
        .await?;
        let lang = user.preferred_lang.parse().unwrap_or_default();
        let link = format!("{}/reset-password?token={token}", services.public_url);
        services
            .mailer
            .send(Email {
                to: email,
                subject: crate::ssr::messages::reset_subject(lang),
                body: crate::ssr::messages::reset_body(lang, &link),
            })
            .await?;
    }
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Reset links work once, for 30 minutes.
#[cfg(feature = "ssr")]
const RESET_LIFETIME_SECS: i64 = 30 * 60;

/// Whether a reset link can still be used (the reset page asks before showing its form).
#[server(prefix = "/api", endpoint = "account/reset-valid", input = GetUrl)]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    use crate::ssr::{ctx, db, reset_token};
    Ok(db::accounts::reset_is_valid(&ctx::pool()?, &reset_token::digest(&token)).await?)
}

/// Sets a new password from a reset link, ends every session of the account, and
/// sends the user to sign in with the new password.
#[server(prefix = "/api", endpoint = "account/reset")]
pub async fn reset_password(
    token: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::ssr::{ctx, db, password as pw, reset_token};
    let pool = ctx::pool()?;
    if let Err((field, problem)) = new_password_problem(&new_password, &new_password_confirm) {
        let field = if field == "password" {
            "new_password"
        } else {
            "new_password_confirm"
        };
        return Err(AppError::field(field, problem));
    }
    let hash = pw::hash(new_password).await?;
    let mut tx = pool.begin().await?;
    let Some(user_id) = db::accounts::consume_reset(&mut *tx, &reset_token::digest(&token)).await?
    else {
        return Err(AppError::field("", Problem::ResetLinkInvalid));
    };
    db::accounts::set_password(&mut *tx, user_id, &hash).await?;
    tx.commit().await?;
    leptos_axum::redirect("/sign-in?reset=done");
    Ok(())
}

/// Erases the account after checking the password. See docs/privacy.md for what is kept.
#[server(prefix = "/api", endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db, password as pw};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let pool = ctx::pool()?;
    let stored = db::accounts::credentials_by_id(&pool, viewer.id)
        .await?
        .map(|c| c.password_hash);
    if !pw::verify(password, stored).await? {
        return Err(AppError::field("password", Problem::WrongPassword));
    }
    db::accounts::delete_user(&pool, viewer.id).await?;
    auth::end_session().await?;
    leptos_axum::redirect("/account-deleted");
    Ok(())
}

/// The problem with a chosen password, as `(field, problem)`: fields are named
/// `password` and `password_confirm` here; callers rename them for their form.
#[cfg(feature = "ssr")]
pub(crate) fn new_password_problem(
    password: &str,
    confirm: &str,
) -> Result<(), (&'static str, crate::error::Problem)> {
    use crate::domain::account::check_password_length;
    use crate::error::Problem;
    check_password_length(password).map_err(|p| ("password", p))?;
    if crate::ssr::password::is_common(password) {
        return Err(("password", Problem::PasswordCommon));
    }
    if password != confirm {
        return Err(("password_confirm", Problem::PasswordsDiffer));
    }
    Ok(())
}
