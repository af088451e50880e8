//! Translated names for domain values (languages, topics) and the reader's language.
use crate::domain::{Lang, Topic};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

impl From<Locale> for Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::en => Lang::En,
            Locale::ko => Lang::Ko,
        }
    }
}

/// The reader's language, as a reactive value for resources to key on.
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || Lang::from(i18n.get_locale()))
}

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
