-- The learner's road: enrolments (pinned to a course version), lesson completions,
-- course completion (recorded once) and the domain events other features consume.

-- Which lessons a course requires. Every lesson is required unless an educator says
-- otherwise (the authoring issue adds the switch).
ALTER TABLE lessons ADD COLUMN is_required boolean NOT NULL DEFAULT true;

CREATE TABLE enrolments (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    -- The version the learner enrolled in: later versions never move their progress.
    version_id   uuid NOT NULL,
    enrolled_at  timestamptz NOT NULL DEFAULT now(),
    -- Set once, in the transaction that records the last requirement.
    completed_at timestamptz,
    PRIMARY KEY (user_id, course_id),
    CONSTRAINT enrolments_version_of_course FOREIGN KEY (course_id, version_id)
        REFERENCES course_versions (course_id, id)
);
CREATE INDEX enrolments_user_idx ON enrolments (user_id, enrolled_at DESC);

-- One row per learner per lesson, whatever the number of clicks.
CREATE TABLE lesson_completions (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id    uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, lesson_id)
);

-- Domain events, written in the transaction that caused them, read by their consumers
-- (the certificate issue consumes `course_completed`).
CREATE TABLE domain_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CONSTRAINT domain_events_kind_known CHECK (kind IN ('course_completed')),
    user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    consumed_at timestamptz
);
CREATE INDEX domain_events_pending_idx ON domain_events (kind, id) WHERE consumed_at IS NULL;
-- A course is completed once per learner: the event cannot be raised twice.
CREATE UNIQUE INDEX domain_events_course_completed_once
    ON domain_events (user_id, (payload ->> 'course_id')) WHERE kind = 'course_completed';

-- Catalogue search: one lower-cased text per version (titles and summaries in both
-- languages), matched by substring with a trigram index. Trigrams work for Korean as
-- well as English, where word-based full-text configurations do not.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE course_versions ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(coalesce(title ->> 'en', '') || ' ' || coalesce(title ->> 'ko', '') || ' ' ||
          coalesce(summary ->> 'en', '') || ' ' || coalesce(summary ->> 'ko', ''))
) STORED;
CREATE INDEX course_versions_search_idx ON course_versions USING gin (search_text gin_trgm_ops);
