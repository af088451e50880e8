//! The question editor's form: one shape for every question type, every field a string
//! as typed, so that a refused form comes back exactly as it was sent.
//!
//! The form posts as `q[…]` (`q[prompt_en]`, `q[choices][2][text_ko]`,
//! `q[pairs][0][option_en]`), which the server function reads into [`QuestionForm`];
//! [`field`], [`choice_field`] and [`pair_field`] give those names to the page and to
//! the problems, so a problem always lands next to its input.
//!
//! Reading it ([`QuestionForm::read`], server build only, since it makes the answer
//! key) checks what each type needs, each refusal said in words an author can act on:
//! a single-choice question needs exactly one right choice, a multiple-response
//! question at least one, both at least two choices; a matching question at least two
//! complete pairs; a numerical answer a number, with a tolerance of zero or more; a
//! short-answer question at least one accepted answer.
use super::QuestionKind;
use crate::domain::Lang;
#[cfg(feature = "ssr")]
use crate::domain::Localized;
use serde::{Deserialize, Serialize};

/// Choice and pair rows offered on the editor page: the question's own (all of them,
/// however many an import brought), plus room for a few more up to [`MAX_SLOTS`] (a
/// page without JavaScript cannot add rows).
pub fn slots(used: usize) -> usize {
    (used + 2).clamp(4, MAX_SLOTS).max(used)
}
pub const MAX_SLOTS: usize = 12;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub kind: String,
    pub points: String,
    pub prompt_en: String,
    pub prompt_ko: String,
    pub feedback_en: String,
    pub feedback_ko: String,
    /// Single choice and multiple response.
    pub choices: Vec<ChoiceFields>,
    /// Single choice: the index of the right choice (one radio button per row).
    pub correct: String,
    /// True/false: `"true"` or `"false"`.
    pub answer: String,
    /// Short answer: one accepted answer per line.
    pub accepted: String,
    /// Numerical.
    pub value: String,
    pub tolerance: String,
    pub pairs: Vec<PairFields>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChoiceFields {
    pub text_en: String,
    pub text_ko: String,
    pub feedback_en: String,
    pub feedback_ko: String,
    /// Multiple response: `"on"` when ticked as right.
    pub correct: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PairFields {
    pub item_en: String,
    pub item_ko: String,
    pub option_en: String,
    pub option_ko: String,
}

/// The posted name of a top-level field.
pub fn field(name: &str) -> String {
    format!("q[{name}]")
}

/// The posted name of a field of choice row `index`.
pub fn choice_field(index: usize, name: &str) -> String {
    format!("q[choices][{index}][{name}]")
}

/// The posted name of a field of pair row `index`.
pub fn pair_field(index: usize, name: &str) -> String {
    format!("q[pairs][{index}][{name}]")
}

/// The field name for `base` in `lang`: `prompt` → `prompt_en`.
pub fn in_lang(base: &str, lang: Lang) -> String {
    format!("{base}_{}", lang.code())
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 6] = [
        QuestionKind::SingleChoice,
        QuestionKind::MultipleResponse,
        QuestionKind::TrueFalse,
        QuestionKind::ShortAnswer,
        QuestionKind::Numerical,
        QuestionKind::Matching,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "single_choice",
            QuestionKind::MultipleResponse => "multiple_response",
            QuestionKind::TrueFalse => "true_false",
            QuestionKind::ShortAnswer => "short_answer",
            QuestionKind::Numerical => "numerical",
            QuestionKind::Matching => "matching",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl QuestionForm {
    /// An empty form for a new question of `kind`, worth one point.
    pub fn new(kind: QuestionKind) -> QuestionForm {
        QuestionForm {
            kind: kind.code().to_owned(),
            points: "1".to_owned(),
            tolerance: "0".to_owned(),
            ..QuestionForm::default()
        }
    }

    /// Every field with its value, by posted name: what a refused form puts back.
    /// Unticked boxes are left out, as a browser leaves them out of a post.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = [
            ("kind", &self.kind),
            ("points", &self.points),
            ("prompt_en", &self.prompt_en),
            ("prompt_ko", &self.prompt_ko),
            ("feedback_en", &self.feedback_en),
            ("feedback_ko", &self.feedback_ko),
            ("correct", &self.correct),
            ("answer", &self.answer),
            ("accepted", &self.accepted),
            ("value", &self.value),
            ("tolerance", &self.tolerance),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (field(name), value.clone()))
        .collect();
        for (i, c) in self.choices.iter().enumerate() {
            for (name, value) in [
                ("text_en", &c.text_en),
                ("text_ko", &c.text_ko),
                ("feedback_en", &c.feedback_en),
                ("feedback_ko", &c.feedback_ko),
                ("correct", &c.correct),
            ] {
                if !value.is_empty() {
                    out.push((choice_field(i, name), value.clone()));
                }
            }
        }
        for (i, p) in self.pairs.iter().enumerate() {
            for (name, value) in [
                ("item_en", &p.item_en),
                ("item_ko", &p.item_ko),
                ("option_en", &p.option_en),
                ("option_ko", &p.option_ko),
            ] {
                if !value.is_empty() {
                    out.push((pair_field(i, name), value.clone()));
                }
            }
        }
        out
    }
}

#[cfg(feature = "ssr")]
mod reading {
    use super::*;
    use crate::domain::quiz::grading::{Choice, Pair, QuestionSpec};
    use crate::domain::quiz::parse_number;
    use crate::error::{FormErrors, Problem};

    /// A text in the languages given, from its per-language fields; blank ones are left out.
    fn localized(en: &str, ko: &str, langs: &[Lang]) -> Localized {
        let keep = |lang: Lang, text: &str| {
            (langs.contains(&lang) && !text.trim().is_empty()).then(|| text.trim().to_owned())
        };
        Localized {
            en: keep(Lang::En, en),
            ko: keep(Lang::Ko, ko),
        }
    }

    fn is_blank(text: &Localized) -> bool {
        text.en.is_none() && text.ko.is_none()
    }

    /// A question the form described completely.
    #[derive(Clone, Debug, PartialEq)]
    pub struct ValidQuestion {
        pub points: i32,
        pub prompt: Localized,
        pub feedback: Localized,
        pub spec: QuestionSpec,
    }

    impl QuestionForm {
        /// The question, or every problem with it (and the form as sent, to put back).
        /// `langs` are the course's languages: the first is where a missing text is
        /// reported.
        pub fn read(&self, langs: &[Lang]) -> Result<ValidQuestion, FormErrors> {
            let first = langs.first().copied().unwrap_or_default();
            let mut errors = FormErrors::default();
            let mut problem = |name: String, problem: Problem| {
                errors = std::mem::take(&mut errors).with(&name, problem);
            };
            let Some(kind) = QuestionKind::from_code(&self.kind) else {
                problem(String::new(), Problem::Unknown);
                return Err(self.keep(errors));
            };
            let points = match self.points.trim().parse::<i32>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    problem(field("points"), Problem::PointsInvalid);
                    0
                }
            };
            let prompt = localized(&self.prompt_en, &self.prompt_ko, langs);
            if is_blank(&prompt) {
                problem(field(&in_lang("prompt", first)), Problem::Required);
            }
            let feedback = localized(&self.feedback_en, &self.feedback_ko, langs);
            let spec = match kind {
                QuestionKind::SingleChoice | QuestionKind::MultipleResponse => {
                    let single = kind == QuestionKind::SingleChoice;
                    let mut choices = Vec::new();
                    for (i, row) in self.choices.iter().enumerate() {
                        let text = localized(&row.text_en, &row.text_ko, langs);
                        let feedback = localized(&row.feedback_en, &row.feedback_ko, langs);
                        let correct = if single {
                            self.correct.trim() == i.to_string()
                        } else {
                            !row.correct.is_empty()
                        };
                        if is_blank(&text) {
                            // A row with nothing but a tick or feedback lost its text.
                            if correct || !is_blank(&feedback) {
                                problem(
                                    choice_field(i, &in_lang("text", first)),
                                    Problem::ChoiceTextMissing,
                                );
                            }
                            continue;
                        }
                        choices.push(Choice {
                            id: format!("choice-{}", choices.len()),
                            text,
                            correct,
                            feedback,
                        });
                    }
                    let right = choices.iter().filter(|c| c.correct).count();
                    if choices.len() < 2 {
                        let blank = self
                            .choices
                            .iter()
                            .position(|c| {
                                c.text_en.trim().is_empty() && c.text_ko.trim().is_empty()
                            })
                            .unwrap_or(self.choices.len());
                        problem(
                            choice_field(blank, &in_lang("text", first)),
                            Problem::TooFewChoices,
                        );
                    } else if single && right != 1 {
                        problem(field("correct"), Problem::OneRightChoice);
                    } else if !single && right == 0 {
                        problem(field("correct"), Problem::NoRightChoice);
                    }
                    if single {
                        QuestionSpec::SingleChoice { choices }
                    } else {
                        QuestionSpec::MultipleResponse { choices }
                    }
                }
                QuestionKind::TrueFalse => {
                    let answer = match self.answer.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            problem(field("answer"), Problem::Required);
                            false
                        }
                    };
                    QuestionSpec::TrueFalse { answer }
                }
                QuestionKind::ShortAnswer => {
                    let accepted: Vec<String> = self
                        .accepted
                        .lines()
                        .map(str::trim)
                        .filter(|line| !line.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if accepted.is_empty() {
                        problem(field("accepted"), Problem::Required);
                    }
                    QuestionSpec::ShortAnswer { accepted }
                }
                QuestionKind::Numerical => {
                    let value = parse_number(&self.value).unwrap_or_else(|| {
                        problem(field("value"), Problem::NumberInvalid);
                        0.0
                    });
                    let tolerance = match self.tolerance.trim() {
                        "" => 0.0,
                        text => match parse_number(text) {
                            Some(t) if t >= 0.0 => t,
                            Some(_) => {
                                problem(field("tolerance"), Problem::ToleranceNegative);
                                0.0
                            }
                            None => {
                                problem(field("tolerance"), Problem::NumberInvalid);
                                0.0
                            }
                        },
                    };
                    QuestionSpec::Numerical { value, tolerance }
                }
                QuestionKind::Matching => {
                    let mut pairs = Vec::new();
                    for (i, row) in self.pairs.iter().enumerate() {
                        let item = localized(&row.item_en, &row.item_ko, langs);
                        let option = localized(&row.option_en, &row.option_ko, langs);
                        match (is_blank(&item), is_blank(&option)) {
                            (true, true) => continue,
                            (false, false) => pairs.push(Pair {
                                item_id: format!("item-{}", pairs.len()),
                                item,
                                option_id: format!("option-{}", pairs.len()),
                                option,
                            }),
                            (item_blank, _) => {
                                let side = if item_blank { "item" } else { "option" };
                                problem(
                                    pair_field(i, &in_lang(side, first)),
                                    Problem::PairIncomplete,
                                );
                            }
                        }
                    }
                    if pairs.len() < 2 {
                        let blank = self
                            .pairs
                            .iter()
                            .position(|p| {
                                [&p.item_en, &p.item_ko, &p.option_en, &p.option_ko]
                                    .iter()
                                    .all(|t| t.trim().is_empty())
                            })
                            .unwrap_or(self.pairs.len());
                        problem(
                            pair_field(blank, &in_lang("item", first)),
                            Problem::TooFewPairs,
                        );
                    }
                    QuestionSpec::Matching { pairs }
                }
            };
            if errors.is_empty() {
                Ok(ValidQuestion {
                    points,
                    prompt,
                    feedback,
                    spec,
                })
            } else {
                Err(self.keep(errors))
            }
        }

        fn keep(&self, errors: FormErrors) -> FormErrors {
            self.fields()
                .into_iter()
                .fold(errors, |errors, (name, value)| errors.keep(&name, &value))
        }

        /// The form that shows a saved question, with empty rows to add more.
        pub fn from_question(
            points: i32,
            prompt: &Localized,
            feedback: &Localized,
            spec: &QuestionSpec,
        ) -> QuestionForm {
            let text = |t: &Option<String>| t.clone().unwrap_or_default();
            let mut form = QuestionForm {
                kind: spec.kind().code().to_owned(),
                points: points.to_string(),
                prompt_en: text(&prompt.en),
                prompt_ko: text(&prompt.ko),
                feedback_en: text(&feedback.en),
                feedback_ko: text(&feedback.ko),
                tolerance: "0".to_owned(),
                ..QuestionForm::default()
            };
            match spec {
                QuestionSpec::SingleChoice { choices }
                | QuestionSpec::MultipleResponse { choices } => {
                    form.choices = choices
                        .iter()
                        .map(|c| ChoiceFields {
                            text_en: text(&c.text.en),
                            text_ko: text(&c.text.ko),
                            feedback_en: text(&c.feedback.en),
                            feedback_ko: text(&c.feedback.ko),
                            correct: if c.correct {
                                "on".into()
                            } else {
                                String::new()
                            },
                        })
                        .collect();
                    if let QuestionSpec::SingleChoice { choices } = spec {
                        form.correct = choices
                            .iter()
                            .position(|c| c.correct)
                            .map(|i| i.to_string())
                            .unwrap_or_default();
                    }
                }
                QuestionSpec::TrueFalse { answer } => form.answer = answer.to_string(),
                QuestionSpec::ShortAnswer { accepted } => form.accepted = accepted.join("\n"),
                QuestionSpec::Numerical { value, tolerance } => {
                    form.value = value.to_string();
                    form.tolerance = tolerance.to_string();
                }
                QuestionSpec::Matching { pairs } => {
                    form.pairs = pairs
                        .iter()
                        .map(|p| PairFields {
                            item_en: text(&p.item.en),
                            item_ko: text(&p.item.ko),
                            option_en: text(&p.option.en),
                            option_ko: text(&p.option.ko),
                        })
                        .collect();
                }
            }
            form
        }
    }
}

#[cfg(feature = "ssr")]
pub use reading::ValidQuestion;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::quiz::grading::QuestionSpec;
    use crate::error::Problem;

    const BOTH: &[Lang] = &[Lang::En, Lang::Ko];

    fn choice(text: &str, correct: bool) -> ChoiceFields {
        ChoiceFields {
            text_en: text.into(),
            correct: if correct { "on".into() } else { String::new() },
            ..ChoiceFields::default()
        }
    }

    fn form(kind: QuestionKind) -> QuestionForm {
        QuestionForm {
            prompt_en: "Which?".into(),
            ..QuestionForm::new(kind)
        }
    }

    fn problems(form: &QuestionForm) -> Vec<(String, Problem)> {
        let errors = form.read(BOTH).expect_err("the form should be refused");
        errors
            .problems
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect()
    }

    #[test]
    fn single_choice_needs_exactly_one_right_choice() {
        let mut q = form(QuestionKind::SingleChoice);
        q.choices = vec![choice("a", false), choice("b", false), choice("", false)];
        assert_eq!(
            problems(&q),
            vec![(field("correct"), Problem::OneRightChoice)]
        );
        q.correct = "1".into();
        let read = q.read(BOTH).expect("valid");
        let QuestionSpec::SingleChoice { choices } = read.spec else {
            panic!("single choice expected")
        };
        assert_eq!(choices.len(), 2, "the empty row is left out");
        assert!(!choices[0].correct && choices[1].correct);
    }

    #[test]
    fn choice_questions_need_two_choices_with_text() {
        let mut q = form(QuestionKind::MultipleResponse);
        q.choices = vec![choice("a", true), choice("", true)];
        assert_eq!(
            problems(&q),
            vec![
                (choice_field(1, "text_en"), Problem::ChoiceTextMissing),
                (choice_field(1, "text_en"), Problem::TooFewChoices),
            ]
        );
        q.choices = vec![choice("a", false), choice("b", false)];
        assert_eq!(
            problems(&q),
            vec![(field("correct"), Problem::NoRightChoice)]
        );
    }

    #[test]
    fn matching_needs_two_complete_pairs() {
        let mut q = form(QuestionKind::Matching);
        q.pairs = vec![
            PairFields {
                item_en: "cat".into(),
                option_en: "food".into(),
                ..PairFields::default()
            },
            PairFields {
                item_ko: "개".into(),
                ..PairFields::default()
            },
        ];
        assert_eq!(
            problems(&q),
            vec![
                (pair_field(1, "option_en"), Problem::PairIncomplete),
                // Beside the first empty row, where the missing pair goes.
                (pair_field(2, "item_en"), Problem::TooFewPairs),
            ]
        );
    }

    #[test]
    fn numerical_needs_a_number_and_a_tolerance_of_zero_or_more() {
        let mut q = form(QuestionKind::Numerical);
        q.value = "twelve".into();
        q.tolerance = "-1".into();
        assert_eq!(
            problems(&q),
            vec![
                (field("value"), Problem::NumberInvalid),
                (field("tolerance"), Problem::ToleranceNegative),
            ]
        );
        q.value = "1,000.5".into();
        q.tolerance = String::new();
        assert_eq!(
            q.read(BOTH).expect("valid").spec,
            QuestionSpec::Numerical {
                value: 1000.5,
                tolerance: 0.0
            }
        );
    }

    #[test]
    fn every_type_round_trips_through_the_form() {
        let specs = [
            QuestionSpec::TrueFalse { answer: false },
            QuestionSpec::ShortAnswer {
                accepted: vec!["Gwangju".into(), "광주*".into()],
            },
            QuestionSpec::Numerical {
                value: 2.5,
                tolerance: 0.25,
            },
        ];
        let prompt = Localized {
            en: Some("Q".into()),
            ko: Some("질문".into()),
        };
        for spec in specs {
            let form = QuestionForm::from_question(3, &prompt, &Localized::default(), &spec);
            let read = form.read(BOTH).expect("valid");
            assert_eq!((read.points, &read.prompt, &read.spec), (3, &prompt, &spec));
        }
    }

    #[test]
    fn a_refused_form_keeps_what_was_typed_and_texts_outside_the_course_languages_are_dropped() {
        let mut q = form(QuestionKind::ShortAnswer);
        q.points = "0".into();
        q.prompt_ko = "한국어".into();
        let errors = q.read(BOTH).expect_err("refused");
        assert_eq!(
            errors.problem(&field("points")),
            Some(Problem::PointsInvalid)
        );
        assert_eq!(errors.problem(&field("accepted")), Some(Problem::Required));
        assert_eq!(errors.kept(&field("prompt_ko")), Some("한국어"));
        q.points = "2".into();
        q.accepted = "yes".into();
        let read = q.read(&[Lang::En]).expect("valid");
        assert_eq!(read.prompt.ko, None);
    }
}
