//! What `to_gift` writes, `parse_gift` reads back as the same question.
use super::gift::FIXTURE;
use app::domain::question_formats::{
    ExportQuestion, ImportOutcome, ImportedQuestion, parse_gift, to_gift,
};
use app::domain::quiz::grading::{Choice, Pair, QuestionSpec};
use app::domain::{Lang, Localized};
use proptest::prelude::*;

#[test]
fn every_imported_fixture_question_survives_export() {
    let imported: Vec<ImportedQuestion> = parse_gift(FIXTURE, Lang::En)
        .into_iter()
        .filter_map(|outcome| match outcome {
            ImportOutcome::Imported(q) => Some(q),
            ImportOutcome::Refused { .. } => None,
        })
        .collect();
    assert_eq!(
        imported.len(),
        29,
        "the questions the fixture report shows imported"
    );
    let exports: Vec<ExportQuestion> = imported
        .iter()
        .map(|q| ExportQuestion {
            title: q.title.as_deref(),
            prompt: q.prompt.get(Lang::En).unwrap_or_default(),
            feedback: q.feedback.get(Lang::En),
            spec: &q.spec,
            lang: Lang::En,
        })
        .collect();
    let gift = to_gift(&exports);
    let again = parse_gift(&gift, Lang::En);
    assert_eq!(again.len(), imported.len(), "{gift}");
    for (before, after) in imported.iter().zip(&again) {
        let ImportOutcome::Imported(after) = after else {
            panic!("{after:?} from the export of {before:?}");
        };
        assert_eq!(after.spec, before.spec);
        assert_eq!(after.prompt, before.prompt);
        assert_eq!(after.title, before.title);
        assert_eq!(after.feedback, before.feedback);
        assert!(after.notes.is_empty(), "{:?}", after.notes);
    }
}

/// Pieces that GIFT treats specially, mixed with plain, Korean and odd text.
const TOKENS: &[&str] = &[
    "a",
    "Seoul",
    "서울",
    "한국어",
    " ",
    "\n",
    "\t",
    "~",
    "=",
    "#",
    "####",
    "{",
    "}",
    ":",
    "::",
    "\\",
    "\\n",
    "\\\\",
    "\\*",
    "*",
    "[",
    "]",
    "[html]",
    "[plain]",
    "%",
    "%50%",
    "%-100%",
    "//",
    "-",
    ">",
    "->",
    "_____",
    "T",
    "TRUE",
    "F",
    "1",
    "..",
    "$CATEGORY:",
];

/// A non-empty text without surrounding whitespace (the readers trim every text).
fn text() -> impl Strategy<Value = String> {
    let soup = prop::collection::vec(prop::sample::select(TOKENS), 1..7).prop_map(|t| t.concat());
    prop_oneof![soup, "\\PC{1,12}"]
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("a text", |s| !s.is_empty())
}

/// GIFT cannot escape `->` in a short answer or a matching item (see the exporter).
fn text_without_arrow() -> impl Strategy<Value = String> {
    text().prop_filter("no ->", |s| !s.contains("->"))
}

fn local(lang: Lang, text: String) -> Localized {
    match lang {
        Lang::En => Localized {
            en: Some(text),
            ko: None,
        },
        Lang::Ko => Localized {
            en: None,
            ko: Some(text),
        },
    }
}

fn choice(lang: Lang, i: usize, text: String, correct: bool, feedback: Option<String>) -> Choice {
    Choice {
        id: format!("choice-{i}"),
        text: local(lang, text),
        correct,
        feedback: feedback.map(|f| local(lang, f)).unwrap_or_default(),
    }
}

fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |v| v.is_finite())
}

/// Any valid spec, with the ids an import gives.
fn spec(lang: Lang) -> impl Strategy<Value = QuestionSpec> {
    let single = (
        prop::collection::vec((text(), prop::option::of(text())), 2..5),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(parts, right)| {
            let right = right.index(parts.len());
            QuestionSpec::SingleChoice {
                choices: parts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (text, feedback))| choice(lang, i, text, i == right, feedback))
                    .collect(),
            }
        });
    let multiple = prop::collection::vec((text(), prop::option::of(text()), any::<bool>()), 2..5)
        .prop_filter("a right option", |parts| parts.iter().any(|p| p.2))
        .prop_map(move |parts| QuestionSpec::MultipleResponse {
            choices: parts
                .into_iter()
                .enumerate()
                .map(|(i, (text, feedback, correct))| choice(lang, i, text, correct, feedback))
                .collect(),
        });
    let matching = prop::collection::vec((text_without_arrow(), text()), 2..5)
        .prop_filter("distinct options", |pairs| {
            pairs
                .iter()
                .enumerate()
                .all(|(i, (_, option))| pairs[..i].iter().all(|(_, o)| o != option))
        })
        .prop_map(move |pairs| QuestionSpec::Matching {
            pairs: pairs
                .into_iter()
                .enumerate()
                .map(|(i, (item, option))| Pair {
                    item_id: format!("item-{i}"),
                    item: local(lang, item),
                    option_id: format!("option-{i}"),
                    option: local(lang, option),
                })
                .collect(),
        });
    prop_oneof![
        single,
        multiple,
        any::<bool>().prop_map(|answer| QuestionSpec::TrueFalse { answer }),
        prop::collection::vec(text_without_arrow(), 1..4)
            .prop_map(|accepted| QuestionSpec::ShortAnswer { accepted }),
        (finite(), finite().prop_map(f64::abs))
            .prop_map(|(value, tolerance)| QuestionSpec::Numerical { value, tolerance }),
        matching,
    ]
}

type Question = (Option<String>, String, Option<String>, QuestionSpec);

fn questions() -> impl Strategy<Value = (Lang, Vec<Question>)> {
    prop_oneof![Just(Lang::En), Just(Lang::Ko)].prop_flat_map(|lang| {
        let question = (
            prop::option::of(text()),
            text(),
            prop::option::of(text()),
            spec(lang),
        );
        (Just(lang), prop::collection::vec(question, 1..4))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_question_survives_export((lang, questions) in questions()) {
        let exports: Vec<ExportQuestion> = questions
            .iter()
            .map(|(title, prompt, feedback, spec)| ExportQuestion {
                title: title.as_deref(),
                prompt,
                feedback: feedback.as_deref(),
                spec,
                lang,
            })
            .collect();
        let gift = to_gift(&exports);
        let outcomes = parse_gift(&gift, lang);
        prop_assert_eq!(outcomes.len(), questions.len(), "{}", gift);
        for (outcome, (title, prompt, feedback, spec)) in outcomes.iter().zip(&questions) {
            let ImportOutcome::Imported(q) = outcome else {
                return Err(TestCaseError::fail(format!("{outcome:?} from\n{gift}")));
            };
            prop_assert_eq!(&q.spec, spec, "{}", gift);
            prop_assert_eq!(&q.prompt, &local(lang, prompt.clone()), "{}", gift);
            prop_assert_eq!(&q.title, title, "{}", gift);
            let feedback = feedback.clone().map(|f| local(lang, f)).unwrap_or_default();
            prop_assert_eq!(&q.feedback, &feedback, "{}", gift);
            prop_assert!(q.notes.is_empty(), "{:?} from\n{}", q.notes, gift);
        }
    }
}
