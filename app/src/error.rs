//! The one error type that crosses the wire. Its variants are safe to show to a user;
//! internal failures are logged on the server and arrive here as `Internal` only.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("sign in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The input was refused; the form shows each problem next to its field.
    #[error("invalid input")]
    Invalid(FormErrors),
    /// Too many attempts: try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// Something went wrong on the server; the details are in the server's log.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server function, or its answer did not come back.
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    /// A refusal about one field.
    pub fn field(field: &str, problem: Problem) -> Self {
        AppError::Invalid(FormErrors::default().with(field, problem))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// What was wrong with a submitted form, and the harmless values to put back in it
/// (a form posted without JavaScript comes back as a new page: nothing is retyped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormErrors {
    pub problems: Vec<FieldProblem>,
    pub kept: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The input's `name`; empty for a problem with the form as a whole.
    pub field: String,
    pub problem: Problem,
}

impl FormErrors {
    pub fn with(mut self, field: &str, problem: Problem) -> Self {
        self.problems.push(FieldProblem {
            field: field.to_owned(),
            problem,
        });
        self
    }

    /// Puts a submitted value back into the form (never a password).
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.kept.push((field.to_owned(), value.to_owned()));
        self
    }

    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.problem)
    }

    pub fn kept(&self, field: &str) -> Option<&str> {
        self.kept
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Why a value was refused. Each has a message in the catalogue (`problem.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    EmailInvalid,
    EmailTaken,
    PasswordLength,
    PasswordCommon,
    PasswordsDiffer,
    DisplayNameInvalid,
    /// Sign-in failed; deliberately silent about which of email or password was wrong.
    WrongCredentials,
    /// The current password, asked before a sensitive change, was wrong.
    WrongPassword,
    ResetLinkInvalid,
    /// Enrolment refused: the course's prerequisites are not all completed.
    PrerequisitesMissing,
    NoAttemptsLeft,
    /// The attempt is submitted or past its deadline.
    AttemptClosed,
    CertificateNameInvalid,
    /// A verification code of the wrong length.
    CodeLength,
    /// A verification code with a symbol outside its alphabet.
    CodeSymbol,
    /// A verification code whose check symbol does not match: a mistyped symbol.
    CodeCheck,
    ReasonTooLong,
    TooLong,
    CountryCode,
    YearInvalid,
    UrlInvalid,
    SlugInvalid,
    SlugTaken,
    NoSuchAccount,
    DateInvalid,
    EndsBeforeStart,
    SeatLimitInvalid,
    SeatsTaken,
    DaysInvalid,
    RemindedToday,
    ConsentRequired,
    CodeUnknown,
    CodeExpired,
    CodeUsedUp,
    CohortFull,
    InvitationInvalid,
    FileInvalid,
    /// Estimated minutes outside 1..=10000.
    MinutesInvalid,
    /// An image in a lesson without alternative text.
    ImageAltMissing,
    /// Publishing with no unpublished changes.
    NothingToPublish,
    /// Publishing a course without a lesson.
    NoLessons,
    /// Publishing a module with neither lessons nor questions.
    EmptyModule,
    /// A co-author must be an educator with an account.
    NoSuchEducator,
    /// A whole number from 0 to 100 was expected.
    PercentInvalid,
    /// A limit must be empty (none) or a whole number from 1 to 10000.
    LimitInvalid,
    /// Points must be a whole number from 1 to 100.
    PointsInvalid,
    /// A choice with a tick or feedback but no text.
    ChoiceTextMissing,
    /// A choice question with fewer than two choices.
    TooFewChoices,
    /// A single-choice question must have exactly one right choice.
    OneRightChoice,
    /// A multiple-response question must have at least one right choice.
    NoRightChoice,
    /// A matching pair with only one side.
    PairIncomplete,
    /// A matching question with fewer than two pairs.
    TooFewPairs,
    NumberInvalid,
    ToleranceNegative,
    Unknown,
}
