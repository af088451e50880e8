//! How answers are graded. This is the only type that knows the right answers; it
//! never leaves the server (the browser gets a [`QuestionView`] built from it).
//!
//! Scores are in points, always within `0..=points`:
//! - single choice, true/false, numerical, short answer: all or nothing;
//! - multiple response: `points × max(0, c/C − w/W)`, where the learner chose `c` of
//!   the `C` correct options and `w` of the `W` wrong ones (`w/W` is 0 when there are
//!   no wrong options). Choosing everything scores 0; choosing only right options
//!   scores their share; a wrong option cancels a right one's worth of its kind;
//! - matching: `points × (items matched correctly / items)`.
use super::{Answer, ChoiceView, Outcome, QuestionKind, QuestionView, shuffled};
use crate::domain::{Lang, Localized};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Opaque and unique within the question (see [`ChoiceView::id`]).
    pub id: String,
    pub text: Localized,
    pub correct: bool,
    /// Shown after grading, if the quiz's review setting allows.
    pub feedback: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub item_id: String,
    pub item: Localized,
    pub option_id: String,
    pub option: Localized,
}

/// The answer key of a question, stored as `questions.spec` (jsonb).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionSpec {
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleResponse {
        choices: Vec<Choice>,
    },
    TrueFalse {
        answer: bool,
    },
    /// Accepted answers; `*` matches any run of characters (`\*` is a literal star).
    /// Case, surrounding and repeated whitespace and Unicode composition are ignored.
    ShortAnswer {
        accepted: Vec<String>,
    },
    Numerical {
        value: f64,
        tolerance: f64,
    },
    Matching {
        pairs: Vec<Pair>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Graded {
    pub score: f64,
    pub outcome: Outcome,
}

impl QuestionSpec {
    pub fn kind(&self) -> QuestionKind {
        match self {
            QuestionSpec::SingleChoice { .. } => QuestionKind::SingleChoice,
            QuestionSpec::MultipleResponse { .. } => QuestionKind::MultipleResponse,
            QuestionSpec::TrueFalse { .. } => QuestionKind::TrueFalse,
            QuestionSpec::ShortAnswer { .. } => QuestionKind::ShortAnswer,
            QuestionSpec::Numerical { .. } => QuestionKind::Numerical,
            QuestionSpec::Matching { .. } => QuestionKind::Matching,
        }
    }

    /// What reading an answer form needs of this question (never its key).
    pub fn asked(&self, id: uuid::Uuid) -> super::AskedQuestion {
        super::AskedQuestion {
            id,
            kind: self.kind(),
            items: match self {
                QuestionSpec::Matching { pairs } => {
                    pairs.iter().map(|p| p.item_id.clone()).collect()
                }
                _ => Vec::new(),
            },
        }
    }

    /// The same key with every option id given by `id(side, index)` (side "choice",
    /// "item" or "option"), as the quiz that stores it derives them.
    pub fn rekeyed(&self, id: impl Fn(&str, usize) -> String) -> QuestionSpec {
        let mut spec = self.clone();
        match &mut spec {
            QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
                for (i, choice) in choices.iter_mut().enumerate() {
                    choice.id = id("choice", i);
                }
            }
            QuestionSpec::Matching { pairs } => {
                for (i, pair) in pairs.iter_mut().enumerate() {
                    pair.item_id = id("item", i);
                    pair.option_id = id("option", i);
                }
            }
            QuestionSpec::TrueFalse { .. }
            | QuestionSpec::ShortAnswer { .. }
            | QuestionSpec::Numerical { .. } => {}
        }
        spec
    }

    /// Grades `answer` (or its absence) out of `points`.
    pub fn grade(&self, points: i32, answer: Option<&Answer>) -> Graded {
        let Some(answer) = answer else {
            return Graded {
                score: 0.0,
                outcome: Outcome::Unanswered,
            };
        };
        let share = self.share(answer);
        let score = f64::from(points.max(0)) * share;
        let outcome = if share >= 1.0 {
            Outcome::Correct
        } else if share > 0.0 {
            Outcome::Partial
        } else {
            Outcome::Wrong
        };
        Graded { score, outcome }
    }

    /// The share of the points earned, in `0.0..=1.0`. An answer of the wrong shape
    /// (a number for a choice question, say) earns nothing.
    fn share(&self, answer: &Answer) -> f64 {
        let all_or_nothing = |right: bool| if right { 1.0 } else { 0.0 };
        match (self, answer) {
            (QuestionSpec::SingleChoice { choices }, Answer::Choice { choice }) => {
                all_or_nothing(choices.iter().any(|c| c.correct && c.id == *choice))
            }
            (QuestionSpec::MultipleResponse { choices }, Answer::Choices { choices: chosen }) => {
                let chosen: std::collections::BTreeSet<&str> =
                    chosen.iter().map(String::as_str).collect();
                let count = |correct: bool| {
                    let of_kind = choices.iter().filter(|c| c.correct == correct);
                    let total = of_kind.clone().count();
                    let picked = of_kind.filter(|c| chosen.contains(c.id.as_str())).count();
                    if total == 0 {
                        0.0
                    } else {
                        picked as f64 / total as f64
                    }
                };
                (count(true) - count(false)).clamp(0.0, 1.0)
            }
            (QuestionSpec::TrueFalse { answer }, Answer::TrueFalse { value }) => {
                all_or_nothing(answer == value)
            }
            (QuestionSpec::ShortAnswer { accepted }, Answer::Text { text }) => {
                let given = normalise(text);
                all_or_nothing(
                    !given.is_empty()
                        && accepted
                            .iter()
                            .any(|pattern| wildcard_match(&normalise(pattern), &given)),
                )
            }
            (QuestionSpec::Numerical { value, tolerance }, Answer::Number { value: given }) => {
                // A little slack for decimal fractions that binary floats cannot hold.
                let slack = 1e-9 * value.abs().max(1.0);
                all_or_nothing(given.is_finite() && (given - value).abs() <= tolerance + slack)
            }
            (QuestionSpec::Matching { pairs }, Answer::Matches { pairs: given }) => {
                if pairs.is_empty() {
                    return 0.0;
                }
                let right = pairs
                    .iter()
                    .filter(|pair| {
                        // The first answer for an item counts; repeats cannot add credit.
                        given
                            .iter()
                            .find(|(item, _)| *item == pair.item_id)
                            .is_some_and(|(_, option)| *option == pair.option_id)
                    })
                    .count();
                right as f64 / pairs.len() as f64
            }
            _ => 0.0,
        }
    }

    /// The question as the learner sees it: options in this attempt's order (when the
    /// quiz shuffles), nothing about which are right.
    pub fn view(
        &self,
        id: uuid::Uuid,
        points: i32,
        prompt: &Localized,
        lang: Lang,
        shuffle_seed: Option<u64>,
    ) -> QuestionView {
        let order = |items: Vec<ChoiceView>, salt: u64| match shuffle_seed {
            Some(seed) => shuffled(items, seed ^ salt),
            None => items,
        };
        let option = |id: &str, text: &Localized| ChoiceView {
            id: id.to_owned(),
            text: text.resolve(lang),
        };
        let (choices, match_items, match_options) = match self {
            QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
                (
                    order(choices.iter().map(|c| option(&c.id, &c.text)).collect(), 1),
                    Vec::new(),
                    Vec::new(),
                )
            }
            QuestionSpec::Matching { pairs } => (
                Vec::new(),
                order(
                    pairs.iter().map(|p| option(&p.item_id, &p.item)).collect(),
                    2,
                ),
                // Always in a different order from the items, even when the quiz does
                // not shuffle: options listed beside their items would give them away.
                shuffled(
                    pairs
                        .iter()
                        .map(|p| option(&p.option_id, &p.option))
                        .collect(),
                    shuffle_seed.unwrap_or(0) ^ 3 ^ id.as_u64_pair().0,
                ),
            ),
            _ => (Vec::new(), Vec::new(), Vec::new()),
        };
        QuestionView {
            id,
            kind: self.kind(),
            points,
            prompt: prompt.resolve(lang),
            choices,
            match_items,
            match_options,
        }
    }

    /// An answer that earns every point (the first accepted answer of a short-answer
    /// question, as written). For previews and tests; never sent before grading.
    pub fn model_answer(&self) -> Answer {
        match self {
            QuestionSpec::SingleChoice { choices } => Answer::Choice {
                choice: choices
                    .iter()
                    .find(|c| c.correct)
                    .map(|c| c.id.clone())
                    .unwrap_or_default(),
            },
            QuestionSpec::MultipleResponse { choices } => Answer::Choices {
                choices: choices
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.id.clone())
                    .collect(),
            },
            QuestionSpec::TrueFalse { answer } => Answer::TrueFalse { value: *answer },
            QuestionSpec::ShortAnswer { accepted } => Answer::Text {
                text: accepted.first().cloned().unwrap_or_default(),
            },
            QuestionSpec::Numerical { value, .. } => Answer::Number { value: *value },
            QuestionSpec::Matching { pairs } => Answer::Matches {
                pairs: pairs
                    .iter()
                    .map(|p| (p.item_id.clone(), p.option_id.clone()))
                    .collect(),
            },
        }
    }

    /// The feedback for what the learner chose, for a review that may show it.
    pub fn chosen_feedback<'a>(&'a self, answer: Option<&Answer>) -> Vec<&'a Localized> {
        match (self, answer) {
            (QuestionSpec::SingleChoice { choices }, Some(Answer::Choice { choice })) => choices
                .iter()
                .filter(|c| c.id == *choice)
                .map(|c| &c.feedback)
                .collect(),
            (
                QuestionSpec::MultipleResponse { choices },
                Some(Answer::Choices { choices: chosen }),
            ) => choices
                .iter()
                .filter(|c| chosen.contains(&c.id))
                .map(|c| &c.feedback)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Case-folded, NFC-composed, with whitespace trimmed and runs of it made one space.
pub fn normalise(text: &str) -> String {
    let composed: String = text.nfc().collect::<String>().to_lowercase();
    composed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and
/// `\*` for a star. Both are already normalised.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    // Pattern tokens: Some(c) a literal character, None a wildcard.
    let mut tokens: Vec<Option<char>> = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                chars.next();
                tokens.push(Some('*'));
            }
            '*' => tokens.push(None),
            c => tokens.push(Some(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Classic greedy matching with backtracking to the last star: linear in practice,
    // and never worse than |pattern| × |text|.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Some(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            Some(None) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(Option::is_none)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Localized {
        Localized {
            en: Some(s.to_owned()),
            ko: None,
        }
    }

    fn choices(correct: &[bool]) -> Vec<Choice> {
        correct
            .iter()
            .enumerate()
            .map(|(i, &correct)| Choice {
                id: format!("c{i}"),
                text: text(&format!("option {i}")),
                correct,
                feedback: text("why"),
            })
            .collect()
    }

    fn pairs(n: usize) -> Vec<Pair> {
        (0..n)
            .map(|i| Pair {
                item_id: format!("i{i}"),
                item: text(&format!("item {i}")),
                option_id: format!("o{i}"),
                option: text(&format!("option {i}")),
            })
            .collect()
    }

    fn ids(of: &[&str]) -> Vec<String> {
        of.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn multiple_response_partial_credit_follows_the_stated_rule() {
        // Two right (c0, c1), two wrong (c2, c3), 4 points.
        let q = QuestionSpec::MultipleResponse {
            choices: choices(&[true, true, false, false]),
        };
        let grade = |chosen: &[&str]| {
            q.grade(
                4,
                Some(&Answer::Choices {
                    choices: ids(chosen),
                }),
            )
        };
        assert_eq!(grade(&["c0", "c1"]).score, 4.0);
        assert_eq!(grade(&["c0", "c1"]).outcome, Outcome::Correct);
        assert_eq!(grade(&["c0"]).score, 2.0);
        assert_eq!(grade(&["c0"]).outcome, Outcome::Partial);
        assert_eq!(grade(&["c0", "c1", "c2"]).score, 2.0, "1 − 1/2");
        assert_eq!(grade(&["c0", "c2"]).score, 0.0, "1/2 − 1/2");
        assert_eq!(grade(&["c0", "c1", "c2", "c3"]).score, 0.0, "all of them");
        assert_eq!(grade(&[]).score, 0.0);
        assert_eq!(grade(&["c0", "c0", "c0"]).score, 2.0, "repeats count once");
        assert_eq!(grade(&["nonsense"]).score, 0.0);
    }

    #[test]
    fn short_answers_ignore_case_spacing_and_composition_and_know_wildcards() {
        let q = QuestionSpec::ShortAnswer {
            accepted: ids(&[
                "UNESCO",
                "유네스코",
                "united nations * organi*ation",
                "5\\*",
            ]),
        };
        let right = |t: &str| {
            q.grade(1, Some(&Answer::Text { text: t.to_owned() }))
                .outcome
                == Outcome::Correct
        };
        assert!(right("unesco"));
        assert!(right("  UNESCO \n"));
        // 유 decomposed into jamo (NFD) is the same answer.
        assert!(right(&"유네스코".nfd().collect::<String>()));
        assert!(right(
            "United  Nations Educational, Scientific and Cultural Organisation"
        ));
        assert!(right(
            "united nations educational, scientific and cultural organization"
        ));
        assert!(right("5*"));
        assert!(!right("5 stars"));
        assert!(!right("UNESCO!"));
        assert!(!right(""));
        assert!(!right("   "));
    }

    #[test]
    fn numerical_answers_within_the_tolerance_are_right() {
        let q = QuestionSpec::Numerical {
            value: 0.3,
            tolerance: 0.0,
        };
        let right = |v: f64| q.grade(1, Some(&Answer::Number { value: v })).score == 1.0;
        assert!(right(0.1 + 0.2), "binary floats are not a wrong answer");
        assert!(!right(0.31));
        assert!(!right(f64::NAN));
        let q = QuestionSpec::Numerical {
            value: 1948.0,
            tolerance: 2.0,
        };
        let right = |v: f64| q.grade(1, Some(&Answer::Number { value: v })).score == 1.0;
        assert!(right(1946.0) && right(1950.0) && !right(1950.5));
    }

    #[test]
    fn matching_earns_its_share_and_an_item_answered_twice_counts_once() {
        let q = QuestionSpec::Matching { pairs: pairs(4) };
        let grade = |given: &[(&str, &str)]| {
            let pairs = given
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect();
            q.grade(2, Some(&Answer::Matches { pairs })).score
        };
        assert_eq!(
            grade(&[("i0", "o0"), ("i1", "o1"), ("i2", "o2"), ("i3", "o3")]),
            2.0
        );
        assert_eq!(grade(&[("i0", "o0"), ("i1", "o2")]), 0.5);
        assert_eq!(
            grade(&[("i0", "o1"), ("i0", "o0")]),
            0.0,
            "the first answer counts"
        );
    }

    #[test]
    fn an_answer_of_the_wrong_shape_or_none_earns_nothing() {
        let q = QuestionSpec::TrueFalse { answer: true };
        assert_eq!(
            q.grade(1, Some(&Answer::TrueFalse { value: true })).score,
            1.0
        );
        assert_eq!(q.grade(1, Some(&Answer::Number { value: 1.0 })).score, 0.0);
        assert_eq!(q.grade(1, None).outcome, Outcome::Unanswered);
    }

    #[test]
    fn the_view_carries_no_answer_key() {
        let q = QuestionSpec::SingleChoice {
            choices: choices(&[true, false, false]),
        };
        let view = q.view(uuid::Uuid::nil(), 1, &text("P"), Lang::En, Some(9));
        let json = serde_json::to_string(&view).expect("json");
        assert!(!json.contains("correct") && !json.contains("why"), "{json}");
        assert_eq!(view.choices.len(), 3);
    }

    // --- properties -------------------------------------------------------------

    fn any_spec() -> impl Strategy<Value = QuestionSpec> {
        prop_oneof![
            prop::collection::vec(any::<bool>(), 2..7).prop_map(|mut flags| {
                let first_right = flags.iter().position(|f| *f).unwrap_or(0);
                for (i, f) in flags.iter_mut().enumerate() {
                    *f = i == first_right;
                }
                QuestionSpec::SingleChoice {
                    choices: choices(&flags),
                }
            }),
            prop::collection::vec(any::<bool>(), 2..7).prop_map(|mut flags| {
                flags[0] = true;
                QuestionSpec::MultipleResponse {
                    choices: choices(&flags),
                }
            }),
            any::<bool>().prop_map(|answer| QuestionSpec::TrueFalse { answer }),
            prop::collection::vec("[a-z가-힣][a-z*가-힣 ]{0,7}", 1..4)
                .prop_map(|accepted| QuestionSpec::ShortAnswer { accepted }),
            (-1e6f64..1e6, 0f64..100.0)
                .prop_map(|(value, tolerance)| QuestionSpec::Numerical { value, tolerance }),
            (2usize..6).prop_map(|n| QuestionSpec::Matching { pairs: pairs(n) }),
        ]
    }

    fn any_answer() -> impl Strategy<Value = Answer> {
        let id = "[cio][0-7]|nonsense";
        prop_oneof![
            id.prop_map(|choice| Answer::Choice { choice }),
            prop::collection::vec(id, 0..10).prop_map(|choices| Answer::Choices { choices }),
            any::<bool>().prop_map(|value| Answer::TrueFalse { value }),
            "\\PC{0,12}".prop_map(|text| Answer::Text { text }),
            any::<f64>().prop_map(|value| Answer::Number { value }),
            prop::collection::vec(("i[0-7]", "o[0-7]"), 0..10)
                .prop_map(|pairs| Answer::Matches { pairs }),
        ]
    }

    /// The answer that earns every point; wildcards in short answers filled in.
    fn key(spec: &QuestionSpec) -> Answer {
        match (spec, spec.model_answer()) {
            (QuestionSpec::ShortAnswer { .. }, Answer::Text { text }) => Answer::Text {
                text: text.replace('*', "x"),
            },
            (_, answer) => answer,
        }
    }

    fn reversed_spec(spec: &QuestionSpec) -> QuestionSpec {
        let mut spec = spec.clone();
        match &mut spec {
            QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
                choices.reverse()
            }
            QuestionSpec::Matching { pairs } => pairs.reverse(),
            QuestionSpec::ShortAnswer { accepted } => accepted.reverse(),
            _ => {}
        }
        spec
    }

    fn reversed_answer(answer: &Answer) -> Answer {
        let mut answer = answer.clone();
        match &mut answer {
            Answer::Choices { choices } => choices.reverse(),
            Answer::Matches { pairs } => {
                // Reversing would change which of two answers to one item comes first.
                let mut seen = std::collections::BTreeSet::new();
                pairs.retain(|(item, _)| seen.insert(item.clone()));
                pairs.reverse()
            }
            _ => {}
        }
        answer
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn a_score_is_always_within_zero_and_the_points(
            spec in any_spec(), answer in any_answer(), points in 0i32..20,
        ) {
            let graded = spec.grade(points, Some(&answer));
            prop_assert!(graded.score >= 0.0 && graded.score <= f64::from(points), "{graded:?}");
            if graded.outcome == Outcome::Correct {
                prop_assert_eq!(graded.score, f64::from(points));
            }
        }

        #[test]
        fn the_order_of_options_and_of_the_answer_never_changes_the_score(
            spec in any_spec(), answer in any_answer(),
        ) {
            let deduped = reversed_answer(&reversed_answer(&answer));
            let once = spec.grade(5, Some(&deduped)).score;
            prop_assert_eq!(once, reversed_spec(&spec).grade(5, Some(&deduped)).score);
            prop_assert_eq!(once, spec.grade(5, Some(&reversed_answer(&deduped))).score);
        }

        #[test]
        fn the_key_earns_every_point(spec in any_spec(), points in 1i32..20) {
            let graded = spec.grade(points, Some(&key(&spec)));
            prop_assert_eq!(graded.score, f64::from(points));
            prop_assert_eq!(graded.outcome, Outcome::Correct);
        }

        #[test]
        fn short_answers_survive_case_and_spacing(word in "[a-z가-힣]{1,10}", pad in " {0,3}") {
            let q = QuestionSpec::ShortAnswer { accepted: vec![word.clone()] };
            let given = format!("{pad}{}{pad}", word.to_uppercase());
            prop_assert_eq!(q.grade(1, Some(&Answer::Text { text: given })).score, 1.0);
        }

        #[test]
        fn numbers_inside_the_tolerance_are_right_and_outside_wrong(
            value in -1e6f64..1e6, tolerance in 0f64..100.0, offset in -1f64..=1.0,
        ) {
            let q = QuestionSpec::Numerical { value, tolerance };
            let inside = value + offset * tolerance;
            prop_assert_eq!(q.grade(1, Some(&Answer::Number { value: inside })).score, 1.0);
            let outside = value + (tolerance + 1.0) * if offset < 0.0 { -1.0 } else { 1.0 };
            prop_assert_eq!(q.grade(1, Some(&Answer::Number { value: outside })).score, 0.0);
        }

        #[test]
        fn wildcard_matching_never_panics(pattern in "\\PC{0,16}", given in "\\PC{0,16}") {
            let _ = wildcard_match(&normalise(&pattern), &normalise(&given));
        }

        #[test]
        fn the_view_keeps_every_option_once(spec in any_spec(), seed in any::<u64>()) {
            let view = spec.view(uuid::Uuid::nil(), 1, &text("P"), Lang::En, Some(seed));
            let count = match &spec {
                QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => choices.len(),
                _ => 0,
            };
            prop_assert_eq!(view.choices.len(), count);
            let mut ids: Vec<_> = view.choices.iter().map(|c| c.id.clone()).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), count);
        }
    }
}
