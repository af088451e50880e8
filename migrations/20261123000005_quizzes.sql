-- Quizzes: one per module at most, its question pool, and learners' attempts.
--
-- A question's answer key (`questions.spec`) is read only by the grading code on the
-- server; what the browser gets is built from it without the key.

CREATE TABLE quizzes (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    module_id          uuid NOT NULL CONSTRAINT quizzes_module_key UNIQUE,
    version_id         uuid NOT NULL,
    pass_percent       integer NOT NULL DEFAULT 70
                       CONSTRAINT quizzes_pass_percent_range CHECK (pass_percent BETWEEN 0 AND 100),
    max_attempts       integer CONSTRAINT quizzes_max_attempts_positive CHECK (max_attempts > 0),
    time_limit_seconds integer CONSTRAINT quizzes_time_limit_positive CHECK (time_limit_seconds > 0),
    shuffle_questions  boolean NOT NULL DEFAULT true,
    shuffle_choices    boolean NOT NULL DEFAULT true,
    draw_count         integer CONSTRAINT quizzes_draw_count_positive CHECK (draw_count > 0),
    -- One question per page (with Previous/Next), or every question on one page.
    one_per_page       boolean NOT NULL DEFAULT false,
    review             text NOT NULL DEFAULT 'after_each_attempt'
                       CONSTRAINT quizzes_review_known CHECK (review IN
                           ('never', 'after_each_attempt', 'after_passing', 'after_last_attempt')),
    -- Server-only salt from which option ids are derived, so that an id says nothing
    -- about the option's place in the educator's list (where the right one often is first).
    id_salt            uuid NOT NULL DEFAULT gen_random_uuid(),
    CONSTRAINT quizzes_module_fkey FOREIGN KEY (module_id, version_id)
        REFERENCES modules (id, version_id) ON DELETE CASCADE
);
CREATE INDEX quizzes_version_idx ON quizzes (version_id);

CREATE TABLE questions (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    quiz_id   uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    points    integer NOT NULL CONSTRAINT questions_points_positive CHECK (points > 0),
    prompt    jsonb NOT NULL CONSTRAINT questions_prompt_localized CHECK (is_localized_text(prompt)),
    -- General feedback, shown after grading when the quiz's review setting allows.
    feedback  jsonb NOT NULL CONSTRAINT questions_feedback_localized CHECK (is_localized_text(feedback)),
    spec      jsonb NOT NULL CONSTRAINT questions_spec_kind CHECK (spec ->> 'kind' IN
                  ('single_choice', 'multiple_response', 'true_false', 'short_answer', 'numerical', 'matching')),
    -- Not deferrable: the seed upserts on it (authoring reorders through a free position).
    CONSTRAINT questions_quiz_position_key UNIQUE (quiz_id, position)
);

CREATE TABLE quiz_attempts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    quiz_id       uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number        integer NOT NULL CONSTRAINT quiz_attempts_number_positive CHECK (number > 0),
    state         text NOT NULL DEFAULT 'in_progress'
                  CONSTRAINT quiz_attempts_state_known CHECK (state IN ('in_progress', 'submitted')),
    -- The questions drawn for this attempt, in the order shown; fixed at the start.
    question_ids  uuid[] NOT NULL,
    -- Orders the options of each question, the same way on every visit.
    shuffle_seed  bigint NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    -- Past it, answers are refused and the attempt is graded with what was saved.
    deadline      timestamptz,
    submitted_at  timestamptz,
    score         double precision,
    max_score     double precision,
    passed        boolean,
    CONSTRAINT quiz_attempts_number_key UNIQUE (user_id, quiz_id, number),
    CONSTRAINT quiz_attempts_graded_when_submitted CHECK (
        (state = 'submitted') = (submitted_at IS NOT NULL AND score IS NOT NULL
                                 AND max_score IS NOT NULL AND passed IS NOT NULL))
);
-- At most one open attempt per learner and quiz: two tabs pressing "Start" get one.
CREATE UNIQUE INDEX quiz_attempts_one_open
    ON quiz_attempts (user_id, quiz_id) WHERE state = 'in_progress';
-- Open attempts with a deadline, for the sweep that grades those left past it.
CREATE INDEX quiz_attempts_deadline_idx ON quiz_attempts (deadline) WHERE state = 'in_progress';
-- Graded attempts of a quiz (results, item analysis).
CREATE INDEX quiz_attempts_quiz_idx ON quiz_attempts (quiz_id, submitted_at) WHERE state = 'submitted';

CREATE TABLE attempt_answers (
    attempt_id  uuid NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
    question_id uuid NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    answer      jsonb NOT NULL,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    -- Set when the attempt is graded.
    score       double precision,
    outcome     text CONSTRAINT attempt_answers_outcome_known
                CHECK (outcome IN ('correct', 'partial', 'wrong', 'unanswered')),
    PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX attempt_answers_question_idx ON attempt_answers (question_id);

-- A learner's standing in a course version, in one place for every page and for the
-- completion rule. The items of a version in course order are each module's lessons,
-- then the module's quiz. Required items: lessons marked required, and every quiz
-- (passed = any graded attempt that passed). `resume` is the first unfinished item
-- as a path below the course: 'lessons/{slug}' or 'quizzes/{module slug}'.
CREATE FUNCTION learner_progress(p_user uuid, p_version uuid)
RETURNS TABLE (required bigint, done bigint, resume text)
LANGUAGE sql STABLE AS $$
    WITH items AS (
        SELECT m.position AS module_position, l.position AS item_position, l.is_required AS required,
               EXISTS (SELECT 1 FROM lesson_completions lc
                       WHERE lc.user_id = p_user AND lc.lesson_id = l.id) AS done,
               'lessons/' || l.slug AS path
        FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE l.version_id = p_version
        UNION ALL
        SELECT m.position, 2147483647, true,
               EXISTS (SELECT 1 FROM quiz_attempts a
                       WHERE a.quiz_id = q.id AND a.user_id = p_user AND a.passed),
               'quizzes/' || m.slug
        FROM quizzes q JOIN modules m ON m.id = q.module_id
        WHERE q.version_id = p_version
    )
    SELECT count(*) FILTER (WHERE required),
           count(*) FILTER (WHERE required AND done),
           (array_agg(path ORDER BY module_position, item_position) FILTER (WHERE NOT done))[1]
    FROM items
$$;

-- Attempts of a learner at a quiz (quiz page, "passed?" above).
CREATE INDEX quiz_attempts_user_idx ON quiz_attempts (user_id, quiz_id);
