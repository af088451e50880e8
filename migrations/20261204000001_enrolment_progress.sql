-- Each enrolment's progress, kept beside it: the required lessons done, the quizzes
-- passed and the mean best quiz score. Pages that read many learners at once (the
-- cohort dashboard and its CSV) then read one row per member, instead of aggregating
-- every member's completions and attempts on each view (5,000 members at scale M).
--
-- Triggers keep the figures, so every writer (the app, the seeds, a test fixture) keeps
-- them right without knowing they exist. The figures are a cache of what
-- `learner_progress` computes, counted the same way: required lessons of the enrolled
-- version, and its quizzes (passed = any graded attempt passed). A published version's
-- lessons and quizzes never change (authoring edits a draft), so only completions,
-- graded attempts and the enrolment itself move them.
ALTER TABLE enrolments
    ADD COLUMN lessons_done   integer NOT NULL DEFAULT 0,
    ADD COLUMN quizzes_passed integer NOT NULL DEFAULT 0,
    -- Mean over the version's attempted quizzes of the best graded score, 0–100; null
    -- before the first graded attempt.
    ADD COLUMN quiz_percent   double precision;

-- Recounts the enrolments of these (learner, version) pairs.
--
-- Volatile on purpose: each statement takes a fresh snapshot. The first locks the
-- enrolments; the second counts. A concurrent transaction writing for the same
-- enrolment (two lessons marked done in two tabs) waits at the lock until the other
-- commits, then counts what the other wrote, so neither overwrites the other's count
-- with a stale one. Only the enrolments written for are locked (the app has locked
-- them already), never a learner's others, so two writes for one learner in two
-- courses cannot deadlock.
CREATE FUNCTION recount_progress(p_users uuid[], p_versions uuid[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT 1 FROM enrolments e
    JOIN unnest(p_users, p_versions) AS p (user_id, version_id) USING (user_id, version_id)
    ORDER BY e.user_id, e.course_id FOR UPDATE OF e;

    -- Counted per enrolment, by key probes (lateral), so the work grows with the
    -- number of enrolments recounted and nothing else: one for the app, a hundred
    -- thousand for the scale seed.
    UPDATE enrolments e
    SET lessons_done = n.lessons_done,
        quizzes_passed = n.quizzes_passed,
        quiz_percent = n.quiz_percent
    FROM (SELECT DISTINCT user_id, version_id
          FROM unnest(p_users, p_versions) AS p (user_id, version_id)) x
    CROSS JOIN LATERAL (
        SELECT (SELECT count(*)::int
                FROM lessons l
                JOIN lesson_completions c ON c.user_id = x.user_id AND c.lesson_id = l.id
                WHERE l.version_id = x.version_id AND l.is_required) AS lessons_done,
               q.passed AS quizzes_passed, q.percent AS quiz_percent
        FROM (
            SELECT (count(*) FILTER (WHERE b.passed))::int AS passed, avg(b.best) AS percent
            -- Per quiz: passed at all, and the best score (graded = submitted).
            FROM (SELECT bool_or(a.passed) AS passed,
                         max(a.score * 100.0 / nullif(a.max_score, 0)) AS best
                  FROM quizzes z
                  JOIN quiz_attempts a ON a.user_id = x.user_id AND a.quiz_id = z.id
                                      AND a.state = 'submitted'
                  WHERE z.version_id = x.version_id
                  GROUP BY z.id) b
        ) q
    ) n
    WHERE e.user_id = x.user_id AND e.version_id = x.version_id
      AND (e.lessons_done, e.quizzes_passed, e.quiz_percent)
          IS DISTINCT FROM (n.lessons_done, n.quizzes_passed, n.quiz_percent);
$$;

-- Every enrolment recounted in one set-based pass: grouped joins over all completions
-- and graded attempts, a few seconds for scale M where `recount_progress` of every pair
-- would take a minute. For the backfill below and for bulk loads.
CREATE FUNCTION recount_all_progress() RETURNS void
LANGUAGE sql VOLATILE AS $$
    WITH lessons_done AS (
        SELECT c.user_id, l.version_id, count(*)::int AS done
        FROM lesson_completions c JOIN lessons l ON l.id = c.lesson_id AND l.is_required
        GROUP BY c.user_id, l.version_id
    ),
    quiz_best AS (
        SELECT a.user_id, z.version_id, bool_or(a.passed) AS passed,
               max(a.score * 100.0 / nullif(a.max_score, 0)) AS best
        FROM quiz_attempts a JOIN quizzes z ON z.id = a.quiz_id
        WHERE a.state = 'submitted'
        GROUP BY a.user_id, z.version_id, z.id
    ),
    quizzes_done AS (
        SELECT user_id, version_id, (count(*) FILTER (WHERE passed))::int AS passed,
               avg(best) AS percent
        FROM quiz_best GROUP BY user_id, version_id
    ),
    counted AS (
        SELECT e.user_id, e.course_id, coalesce(d.done, 0) AS lessons_done,
               coalesce(q.passed, 0) AS quizzes_passed, q.percent AS quiz_percent
        FROM enrolments e
        LEFT JOIN lessons_done d USING (user_id, version_id)
        LEFT JOIN quizzes_done q USING (user_id, version_id)
    )
    UPDATE enrolments e
    SET lessons_done = n.lessons_done,
        quizzes_passed = n.quizzes_passed,
        quiz_percent = n.quiz_percent
    FROM counted n
    WHERE e.user_id = n.user_id AND e.course_id = n.course_id
      AND (e.lessons_done, e.quizzes_passed, e.quiz_percent)
          IS DISTINCT FROM (n.lessons_done, n.quizzes_passed, n.quiz_percent);
$$;

-- Statement triggers with a transition table named `changed`: one recount per
-- statement. A bulk loader (the scale seed) that writes millions of rows in a few
-- statements sets `ihrec.bulk_load` to 'on' for its transaction, which the triggers
-- then skip, and calls `recount_all_progress()` before it commits.
CREATE FUNCTION recount_progress_of_enrolments() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ihrec.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM recount_progress(array_agg(user_id), array_agg(version_id)) FROM changed;
    RETURN NULL;
END $$;

-- A deleted completion whose lesson went in the same statement (a cascade) belonged to
-- a draft or to a deleted course: no enrolment is left to count for it.
CREATE FUNCTION recount_progress_of_completions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ihrec.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM recount_progress(array_agg(p.user_id), array_agg(p.version_id))
    FROM (SELECT DISTINCT c.user_id, l.version_id
          FROM changed c JOIN lessons l ON l.id = c.lesson_id) p;
    RETURN NULL;
END $$;

-- Only graded attempts count: starting an attempt changes nothing.
CREATE FUNCTION recount_progress_of_attempts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ihrec.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM recount_progress(array_agg(p.user_id), array_agg(p.version_id))
    FROM (SELECT DISTINCT a.user_id, z.version_id
          FROM changed a JOIN quizzes z ON z.id = a.quiz_id
          WHERE a.state = 'submitted') p;
    RETURN NULL;
END $$;

-- A re-enrolment finds the completions it left behind.
CREATE TRIGGER enrolments_count_progress AFTER INSERT ON enrolments
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION recount_progress_of_enrolments();
CREATE TRIGGER lesson_completions_count_insert AFTER INSERT ON lesson_completions
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION recount_progress_of_completions();
CREATE TRIGGER lesson_completions_count_delete AFTER DELETE ON lesson_completions
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION recount_progress_of_completions();
CREATE TRIGGER quiz_attempts_count_insert AFTER INSERT ON quiz_attempts
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION recount_progress_of_attempts();
CREATE TRIGGER quiz_attempts_count_update AFTER UPDATE ON quiz_attempts
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION recount_progress_of_attempts();

-- What is there already.
SELECT recount_all_progress();
