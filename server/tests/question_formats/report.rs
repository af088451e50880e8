//! One line per outcome, holding every fact a fixture test checks, so that the
//! expected report reads like the file it describes.
use app::domain::question_formats::ImportOutcome;
use app::domain::quiz::grading::QuestionSpec;
use app::domain::{Lang, Localized};

pub fn describe(outcome: &ImportOutcome, lang: Lang) -> String {
    match outcome {
        ImportOutcome::Imported(q) => {
            let mut line = format!(
                "{} {} {}: {:?}",
                q.line,
                name(q.title.as_deref()),
                spec(&q.spec, lang),
                text(&q.prompt, lang)
            );
            if let Some(feedback) = q.feedback.get(lang) {
                line.push_str(&format!(" #### {feedback:?}"));
            }
            if let Some(category) = &q.category {
                line.push_str(&format!(" in {category}"));
            }
            if !q.notes.is_empty() {
                line.push_str(&format!(" notes {:?}", q.notes));
            }
            assert_eq!(q.points, 1);
            line
        }
        ImportOutcome::Refused {
            line,
            title,
            reason,
        } => format!("{line} {} refused: {reason:?}", name(title.as_deref())),
    }
}

fn name(title: Option<&str>) -> String {
    title.map_or("-".to_owned(), |t| format!("[{t}]"))
}

fn text(localized: &Localized, lang: Lang) -> String {
    localized.get(lang).unwrap_or_default().to_owned()
}

/// `single(+right "feedback", -wrong)`, `matching(item-0 cat -> option-0 fish)` …
fn spec(spec: &QuestionSpec, lang: Lang) -> String {
    let choices = |choices: &[app::domain::quiz::grading::Choice]| {
        choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                assert_eq!(c.id, format!("choice-{i}"));
                let mark = if c.correct { '+' } else { '-' };
                match c.feedback.get(lang) {
                    Some(feedback) => format!("{mark}{} {feedback:?}", text(&c.text, lang)),
                    None => format!("{mark}{}", text(&c.text, lang)),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match spec {
        QuestionSpec::SingleChoice { choices: c } => format!("single({})", choices(c)),
        QuestionSpec::MultipleResponse { choices: c } => format!("multiple({})", choices(c)),
        QuestionSpec::TrueFalse { answer } => format!("true_false({answer})"),
        QuestionSpec::ShortAnswer { accepted } => format!("short{accepted:?}"),
        QuestionSpec::Numerical { value, tolerance } => format!("numerical({value} ± {tolerance})"),
        QuestionSpec::Matching { pairs } => format!(
            "matching({})",
            pairs
                .iter()
                .map(|p| format!(
                    "{} {} -> {} {}",
                    p.item_id,
                    text(&p.item, lang),
                    p.option_id,
                    text(&p.option, lang)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Compares a report line by line, so a failure names the question that changed.
pub fn assert_report(actual: &[String], expected: &[&str]) {
    for (i, (actual, expected)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(actual, expected, "outcome {i} differs");
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "outcome count differs; full report:\n{}",
        actual.join("\n")
    );
}
