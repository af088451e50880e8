//! Cohort enrolment by CSV: what each row of a file will do (the dry-run report), and
//! the small-cell rule for figures about groups of people. Pure: the server reads the
//! file and the database, then asks [`plan`].
use super::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Groups smaller than this are not shown as figures (on screen and in exports), so a
/// figure never singles out a person.
pub const SMALL_CELL: i64 = 5;

/// `Some(value)` when the group is large enough to show figures about it.
pub fn suppressed<T>(group_size: i64, value: T) -> Option<T> {
    (group_size >= SMALL_CELL).then_some(value)
}

/// Rows a single upload may have.
pub const MAX_ROWS: usize = 10_000;

/// A row as read from the file (1-based line number in the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    /// How many columns the line had (2 or 3 are read: the language may be left out).
    pub columns: usize,
    pub email: String,
    pub name: String,
    pub language: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    EmailInvalid,
    NameMissing,
    NameInvalid,
    LanguageUnknown,
    /// The same email appears on an earlier line of the file.
    DuplicateInFile,
    /// Adding this row would pass the cohort's seat limit.
    OverSeatLimit,
    /// Not three columns (email, name, language).
    WrongColumns,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "problem")]
pub enum RowOutcome {
    /// No account yet: one is made and invited.
    Invite,
    /// An existing account is added and invited to join.
    Add,
    AlreadyMember,
    Refused(RowProblem),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub line: usize,
    pub email: String,
    pub name: String,
    pub lang: Lang,
    pub outcome: RowOutcome,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<ReportRow>,
}

impl ImportReport {
    pub fn count(&self, wanted: fn(&RowOutcome) -> bool) -> usize {
        self.rows.iter().filter(|r| wanted(&r.outcome)).count()
    }
    /// Rows that confirming will add to the cohort (invited or added).
    pub fn to_add(&self) -> impl Iterator<Item = &ReportRow> {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, RowOutcome::Invite | RowOutcome::Add))
    }
}

/// What the database says about the file's emails: accounts by lower-cased email, and
/// which of them are already in the cohort; and the seats still free.
pub struct Known<'a> {
    pub accounts: &'a HashMap<String, uuid::Uuid>,
    pub members: &'a HashSet<String>,
    pub seats_left: i64,
}

/// The report for `rows`: each row's outcome, in file order. Seats go to rows in file
/// order; a row past the limit is refused, so confirming never overfills the cohort.
pub fn plan(rows: &[RawRow], known: &Known<'_>) -> ImportReport {
    let mut seen = HashSet::new();
    let mut seats_left = known.seats_left;
    let rows = rows
        .iter()
        .map(|raw| {
            let email = raw.email.trim().to_owned();
            let name = raw.name.split_whitespace().collect::<Vec<_>>().join(" ");
            let language = raw.language.trim().to_lowercase();
            let lang: Option<Lang> = if language.is_empty() {
                Some(Lang::En)
            } else {
                language.parse().ok()
            };
            let key = email.to_lowercase();
            let outcome = if !(2..=3).contains(&raw.columns) {
                RowOutcome::Refused(RowProblem::WrongColumns)
            } else if super::account::normalize_email(&email).is_err() {
                RowOutcome::Refused(RowProblem::EmailInvalid)
            } else if name.is_empty() {
                RowOutcome::Refused(RowProblem::NameMissing)
            } else if super::account::normalize_display_name(&name).is_err() {
                RowOutcome::Refused(RowProblem::NameInvalid)
            } else if lang.is_none() {
                RowOutcome::Refused(RowProblem::LanguageUnknown)
            } else if !seen.insert(key.clone()) {
                RowOutcome::Refused(RowProblem::DuplicateInFile)
            } else if known.members.contains(&key) {
                RowOutcome::AlreadyMember
            } else if seats_left <= 0 {
                RowOutcome::Refused(RowProblem::OverSeatLimit)
            } else {
                seats_left -= 1;
                if known.accounts.contains_key(&key) {
                    RowOutcome::Add
                } else {
                    RowOutcome::Invite
                }
            };
            ReportRow {
                line: raw.line,
                email,
                name,
                lang: lang.unwrap_or_default(),
                outcome,
            }
        })
        .collect();
    ImportReport { rows }
}

/// Where a member stands. Without the members' consent to share progress, the
/// organisation sees only `Invited` or `Joined`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Invited,
    Joined,
    NotStarted,
    InProgress,
    Completed,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 5] = [
        MemberStatus::Invited,
        MemberStatus::Joined,
        MemberStatus::NotStarted,
        MemberStatus::InProgress,
        MemberStatus::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Joined => "joined",
            MemberStatus::NotStarted => "not_started",
            MemberStatus::InProgress => "in_progress",
            MemberStatus::Completed => "completed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A row of the cohort dashboard (and of its CSV export: the same rows, the same order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardMember {
    pub name: String,
    pub email: String,
    pub status: MemberStatus,
    /// Share of the course done, when the members' progress is visible.
    pub percent: Option<i64>,
    pub completed_on: Option<String>,
    pub certificate: Option<String>,
    pub quiz_percent: Option<i64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Status,
    Progress,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Name, SortKey::Status, SortKey::Progress];
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Status => "status",
            SortKey::Progress => "progress",
        }
    }
    pub fn parse(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or_default()
    }
}

/// The dashboard's filter, as its GET form and the export link carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub status: Option<MemberStatus>,
    /// Part of a name or email.
    pub q: String,
    pub sort: SortKey,
}

/// The members the filter keeps, in its order.
pub fn filter_members(
    mut members: Vec<DashboardMember>,
    filter: &DashboardFilter,
) -> Vec<DashboardMember> {
    let q = filter.q.trim().to_lowercase();
    members.retain(|m| {
        filter.status.is_none_or(|s| m.status == s)
            && (q.is_empty()
                || m.name.to_lowercase().contains(&q)
                || m.email.to_lowercase().contains(&q))
    });
    match filter.sort {
        SortKey::Name => members.sort_by(|a, b| a.name.cmp(&b.name).then(a.email.cmp(&b.email))),
        SortKey::Status => {
            members.sort_by(|a, b| b.status.cmp(&a.status).then(a.name.cmp(&b.name)))
        }
        SortKey::Progress => {
            members.sort_by(|a, b| b.percent.cmp(&a.percent).then(a.name.cmp(&b.name)))
        }
    }
    members
}

/// The cohort's figures, each `None` when its group is smaller than [`SMALL_CELL`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub members: i64,
    pub joined: Option<i64>,
    pub completed: Option<i64>,
    /// Completed, in percent of those who joined.
    pub completion_rate: Option<i64>,
    pub quiz_average: Option<i64>,
    /// Members per status, for the chart (invited, not started, in progress, completed).
    pub by_status: Option<Vec<(MemberStatus, i64)>>,
}

/// Figures over all members (not the filtered list), with small cells suppressed.
pub fn figures(members: &[DashboardMember]) -> Figures {
    let total = members.len() as i64;
    let count = |s: MemberStatus| members.iter().filter(|m| m.status == s).count() as i64;
    let joined = total - count(MemberStatus::Invited);
    let completed = count(MemberStatus::Completed);
    let scores: Vec<i64> = members.iter().filter_map(|m| m.quiz_percent).collect();
    let progress_visible = members
        .iter()
        .any(|m| m.status != MemberStatus::Invited && m.status != MemberStatus::Joined);
    Figures {
        members: total,
        joined: suppressed(total, joined),
        completed: suppressed(joined, completed).filter(|_| progress_visible || joined == 0),
        completion_rate: suppressed(joined, completed * 100 / joined.max(1))
            .filter(|_| progress_visible),
        quiz_average: suppressed(
            scores.len() as i64,
            scores.iter().sum::<i64>() / (scores.len() as i64).max(1),
        ),
        by_status: suppressed(total, ()).filter(|_| progress_visible).map(|_| {
            [
                MemberStatus::Invited,
                MemberStatus::NotStarted,
                MemberStatus::InProgress,
                MemberStatus::Completed,
            ]
            .into_iter()
            .map(|s| (s, count(s)))
            .collect()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, status: MemberStatus, percent: Option<i64>) -> DashboardMember {
        DashboardMember {
            name: name.into(),
            email: format!("{}@example.org", name.to_lowercase()),
            status,
            percent,
            completed_on: None,
            certificate: None,
            quiz_percent: percent,
        }
    }

    #[test]
    fn the_filter_keeps_and_orders_what_it_says() {
        use MemberStatus::*;
        let all = vec![
            member("Cho", InProgress, Some(40)),
            member("Ahn", Completed, Some(100)),
            member("Bae", Invited, None),
        ];
        let names = |f: &DashboardFilter| -> Vec<String> {
            filter_members(all.clone(), f)
                .into_iter()
                .map(|m| m.name)
                .collect()
        };
        assert_eq!(names(&DashboardFilter::default()), ["Ahn", "Bae", "Cho"]);
        assert_eq!(
            names(&DashboardFilter {
                sort: SortKey::Progress,
                ..Default::default()
            }),
            ["Ahn", "Cho", "Bae"]
        );
        assert_eq!(
            names(&DashboardFilter {
                status: Some(Invited),
                ..Default::default()
            }),
            ["Bae"]
        );
        assert_eq!(
            names(&DashboardFilter {
                q: "CHO@".into(),
                ..Default::default()
            }),
            ["Cho"]
        );
    }

    #[test]
    fn figures_about_fewer_than_five_people_are_not_shown() {
        use MemberStatus::*;
        let four: Vec<_> = (0..4)
            .map(|i| member(&format!("M{i}"), Completed, Some(90)))
            .collect();
        let f = figures(&four);
        assert_eq!(
            (
                f.members,
                f.joined,
                f.completed,
                f.completion_rate,
                f.quiz_average
            ),
            (4, None, None, None, None)
        );
        let mut ten: Vec<_> = (0..6)
            .map(|i| member(&format!("C{i}"), Completed, Some(80)))
            .collect();
        ten.extend((0..4).map(|i| member(&format!("P{i}"), InProgress, Some(20))));
        let f = figures(&ten);
        assert_eq!(
            (f.joined, f.completed, f.completion_rate, f.quiz_average),
            (Some(10), Some(6), Some(60), Some(56))
        );
    }

    fn row(line: usize, email: &str, name: &str, language: &str) -> RawRow {
        RawRow {
            line,
            columns: 3,
            email: email.into(),
            name: name.into(),
            language: language.into(),
        }
    }

    #[test]
    fn every_kind_of_row_gets_its_outcome() {
        let accounts = HashMap::from([
            ("kim@example.org".to_owned(), uuid::Uuid::nil()),
            ("lee@example.org".to_owned(), uuid::Uuid::nil()),
        ]);
        let members = HashSet::from(["lee@example.org".to_owned()]);
        let rows = vec![
            row(2, "new@example.org", "김 지우", "ko"),
            row(3, "Kim@Example.org", "Kim", "en"),
            row(4, "lee@example.org", "Lee", ""),
            row(5, "not-an-email", "X", "en"),
            row(6, "a@example.org", "  ", "en"),
            row(7, "b@example.org", "B", "fr"),
            row(8, "NEW@example.org", "Again", "ko"),
            row(9, "c@example.org", "C", "en"),
            RawRow {
                columns: 5,
                ..row(10, "d@example.org", "D", "en")
            },
        ];
        let report = plan(
            &rows,
            &Known {
                accounts: &accounts,
                members: &members,
                seats_left: 2,
            },
        );
        let outcomes: Vec<RowOutcome> = report.rows.iter().map(|r| r.outcome).collect();
        use RowOutcome::*;
        assert_eq!(
            outcomes,
            vec![
                Invite,
                Add,
                AlreadyMember,
                Refused(RowProblem::EmailInvalid),
                Refused(RowProblem::NameMissing),
                Refused(RowProblem::LanguageUnknown),
                Refused(RowProblem::DuplicateInFile),
                Refused(RowProblem::OverSeatLimit),
                Refused(RowProblem::WrongColumns),
            ]
        );
        assert_eq!(report.rows[0].lang, Lang::Ko);
        assert_eq!(report.rows[0].name, "김 지우");
        assert_eq!(report.to_add().count(), 2);
    }

    #[test]
    fn small_groups_show_no_figures() {
        assert_eq!(suppressed(4, 80), None);
        assert_eq!(suppressed(5, 80), Some(80));
    }
}
