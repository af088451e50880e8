-- Certificates of completion: what was certified (snapshots that never change), how
-- to check it (a short code, a place in the revocation status list, the key that
-- signs it), and the platform's signing keys. See docs/certificates.md.

-- The name a learner wants on their certificates, confirmed by them before the first
-- one is issued (the display name may be a pseudonym; this is the name as printed).
ALTER TABLE users ADD COLUMN certificate_name text
    CONSTRAINT users_certificate_name_length CHECK (char_length(certificate_name) BETWEEN 1 AND 120);

-- Ed25519 keys. The private key never leaves the server: it is read only by
-- app/src/ssr/certificate/signing.rs. Exactly one key is active; retired keys stay
-- published (JWKS, did.json) so every certificate they signed still verifies.
CREATE TABLE signing_keys (
    kid         text PRIMARY KEY CONSTRAINT signing_keys_kid_format CHECK (kid ~ '^[a-z0-9-]{1,64}$'),
    public_key  bytea NOT NULL CONSTRAINT signing_keys_public_length CHECK (length(public_key) = 32),
    private_key bytea NOT NULL CONSTRAINT signing_keys_private_length CHECK (length(private_key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL;

-- Each certificate's bit in the revocation status list (W3C Bitstring Status List).
CREATE SEQUENCE certificate_status_index AS integer MINVALUE 0 START 0;

CREATE TABLE certificates (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Crockford base-32, compact form (domain/certificate_code.rs), check symbol included.
    code           text NOT NULL CONSTRAINT certificates_code_key UNIQUE
                   CONSTRAINT certificates_code_format CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
    -- Null once the learner deletes their account: the certificate stays verifiable.
    user_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    course_id      uuid NOT NULL REFERENCES courses (id),
    version_id     uuid NOT NULL,
    version_number integer NOT NULL,
    -- Snapshots, as printed. learner_name is erased when the account is deleted;
    -- learner_name_hash (SHA-256 of salt || name) lets a verifier check a paper copy.
    learner_name      text CONSTRAINT certificates_learner_name_length CHECK (char_length(learner_name) BETWEEN 1 AND 120),
    learner_name_hash bytea NOT NULL,
    course_title   jsonb NOT NULL CONSTRAINT certificates_course_title_localized CHECK (is_localized_text(course_title)),
    completed_at   timestamptz NOT NULL,
    issued_at      timestamptz NOT NULL DEFAULT now(),
    issuer         jsonb NOT NULL CONSTRAINT certificates_issuer_localized CHECK (is_localized_text(issuer)),
    -- The credential's subject: an opaque id and a salted hash of the email, never the email.
    subject_id     uuid NOT NULL DEFAULT gen_random_uuid(),
    salt           bytea NOT NULL CONSTRAINT certificates_salt_length CHECK (length(salt) = 16),
    email_hash     bytea NOT NULL CONSTRAINT certificates_email_hash_length CHECK (length(email_hash) = 32),
    kid            text NOT NULL REFERENCES signing_keys (kid),
    status_index   integer NOT NULL DEFAULT nextval('certificate_status_index')
                   CONSTRAINT certificates_status_index_key UNIQUE,
    revoked_at     timestamptz,
    revoked_reason text CONSTRAINT certificates_revoked_reason_length CHECK (char_length(revoked_reason) BETWEEN 1 AND 500),
    CONSTRAINT certificates_revocation_complete CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
    CONSTRAINT certificates_version_of_course FOREIGN KEY (course_id, version_id)
        REFERENCES course_versions (course_id, id),
    -- Exactly one certificate per learner per course version, however completion comes.
    CONSTRAINT certificates_once UNIQUE (user_id, course_id, version_id)
);
ALTER SEQUENCE certificate_status_index OWNED BY certificates.status_index;
-- My learning lists a learner's certificates; the admin list shows the newest first.
CREATE INDEX certificates_issued_idx ON certificates (issued_at DESC, id);
-- The status list reads only the revoked ones.
CREATE INDEX certificates_revoked_idx ON certificates (status_index) WHERE revoked_at IS NOT NULL;

-- A deleted account keeps its certificates verifiable but takes its name with it
-- (docs/privacy.md): the hash stays, the name goes.
CREATE FUNCTION certificates_forget_learner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE certificates SET learner_name = NULL WHERE user_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER users_forget_on_certificates BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION certificates_forget_learner();

-- What platform admins did to things others rely on (revocations, key rotations).
CREATE TABLE audit_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    -- Kept when the admin's account goes: the record is about the act.
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    action   text NOT NULL CONSTRAINT audit_log_action_known
             CHECK (action IN ('certificate_revoked', 'signing_key_rotated')),
    subject  text NOT NULL,
    details  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
