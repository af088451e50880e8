//! The Aiken fixture's report.
use super::report::{assert_report, describe};
use app::domain::question_formats::{ImportOutcome, parse_aiken};
use app::domain::quiz::grading::QuestionSpec;
use app::domain::{Lang, Localized};

pub const FIXTURE: &str = include_str!("../fixtures/all-cases.aiken");

fn report(text: &str, lang: Lang) -> Vec<String> {
    parse_aiken(text, lang)
        .iter()
        .map(|o| describe(o, lang))
        .collect()
}

#[test]
fn reports_every_case_of_the_fixture() {
    assert_report(
        &report(FIXTURE, Lang::En),
        &[
            r#"1 - single(-Busan, +Seoul, -Incheon): "What is the capital of Korea?""#,
            r#"7 - single(+Han, -Nakdong, -Geum): "Which river flows through Seoul?""#,
            r#"13 - single(-North, +West): "Read the sentence \"The Han flows west\".\nWhich way does the Han flow?""#,
            r#"18 - single(-Mars, +Jupiter): "Which planet is the largest?""#,
            "23 - refused: MissingAnswerLine",
            r#"27 - refused: AnswerNotAnOption("D")"#,
            "32 - refused: TooFewChoices",
            "36 - refused: DuplicateOptionLetter('A')",
            "41 - refused: MissingAnswerLine",
            r#"44 - single(-Bibimbap, +Paella): "Which is a Spanish dish?""#,
            "49 - refused: EmptyQuestion",
            r#"51 - single(-부산, +서울): "대한민국의 수도는?""#,
            r#"56 - single(-Korea, +The United States): "A. Lincoln was a president of which country?""#,
            "61 - refused: MissingAnswerLine",
        ],
    );
}

#[test]
fn reads_the_language_asked_for() {
    let outcomes = parse_aiken(
        "대한민국의 수도는?\nA. 부산\nB. 서울\nANSWER: B\n",
        Lang::Ko,
    );
    let [ImportOutcome::Imported(q)] = outcomes.as_slice() else {
        panic!("one question expected: {outcomes:?}");
    };
    let ko = |text: &str| Localized {
        en: None,
        ko: Some(text.to_owned()),
    };
    assert_eq!(q.prompt, ko("대한민국의 수도는?"));
    let QuestionSpec::SingleChoice { choices } = &q.spec else {
        panic!("single choice expected: {:?}", q.spec);
    };
    assert_eq!(choices[1].text, ko("서울"));
    assert!(choices[1].correct);
}

#[test]
fn byte_order_mark_and_line_ends_change_nothing() {
    let expected = parse_aiken(FIXTURE, Lang::En);
    let crlf = format!("\u{feff}{}", FIXTURE.replace('\n', "\r\n"));
    assert_eq!(parse_aiken(&crlf, Lang::En), expected);
}
