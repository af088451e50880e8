//! Certificates as machine-verifiable credentials: an Open Badges 3.0
//! `OpenBadgeCredential` (W3C Verifiable Credentials Data Model 2.0) secured as a
//! VC-JWT, the revocation list as a W3C Bitstring Status List credential, and the
//! issuer's published keys (`/.well-known/jwks.json`, `did:web` at `/.well-known/did.json`).
//!
//! The learner appears in a credential only as an opaque subject id and a salted
//! SHA-256 of their email (Open Badges' `IdentityObject`), never as the email itself.
use super::signing::{KeyPair, PublicKeyRow, jwk};
use crate::ssr::db::certificates::CertificateRow;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use flate2::{Compression, write::GzEncoder};
use serde_json::{Value, json};
use std::io::Write;
use time::format_description::well_known::Rfc3339;

/// Bits per status list: 16 KiB, the minimum the Bitstring Status List spec asks for
/// (so a list says little about how many certificates exist).
pub const STATUS_LIST_BITS: usize = 131_072;

const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// Who issues: the site's public address and the `did:web` identifier made from it.
#[derive(Clone, Debug)]
pub struct Issuer {
    /// Scheme, host and port, no trailing slash: `https://learn.example.org`.
    pub base_url: String,
    pub did: String,
}

impl Issuer {
    pub fn new(base_url: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let host_and_path = base_url
            .split_once("://")
            .map_or(base_url.as_str(), |(_, rest)| rest);
        // did:web encodes the port's colon and turns path slashes into colons.
        let did = format!(
            "did:web:{}",
            host_and_path.replace(':', "%3A").replace('/', ":")
        );
        Issuer { base_url, did }
    }

    /// The DID URL of a key: what a JWS header's `kid` and the key set's entries say.
    pub fn key_id(&self, kid: &str) -> String {
        format!("{}#{kid}", self.did)
    }

    pub fn verify_url(&self, code: &str) -> String {
        format!("{}/verify/{code}", self.base_url)
    }

    pub fn status_list_url(&self, list: usize) -> String {
        format!("{}/credentials/status/{list}", self.base_url)
    }

    fn profile(&self, name_en: &str) -> Value {
        json!({ "id": self.did, "type": ["Profile"], "name": name_en, "url": self.base_url })
    }
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Which status list a certificate's bit is in, and where in it.
pub fn status_position(status_index: i32) -> (usize, usize) {
    let index = status_index.max(0) as usize;
    (index / STATUS_LIST_BITS, index % STATUS_LIST_BITS)
}

/// The certificate as an `OpenBadgeCredential` (unsecured: the JWT below carries it).
pub fn open_badge(cert: &CertificateRow, issuer: &Issuer) -> Value {
    let title_en = cert.course_title.resolve(crate::domain::Lang::En).text;
    let title_ko = cert.course_title.resolve(crate::domain::Lang::Ko).text;
    let issuer_en = cert.issuer.resolve(crate::domain::Lang::En).text;
    let (list, bit) = status_position(cert.status_index);
    let list_url = issuer.status_list_url(list);
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": format!("urn:uuid:{}", cert.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.profile(&issuer_en),
        "validFrom": rfc3339(cert.issued_at),
        "name": title_en,
        "credentialSubject": {
            "id": format!("urn:uuid:{}", cert.subject_id),
            "type": ["AchievementSubject"],
            "activityEndDate": rfc3339(cert.completed_at),
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": true,
                "identityHash": format!("sha256${}", hex(&cert.email_hash)),
                "salt": hex(&cert.salt),
            }],
            "achievement": {
                "id": format!("{}/courses/{}#version-{}", issuer.base_url, cert.course_slug, cert.version_number),
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": title_en,
                "description": title_ko,
                "criteria": {
                    "narrative": format!("Completed every required lesson and passed every quiz of version {} of the course.", cert.version_number),
                },
                "inLanguage": "en",
            },
        },
        "evidence": [{
            "id": issuer.verify_url(&cert.code),
            "type": ["Evidence"],
            "name": format!("Verification code {}", crate::domain::CertificateCode::parse(&cert.code).map(|c| c.to_string()).unwrap_or_else(|_| cert.code.clone())),
        }],
        "credentialStatus": {
            "id": format!("{list_url}#{bit}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": bit.to_string(),
            "statusListCredential": list_url,
        },
    })
}

/// VC-JWT claims: the credential itself, plus the registered claims that must match it.
fn jwt_claims(credential: Value, issuer: &str, subject: &str, id: &str, valid_from: i64) -> Value {
    let mut claims = credential;
    if let Value::Object(map) = &mut claims {
        map.insert("iss".into(), json!(issuer));
        map.insert("sub".into(), json!(subject));
        map.insert("jti".into(), json!(id));
        map.insert("nbf".into(), json!(valid_from));
        map.insert("iat".into(), json!(valid_from));
    }
    claims
}

/// The certificate as a VC-JWT, signed by the key it was issued under.
pub fn credential_jwt(cert: &CertificateRow, issuer: &Issuer, key: &KeyPair) -> String {
    let credential = open_badge(cert, issuer);
    let claims = jwt_claims(
        credential,
        &issuer.did,
        &format!("urn:uuid:{}", cert.subject_id),
        &format!("urn:uuid:{}", cert.id),
        cert.issued_at.unix_timestamp(),
    );
    key.sign_jws(&issuer.key_id(&key.kid), "vc+jwt", &claims)
}

/// The JSON download: the VC-JWT wrapped as an `EnvelopedVerifiableCredential`, the
/// VC 2.0 way to carry a JOSE-secured credential in JSON.
pub fn enveloped(jwt: &str) -> Value {
    json!({
        "@context": VC_CONTEXT,
        "id": format!("data:application/vc+jwt,{jwt}"),
        "type": "EnvelopedVerifiableCredential",
    })
}

/// `encodedList`: the bitstring (bit 0 is the most significant bit of the first byte),
/// gzipped, base64url, with the multibase prefix `u`.
pub fn encode_status_list(revoked_bits: impl IntoIterator<Item = usize>) -> String {
    let mut bits = vec![0u8; STATUS_LIST_BITS / 8];
    for bit in revoked_bits {
        if bit < STATUS_LIST_BITS {
            bits[bit / 8] |= 0x80 >> (bit % 8);
        }
    }
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = gzip.write_all(&bits);
    format!("u{}", B64.encode(gzip.finish().unwrap_or_default()))
}

/// The status list credential number `list`, as a VC-JWT signed with the active key.
pub fn status_list_jwt(
    list: usize,
    revoked_bits: Vec<usize>,
    issuer: &Issuer,
    issuer_name: &str,
    key: &KeyPair,
    now: time::OffsetDateTime,
) -> String {
    let url = issuer.status_list_url(list);
    let credential = json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.profile(issuer_name),
        "validFrom": rfc3339(now),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked_bits),
        },
    });
    let claims = jwt_claims(
        credential,
        &issuer.did,
        &format!("{url}#list"),
        &url,
        now.unix_timestamp(),
    );
    key.sign_jws(&issuer.key_id(&key.kid), "vc+jwt", &claims)
}

/// `/.well-known/jwks.json`: every key, active and retired.
pub fn jwks(keys: &[PublicKeyRow], issuer: &Issuer) -> Value {
    json!({ "keys": keys.iter().map(|k| jwk(&issuer.key_id(&k.kid), &k.public_key)).collect::<Vec<_>>() })
}

/// `/.well-known/did.json`: the issuer's DID document, each key a `JsonWebKey` method.
pub fn did_document(keys: &[PublicKeyRow], issuer: &Issuer) -> Value {
    let methods: Vec<Value> = keys
        .iter()
        .map(|k| {
            let id = issuer.key_id(&k.kid);
            json!({
                "id": id,
                "type": "JsonWebKey",
                "controller": issuer.did,
                "publicKeyJwk": jwk(&id, &k.public_key),
            })
        })
        .collect();
    let ids: Vec<Value> = keys.iter().map(|k| json!(issuer.key_id(&k.kid))).collect();
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": issuer.did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    #[test]
    fn did_web_encodes_the_port_and_path() {
        let issuer = Issuer::new("http://127.0.0.1:3000/");
        assert_eq!(issuer.did, "did:web:127.0.0.1%3A3000");
        assert_eq!(issuer.base_url, "http://127.0.0.1:3000");
        assert_eq!(
            Issuer::new("https://learn.example.org").did,
            "did:web:learn.example.org"
        );
        assert_eq!(issuer.key_id("k-1"), "did:web:127.0.0.1%3A3000#k-1");
    }

    #[test]
    fn status_list_bits_are_counted_from_the_left() {
        let encoded = encode_status_list([0, 9, STATUS_LIST_BITS - 1, STATUS_LIST_BITS]);
        let gz = B64.decode(&encoded[1..]).expect("base64url");
        assert!(encoded.starts_with('u'));
        let mut bits = Vec::new();
        GzDecoder::new(gz.as_slice())
            .read_to_end(&mut bits)
            .expect("gzip");
        assert_eq!(bits.len(), STATUS_LIST_BITS / 8);
        assert_eq!(bits[0], 0b1000_0000);
        assert_eq!(bits[1], 0b0100_0000);
        assert_eq!(bits[STATUS_LIST_BITS / 8 - 1], 0b0000_0001);
        assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 3);
    }

    #[test]
    fn status_positions_spill_into_further_lists() {
        assert_eq!(status_position(0), (0, 0));
        assert_eq!(status_position(STATUS_LIST_BITS as i32 + 5), (1, 5));
    }
}
