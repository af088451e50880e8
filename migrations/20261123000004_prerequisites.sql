-- Courses a learner must complete before enrolling in another. Kept per course, not
-- per version: a prerequisite is about what the learner already knows, and it should
-- not disappear when the course publishes a new version.
CREATE TABLE course_prerequisites (
    course_id          uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    required_course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, required_course_id),
    CONSTRAINT course_prerequisites_not_itself CHECK (course_id <> required_course_id)
);
-- "Which courses need this one?" (for the authoring issue's warnings on removal).
CREATE INDEX course_prerequisites_required_idx ON course_prerequisites (required_course_id);
