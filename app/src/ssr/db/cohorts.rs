//! Partner cities and their cohorts: organisation profiles and admins, cohorts, CSV
//! imports (plan, then apply exactly the plan), join codes, invitations, the cohort
//! dashboard's rows and the public list of cities.
//!
//! Every function that reads or changes a cohort takes the organisation too and
//! matches both, so a cohort id from another city finds nothing (no IDOR by guessing).
use crate::domain::cohort::{ImportReport, Known, RawRow, plan};
use crate::domain::{Lang, Localized};
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::{HashMap, HashSet};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub slug: String,
    pub name: Json<Localized>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub declared_year: Option<i32>,
    pub website: Option<String>,
}

const ORG_COLUMNS: &str = "id, slug, name, country, region, declared_year, website";

/// The fields of an organisation's profile, as validated by the api layer.
pub struct Profile<'a> {
    pub name: &'a Localized,
    pub country: Option<&'a str>,
    pub region: Option<&'a str>,
    pub declared_year: Option<i32>,
    pub website: Option<&'a str>,
}

/// A new organisation; `None` if the slug is taken.
pub async fn create_organisation(
    pool: &PgPool,
    slug: &str,
    profile: &Profile<'_>,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "insert into organisations (slug, name, country, region, declared_year, website)
         values ($1, $2, $3, $4, $5, $6) on conflict (slug) do nothing returning id",
    )
    .bind(slug)
    .bind(Json(profile.name))
    .bind(profile.country)
    .bind(profile.region)
    .bind(profile.declared_year)
    .bind(profile.website)
    .fetch_optional(pool)
    .await
}

pub async fn update_organisation(
    pool: &PgPool,
    id: Uuid,
    profile: &Profile<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update organisations set name = $2, country = $3, region = $4, declared_year = $5,
             website = $6 where id = $1",
    )
    .bind(id)
    .bind(Json(profile.name))
    .bind(profile.country)
    .bind(profile.region)
    .bind(profile.declared_year)
    .bind(profile.website)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn organisation(pool: &PgPool, slug: &str) -> sqlx::Result<Option<OrganisationRow>> {
    sqlx::query_as(&format!(
        "select {ORG_COLUMNS} from organisations where slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await
}

pub async fn organisations(pool: &PgPool) -> sqlx::Result<Vec<OrganisationRow>> {
    sqlx::query_as(&format!(
        "select {ORG_COLUMNS} from organisations order by name ->> 'en', slug"
    ))
    .fetch_all(pool)
    .await
}

/// Makes the account with this email an admin of the organisation (a member first if
/// need be); `false` if there is no such account.
pub async fn appoint_admin(pool: &PgPool, organisation: Uuid, email: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "insert into memberships (organisation_id, user_id, role)
         select $1, id, 'admin' from users where lower(email) = lower($2)
         on conflict (organisation_id, user_id) do update set role = 'admin'",
    )
    .bind(organisation)
    .bind(email)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends `user`'s admin role in the organisation (they stay a member).
pub async fn remove_admin(pool: &PgPool, organisation: Uuid, user: Uuid) -> sqlx::Result<()> {
    sqlx::query(
        "update memberships set role = 'member' where organisation_id = $1 and user_id = $2",
    )
    .bind(organisation)
    .bind(user)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn admins(
    pool: &PgPool,
    organisation: Uuid,
) -> sqlx::Result<Vec<(Uuid, String, String)>> {
    sqlx::query_as(
        "select u.id, u.display_name, u.email from memberships m join users u on u.id = m.user_id
         where m.organisation_id = $1 and m.role = 'admin' order by u.display_name, u.id",
    )
    .bind(organisation)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CohortRow {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub course_slug: String,
    pub course_title: Json<Localized>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub seat_limit: i32,
    pub progress_visible: bool,
    pub members: i64,
    pub joined: i64,
}

const COHORT_SELECT: &str = "
    select k.id, k.organisation_id, k.name, c.slug as course_slug, v.title as course_title,
           k.starts_on, k.ends_on, k.seat_limit, k.progress_visible,
           (select count(*) from cohort_members m where m.cohort_id = k.id) as members,
           (select count(*) from cohort_members m where m.cohort_id = k.id and m.state = 'joined') as joined
    from cohorts k
    join courses c on c.id = k.course_id
    join course_versions v on v.id = c.current_version_id";

pub struct NewCohort<'a> {
    pub course_slug: &'a str,
    pub name: &'a str,
    pub starts_on: Date,
    pub ends_on: Date,
    pub seat_limit: i32,
    pub progress_visible: bool,
}

/// A cohort for a published course; `None` if there is no such published course.
pub async fn create_cohort(
    pool: &PgPool,
    organisation: Uuid,
    cohort: &NewCohort<'_>,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "insert into cohorts (organisation_id, course_id, name, starts_on, ends_on, seat_limit, progress_visible)
         select $1, c.id, $3, $4, $5, $6, $7 from courses c
         join course_versions v on v.id = c.current_version_id and v.published_at is not null
         where c.slug = $2
         returning id",
    )
    .bind(organisation)
    .bind(cohort.course_slug)
    .bind(cohort.name)
    .bind(cohort.starts_on)
    .bind(cohort.ends_on)
    .bind(cohort.seat_limit)
    .bind(cohort.progress_visible)
    .fetch_optional(pool)
    .await
}

pub async fn cohorts_of(pool: &PgPool, organisation: Uuid) -> sqlx::Result<Vec<CohortRow>> {
    sqlx::query_as(&format!(
        "{COHORT_SELECT} where k.organisation_id = $1 order by k.starts_on desc, k.name"
    ))
    .bind(organisation)
    .fetch_all(pool)
    .await
}

/// The cohort, if it belongs to the organisation.
pub async fn cohort(
    pool: &PgPool,
    organisation: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<CohortRow>> {
    sqlx::query_as(&format!(
        "{COHORT_SELECT} where k.organisation_id = $1 and k.id = $2"
    ))
    .bind(organisation)
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Locks the cohort row (seat counting under concurrency); its seat limit and the
/// members it has, or `None` if it is not the organisation's.
async fn lock_seats(
    tx: &mut Transaction<'_, Postgres>,
    cohort: Uuid,
) -> sqlx::Result<Option<(i32, i64)>> {
    let limit: Option<i32> =
        sqlx::query_scalar("select seat_limit from cohorts where id = $1 for update")
            .bind(cohort)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(limit) = limit else {
        return Ok(None);
    };
    let members: i64 =
        sqlx::query_scalar("select count(*) from cohort_members where cohort_id = $1")
            .bind(cohort)
            .fetch_one(&mut **tx)
            .await?;
    Ok(Some((limit, members)))
}

/// Reads what the database knows about the file's emails, plans every row and keeps
/// the report; the import's id and its report.
pub async fn plan_import(
    pool: &PgPool,
    cohort: &CohortRow,
    rows: &[RawRow],
    actor: Uuid,
) -> sqlx::Result<(Uuid, ImportReport)> {
    let emails: Vec<String> = rows.iter().map(|r| r.email.trim().to_lowercase()).collect();
    let accounts: HashMap<String, Uuid> = sqlx::query_as::<_, (String, Uuid)>(
        "select lower(email), id from users where lower(email) = any($1)",
    )
    .bind(&emails)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let members: HashSet<String> = sqlx::query_scalar(
        "select lower(u.email) from cohort_members m join users u on u.id = m.user_id
         where m.cohort_id = $1 and lower(u.email) = any($2)",
    )
    .bind(cohort.id)
    .bind(&emails)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let report = plan(
        rows,
        &Known {
            accounts: &accounts,
            members: &members,
            seats_left: i64::from(cohort.seat_limit) - cohort.members,
        },
    );
    let id = sqlx::query_scalar(
        "insert into cohort_imports (cohort_id, created_by, report) values ($1, $2, $3) returning id",
    )
    .bind(cohort.id)
    .bind(actor)
    .bind(Json(&report))
    .fetch_one(pool)
    .await?;
    Ok((id, report))
}

/// An import of the cohort: its report and when it was applied.
pub async fn import(
    pool: &PgPool,
    cohort: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<(ImportReport, Option<OffsetDateTime>)>> {
    let row: Option<(Json<ImportReport>, Option<OffsetDateTime>)> = sqlx::query_as(
        "select report, applied_at from cohort_imports where cohort_id = $1 and id = $2",
    )
    .bind(cohort)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(report, at)| (report.0, at)))
}

/// An invitation to send once the transaction has committed.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub email: String,
    pub name: String,
    pub lang: Lang,
    pub token: String,
}

#[derive(Debug)]
pub enum Applied {
    /// Applied now: the invitations to send.
    Applied(Vec<Invitation>),
    AlreadyApplied,
    /// The cohort filled up since the dry run: nothing was changed; plan again.
    SeatsTaken,
    NotFound,
}

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 14;

/// Applies exactly the stored report, once, in one transaction: accounts made for the
/// `Invite` rows, every `Invite`/`Add` row a member in state `invited` with a fresh
/// single-use link. Rows already in the cohort by now are skipped, never doubled.
pub async fn apply_import(pool: &PgPool, cohort: Uuid, id: Uuid) -> sqlx::Result<Applied> {
    let mut tx = pool.begin().await?;
    let Some((limit, members)) = lock_seats(&mut tx, cohort).await? else {
        return Ok(Applied::NotFound);
    };
    let report: Option<Json<ImportReport>> = sqlx::query_scalar(
        "update cohort_imports set applied_at = now()
         where cohort_id = $1 and id = $2 and applied_at is null returning report",
    )
    .bind(cohort)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Json(report)) = report else {
        let exists: bool = sqlx::query_scalar(
            "select exists (select 1 from cohort_imports where cohort_id = $1 and id = $2)",
        )
        .bind(cohort)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        return Ok(if exists {
            Applied::AlreadyApplied
        } else {
            Applied::NotFound
        });
    };
    let rows: Vec<_> = report.to_add().collect();
    let (emails, names, langs): (Vec<String>, Vec<String>, Vec<String>) = rows.iter().fold(
        (Vec::new(), Vec::new(), Vec::new()),
        |(mut e, mut n, mut l), r| {
            e.push(r.email.clone());
            n.push(r.name.clone());
            l.push(r.lang.code().to_owned());
            (e, n, l)
        },
    );
    // Accounts for new people; the password '!' matches nothing until they accept.
    sqlx::query(
        "insert into users (email, display_name, preferred_lang, password_hash)
         select e, n, l, '!' from unnest($1::text[], $2::text[], $3::text[]) as r(e, n, l)
         on conflict (lower(email)) do nothing",
    )
    .bind(&emails)
    .bind(&names)
    .bind(&langs)
    .execute(&mut *tx)
    .await?;
    let added: Vec<(Uuid, String)> = sqlx::query_as(
        "insert into cohort_members (cohort_id, user_id, state)
         select $1, u.id, 'invited' from users u where lower(u.email) = any($2)
         on conflict do nothing
         returning user_id, (select email from users where id = user_id)",
    )
    .bind(cohort)
    .bind(emails.iter().map(|e| e.to_lowercase()).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    if members + added.len() as i64 > i64::from(limit) {
        tx.rollback().await?;
        return Ok(Applied::SeatsTaken);
    }
    let by_email: HashMap<String, &&crate::domain::cohort::ReportRow> =
        rows.iter().map(|r| (r.email.to_lowercase(), r)).collect();
    let mut invitations = Vec::with_capacity(added.len());
    let (mut hashes, mut users) = (Vec::new(), Vec::new());
    for (user, email) in &added {
        let token = crate::ssr::reset_token::new_token();
        hashes.push(crate::ssr::reset_token::digest(&token));
        users.push(*user);
        let row = by_email.get(&email.to_lowercase());
        invitations.push(Invitation {
            email: email.clone(),
            name: row.map(|r| r.name.clone()).unwrap_or_default(),
            lang: row.map(|r| r.lang).unwrap_or_default(),
            token,
        });
    }
    sqlx::query(
        "insert into cohort_invitations (token_hash, cohort_id, user_id, expires_at)
         select h, $1, u, now() + make_interval(days => $4)
         from unnest($2::bytea[], $3::uuid[]) as t(h, u)",
    )
    .bind(cohort)
    .bind(&hashes)
    .bind(&users)
    .bind(INVITATION_DAYS as i32)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Applied::Applied(invitations))
}

/// Enrols the member in the cohort's course (the current version), in `tx`. The
/// organisation's enrolment stands in for the course's prerequisites.
async fn enrol_member(
    tx: &mut Transaction<'_, Postgres>,
    cohort: Uuid,
    user: Uuid,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into enrolments (user_id, course_id, version_id)
         select $2, c.id, c.current_version_id from cohorts k join courses c on c.id = k.course_id
         where k.id = $1
         on conflict (user_id, course_id) do nothing",
    )
    .bind(cohort)
    .bind(user)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create_code(
    pool: &PgPool,
    cohort: Uuid,
    expires_at: OffsetDateTime,
    max_uses: i32,
) -> sqlx::Result<String> {
    loop {
        let mut random = [0u8; 11];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut random);
        let code = crate::domain::CertificateCode::from_random(random);
        let inserted = sqlx::query(
            "insert into cohort_codes (code, cohort_id, expires_at, max_uses) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(code.as_str())
        .bind(cohort)
        .bind(expires_at)
        .bind(max_uses)
        .execute(pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(code.as_str().to_owned());
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    pub code: String,
    pub expires_at: OffsetDateTime,
    pub max_uses: i32,
    pub uses: i32,
}

pub async fn codes(pool: &PgPool, cohort: Uuid) -> sqlx::Result<Vec<CodeRow>> {
    sqlx::query_as(
        "select code, expires_at, max_uses, uses from cohort_codes where cohort_id = $1
         order by created_at desc",
    )
    .bind(cohort)
    .fetch_all(pool)
    .await
}

/// What a person about to join sees: which city, which course, what is shared.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JoinInfo {
    pub cohort_id: Uuid,
    pub cohort_name: String,
    pub organisation_name: Json<Localized>,
    pub course_slug: String,
    pub course_title: Json<Localized>,
    pub progress_visible: bool,
}

const JOIN_INFO: &str = "
    select k.id as cohort_id, k.name as cohort_name, o.name as organisation_name,
           c.slug as course_slug, v.title as course_title, k.progress_visible
    from cohorts k join organisations o on o.id = k.organisation_id
    join courses c on c.id = k.course_id join course_versions v on v.id = c.current_version_id";

pub async fn code_info(pool: &PgPool, code: &str) -> sqlx::Result<Option<JoinInfo>> {
    sqlx::query_as(&format!(
        "{JOIN_INFO} join cohort_codes j on j.cohort_id = k.id where j.code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await
}

#[derive(Debug, PartialEq, Eq)]
pub enum Joined {
    Joined(Uuid),
    AlreadyMember(Uuid),
    NoSuchCode,
    Expired,
    UsedUp,
    CohortFull,
}

/// Joins with a code, all or nothing: the code's row and then the cohort's row are
/// locked, so the code's maximum and the seat limit hold however many join at once.
pub async fn join_with_code(pool: &PgPool, user: Uuid, code: &str) -> sqlx::Result<Joined> {
    let mut tx = pool.begin().await?;
    let found: Option<(Uuid, bool, bool)> = sqlx::query_as(
        "select cohort_id, expires_at <= now(), uses >= max_uses from cohort_codes
         where code = $1 for update",
    )
    .bind(code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((cohort, expired, used_up)) = found else {
        return Ok(Joined::NoSuchCode);
    };
    let Some((limit, members)) = lock_seats(&mut tx, cohort).await? else {
        return Ok(Joined::NoSuchCode);
    };
    // Already invited or joined: joining again takes no seat and no use of the code.
    let state: Option<String> = sqlx::query_scalar(
        "select state from cohort_members where cohort_id = $1 and user_id = $2",
    )
    .bind(cohort)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(state) = state {
        if state == "invited" {
            sqlx::query(
                "update cohort_members set state = 'joined', joined_at = now()
                 where cohort_id = $1 and user_id = $2",
            )
            .bind(cohort)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            enrol_member(&mut tx, cohort, user).await?;
            tx.commit().await?;
            return Ok(Joined::Joined(cohort));
        }
        return Ok(Joined::AlreadyMember(cohort));
    }
    if expired {
        return Ok(Joined::Expired);
    }
    if used_up {
        return Ok(Joined::UsedUp);
    }
    if members >= i64::from(limit) {
        return Ok(Joined::CohortFull);
    }
    sqlx::query("update cohort_codes set uses = uses + 1 where code = $1")
        .bind(code)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into cohort_members (cohort_id, user_id, state, joined_at) values ($1, $2, 'joined', now())",
    )
    .bind(cohort)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    enrol_member(&mut tx, cohort, user).await?;
    tx.commit().await?;
    Ok(Joined::Joined(cohort))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    #[sqlx(flatten)]
    pub info: JoinInfo,
    pub user_id: Uuid,
    /// The invited account has no password yet (made by the invitation).
    pub needs_password: bool,
    pub usable: bool,
}

pub async fn invitation(pool: &PgPool, token_hash: &[u8]) -> sqlx::Result<Option<InvitationRow>> {
    sqlx::query_as(
        "select i.cohort_id, k.name as cohort_name, o.name as organisation_name,
                c.slug as course_slug, v.title as course_title, k.progress_visible,
                i.user_id, u.password_hash = '!' as needs_password,
                (i.used_at is null and i.expires_at > now()) as usable
         from cohort_invitations i join users u on u.id = i.user_id
         join cohorts k on k.id = i.cohort_id join organisations o on o.id = k.organisation_id
         join courses c on c.id = k.course_id join course_versions v on v.id = c.current_version_id
         where i.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
}

/// Accepts an invitation once: the member joins and is enrolled, and an account made
/// by the invitation gets its password. `None` if the link is used, expired or unknown.
pub async fn accept_invitation(
    pool: &PgPool,
    token_hash: &[u8],
    password_hash: Option<&str>,
) -> sqlx::Result<Option<(Uuid, Uuid, i32)>> {
    let mut tx = pool.begin().await?;
    let used: Option<(Uuid, Uuid)> = sqlx::query_as(
        "update cohort_invitations set used_at = now()
         where token_hash = $1 and used_at is null and expires_at > now()
         returning cohort_id, user_id",
    )
    .bind(token_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((cohort, user)) = used else {
        return Ok(None);
    };
    sqlx::query(
        "update cohort_members set state = 'joined', joined_at = coalesce(joined_at, now())
         where cohort_id = $1 and user_id = $2",
    )
    .bind(cohort)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    let epoch: i32 = match password_hash {
        Some(hash) => {
            sqlx::query_scalar(
                "update users set password_hash = $2 where id = $1 and password_hash = '!'
                 returning session_epoch",
            )
            .bind(user)
            .bind(hash)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => None,
    }
    .unwrap_or_default();
    enrol_member(&mut tx, cohort, user).await?;
    tx.commit().await?;
    Ok(Some((cohort, user, epoch)))
}

/// A member leaves; their own progress in the course stays theirs.
pub async fn leave(pool: &PgPool, user: Uuid, cohort: Uuid) -> sqlx::Result<bool> {
    let left = sqlx::query("delete from cohort_members where cohort_id = $1 and user_id = $2")
        .bind(cohort)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(left.rows_affected() > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyCohortRow {
    pub cohort_id: Uuid,
    pub cohort_name: String,
    pub organisation_name: Json<Localized>,
    pub course_slug: String,
    pub course_title: Json<Localized>,
    pub progress_visible: bool,
    pub state: String,
}

pub async fn my_cohorts(pool: &PgPool, user: Uuid) -> sqlx::Result<Vec<MyCohortRow>> {
    sqlx::query_as(
        "select k.id as cohort_id, k.name as cohort_name, o.name as organisation_name,
                c.slug as course_slug, v.title as course_title, k.progress_visible, m.state
         from cohort_members m join cohorts k on k.id = m.cohort_id
         join organisations o on o.id = k.organisation_id
         join courses c on c.id = k.course_id join course_versions v on v.id = c.current_version_id
         where m.user_id = $1 order by m.added_at desc",
    )
    .bind(user)
    .fetch_all(pool)
    .await
}

/// One member on the cohort dashboard: one query for the whole cohort.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub state: String,
    pub required: Option<i64>,
    pub done: Option<i64>,
    pub completed_at: Option<OffsetDateTime>,
    pub certificate_code: Option<String>,
    /// The member's mean best score over the course's quizzes they attempted, 0–100.
    pub quiz_percent: Option<f64>,
}

/// One row per member, in no particular order (the dashboard and the CSV sort them
/// as their filter asks), read from the figures kept on each enrolment (migration
/// `enrolment_progress`), rather than aggregating the members' completions and
/// attempts on every view (scale M, 5,000 members: about 130 ms with the aggregation).
pub async fn members(pool: &PgPool, cohort: Uuid) -> sqlx::Result<Vec<MemberRow>> {
    sqlx::query_as(
        "with member as (
             select m.user_id, m.state, k.course_id, e.version_id, e.completed_at,
                    e.lessons_done + e.quizzes_passed as done, e.quiz_percent
             from cohorts k
             join cohort_members m on m.cohort_id = k.id
             -- Lateral with `limit 1` (which PostgreSQL does not flatten into a join): one
             -- key probe per member, whatever the share of all learners the cohort holds.
             left join lateral (
                 select e.version_id, e.completed_at, e.lessons_done, e.quizzes_passed,
                        e.quiz_percent
                 from enrolments e
                 where e.user_id = m.user_id and e.course_id = k.course_id limit 1
             ) e on true
             where k.id = $1
             -- In key order: a walk of the primary key's index, however large the cohort.
             order by m.user_id
         ),
         -- Every version of the cohort's course (a handful) with its required items,
         -- counted as learner_progress counts them: required lessons and every quiz.
         version as (
             select v.id as version_id,
                    (select count(*) from lessons l where l.version_id = v.id and l.is_required)
                  + (select count(*) from quizzes z where z.version_id = v.id) as required
             from cohorts k join course_versions v on v.course_id = k.course_id
             where k.id = $1
         )
         select u.id as user_id, u.display_name, u.email, member.state,
                r.required, member.done::bigint as done,
                member.completed_at, t.code as certificate_code, member.quiz_percent
         from member
         cross join lateral (
             select u.id, u.display_name, u.email from users u where u.id = member.user_id limit 1
         ) u
         left join version r on r.version_id = member.version_id
         -- Only a completed enrolment has a certificate: the others skip the probe (a
         -- third of the query's time for 5,000 members at scale M, 54 ms -> 35 ms).
         left join lateral (
             select t.code from certificates t
             where member.completed_at is not null
               and t.user_id = member.user_id and t.course_id = member.course_id
               and t.version_id = member.version_id
             limit 1
         ) t on true",
    )
    .bind(cohort)
    .fetch_all(pool)
    .await
}

/// Marks the cohort reminded if the last reminder was over a day ago; the members to
/// remind (invited, or joined and not started) then, or `None` if it is too soon.
pub async fn take_reminder(
    pool: &PgPool,
    cohort: Uuid,
) -> sqlx::Result<Option<Vec<(String, String, String)>>> {
    let mut tx = pool.begin().await?;
    let due: Option<Uuid> = sqlx::query_scalar(
        "update cohorts set reminded_at = now()
         where id = $1 and (reminded_at is null or reminded_at < now() - interval '1 day')
         returning id",
    )
    .bind(cohort)
    .fetch_optional(&mut *tx)
    .await?;
    if due.is_none() {
        return Ok(None);
    }
    let to: Vec<(String, String, String)> = sqlx::query_as(
        "select u.email, u.display_name, u.preferred_lang from cohort_members m
         join cohorts k on k.id = m.cohort_id join users u on u.id = m.user_id
         left join enrolments e on e.user_id = m.user_id and e.course_id = k.course_id
         where m.cohort_id = $1
           and (m.state = 'invited' or not exists (
               select 1 from lesson_completions l join lessons s on s.id = l.lesson_id
               where l.user_id = m.user_id and s.version_id = e.version_id))",
    )
    .bind(cohort)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(to))
}

/// A partner city on the public page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CityRow {
    pub slug: String,
    pub name: Json<Localized>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub declared_year: Option<i32>,
    pub website: Option<String>,
    pub courses: Json<Vec<Localized>>,
    pub completed: i64,
}

pub async fn cities(pool: &PgPool) -> sqlx::Result<Vec<CityRow>> {
    sqlx::query_as(
        "select o.slug, o.name, o.country, o.region, o.declared_year, o.website,
                coalesce((select jsonb_agg(distinct v.title) from cohorts k
                          join courses c on c.id = k.course_id
                          join course_versions v on v.id = c.current_version_id
                          where k.organisation_id = o.id), '[]') as courses,
                (select count(distinct m.user_id) from cohorts k
                 join cohort_members m on m.cohort_id = k.id
                 join enrolments e on e.user_id = m.user_id and e.course_id = k.course_id
                 where k.organisation_id = o.id and e.completed_at is not null) as completed
         from organisations o order by o.name ->> 'en', o.slug",
    )
    .fetch_all(pool)
    .await
}
