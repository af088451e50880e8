//! Password hashing (argon2id, the crate's defaults: m=19456 KiB, t=2, p=1, stored as a
//! PHC string) and the common-password list. Hashing runs on the blocking pool, never
//! on the async executor, and at most a few at a time: each takes ~19 MiB and tens of
//! milliseconds of CPU, so a burst of sign-ins must queue rather than exhaust memory.
use crate::error::AppError;
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::collections::HashSet;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Concurrent hashes allowed: one per core. A hash is pure CPU, so more at once would
/// not finish sooner; it would only hold another 19 MiB each and slow the pages.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Semaphore::new(cores)
});

/// Every password of 8 to 128 characters in the zxcvbn-ts frequency list (`app/data`,
/// MIT licence): 17,950 entries, a superset of the list's top 10,000 that our length
/// rule would otherwise accept. Compared in lower case.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .collect()
});

/// A hash of a random password, verified against when the email is unknown so that
/// sign-in takes the same time whether or not the account exists.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(salt.as_str().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| {
                tracing::error!(error = %err, "hashing a password failed");
                AppError::Internal
            })
    })
    .await?
}

/// Whether `password` matches `stored`. With no stored hash (unknown account) it
/// verifies against a decoy and answers `false`, taking the same time.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_hashing_thread(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| DECOY.clone());
        let matches = PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
}

async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|err| {
        tracing::error!(error = %err, "password hashing task failed");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_passwords_in_any_case() {
        assert!(is_common("password"));
        assert!(is_common("PassWord"));
        assert!(is_common("iloveyou"));
        assert!(!is_common("gwangju-5·18-human-rights"));
        assert!(COMMON.len() >= 10_000);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hashes_with_argon2id_defaults_and_verifies() {
        let phc = hash("correct horse battery".into()).await.expect("hashes");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            verify("correct horse battery".into(), Some(phc.clone()))
                .await
                .expect("verifies")
        );
        assert!(
            !verify("wrong horse battery".into(), Some(phc))
                .await
                .expect("verifies")
        );
        assert!(
            !verify("anything at all".into(), None)
                .await
                .expect("verifies")
        );
    }
}
