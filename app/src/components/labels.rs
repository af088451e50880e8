//! Translated names for domain values (languages, topics, roles) and messages for
//! errors and form problems.
use crate::domain::{Lang, Length, Role, Topic};
use crate::error::{AppError, Problem};
use crate::i18n::*;
use leptos_i18n::I18nContext;

pub fn lang_name(i18n: I18nContext<Locale>, lang: Lang) -> &'static str {
    match lang {
        Lang::En => t_string!(i18n, language.en),
        Lang::Ko => t_string!(i18n, language.ko),
    }
}

pub fn topic_name(i18n: I18nContext<Locale>, topic: Topic) -> &'static str {
    match topic {
        Topic::HumanRightsCities => t_string!(i18n, topic.human_rights_cities),
        Topic::LocalGovernment => t_string!(i18n, topic.local_government),
        Topic::GlobalMovement => t_string!(i18n, topic.global_movement),
    }
}

pub fn length_name(i18n: I18nContext<Locale>, length: Length) -> &'static str {
    match length {
        Length::Short => t_string!(i18n, length.short),
        Length::Medium => t_string!(i18n, length.medium),
        Length::Long => t_string!(i18n, length.long),
    }
}

pub fn role_name(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Learner => t_string!(i18n, role.learner),
        Role::Educator => t_string!(i18n, role.educator),
        Role::PlatformAdmin => t_string!(i18n, role.platform_admin),
    }
}

/// "English, Korean" in the reader's language.
pub fn lang_list(i18n: I18nContext<Locale>, langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| lang_name(i18n, *l))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn problem_text(i18n: I18nContext<Locale>, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => t_string!(i18n, problem.required),
        Problem::EmailInvalid => t_string!(i18n, problem.email_invalid),
        Problem::EmailTaken => t_string!(i18n, problem.email_taken),
        Problem::PasswordLength => t_string!(i18n, problem.password_length),
        Problem::PasswordCommon => t_string!(i18n, problem.password_common),
        Problem::PasswordsDiffer => t_string!(i18n, problem.passwords_differ),
        Problem::DisplayNameInvalid => t_string!(i18n, problem.display_name_invalid),
        Problem::WrongCredentials => t_string!(i18n, problem.wrong_credentials),
        Problem::WrongPassword => t_string!(i18n, problem.wrong_password),
        Problem::ResetLinkInvalid => t_string!(i18n, problem.reset_link_invalid),
        Problem::PrerequisitesMissing => t_string!(i18n, problem.prerequisites_missing),
        Problem::NoAttemptsLeft => t_string!(i18n, problem.no_attempts_left),
        Problem::AttemptClosed => t_string!(i18n, problem.attempt_closed),
        Problem::CertificateNameInvalid => t_string!(i18n, problem.certificate_name_invalid),
        Problem::CodeLength => t_string!(i18n, problem.code_length),
        Problem::CodeSymbol => t_string!(i18n, problem.code_symbol),
        Problem::CodeCheck => t_string!(i18n, problem.code_check),
        Problem::ReasonTooLong => t_string!(i18n, problem.reason_too_long),
        Problem::TooLong => t_string!(i18n, problem.too_long),
        Problem::CountryCode => t_string!(i18n, problem.country_code),
        Problem::YearInvalid => t_string!(i18n, problem.year_invalid),
        Problem::UrlInvalid => t_string!(i18n, problem.url_invalid),
        Problem::SlugInvalid => t_string!(i18n, problem.slug_invalid),
        Problem::SlugTaken => t_string!(i18n, problem.slug_taken),
        Problem::NoSuchAccount => t_string!(i18n, problem.no_such_account),
        Problem::DateInvalid => t_string!(i18n, problem.date_invalid),
        Problem::EndsBeforeStart => t_string!(i18n, problem.ends_before_start),
        Problem::SeatLimitInvalid => t_string!(i18n, problem.seat_limit_invalid),
        Problem::SeatsTaken => t_string!(i18n, problem.seats_taken),
        Problem::DaysInvalid => t_string!(i18n, problem.days_invalid),
        Problem::RemindedToday => t_string!(i18n, problem.reminded_today),
        Problem::ConsentRequired => t_string!(i18n, problem.consent_required),
        Problem::CodeUnknown => t_string!(i18n, problem.code_unknown),
        Problem::CodeExpired => t_string!(i18n, problem.code_expired),
        Problem::CodeUsedUp => t_string!(i18n, problem.code_used_up),
        Problem::CohortFull => t_string!(i18n, problem.cohort_full),
        Problem::InvitationInvalid => t_string!(i18n, problem.invitation_invalid),
        Problem::FileInvalid => t_string!(i18n, problem.file_invalid),
        Problem::MinutesInvalid => t_string!(i18n, problem.minutes_invalid),
        Problem::ImageAltMissing => t_string!(i18n, problem.image_alt_missing),
        Problem::NothingToPublish => t_string!(i18n, problem.nothing_to_publish),
        Problem::NoLessons => t_string!(i18n, problem.no_lessons),
        Problem::EmptyModule => t_string!(i18n, problem.empty_module),
        Problem::NoSuchEducator => t_string!(i18n, problem.no_such_educator),
        Problem::PercentInvalid => t_string!(i18n, problem.percent_invalid),
        Problem::LimitInvalid => t_string!(i18n, problem.limit_invalid),
        Problem::PointsInvalid => t_string!(i18n, problem.points_invalid),
        Problem::ChoiceTextMissing => t_string!(i18n, problem.choice_text_missing),
        Problem::TooFewChoices => t_string!(i18n, problem.too_few_choices),
        Problem::OneRightChoice => t_string!(i18n, problem.one_right_choice),
        Problem::NoRightChoice => t_string!(i18n, problem.no_right_choice),
        Problem::PairIncomplete => t_string!(i18n, problem.pair_incomplete),
        Problem::TooFewPairs => t_string!(i18n, problem.too_few_pairs),
        Problem::NumberInvalid => t_string!(i18n, problem.number_invalid),
        Problem::ToleranceNegative => t_string!(i18n, problem.tolerance_negative),
        Problem::Unknown => t_string!(i18n, problem.unknown),
    }
}

/// A sentence for any error, in the reader's language.
pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => t_string!(i18n, error.unauthenticated).to_owned(),
        AppError::Forbidden => t_string!(i18n, error.forbidden).to_owned(),
        AppError::NotFound => t_string!(i18n, not_found.body).to_owned(),
        AppError::Invalid(_) => t_string!(i18n, problem.unknown).to_owned(),
        AppError::TooManyRequests { retry_after_secs } if *retry_after_secs < 120 => {
            let seconds = *retry_after_secs;
            t_string!(i18n, problem.too_many_seconds, seconds = seconds).to_string()
        }
        AppError::TooManyRequests { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60);
            t_string!(i18n, problem.too_many_minutes, minutes = minutes).to_string()
        }
        AppError::Internal => t_string!(i18n, error.internal).to_owned(),
        AppError::Transport(_) => t_string!(i18n, error.transport).to_owned(),
    }
}
