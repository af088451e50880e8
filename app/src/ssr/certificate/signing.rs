//! The platform's Ed25519 signing keys and compact JWS (RFC 7515) over them.
//!
//! Keys live in the `signing_keys` table (docs/certificates.md says why there and how
//! to rotate). Exactly one is active; a certificate records the `kid` it was issued
//! under and is always signed with that key, so rotation never breaks one already
//! handed out: retired keys stay in the published key set.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A key as the admin page and the published key set see it: never the private half.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicKeyRow {
    pub kid: String,
    pub public_key: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// A key that can sign. Deliberately neither `Serialize` nor `Debug`.
pub struct KeyPair {
    pub kid: String,
    key: SigningKey,
}

fn new_key_row() -> (String, SigningKey) {
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let key = SigningKey::from_bytes(&secret);
    let digest = Sha256::digest(key.verifying_key().as_bytes());
    let kid = format!("k-{}", hex(&digest[..8]));
    (kid, key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The active key's id, making the first key if there is none yet (first start, or a
/// fresh test database). Safe under concurrency: the partial unique index admits one
/// active key, and a loser of the race reads the winner's.
pub async fn active_kid(conn: &mut PgConnection) -> sqlx::Result<String> {
    if let Some(kid) = current_kid(conn).await? {
        return Ok(kid);
    }
    let (kid, key) = new_key_row();
    sqlx::query(
        "insert into signing_keys (kid, public_key, private_key) values ($1, $2, $3)
         on conflict do nothing",
    )
    .bind(&kid)
    .bind(key.verifying_key().as_bytes().as_slice())
    .bind(key.to_bytes().as_slice())
    .execute(&mut *conn)
    .await?;
    current_kid(conn)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol("no active signing key after insert".into()))
}

async fn current_kid(conn: &mut PgConnection) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select kid from signing_keys where retired_at is null")
        .fetch_optional(conn)
        .await
}

/// Makes a new active key and retires the old one, in one transaction, with an
/// audit record; the new key's id. Earlier certificates keep verifying under theirs.
pub async fn rotate(pool: &PgPool, actor: Option<Uuid>) -> sqlx::Result<String> {
    let mut tx = pool.begin().await?;
    // Serialise rotations: two at once would otherwise both retire and both insert.
    sqlx::query("lock table signing_keys in share row exclusive mode")
        .execute(&mut *tx)
        .await?;
    let retired: Option<String> = sqlx::query_scalar(
        "update signing_keys set retired_at = now() where retired_at is null returning kid",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let (kid, key) = new_key_row();
    sqlx::query("insert into signing_keys (kid, public_key, private_key) values ($1, $2, $3)")
        .bind(&kid)
        .bind(key.verifying_key().as_bytes().as_slice())
        .bind(key.to_bytes().as_slice())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into audit_log (actor_id, action, subject, details)
         values ($1, 'signing_key_rotated', $2, jsonb_build_object('retired', $3::text))",
    )
    .bind(actor)
    .bind(&kid)
    .bind(retired)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(kid)
}

/// Every key ever used, newest first: what the key set and the DID document publish.
pub async fn published(pool: &PgPool) -> sqlx::Result<Vec<PublicKeyRow>> {
    sqlx::query_as(
        "select kid, public_key, created_at, retired_at from signing_keys
         order by created_at desc, kid",
    )
    .fetch_all(pool)
    .await
}

/// The key with this id, to sign with.
pub async fn key_pair(pool: &PgPool, kid: &str) -> sqlx::Result<Option<KeyPair>> {
    let secret: Option<Vec<u8>> =
        sqlx::query_scalar("select private_key from signing_keys where kid = $1")
            .bind(kid)
            .fetch_optional(pool)
            .await?;
    Ok(secret
        .and_then(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok())
        .map(|bytes| KeyPair {
            kid: kid.to_owned(),
            key: SigningKey::from_bytes(&bytes),
        }))
}

/// The active key, to sign documents that are re-issued as they change (the status list).
pub async fn active_key_pair(pool: &PgPool) -> sqlx::Result<KeyPair> {
    let kid = active_kid(&mut *pool.acquire().await?).await?;
    key_pair(pool, &kid)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol("the active signing key vanished".into()))
}

impl KeyPair {
    /// A compact JWS of `payload` (EdDSA), its header naming this key as `key_id`
    /// (the DID URL of the key, so the key set and did.json resolve it) and `typ`.
    pub fn sign_jws(&self, key_id: &str, typ: &str, payload: &Value) -> String {
        let header = serde_json::json!({ "alg": "EdDSA", "kid": key_id, "typ": typ });
        let signing_input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(payload.to_string())
        );
        let signature = self.key.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(signature.to_bytes()))
    }
}

/// A public key as a JWK (RFC 8037): `{"kty":"OKP","crv":"Ed25519","x":…}`.
pub fn jwk(key_id: &str, public_key: &[u8]) -> Value {
    serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": B64.encode(public_key),
        "kid": key_id,
        "alg": "EdDSA",
        "use": "sig",
    })
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    #[error("not a compact JWS")]
    Malformed,
    #[error("the signature does not verify")]
    BadSignature,
}

/// Checks a compact JWS against a public key; its header and payload. (The server never
/// needs this; tests and `server keys verify` do.)
pub fn verify_jws(jws: &str, public_key: &[u8]) -> Result<(Value, Value), JwsError> {
    let mut parts = jws.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    let key = <[u8; 32]>::try_from(public_key)
        .ok()
        .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
        .ok_or(JwsError::Malformed)?;
    let signature = B64
        .decode(signature)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or(JwsError::Malformed)?;
    key.verify(format!("{header}.{payload}").as_bytes(), &signature)
        .map_err(|_| JwsError::BadSignature)?;
    let decode = |part: &str| {
        B64.decode(part)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(JwsError::Malformed)
    };
    Ok((decode(header)?, decode(payload)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_payload_verifies_and_a_changed_one_does_not() {
        let (kid, key) = new_key_row();
        let pair = KeyPair { kid, key };
        let public = pair.key.verifying_key().to_bytes();
        let payload = serde_json::json!({ "jti": "urn:uuid:1", "name": "인권도시" });
        let jws = pair.sign_jws("did:web:example.org#k-1", "vc+jwt", &payload);
        let (header, read) = verify_jws(&jws, &public).expect("verifies");
        assert_eq!(read, payload);
        assert_eq!(header["alg"], "EdDSA");
        assert_eq!(header["kid"], "did:web:example.org#k-1");

        let mut parts: Vec<&str> = jws.split('.').collect();
        let forged = B64.encode(serde_json::json!({ "jti": "urn:uuid:2" }).to_string());
        parts[1] = &forged;
        assert_eq!(
            verify_jws(&parts.join("."), &public),
            Err(JwsError::BadSignature)
        );
        let (_, other) = new_key_row();
        assert_eq!(
            verify_jws(&jws, other.verifying_key().as_bytes()),
            Err(JwsError::BadSignature)
        );
        assert_eq!(verify_jws("a.b", &public), Err(JwsError::Malformed));
    }

    #[test]
    fn kids_fit_the_table_constraint() {
        let (kid, _) = new_key_row();
        assert!(kid.len() <= 64);
        assert!(
            kid.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
    }
}
