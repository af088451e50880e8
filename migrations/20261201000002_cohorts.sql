-- Partner cities enrol cohorts of their staff: organisation profiles, cohorts, their
-- members (with the consent each gave), CSV imports (dry run, then confirm), join
-- codes and single-use invitations.

-- A partner city's public profile (shown on /cities).
ALTER TABLE organisations
    ADD COLUMN region        text CONSTRAINT organisations_region_length CHECK (char_length(region) BETWEEN 1 AND 80),
    ADD COLUMN declared_year integer CONSTRAINT organisations_declared_year_range CHECK (declared_year BETWEEN 1950 AND 2100),
    ADD COLUMN website       text CONSTRAINT organisations_website_format CHECK (website ~ '^https?://[^\s]+$' AND char_length(website) <= 200);

CREATE TABLE cohorts (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id  uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    course_id        uuid NOT NULL REFERENCES courses (id),
    name             text NOT NULL CONSTRAINT cohorts_name_length CHECK (char_length(name) BETWEEN 1 AND 120),
    starts_on        date NOT NULL,
    ends_on          date NOT NULL,
    seat_limit       integer NOT NULL CONSTRAINT cohorts_seat_limit_range CHECK (seat_limit BETWEEN 1 AND 100000),
    -- Whether the organisation sees each member's progress (members are told when they join).
    progress_visible boolean NOT NULL,
    -- Reminders to members who have not started go out at most once a day.
    reminded_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cohorts_dates_ordered CHECK (ends_on >= starts_on)
);
CREATE INDEX cohorts_organisation_idx ON cohorts (organisation_id, starts_on DESC);
CREATE INDEX cohorts_course_idx ON cohorts (course_id);

CREATE TABLE cohort_members (
    cohort_id   uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- invited: added by the organisation, not yet accepted; joined: accepted (and consented).
    state       text NOT NULL CONSTRAINT cohort_members_state_known CHECK (state IN ('invited', 'joined')),
    added_at    timestamptz NOT NULL DEFAULT now(),
    joined_at   timestamptz,
    CONSTRAINT cohort_members_joined_has_date CHECK ((state = 'joined') = (joined_at IS NOT NULL)),
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_user_idx ON cohort_members (user_id);

-- A CSV upload: the rows as read and the dry-run report; confirming applies the report.
CREATE TABLE cohort_imports (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cohort_id   uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    report      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    applied_at  timestamptz
);
CREATE INDEX cohort_imports_cohort_idx ON cohort_imports (cohort_id, created_at DESC);

-- Join codes: anyone signed in with the code joins, until it expires or is used up.
CREATE TABLE cohort_codes (
    code        text PRIMARY KEY CONSTRAINT cohort_codes_format CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
    cohort_id   uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    max_uses    integer NOT NULL CONSTRAINT cohort_codes_max_uses_range CHECK (max_uses BETWEEN 1 AND 100000),
    uses        integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cohort_codes_uses_within_max CHECK (uses BETWEEN 0 AND max_uses)
);
CREATE INDEX cohort_codes_cohort_idx ON cohort_codes (cohort_id);

-- Single-use, expiring invitation links (only the SHA-256 of the token is kept).
CREATE TABLE cohort_invitations (
    token_hash  bytea PRIMARY KEY,
    cohort_id   uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX cohort_invitations_member_idx ON cohort_invitations (cohort_id, user_id);

-- Accounts made by an invitation carry the password hash '!' (matches no password)
-- until the person accepts and chooses one (or uses "forgot password").
