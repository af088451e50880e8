use serde::{Deserialize, Serialize};

/// When a learner may see the correct answers and the per-choice feedback of an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewPolicy {
    Never,
    AfterEachAttempt,
    AfterPassing,
    AfterLastAttempt,
}

impl ReviewPolicy {
    pub const ALL: [ReviewPolicy; 4] = [
        ReviewPolicy::Never,
        ReviewPolicy::AfterEachAttempt,
        ReviewPolicy::AfterPassing,
        ReviewPolicy::AfterLastAttempt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewPolicy::Never => "never",
            ReviewPolicy::AfterEachAttempt => "after_each_attempt",
            ReviewPolicy::AfterPassing => "after_passing",
            ReviewPolicy::AfterLastAttempt => "after_last_attempt",
        }
    }
}

impl TryFrom<String> for ReviewPolicy {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        ReviewPolicy::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .ok_or(code)
    }
}

/// Whether `score` out of `max` reaches `pass_percent` (inclusive; a quiz worth nothing
/// passes nobody).
pub fn meets_pass_mark(pass_percent: i32, score: f64, max: f64) -> bool {
    max > 0.0 && score * 100.0 >= f64::from(pass_percent) * max - 1e-9
}

/// A quiz's rules, as the educator set them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizSettings {
    /// Share of the points needed to pass, 0–100.
    pub pass_percent: i32,
    /// `None`: unlimited.
    pub max_attempts: Option<i32>,
    /// `None`: untimed.
    pub time_limit_seconds: Option<i32>,
    pub shuffle_questions: bool,
    pub shuffle_choices: bool,
    /// Draw this many questions from the quiz's pool for each attempt; `None`: all.
    pub draw_count: Option<i32>,
    /// One question per page, or all on one.
    pub one_per_page: bool,
    pub review: ReviewPolicy,
}

impl Default for QuizSettings {
    /// What a new quiz starts with (the `quizzes` table's column defaults).
    fn default() -> Self {
        QuizSettings {
            pass_percent: 70,
            max_attempts: None,
            time_limit_seconds: None,
            shuffle_questions: true,
            shuffle_choices: true,
            draw_count: None,
            one_per_page: false,
            review: ReviewPolicy::AfterEachAttempt,
        }
    }
}

impl QuizSettings {
    /// Whether `score` out of `max` passes.
    pub fn passes(&self, score: f64, max: f64) -> bool {
        meets_pass_mark(self.pass_percent, score, max)
    }

    /// Whether another attempt may start after `used` attempts.
    pub fn may_start(&self, used: i32) -> bool {
        self.max_attempts.is_none_or(|max| used < max)
    }

    /// Whether a submitted attempt may show the correct answers, given whether the
    /// learner has passed (this attempt or an earlier one) and how many attempts they
    /// have used.
    pub fn may_review(&self, passed: bool, used: i32) -> bool {
        match self.review {
            ReviewPolicy::Never => false,
            ReviewPolicy::AfterEachAttempt => true,
            ReviewPolicy::AfterPassing => passed,
            ReviewPolicy::AfterLastAttempt => passed || !self.may_start(used),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(review: ReviewPolicy, max_attempts: Option<i32>) -> QuizSettings {
        QuizSettings {
            pass_percent: 70,
            max_attempts,
            time_limit_seconds: None,
            shuffle_questions: false,
            shuffle_choices: false,
            draw_count: None,
            one_per_page: false,
            review,
        }
    }

    #[test]
    fn the_pass_mark_is_inclusive() {
        let s = settings(ReviewPolicy::Never, None);
        assert!(s.passes(7.0, 10.0));
        assert!(!s.passes(6.99, 10.0));
        assert!(!s.passes(0.0, 0.0), "a quiz worth nothing passes nobody");
    }

    #[test]
    fn review_follows_the_policy() {
        let s = settings(ReviewPolicy::AfterLastAttempt, Some(3));
        assert!(!s.may_review(false, 1));
        assert!(s.may_review(false, 3), "no attempts left");
        assert!(s.may_review(true, 1), "passing ends the quiz too");
        assert!(!settings(ReviewPolicy::Never, Some(1)).may_review(true, 1));
        assert!(settings(ReviewPolicy::AfterEachAttempt, None).may_review(false, 1));
        assert!(!settings(ReviewPolicy::AfterPassing, None).may_review(false, 9));
        assert!(!settings(ReviewPolicy::AfterLastAttempt, None).may_review(false, 99));
    }

    #[test]
    fn attempts_are_limited_only_when_a_maximum_is_set() {
        assert!(settings(ReviewPolicy::Never, None).may_start(1000));
        assert!(settings(ReviewPolicy::Never, Some(2)).may_start(1));
        assert!(!settings(ReviewPolicy::Never, Some(2)).may_start(2));
    }
}
