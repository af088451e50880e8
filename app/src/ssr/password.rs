//! Password hashing (argon2id, the crate's defaults: m=19456 KiB, t=2, p=1, stored as a
//! PHC string) and the common-password list. Hashing runs on the blocking pool, never
//! on the async executor, and at most a few at a time: each takes ~19 MiB and tens of
//! milliseconds of CPU, so a burst of sign-ins must queue rather than exhaust memory.
//! Verifying reuses that memory from one sign-in to the next (see [`MEMORY`]).
use crate::error::AppError;
use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, PasswordHasher, Version,
    password_hash::{Output, SaltString, rand_core::OsRng},
};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};
use tokio::sync::Semaphore;

/// Concurrent hashes allowed: one per core. A hash is pure CPU, so more at once would
/// not finish sooner; it would only hold another 19 MiB each and slow the pages.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Semaphore::new(cores)
});

/// Argon2's working memory (19 MiB of blocks), kept for the next verification: a fresh
/// array is zeroed by the allocator each time, which was 6% of the server's CPU in the
/// sign-in benchmark. At most one per hashing permit is ever taken at once. Reuse is
/// sound because the first pass writes every block before any is read.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

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
            .is_ok_and(|parsed| matches_with_kept_memory(password.as_bytes(), &parsed));
        known && matches
    })
    .await
}

/// What argon2's `PasswordVerifier` does (the hash's own algorithm, version and
/// parameters; a constant-time comparison of the outputs), on a block array taken from
/// [`MEMORY`] and put back afterwards.
fn matches_with_kept_memory(password: &[u8], stored: &PasswordHash<'_>) -> bool {
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(version), Ok(params)) = (
        Algorithm::try_from(stored.algorithm),
        stored
            .version
            .map_or(Ok(Version::default()), Version::try_from),
        Params::try_from(stored),
    ) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut memory = MEMORY
        .lock()
        .map(|mut kept| kept.pop())
        .unwrap_or_default()
        .unwrap_or_default();
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let argon2 = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| {
        argon2
            .hash_password_into_with_memory(password, salt, out, &mut memory)
            .map_err(|_| argon2::password_hash::Error::Password)
    });
    if let Ok(mut kept) = MEMORY.lock() {
        kept.push(memory);
    }
    // `Output`'s equality is constant-time.
    computed.is_ok_and(|computed| computed == expected)
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

    /// Verification on kept (already used) memory agrees with argon2's own verifier,
    /// also for a hash made with other parameters than ours.
    #[test]
    fn kept_memory_verifies_as_argon2_does() {
        use argon2::PasswordVerifier;
        let salt = SaltString::generate(&mut OsRng);
        let small = Params::new(8 * 1024, 1, 1, None).expect("params");
        let ours = Argon2::default()
            .hash_password(b"first password", &salt)
            .expect("hashes")
            .to_string();
        let other = Argon2::new(Algorithm::Argon2id, Version::V0x13, small)
            .hash_password(b"second password", &salt)
            .expect("hashes")
            .to_string();
        for _ in 0..2 {
            for (phc, right) in [(&ours, "first password"), (&other, "second password")] {
                let parsed = PasswordHash::new(phc).expect("parses");
                for attempt in [right, "wrong password"] {
                    assert_eq!(
                        matches_with_kept_memory(attempt.as_bytes(), &parsed),
                        Argon2::default()
                            .verify_password(attempt.as_bytes(), &parsed)
                            .is_ok(),
                        "{phc} with {attempt}"
                    );
                }
            }
        }
        assert!(matches_with_kept_memory(
            b"first password",
            &PasswordHash::new(&ours).expect("parses")
        ));
    }
}
