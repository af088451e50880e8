-- Authoring: who writes a course, the one draft each course may have, what a
-- published version says about itself, and the identity of an item across versions.
--
-- A draft is a `course_versions` row with `published_at` null. Publishing stamps it
-- and points `courses.current_version_id` at it; editing after that starts a new
-- draft copied from the published version. Learners only ever see published
-- versions, so nothing an educator does to a draft touches anyone's progress.

-- The educators of a course. The owner adds and removes the others.
CREATE TABLE course_authors (
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CONSTRAINT course_authors_role_known CHECK (role IN ('owner', 'editor')),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (course_id, user_id)
);
-- "The courses I author" on /teach.
CREATE INDEX course_authors_user_idx ON course_authors (user_id);

-- An archived course leaves the catalogue; its learners keep their versions.
ALTER TABLE courses ADD COLUMN archived_at timestamptz;

-- The note an educator writes when publishing, and when the draft was last changed.
ALTER TABLE course_versions ADD COLUMN note text NOT NULL DEFAULT '';
ALTER TABLE course_versions ADD COLUMN edited_at timestamptz NOT NULL DEFAULT now();
-- At most one draft per course: two educators editing share it.
CREATE UNIQUE INDEX course_versions_one_draft ON course_versions (course_id) WHERE published_at IS NULL;

-- The same module, lesson or question in successive versions: copied with the item
-- when a draft is made, new for a new item. What changed between two versions is a
-- comparison by lineage.
ALTER TABLE modules ADD COLUMN lineage uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE lessons ADD COLUMN lineage uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE questions ADD COLUMN lineage uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE quizzes ADD COLUMN lineage uuid NOT NULL DEFAULT gen_random_uuid();

-- Images in lessons, stored in the database with the course (a course export carries
-- them). The content type was read from the bytes, never from the file name.
CREATE TABLE course_images (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    content_type text NOT NULL CONSTRAINT course_images_type_known
                 CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    bytes        bytea NOT NULL,
    sha256       text NOT NULL,
    uploaded_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    -- The same picture uploaded twice to a course is stored once.
    CONSTRAINT course_images_course_sha_key UNIQUE (course_id, sha256)
);

-- Within a version an item's lineage is unique (a draft copies each item once).
ALTER TABLE modules ADD CONSTRAINT modules_version_lineage_key UNIQUE (version_id, lineage);
ALTER TABLE lessons ADD CONSTRAINT lessons_version_lineage_key UNIQUE (version_id, lineage);

-- Forms that create something carry a one-time token, recorded in the transaction
-- that acts on them: a double click or a resubmitted page creates one item, not two.
CREATE TABLE form_tokens (
    token        uuid PRIMARY KEY,
    submitted_at timestamptz NOT NULL DEFAULT now()
);

-- A question file as uploaded, checked (dry run) before anything is imported: the
-- report page parses it again, and Confirm imports every question the report accepts
-- in one transaction, once.
CREATE TABLE question_imports (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id      uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    module_lineage uuid NOT NULL,
    format         text NOT NULL CONSTRAINT question_imports_format_known CHECK (format IN ('gift', 'aiken')),
    lang           text NOT NULL CONSTRAINT question_imports_lang_known CHECK (lang IN ('en', 'ko')),
    source         text NOT NULL,
    uploaded_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at    timestamptz NOT NULL DEFAULT now(),
    imported_at    timestamptz
);
CREATE INDEX question_imports_course_idx ON question_imports (course_id);

-- Imported questions often have no general feedback: allow none (an empty object).
ALTER TABLE questions DROP CONSTRAINT questions_feedback_localized;
ALTER TABLE questions ADD CONSTRAINT questions_feedback_localized
    CHECK (feedback = '{}'::jsonb OR is_localized_text(feedback));
