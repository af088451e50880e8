//! Answers from a posted attempt form. The same fields arrive from a page posted
//! without JavaScript and from the hydrated page's autosave, and are read here alone.
//!
//! Field names: `q.{question}` holds the value of a choice, true/false, text or number
//! question (repeated for each ticked option of a multiple-response question);
//! `q.{question}.{item}` the option chosen for one item of a matching question; and one
//! `shown={question}` per question on the page, so that a question left empty on the
//! page clears its saved answer while questions on other pages keep theirs.
use super::{Answer, QuestionKind};
use uuid::Uuid;

/// A question of the attempt, as much as reading its fields needs.
#[derive(Clone, Debug)]
pub struct AskedQuestion {
    pub id: Uuid,
    pub kind: QuestionKind,
    /// Matching: the item ids.
    pub items: Vec<String>,
}

/// The name of a question's field (or of one matching item's field).
pub fn answer_field(question: Uuid, item: Option<&str>) -> String {
    match item {
        Some(item) => format!("q.{question}.{item}"),
        None => format!("q.{question}"),
    }
}

/// The answer to each question shown on the page: `Some` to save, `None` to clear.
pub fn answers_from_form(
    asked: &[AskedQuestion],
    fields: &[(String, String)],
) -> Vec<(Uuid, Option<Answer>)> {
    let shown = |id: Uuid| {
        fields
            .iter()
            .any(|(name, value)| name == "shown" && value.parse() == Ok(id))
    };
    let values = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    };
    asked
        .iter()
        .filter(|q| shown(q.id))
        .map(|q| {
            let name = answer_field(q.id, None);
            let given = values(&name);
            let first = given.first().map(|v| v.trim().to_owned());
            let answer = match q.kind {
                QuestionKind::SingleChoice => first.map(|choice| Answer::Choice { choice }),
                QuestionKind::MultipleResponse => (!given.is_empty()).then(|| Answer::Choices {
                    choices: given.iter().map(|v| v.trim().to_owned()).collect(),
                }),
                QuestionKind::TrueFalse => match first.as_deref() {
                    Some("true") => Some(Answer::TrueFalse { value: true }),
                    Some("false") => Some(Answer::TrueFalse { value: false }),
                    _ => None,
                },
                QuestionKind::ShortAnswer => first.map(|text| Answer::Text { text }),
                // Kept as typed when it is not a number: graded wrong, but not lost, and
                // the page can say why.
                QuestionKind::Numerical => first.map(|text| match parse_number(&text) {
                    Some(value) => Answer::Number { value },
                    None => Answer::Text { text },
                }),
                QuestionKind::Matching => {
                    let pairs: Vec<(String, String)> = q
                        .items
                        .iter()
                        .filter_map(|item| {
                            values(&answer_field(q.id, Some(item)))
                                .first()
                                .map(|option| (item.clone(), option.trim().to_owned()))
                        })
                        .collect();
                    (!pairs.is_empty()).then_some(Answer::Matches { pairs })
                }
            };
            (q.id, answer)
        })
        .collect()
}

/// A number as people type it: spaces and thousands separators allowed ("2,780"),
/// a decimal point, an optional sign. `None` for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let plausible = !cleaned.is_empty()
        && cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|n| plausible && n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn reads_every_kind_and_clears_what_the_page_left_empty() {
        let ids: Vec<Uuid> = (1..=7).map(Uuid::from_u128).collect();
        let kinds = [
            QuestionKind::SingleChoice,
            QuestionKind::MultipleResponse,
            QuestionKind::TrueFalse,
            QuestionKind::ShortAnswer,
            QuestionKind::Numerical,
            QuestionKind::Matching,
            QuestionKind::ShortAnswer,
        ];
        let asked: Vec<AskedQuestion> = ids
            .iter()
            .zip(kinds)
            .map(|(id, kind)| AskedQuestion {
                id: *id,
                kind,
                items: vec!["i1".into(), "i2".into()],
            })
            .collect();
        let mut posted = Vec::new();
        for id in &ids[..6] {
            posted.push(("shown".to_owned(), id.to_string()));
        }
        let q = |n: usize| answer_field(ids[n], None);
        posted.extend(fields(&[
            (&q(0), "abc"),
            (&q(1), "x"),
            (&q(1), "y"),
            (&q(2), "false"),
            (&q(3), "  UNESCO "),
            (&q(4), "2,780"),
            (&answer_field(ids[5], Some("i2")), "o1"),
            (&answer_field(ids[5], Some("i1")), ""),
            // Not shown on this page: ignored, its saved answer stays.
            (&q(6), "elsewhere"),
        ]));
        let answers = answers_from_form(&asked, &posted);
        assert_eq!(answers.len(), 6);
        assert_eq!(
            answers[0].1,
            Some(Answer::Choice {
                choice: "abc".into()
            })
        );
        assert_eq!(
            answers[1].1,
            Some(Answer::Choices {
                choices: vec!["x".into(), "y".into()]
            })
        );
        assert_eq!(answers[2].1, Some(Answer::TrueFalse { value: false }));
        assert_eq!(
            answers[3].1,
            Some(Answer::Text {
                text: "UNESCO".into()
            })
        );
        assert_eq!(answers[4].1, Some(Answer::Number { value: 2780.0 }));
        assert_eq!(
            answers[5].1,
            Some(Answer::Matches {
                pairs: vec![("i2".into(), "o1".into())]
            })
        );

        // The same page posted empty clears each of them.
        let empty: Vec<_> = ids[..6]
            .iter()
            .map(|id| ("shown".to_owned(), id.to_string()))
            .collect();
        assert!(
            answers_from_form(&asked, &empty)
                .iter()
                .all(|(_, a)| a.is_none())
        );
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number(" 76 "), Some(76.0));
        assert_eq!(parse_number("2,780"), Some(2780.0));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        assert_eq!(parse_number("seventy-six"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number(""), None);
    }
}
