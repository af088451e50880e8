-- The question editor names a question by lineage: one per lineage within a quiz
-- (a draft copies each question once; new questions get a new lineage).
ALTER TABLE questions ADD CONSTRAINT questions_quiz_lineage_key UNIQUE (quiz_id, lineage);

-- The teaching dashboard and the version list count enrolments per course and version.
CREATE INDEX enrolments_course_version_idx ON enrolments (course_id, version_id);
