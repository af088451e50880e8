-- The course catalogue: courses, their immutable versions, and the outline of each
-- version (modules → lessons). Texts that exist in several languages are stored as
-- jsonb objects keyed by language code ({"en": "…", "ko": "…"}), so that a missing
-- translation is visible (no key) rather than an empty string.

-- Keeps updated_at honest without every UPDATE having to remember it. An UPDATE that
-- changes nothing (an idempotent upsert, say) leaves the timestamp alone.
create function set_updated_at() returns trigger language plpgsql as $$
begin
    if row(new.*) is distinct from row(old.*) then
        new.updated_at = now();
    end if;
    return new;
end;
$$;

-- A text in one or more of the platform's languages: a non-empty object whose keys
-- are language codes and whose values are non-empty strings.
create function is_localized_text(t jsonb) returns boolean language sql immutable as $$
    select jsonb_typeof(t) = 'object'
       and t <> '{}'::jsonb
       and not exists (
           select 1 from jsonb_each(t) e
           where e.key not in ('en', 'ko')
              or jsonb_typeof(e.value) <> 'string'
              or btrim(e.value #>> '{}') = ''
       );
$$;

create table courses (
    id          uuid primary key default gen_random_uuid(),
    slug        text not null
                constraint courses_slug_key unique
                constraint courses_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    topic       text not null
                constraint courses_topic_known check (topic in ('human-rights-cities', 'local-government', 'global-movement')),
    -- The version new learners get: the latest published one. Null while nothing is published.
    current_version_id uuid,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create trigger courses_updated_at before update on courses
    for each row execute function set_updated_at();

-- A course version is what a learner enrols in. Once published it is never edited:
-- authoring creates a new version, so earlier learners keep theirs.
create table course_versions (
    id                uuid primary key default gen_random_uuid(),
    course_id         uuid not null references courses (id) on delete cascade,
    number            integer not null constraint course_versions_number_positive check (number > 0),
    title             jsonb not null constraint course_versions_title_localized check (is_localized_text(title)),
    summary           jsonb not null constraint course_versions_summary_localized check (is_localized_text(summary)),
    -- Languages the content is offered in (each title/summary/lesson carries these keys).
    languages         text[] not null constraint course_versions_languages_known
                      check (cardinality(languages) > 0 and languages <@ array['en', 'ko']),
    estimated_minutes integer not null constraint course_versions_minutes_positive check (estimated_minutes > 0),
    published_at      timestamptz,
    created_at        timestamptz not null default now(),
    constraint course_versions_course_number_key unique (course_id, number),
    -- Target of the composite key below: a course's current version is one of its own.
    constraint course_versions_course_id_id_key unique (course_id, id)
);

alter table courses
    add constraint courses_current_version_fkey
    foreign key (id, current_version_id) references course_versions (course_id, id);

create table modules (
    id          uuid primary key default gen_random_uuid(),
    version_id  uuid not null references course_versions (id) on delete cascade,
    slug        text not null constraint modules_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position    integer not null,
    title       jsonb not null constraint modules_title_localized check (is_localized_text(title)),
    constraint modules_version_slug_key unique (version_id, slug),
    constraint modules_id_version_key unique (id, version_id),
    constraint modules_version_position_key unique (version_id, position) deferrable initially immediate
);

create table lessons (
    id                uuid primary key default gen_random_uuid(),
    module_id         uuid not null,
    -- Denormalised from the module so that a lesson slug is unique in its course version
    -- and a lesson URL (/courses/{course}/lessons/{lesson}) resolves with one index.
    version_id        uuid not null references course_versions (id) on delete cascade,
    slug              text not null constraint lessons_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position          integer not null,
    title             jsonb not null constraint lessons_title_localized check (is_localized_text(title)),
    body              jsonb not null constraint lessons_body_localized check (is_localized_text(body)),
    estimated_minutes integer not null constraint lessons_minutes_positive check (estimated_minutes > 0),
    -- Public preview: readable without enrolment (the first lesson of a course, by convention).
    is_preview        boolean not null default false,
    constraint lessons_version_slug_key unique (version_id, slug),
    -- The lesson's version is its module's version.
    constraint lessons_module_fkey foreign key (module_id, version_id)
        references modules (id, version_id) on delete cascade,
    constraint lessons_module_position_key unique (module_id, position) deferrable initially immediate
);
-- Every foreign key above leads a unique constraint's index, so lookups by parent
-- (version → modules, module → lessons, course → versions) need no extra index.
