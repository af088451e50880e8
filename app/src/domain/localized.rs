use super::Lang;
use serde::{Deserialize, Serialize};

/// A text written in one or both of the platform's languages, as stored in the
/// database (`{"en": "…", "ko": "…"}`) and in the seed files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ko: Option<String>,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Ko => self.ko.as_deref(),
        }
        .filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, or else in the other language, with the language it is in,
    /// so the page can mark it (`lang="…"`) for screen readers.
    pub fn resolve(&self, lang: Lang) -> LocalText {
        let found = std::iter::once(lang)
            .chain(Lang::ALL.into_iter().filter(|l| *l != lang))
            .find_map(|l| self.get(l).map(|text| (l, text)));
        match found {
            Some((lang, text)) => LocalText {
                text: text.to_owned(),
                lang,
            },
            None => LocalText {
                text: String::new(),
                lang,
            },
        }
    }

    /// The languages this text is written in.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|l| self.get(*l).is_some())
    }
}

/// A text resolved for one reader: what to show, and which language it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalText {
    pub text: String,
    pub lang: Lang,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Localized {
        Localized {
            en: Some("Hello".into()),
            ko: Some("안녕하세요".into()),
        }
    }

    #[test]
    fn resolves_the_asked_language() {
        assert_eq!(
            both().resolve(Lang::Ko),
            LocalText {
                text: "안녕하세요".into(),
                lang: Lang::Ko
            }
        );
        assert_eq!(both().resolve(Lang::En).text, "Hello");
    }

    #[test]
    fn falls_back_and_says_so() {
        let en_only = Localized {
            en: Some("Hello".into()),
            ko: Some("  ".into()),
        };
        assert_eq!(
            en_only.resolve(Lang::Ko),
            LocalText {
                text: "Hello".into(),
                lang: Lang::En
            }
        );
        assert_eq!(en_only.langs().collect::<Vec<_>>(), vec![Lang::En]);
    }

    #[test]
    fn reads_the_database_shape() {
        let parsed: Localized = serde_json::from_str(r#"{"ko":"광주"}"#).expect("valid json");
        assert_eq!(parsed.get(Lang::Ko), Some("광주"));
        assert!(serde_json::from_str::<Localized>(r#"{"fr":"x"}"#).is_err());
    }
}
