//! The text of the mail we send, from the i18n catalogue, in the recipient's language.
use crate::domain::{Lang, Localized};
use crate::i18n::{Locale, td_string};

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en,
        Lang::Ko => Locale::ko,
    }
}

pub fn reset_subject(lang: Lang) -> String {
    td_string!(locale(lang), mail.reset_subject).to_string()
}

pub fn reset_body(lang: Lang, link: &str) -> String {
    td_string!(locale(lang), mail.reset_body, link = link).to_string()
}

/// The texts of the page that refuses a cross-site form post.
pub struct PageText {
    pub title: String,
    pub body: String,
    pub home: String,
}

pub fn cross_origin_page(lang: Lang) -> PageText {
    let locale = locale(lang);
    PageText {
        title: td_string!(locale, cross_origin.title).to_string(),
        body: td_string!(locale, cross_origin.body).to_string(),
        home: td_string!(locale, not_found.home).to_string(),
    }
}

/// The issuer's name in every language, as certificates snapshot it.
pub fn issuer() -> Localized {
    Localized {
        en: Some(td_string!(Locale::en, brand_owner).to_string()),
        ko: Some(td_string!(Locale::ko, brand_owner).to_string()),
    }
}

/// The fixed texts printed on a certificate, in one language.
pub struct CertificateText {
    pub heading: String,
    pub certifies: String,
    pub completed: String,
    pub version: String,
    pub date_label: String,
    pub code_label: String,
    pub verify_at: String,
}

pub fn certificate_text(lang: Lang, version: i32) -> CertificateText {
    let locale = locale(lang);
    CertificateText {
        heading: td_string!(locale, certificate.pdf_heading).to_string(),
        certifies: td_string!(locale, certificate.pdf_certifies).to_string(),
        completed: td_string!(locale, certificate.pdf_completed).to_string(),
        version: td_string!(locale, certificate.pdf_version, version = version).to_string(),
        date_label: td_string!(locale, certificate.pdf_date).to_string(),
        code_label: td_string!(locale, certificate.pdf_code).to_string(),
        verify_at: td_string!(locale, certificate.pdf_verify_at).to_string(),
    }
}

/// The invitation to a cohort: subject and body.
pub fn invitation(lang: Lang, name: &str, course: &str, link: &str) -> (String, String) {
    let locale = locale(lang);
    (
        td_string!(locale, mail_cohort.invitation_subject, course = course).to_string(),
        td_string!(
            locale,
            mail_cohort.invitation_body,
            name = name,
            course = course,
            link = link
        )
        .to_string(),
    )
}

/// A reminder to a member who has not started.
pub fn reminder(lang: Lang, name: &str, course: &str, link: &str) -> (String, String) {
    let locale = locale(lang);
    (
        td_string!(locale, mail_cohort.reminder_subject, course = course).to_string(),
        td_string!(
            locale,
            mail_cohort.reminder_body,
            name = name,
            course = course,
            link = link
        )
        .to_string(),
    )
}

/// The header of the cohort export, the dashboard table's columns.
pub fn cohort_export_header(lang: Lang) -> Vec<String> {
    let locale = locale(lang);
    vec![
        td_string!(locale, cohort.col_name).to_string(),
        td_string!(locale, cohort.col_email).to_string(),
        td_string!(locale, cohort.col_status).to_string(),
        td_string!(locale, cohort.col_progress).to_string(),
        td_string!(locale, cohort.col_completed).to_string(),
        td_string!(locale, cohort.col_certificate).to_string(),
        td_string!(locale, cohort.col_quiz).to_string(),
    ]
}

pub fn member_status(lang: Lang, status: crate::domain::cohort::MemberStatus) -> String {
    use crate::domain::cohort::MemberStatus as S;
    let locale = locale(lang);
    match status {
        S::Invited => td_string!(locale, cohort.status_invited),
        S::Joined => td_string!(locale, cohort.status_joined),
        S::NotStarted => td_string!(locale, cohort.status_not_started),
        S::InProgress => td_string!(locale, cohort.status_in_progress),
        S::Completed => td_string!(locale, cohort.status_completed),
    }
    .to_string()
}
