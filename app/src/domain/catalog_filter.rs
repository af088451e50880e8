//! What a reader can narrow the catalogue by.
use super::{Lang, Topic};
use serde::{Deserialize, Serialize};

/// Course length buckets, by estimated minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Length {
    /// Under 30 minutes.
    Short,
    /// 30 to 60 minutes.
    Medium,
    /// More than an hour.
    Long,
}

impl Length {
    pub const ALL: [Length; 3] = [Length::Short, Length::Medium, Length::Long];

    pub fn code(self) -> &'static str {
        match self {
            Length::Short => "short",
            Length::Medium => "medium",
            Length::Long => "long",
        }
    }

    /// `[from, to)` in minutes; `None` is unbounded.
    pub fn minutes(self) -> (Option<i32>, Option<i32>) {
        match self {
            Length::Short => (None, Some(30)),
            Length::Medium => (Some(30), Some(61)),
            Length::Long => (Some(61), None),
        }
    }

    pub fn parse(code: &str) -> Option<Length> {
        Length::ALL.into_iter().find(|l| l.code() == code)
    }
}

pub const COURSES_PER_PAGE: i64 = 12;

/// The catalogue's search box and filters, as in its address (`/courses?q=…&topic=…`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogFilter {
    pub q: String,
    pub language: Option<Lang>,
    pub topic: Option<Topic>,
    pub length: Option<Length>,
    /// 1-based.
    pub page: i64,
}

impl CatalogFilter {
    /// The search words, lower-cased: every one must match.
    pub fn terms(&self) -> Vec<String> {
        self.q
            .split_whitespace()
            .take(8)
            .map(str::to_lowercase)
            .collect()
    }

    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || self.language.is_some()
            || self.topic.is_some()
            || self.length.is_some()
    }

    /// The address of this filter at another page.
    pub fn href(&self, page: i64) -> String {
        let mut parts = Vec::new();
        if !self.q.trim().is_empty() {
            parts.push(format!(
                "q={}",
                super::navigation::encode_query(self.q.trim())
            ));
        }
        if let Some(lang) = self.language {
            parts.push(format!("language={}", lang.code()));
        }
        if let Some(topic) = self.topic {
            parts.push(format!("topic={}", topic.code()));
        }
        if let Some(length) = self.length {
            parts.push(format!("length={}", length.code()));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/courses".to_owned()
        } else {
            format!("/courses?{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lower_cased_words() {
        let filter = CatalogFilter {
            q: "  Human  RIGHTS 도시 ".into(),
            ..Default::default()
        };
        assert_eq!(filter.terms(), vec!["human", "rights", "도시"]);
    }

    #[test]
    fn href_keeps_the_filter() {
        let filter = CatalogFilter {
            q: "인권 도시".into(),
            topic: Some(Topic::LocalGovernment),
            page: 1,
            ..Default::default()
        };
        assert_eq!(
            filter.href(2),
            "/courses?q=%EC%9D%B8%EA%B6%8C%20%EB%8F%84%EC%8B%9C&topic=local-government&page=2"
        );
        assert_eq!(CatalogFilter::default().href(1), "/courses");
    }
}
