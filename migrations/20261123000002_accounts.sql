-- Accounts, organisations, password resets, the development mail outbox and the
-- attempt log behind sign-in/registration/reset throttling.

-- A user's platform-wide role. Organisation roles live in `memberships`.
CREATE TABLE users (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Stored as typed (trimmed); uniqueness and look-ups ignore case.
    email          text NOT NULL CONSTRAINT users_email_length CHECK (length(email) BETWEEN 3 AND 254),
    -- Free text: pseudonyms are welcome (some learners study where their name is a risk).
    display_name   text NOT NULL CONSTRAINT users_display_name_length CHECK (length(display_name) BETWEEN 1 AND 80),
    -- PHC string, argon2id.
    password_hash  text NOT NULL,
    role           text NOT NULL DEFAULT 'learner'
                   CONSTRAINT users_role_known CHECK (role IN ('learner', 'educator', 'platform_admin')),
    preferred_lang text NOT NULL DEFAULT 'en' CONSTRAINT users_preferred_lang_known CHECK (preferred_lang IN ('en', 'ko')),
    -- Bumped to end every session of the user at once ("sign out everywhere").
    session_epoch  integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
-- The admin list searches by name or email and sorts by creation.
CREATE INDEX users_created_at_idx ON users (created_at DESC, id);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Partner cities (local governments) and other member organisations.
CREATE TABLE organisations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL CONSTRAINT organisations_slug_key UNIQUE
               CONSTRAINT organisations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name       jsonb NOT NULL CONSTRAINT organisations_name_localized CHECK (is_localized_text(name)),
    country    text CONSTRAINT organisations_country_code CHECK (country ~ '^[A-Z]{2}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER organisations_set_updated_at BEFORE UPDATE ON organisations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE memberships (
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL DEFAULT 'member'
                    CONSTRAINT memberships_role_known CHECK (role IN ('member', 'admin')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Single-use, 30-minute password reset tokens; only a SHA-256 of the token is kept.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Mail written by the development mailer instead of being sent (MAIL_TRANSPORT=outbox).
CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_to_idx ON outbox (lower(to_address), id DESC);

-- One row per throttled attempt. `subject` is a SHA-256 of the account or address, so
-- this log holds no personal data; rows older than the longest window are purged.
CREATE TABLE auth_attempts (
    action     text NOT NULL CONSTRAINT auth_attempts_action_known CHECK (action IN ('sign_in', 'register', 'reset')),
    subject    bytea NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_attempts_lookup_idx ON auth_attempts (action, subject, at);
