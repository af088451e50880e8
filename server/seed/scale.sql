-- `server seed --scale`: a city-sized platform, generated inside PostgreSQL with
-- set-based inserts (one statement per table, no row-by-row round trips).
--
-- Run by `server/src/seed/scale.rs` in one transaction after it has set the
-- parameters below with set_config(..., true). Everything is a pure function of
-- `scale.seed` and the row numbers: ids are md5 hashes of (seed, kind, numbers) and
-- every "random" choice is hashtextextended(...), so the same seed gives the same data.
--
-- Shape, for L learners and N courses (course N-1 is the Moodle-S-shaped one):
--   learner i is enrolled in 8 of the other courses; of those, 2 are complete
--   (20 lessons done, 5 quizzes passed), 2 have every lesson done but no quiz,
--   then 10, 5, 5 and 0 lessons done: 100 lesson completions and 10 quiz attempts each
--   (which course gets which pattern rotates from learner to learner).
--   Course 0 is the city's mandatory course: the big cohort (learners 0..big-1) takes it.
--   Learners 0..99 also take the Moodle-shaped course.
--   Each other cohort k is a block of learners who share a course.

create function pg_temp.id(kind text, a bigint, b bigint default 0, c bigint default 0)
returns uuid language sql stable as $$
    select md5(current_setting('scale.seed') || ':' || kind || ':' || a || ':' || b || ':' || c)::uuid
$$;

-- A deterministic number in 0..n-1.
create function pg_temp.pick(kind text, a bigint, n integer)
returns integer language sql stable as $$
    select (abs(hashtextextended(kind || ':' || a, current_setting('scale.seed')::bigint)) % n)::integer
$$;

-- Localised text holding only the course's languages.
create function pg_temp.loc(en text, ko text, langs text[])
returns jsonb language sql immutable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'en', case when 'en' = any(langs) then en end,
        'ko', case when 'ko' = any(langs) then ko end))
$$;

create temporary table scale_params on commit drop as
select current_setting('scale.learners')::integer as learners,
       current_setting('scale.courses')::integer as courses,
       current_setting('scale.cities')::integer as cities,
       current_setting('scale.cohorts')::integer as cohorts,
       current_setting('scale.big_cohort')::integer as big,
       current_setting('scale.password_hash') as password_hash,
       current_setting('scale.signin_hash') as signin_hash;

-- Words the generated titles and bodies are made of (English, Korean).
create temporary table subjects (n integer, en text, ko text) on commit drop;
insert into subjects values
    (0, 'Housing rights', '주거권'), (1, 'Non-discrimination', '차별 금지'),
    (2, 'Accessible public services', '접근 가능한 공공 서비스'), (3, 'Migrant workers'' rights', '이주노동자의 권리'),
    (4, 'Children''s participation', '아동 참여'), (5, 'Gender equality in local budgets', '지방 예산의 성평등'),
    (6, 'Freedom of assembly', '집회의 자유'), (7, 'The right to health', '건강권'),
    (8, 'Older persons in the city', '도시의 노인'), (9, 'Disability inclusion', '장애 포용'),
    (10, 'Climate justice', '기후 정의'), (11, 'Human rights impact assessment', '인권영향평가');
create temporary table audiences (n integer, en text, ko text) on commit drop;
insert into audiences values
    (0, 'city officials', '공무원'), (1, 'frontline staff', '일선 직원'), (2, 'council members', '지방의원'),
    (3, 'community leaders', '지역 활동가'), (4, 'teachers', '교사'), (5, 'police and public safety staff', '경찰 및 공공안전 직원');
create temporary table paragraphs (n integer, en text, ko text) on commit drop;
insert into paragraphs values
    (0, 'A human rights city is a local community where human rights are a guiding principle of policy and daily life. Its government, civil society and residents share the duty to respect, protect and fulfil the rights of everyone who lives there, including people who are not citizens.',
        '인권도시는 인권이 정책과 일상의 기본 원칙이 되는 지역 공동체입니다. 지방정부와 시민사회, 주민은 시민이 아닌 사람을 포함하여 그곳에 사는 모든 사람의 권리를 존중하고 보호하며 실현할 책임을 함께 집니다.'),
    (1, 'Public services are where most people meet the state. A counter that can be reached by wheelchair, a form written in plain language and a clerk who knows how to ask for an interpreter decide, in practice, whether a right exists for the person in front of them.',
        '대부분의 사람은 공공 서비스에서 국가를 만납니다. 휠체어로 접근할 수 있는 창구, 쉬운 말로 쓴 서식, 통역을 요청할 줄 아는 직원이 눈앞의 사람에게 권리가 실제로 존재하는지를 결정합니다.'),
    (2, 'Participation is more than consultation. Residents who are affected by a decision should be able to shape it before it is made, to see how their views were weighed, and to challenge the result when it harms them.',
        '참여는 의견 수렴 이상의 것입니다. 결정의 영향을 받는 주민은 결정이 내려지기 전에 그것을 함께 만들고, 자신의 의견이 어떻게 반영되었는지 확인하며, 피해를 입었을 때 결과에 이의를 제기할 수 있어야 합니다.'),
    (3, 'Data about who uses a service, and who does not, is the first tool of a non-discrimination policy. Collect only what you need, keep it safe, and publish the patterns so that residents can hold the city to account.',
        '누가 서비스를 이용하고 누가 이용하지 않는지에 관한 자료는 차별 금지 정책의 첫 번째 도구입니다. 필요한 것만 수집하고 안전하게 보관하며, 주민이 도시에 책임을 물을 수 있도록 그 경향을 공개하십시오.'),
    (4, 'The Gwangju Guiding Principles for a Human Rights City ask local governments to adopt a plan, to monitor it with independent bodies and to report on it every year, in language that residents can read.',
        '인권도시를 위한 광주 원칙은 지방정부가 계획을 채택하고, 독립적인 기구로 이를 점검하며, 주민이 읽을 수 있는 언어로 매년 보고하도록 요구합니다.'),
    (5, 'When rights conflict, the city must look for the solution that limits each right the least, explain its reasons in public and review the decision when circumstances change.',
        '권리가 충돌할 때 도시는 각 권리를 가장 적게 제한하는 해결책을 찾고, 그 이유를 공개적으로 설명하며, 상황이 바뀌면 결정을 다시 검토해야 합니다.');

-- Accounts --------------------------------------------------------------------------
insert into users (id, email, display_name, password_hash, preferred_lang, certificate_name, created_at)
select pg_temp.id('user', i),
       'learner' || i || '@scale.example.org',
       case when i % 3 = 0 then '학습자 ' || i else 'Learner ' || i end,
       p.password_hash,
       case when i % 3 = 0 then 'ko' else 'en' end,
       case when i % 2 = 0 then (case when i % 3 = 0 then '학습자 ' || i else 'Learner ' || i end) end,
       now() - make_interval(mins => i % 500000)
from scale_params p, generate_series(0, p.learners - 1) i;

-- Sign-in accounts carry a hash with the production cost (the sign-in benchmark).
insert into users (id, email, display_name, password_hash)
select pg_temp.id('signin', k), 'signin' || k || '@scale.example.org', 'Sign-in ' || k, p.signin_hash
from scale_params p, generate_series(0, 63) k;

-- One educator per ten courses, and one admin per city.
insert into users (id, email, display_name, password_hash, role)
select pg_temp.id('educator', e), 'educator' || e || '@scale.example.org', 'Educator ' || e,
       p.password_hash, 'educator'
from scale_params p, generate_series(0, (p.courses - 1) / 10) e;
insert into users (id, email, display_name, password_hash)
select pg_temp.id('city-admin', c), 'city-admin' || c || '@scale.example.org', 'City admin ' || c,
       p.password_hash
from scale_params p, generate_series(0, p.cities - 1) c;

-- Courses: version 1 published; 4 in 5 are bilingual, the rest English or Korean only.
create temporary table scale_courses on commit drop as
select c,
       pg_temp.id('course', c) as course_id,
       pg_temp.id('version', c) as version_id,
       c = p.courses - 1 as moodle_shaped,
       case when c = p.courses - 1 then 10 else 5 end as modules,
       case when c = p.courses - 1 then 6 else 4 end as lessons_per_module,
       case when c % 5 = 3 then array['en'] when c % 5 = 4 then array['ko'] else array['en', 'ko'] end as langs,
       s.en as subject_en, s.ko as subject_ko, a.en as audience_en, a.ko as audience_ko
from scale_params p, generate_series(0, p.courses - 1) c
join subjects s on s.n = c % 12
join audiences a on a.n = (c / 12) % 6;
create unique index on scale_courses (c);
analyze scale_courses;

insert into courses (id, slug, topic, created_at)
select course_id,
       case when moodle_shaped then 'moodle-size-s' else 'city-course-' || c end,
       (array['human-rights-cities', 'local-government', 'global-movement'])[1 + c % 3],
       now() - make_interval(days => c % 700)
from scale_courses;

insert into course_versions (id, course_id, number, title, summary, languages, estimated_minutes, published_at)
select version_id, course_id, 1,
       case when moodle_shaped
            then pg_temp.loc('A course shaped like Moodle''s size S test course',
                             '무들 S 규모 시험 강좌와 같은 모양의 강좌', langs)
            else pg_temp.loc(subject_en || ' for ' || audience_en || ' ' || (c / 72 + 1),
                             audience_ko || '을 위한 ' || subject_ko || ' ' || (c / 72 + 1), langs) end,
       pg_temp.loc('What ' || lower(audience_en) || ' need to know about ' || lower(subject_en)
                       || ' in a human rights city: the standards, the practice and the cases.',
                   '인권도시의 ' || audience_ko || '이 ' || subject_ko || '에 대해 알아야 할 기준, 실천, 사례.', langs),
       langs, modules * lessons_per_module * 10,
       now() - make_interval(days => c % 600)
from scale_courses;

update courses co set current_version_id = sc.version_id
from scale_courses sc where co.id = sc.course_id;

insert into course_authors (course_id, user_id, role)
select course_id, pg_temp.id('educator', c / 10), 'owner' from scale_courses;

insert into modules (id, version_id, slug, position, title)
select pg_temp.id('module', c, m), version_id, 'module-' || (m + 1), m + 1,
       pg_temp.loc('Part ' || (m + 1) || ': ' || subject_en, (m + 1) || '부: ' || subject_ko, langs)
from scale_courses, generate_series(0, modules - 1) m;

insert into lessons (id, module_id, version_id, slug, position, title, body, estimated_minutes, is_preview)
select pg_temp.id('lesson', c, m, l), pg_temp.id('module', c, m), version_id,
       'lesson-' || (m + 1) || '-' || (l + 1), l + 1,
       pg_temp.loc('Lesson ' || (m + 1) || '.' || (l + 1) || ': ' || subject_en || ' in practice',
                   (m + 1) || '.' || (l + 1) || '과: 실천 속의 ' || subject_ko, langs),
       pg_temp.loc(
           '## ' || subject_en || E'\n\n' || p1.en || E'\n\n' || p2.en
               || E'\n\n### What to do\n\n- Read the city''s human rights plan.\n- Ask who is left out of the service.\n- Write down one change you can make this week.\n\n'
               || p3.en || E'\n\n> ' || p1.en,
           '## ' || subject_ko || E'\n\n' || p1.ko || E'\n\n' || p2.ko
               || E'\n\n### 할 일\n\n- 도시의 인권 계획을 읽습니다.\n- 서비스에서 누가 소외되는지 묻습니다.\n- 이번 주에 할 수 있는 변화 하나를 적습니다.\n\n'
               || p3.ko || E'\n\n> ' || p1.ko,
           langs),
       5 + (m + l) % 11, m = 0 and l = 0
from scale_courses, generate_series(0, modules - 1) m, generate_series(0, lessons_per_module - 1) l
join paragraphs p1 on p1.n = l % 6
join paragraphs p2 on p2.n = (l + 2) % 6
join paragraphs p3 on p3.n = (l + 4) % 6;

-- A quiz of 10 questions in every module (in the Moodle-shaped course, in 4 of its 10
-- sections: 60 lessons + 4 quizzes = Moodle's 64 items). No attempt limit, no timer.
create temporary table scale_quizzes on commit drop as
select c, m, version_id, langs, pg_temp.id('quiz', c, m) as quiz_id, pg_temp.id('salt', c, m) as salt
from scale_courses, generate_series(0, modules - 1) m
where not moodle_shaped or m < 4;

insert into quizzes (id, module_id, version_id, id_salt)
select quiz_id, pg_temp.id('module', c, m), version_id, salt from scale_quizzes;

-- Even positions are true/false, odd ones single choice of four; option ids are derived
-- as app::ssr::db::quiz::option_id derives them (sha256 of salt, position, side, index).
insert into questions (id, quiz_id, position, points, prompt, feedback, spec)
select pg_temp.id('question', c, m, q), quiz_id, q + 1, 1,
       case when q % 2 = 0
            then pg_temp.loc('True or false: statement ' || (q + 1) || ' about this part is correct.',
                             '참 또는 거짓: 이 부분에 관한 ' || (q + 1) || '번 진술은 옳다.', langs)
            else pg_temp.loc('Which of these best describes point ' || (q + 1) || '?',
                             '다음 중 ' || (q + 1) || '번 요점을 가장 잘 설명하는 것은?', langs) end,
       '{}'::jsonb,
       case when q % 2 = 0
            then jsonb_build_object('kind', 'true_false', 'answer', (q / 2) % 2 = 0)
            else jsonb_build_object('kind', 'single_choice', 'choices', (
                select jsonb_agg(jsonb_build_object(
                           'id', substr(encode(sha256(uuid_send(salt) || int4send(q + 1)
                                 || convert_to('choice', 'UTF8') || int8send(o::bigint)), 'hex'), 1, 12),
                           'text', pg_temp.loc('Option ' || (o + 1), (o + 1) || '번 보기', langs),
                           'correct', o = 0,
                           'feedback', '{}'::jsonb) order by o)
                from generate_series(0, 3) o)) end
from scale_quizzes, generate_series(0, 9) q;

-- Partner cities and their staff ------------------------------------------------------
insert into organisations (id, slug, name, country, region, declared_year)
select pg_temp.id('city', c), 'city-' || c,
       jsonb_build_object('en', 'Human Rights City ' || c, 'ko', '인권도시 ' || c),
       (array['KR', 'KR', 'KR', 'ID', 'JP', 'MN', 'AR', 'ES', 'ZA', 'SE'])[1 + c % 10],
       'Region ' || (c % 17), 2010 + c % 15
from scale_params p, generate_series(0, p.cities - 1) c;

insert into memberships (organisation_id, user_id, role)
select pg_temp.id('city', c), pg_temp.id('city-admin', c), 'admin'
from scale_params p, generate_series(0, p.cities - 1) c;

-- Cohort k > 0 is block k-1 of the learners after the big cohort (blocks of
-- `scale.block` learners); block b's learners share their first course, 1 + b mod (N-2).
create function pg_temp.block(i bigint) returns bigint language sql stable as $$
    select case when i < current_setting('scale.big_cohort')::bigint
                then i / current_setting('scale.block')::bigint
                else (i - current_setting('scale.big_cohort')::bigint) / current_setting('scale.block')::bigint end
$$;

-- Which of the 8 progress patterns a learner's j-th course gets rotates with the
-- learner, so every course and cohort has a mix: patterns 0-1 complete, 2-3 every
-- lesson but no quiz, then 10, 5, 5 and 0 lessons.
create temporary table scale_enrolments on commit drop as
select i, j,
       case when j = 0 and i < p.big then 0
            when j = 0 then 1 + pg_temp.block(i) % (p.courses - 2)
            else 1 + (pg_temp.block(i) + j * 37) % (p.courses - 2) end as c,
       (array[20, 20, 20, 20, 10, 5, 5, 0])[(i + j) % 8 + 1] as lessons_done,
       (i + j) % 8 < 2 as complete
from scale_params p, generate_series(0, p.learners - 1) i, generate_series(0, 7) j;
insert into scale_enrolments
select i, 8, p.courses - 1, i % 61, false from scale_params p, generate_series(0, least(99, p.learners - 1)) i;

-- Millions of rows in a few statements: the progress triggers stand aside for this
-- transaction, and every enrolment is recounted once at the end (migration
-- `enrolment_progress`).
select set_config('ihrec.bulk_load', 'on', true);

insert into enrolments (user_id, course_id, version_id, enrolled_at, completed_at)
select pg_temp.id('user', e.i), sc.course_id, sc.version_id,
       now() - make_interval(days => 30 + pg_temp.pick('enrolled', e.i * 10 + e.j, 300)),
       case when e.complete then now() - make_interval(days => pg_temp.pick('completed', e.i * 10 + e.j, 29)) end
from scale_enrolments e join scale_courses sc on sc.c = e.c;

insert into lesson_completions (user_id, lesson_id, completed_at)
select pg_temp.id('user', e.i), pg_temp.id('lesson', e.c, k / sc.lessons_per_module, k % sc.lessons_per_module),
       now() - make_interval(mins => pg_temp.pick('done', e.i * 1000 + e.j * 100 + k, 40000))
from scale_enrolments e join scale_courses sc on sc.c = e.c, generate_series(0, e.lessons_done - 1) k;

insert into quiz_attempts (id, quiz_id, user_id, number, state, question_ids, shuffle_seed,
                           started_at, submitted_at, score, max_score, passed)
select pg_temp.id('attempt', e.i, e.j, m), pg_temp.id('quiz', e.c, m), pg_temp.id('user', e.i), 1, 'submitted',
       array[pg_temp.id('question', e.c, m, 0), pg_temp.id('question', e.c, m, 1), pg_temp.id('question', e.c, m, 2),
             pg_temp.id('question', e.c, m, 3), pg_temp.id('question', e.c, m, 4), pg_temp.id('question', e.c, m, 5),
             pg_temp.id('question', e.c, m, 6), pg_temp.id('question', e.c, m, 7), pg_temp.id('question', e.c, m, 8),
             pg_temp.id('question', e.c, m, 9)],
       hashtextextended('shuffle:' || e.i || ':' || e.c || ':' || m, 0),
       now() - interval '31 days', now() - interval '30 days', 7 + e.i % 4, 10, true
from scale_enrolments e, generate_series(0, 4) m
where e.complete;

insert into cohorts (id, organisation_id, course_id, name, starts_on, ends_on, seat_limit, progress_visible)
select pg_temp.id('cohort', k), pg_temp.id('city', k % p.cities),
       pg_temp.id('course', case when k = 0 then 0 else 1 + (k - 1) % (p.courses - 2) end),
       case when k = 0 then 'All staff: mandatory human rights training' else 'Cohort ' || k end,
       current_date - 60 + k % 30, current_date + 60 + k % 30,
       case when k = 0 then greatest(p.big, 1) else current_setting('scale.block')::integer end, true
from scale_params p, generate_series(0, p.cohorts - 1) k;

insert into cohort_members (cohort_id, user_id, state, added_at, joined_at)
select pg_temp.id('cohort', case when e.i < p.big then 0 else 1 + pg_temp.block(e.i) end),
       pg_temp.id('user', e.i), 'joined', now() - interval '50 days', now() - interval '49 days'
from scale_enrolments e, scale_params p
where e.j = 0 and (e.i < p.big or 1 + pg_temp.block(e.i) < p.cohorts);

insert into memberships (organisation_id, user_id)
select distinct co.organisation_id, cm.user_id
from cohort_members cm join cohorts co on co.id = cm.cohort_id
on conflict do nothing;

-- Certificates of the complete enrolments whose learner confirmed a name; their codes
-- (with the check symbol) come from Rust in the table scale_codes, numbered from 1.
insert into certificates (code, user_id, course_id, version_id, version_number, learner_name,
                          learner_name_hash, course_title, issuer, completed_at, salt, email_hash, kid)
select codes.code, u.id, en.course_id, en.version_id, 1, u.certificate_name,
       sha256(s.salt || convert_to(u.certificate_name, 'UTF8')), v.title,
       current_setting('scale.issuer')::jsonb, en.completed_at, s.salt,
       sha256(convert_to(lower(u.email) || encode(s.salt, 'hex'), 'UTF8')),
       current_setting('scale.kid')
from (select row_number() over (order by e.i, e.j) as n, e.i, e.c
      from scale_enrolments e where e.complete and e.i % 2 = 0) due
join scale_courses sc on sc.c = due.c
join enrolments en on en.user_id = pg_temp.id('user', due.i) and en.course_id = sc.course_id
join users u on u.id = en.user_id
join course_versions v on v.id = en.version_id
cross join lateral (select uuid_send(pg_temp.id('certificate-salt', due.n)) as salt) s
join scale_codes codes on codes.n = due.n;

select recount_all_progress();

select set_config('ihrec.bulk_load', 'off', true);

analyze;
