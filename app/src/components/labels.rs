//! Translated names for domain values: languages and topics.
use crate::domain::{Lang, Topic};
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

/// "English, Korean" in the reader's language.
pub fn lang_list(i18n: I18nContext<Locale>, langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| lang_name(i18n, *l))
        .collect::<Vec<_>>()
        .join(", ")
}
