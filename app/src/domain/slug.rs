//! The short names in URLs: courses, cities, modules and lessons.

/// Lower-case ASCII letters and digits in parts joined by single hyphens, as the
/// database's `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'` checks require.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::is_slug;

    #[test]
    fn accepts_what_the_database_accepts() {
        for good in ["gwangju", "human-rights-cities", "a1-b2"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "Gwangju", "광주", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
