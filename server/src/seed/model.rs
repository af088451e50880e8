//! The shape of a seed file, checked before anything is written. Questions are parsed
//! and checked now so the files stay valid; the quiz engine loads them into its tables.
use anyhow::{bail, ensure};
use app::domain::quiz::grading::{Choice, Pair, QuestionSpec};
use app::domain::{Lang, Localized, Topic};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCourse {
    pub slug: String,
    pub topic: Topic,
    pub languages: Vec<Lang>,
    pub title: Localized,
    pub summary: Localized,
    pub modules: Vec<SeedModule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedModule {
    pub slug: String,
    pub title: Localized,
    pub lessons: Vec<SeedLesson>,
    #[serde(default)]
    pub questions: Vec<SeedQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLesson {
    pub slug: String,
    pub minutes: i32,
    #[serde(default)]
    pub preview: bool,
    pub title: Localized,
    pub body: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SeedQuestion {
    SingleChoice {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        choices: Vec<SeedChoice>,
    },
    MultipleResponse {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        choices: Vec<SeedChoice>,
    },
    TrueFalse {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        answer: bool,
    },
    ShortAnswer {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        accepted: Vec<String>,
    },
    Numerical {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        value: f64,
        tolerance: f64,
    },
    Matching {
        points: u32,
        prompt: Localized,
        feedback: Localized,
        pairs: Vec<SeedPair>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedChoice {
    pub text: Localized,
    pub correct: bool,
    pub feedback: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPair {
    pub left: Localized,
    pub right: Localized,
}

impl SeedQuestion {
    /// Points, prompt, general feedback and the answer key, with each option's id
    /// from `id(side, index)` (side "choice", "item" or "option").
    pub fn to_spec(
        &self,
        id: impl Fn(&str, usize) -> String,
    ) -> (i32, &Localized, &Localized, QuestionSpec) {
        let choices = |choices: &[SeedChoice]| {
            choices
                .iter()
                .enumerate()
                .map(|(i, c)| Choice {
                    id: id("choice", i),
                    text: c.text.clone(),
                    correct: c.correct,
                    feedback: c.feedback.clone(),
                })
                .collect()
        };
        let (points, prompt, feedback, spec) = match self {
            SeedQuestion::SingleChoice {
                points,
                prompt,
                feedback,
                choices: c,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::SingleChoice {
                    choices: choices(c),
                },
            ),
            SeedQuestion::MultipleResponse {
                points,
                prompt,
                feedback,
                choices: c,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::MultipleResponse {
                    choices: choices(c),
                },
            ),
            SeedQuestion::TrueFalse {
                points,
                prompt,
                feedback,
                answer,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::TrueFalse { answer: *answer },
            ),
            SeedQuestion::ShortAnswer {
                points,
                prompt,
                feedback,
                accepted,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::ShortAnswer {
                    accepted: accepted.clone(),
                },
            ),
            SeedQuestion::Numerical {
                points,
                prompt,
                feedback,
                value,
                tolerance,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::Numerical {
                    value: *value,
                    tolerance: *tolerance,
                },
            ),
            SeedQuestion::Matching {
                points,
                prompt,
                feedback,
                pairs,
            } => (
                points,
                prompt,
                feedback,
                QuestionSpec::Matching {
                    pairs: pairs
                        .iter()
                        .enumerate()
                        .map(|(i, p)| Pair {
                            item_id: id("item", i),
                            item: p.left.clone(),
                            option_id: id("option", i),
                            option: p.right.clone(),
                        })
                        .collect(),
                },
            ),
        };
        (*points as i32, prompt, feedback, spec)
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl SeedCourse {
    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|m| m.lessons.len()).sum()
    }

    pub fn question_count(&self) -> usize {
        self.modules.iter().map(|m| m.questions.len()).sum()
    }

    pub fn estimated_minutes(&self) -> i32 {
        self.modules
            .iter()
            .flat_map(|m| &m.lessons)
            .map(|l| l.minutes)
            .sum()
    }

    /// Every rule the database or the quiz engine would otherwise reject later.
    pub fn validate(&self) -> anyhow::Result<()> {
        ensure!(
            is_slug(&self.slug),
            "course slug {:?} is not kebab-case",
            self.slug
        );
        ensure!(
            !self.languages.is_empty(),
            "a course needs at least one language"
        );
        let has_all = |text: &Localized, what: &str| -> anyhow::Result<()> {
            for lang in &self.languages {
                ensure!(text.get(*lang).is_some(), "{what}: missing the {lang} text");
            }
            Ok(())
        };
        has_all(&self.title, "course title")?;
        has_all(&self.summary, "course summary")?;
        ensure!(!self.modules.is_empty(), "a course needs modules");
        let mut lesson_slugs = std::collections::HashSet::new();
        for module in &self.modules {
            let at = format!("module {}", module.slug);
            ensure!(is_slug(&module.slug), "{at}: slug is not kebab-case");
            has_all(&module.title, &at)?;
            ensure!(!module.lessons.is_empty(), "{at}: no lessons");
            for lesson in &module.lessons {
                let at = format!("lesson {}", lesson.slug);
                ensure!(is_slug(&lesson.slug), "{at}: slug is not kebab-case");
                ensure!(
                    lesson_slugs.insert(lesson.slug.as_str()),
                    "{at}: slug used twice in the course"
                );
                ensure!(lesson.minutes > 0, "{at}: minutes must be positive");
                has_all(&lesson.title, &at)?;
                has_all(&lesson.body, &at)?;
            }
            for (n, question) in module.questions.iter().enumerate() {
                question.validate(&format!("{at}, question {}", n + 1), &has_all)?;
            }
        }
        Ok(())
    }
}

impl SeedQuestion {
    fn validate(
        &self,
        at: &str,
        has_all: &dyn Fn(&Localized, &str) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let (points, prompt, feedback) = match self {
            SeedQuestion::SingleChoice {
                points,
                prompt,
                feedback,
                ..
            }
            | SeedQuestion::MultipleResponse {
                points,
                prompt,
                feedback,
                ..
            }
            | SeedQuestion::TrueFalse {
                points,
                prompt,
                feedback,
                ..
            }
            | SeedQuestion::ShortAnswer {
                points,
                prompt,
                feedback,
                ..
            }
            | SeedQuestion::Numerical {
                points,
                prompt,
                feedback,
                ..
            }
            | SeedQuestion::Matching {
                points,
                prompt,
                feedback,
                ..
            } => (points, prompt, feedback),
        };
        ensure!(*points > 0, "{at}: points must be positive");
        has_all(prompt, at)?;
        has_all(feedback, at)?;
        match self {
            SeedQuestion::SingleChoice { choices, .. }
            | SeedQuestion::MultipleResponse { choices, .. } => {
                ensure!(choices.len() >= 2, "{at}: needs at least two choices");
                for choice in choices {
                    has_all(&choice.text, at)?;
                    has_all(&choice.feedback, at)?;
                }
                let correct = choices.iter().filter(|c| c.correct).count();
                match self {
                    SeedQuestion::SingleChoice { .. } if correct != 1 => {
                        bail!("{at}: a single-choice question needs exactly one correct choice")
                    }
                    _ => ensure!(correct >= 1, "{at}: needs at least one correct choice"),
                }
            }
            SeedQuestion::TrueFalse { answer: _, .. } => {}
            SeedQuestion::ShortAnswer { accepted, .. } => {
                ensure!(
                    accepted.iter().any(|a| !a.trim().is_empty()),
                    "{at}: needs an accepted answer"
                )
            }
            SeedQuestion::Numerical {
                value, tolerance, ..
            } => {
                ensure!(
                    value.is_finite() && tolerance.is_finite() && *tolerance >= 0.0,
                    "{at}: bad value or tolerance"
                )
            }
            SeedQuestion::Matching { pairs, .. } => {
                ensure!(
                    pairs.len() >= 2,
                    "{at}: a matching question needs at least two pairs"
                );
                for pair in pairs {
                    has_all(&pair.left, at)?;
                    has_all(&pair.right, at)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_kebab_case() {
        assert!(is_slug("human-rights-cities-2030"));
        assert!(!is_slug("Human-Rights"));
        assert!(!is_slug("double--dash"));
        assert!(!is_slug("-leading"));
        assert!(!is_slug(""));
    }

    #[test]
    fn rejects_a_single_choice_question_with_two_correct_choices() {
        let text = r#"
            slug = "x"
            topic = "global-movement"
            languages = ["en"]
            title = { en = "T" }
            summary = { en = "S" }
            [[modules]]
            slug = "m"
            title = { en = "M" }
            [[modules.lessons]]
            slug = "l"
            minutes = 3
            title = { en = "L" }
            body = { en = "B" }
            [[modules.questions]]
            kind = "single_choice"
            points = 1
            prompt = { en = "P" }
            feedback = { en = "F" }
            choices = [
              { text = { en = "a" }, correct = true, feedback = { en = "f" } },
              { text = { en = "b" }, correct = true, feedback = { en = "f" } },
            ]
        "#;
        let course: SeedCourse = toml::from_str(text).expect("parses");
        let err = course.validate().expect_err("two correct choices");
        assert!(err.to_string().contains("exactly one correct"), "{err}");
    }

    #[test]
    fn rejects_a_missing_translation() {
        let text = r#"
            slug = "x"
            topic = "global-movement"
            languages = ["en", "ko"]
            title = { en = "T" }
            summary = { en = "S", ko = "요약" }
            modules = []
        "#;
        let course: SeedCourse = toml::from_str(text).expect("parses");
        let err = course.validate().expect_err("title has no ko");
        assert!(err.to_string().contains("missing the ko text"), "{err}");
    }
}
