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

/// Addresses under `/teach/` that are not courses: a course may not take these names.
const RESERVED_COURSE_SLUGS: &[&str] = &["import"];

/// A slug a new course may take: a slug of at most 60 characters, not a reserved word.
pub fn is_course_slug(s: &str) -> bool {
    is_slug(s) && s.len() <= 60 && !RESERVED_COURSE_SLUGS.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::{is_course_slug, is_slug};

    #[test]
    fn a_course_cannot_take_a_reserved_address() {
        assert!(is_course_slug("import-2"));
        assert!(!is_course_slug("import"));
        assert!(!is_course_slug(&"a".repeat(61)));
    }

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
