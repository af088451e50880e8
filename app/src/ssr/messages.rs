//! The text of the mail we send, from the i18n catalogue, in the recipient's language.
use crate::domain::Lang;
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
