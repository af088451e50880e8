//! The GIFT fixture's report, and the smaller behaviours around it.
use super::report::{assert_report, describe};
use app::domain::question_formats::{ExportQuestion, ImportOutcome, parse_gift, to_gift};
use app::domain::quiz::grading::{Choice, Pair, QuestionSpec};
use app::domain::{Lang, Localized};

pub const FIXTURE: &str = include_str!("../fixtures/all-constructs.gift");

fn report(text: &str, lang: Lang) -> Vec<String> {
    parse_gift(text, lang)
        .iter()
        .map(|o| describe(o, lang))
        .collect()
}

#[test]
fn reports_every_construct_of_the_fixture() {
    assert_report(
        &report(FIXTURE, Lang::En),
        &[
            r#"9 [Sky] true_false(true): "On a clear day the sky looks blue." in $course$/Basics"#,
            r#"11 [Boiling] true_false(true): "At sea level water boils at 100 °C." #### "Higher up, it boils sooner." in $course$/Basics"#,
            r#"14 [Sun] true_false(false): "The sun goes round the earth." #### "No: the earth goes round the sun.\nRight." in $course$/Basics notes [TrueFalseFeedbackMerged]"#,
            r#"17 - true_false(false): "Tokyo is the capital of Korea." #### "Seoul is the capital of Korea." in $course$/Basics notes [AnswerFeedbackDropped]"#,
            r#"21 [Rainbow] single(+yellow "Right.", -red "Red comes before orange.", -blue "Blue comes after green."): "Which colour lies between orange and green in a rainbow?" in $course$/Basics"#,
            r#"29 - single(-beside the sea, +on the Han river, -in the mountains): "Seoul lies _____ in the north-west." in $course$/Basics"#,
            r#"31 - single(+Asia, -Europe, -Africa): "_____ is the largest continent." in $course$/Basics"#,
            r#"34 [Hastings] single(+1066, -1067, -1215): "In which year was the battle of Hastings?" in $course$/Basics notes [PartialCreditDropped]"#,
            r#"37 [Primes] multiple(+2, +3 "Yes, 3 is prime.", -4, -9): "Which of these numbers are prime?" in $course$/Basics"#,
            r#"45 [Uneven] multiple(+apple, +tomato, -carrot): "Which of these are fruit?" in $course$/Basics notes [PartialCreditDropped]"#,
            "48 [Two right] refused: SeveralFullyCorrect",
            "51 [None right] refused: NoCorrectAnswer",
            "54 [One option] refused: TooFewChoices",
            r#"57 [Too heavy] refused: BadWeight("150")"#,
            r#"61 [Escapes: all six] single(+= "yes, = means equals", -~, -#): "Which sign is \"equals\": = or ~ or #? Braces { } and \\ too." in $course$/Basics"#,
            r#"67 - true_false(true): "First line\nsecond line." in $course$/Basics"#,
            r#"69 - single(+**thick** letters, -thin letters): "What does **bold** look like?" in $course$/Basics notes [TextFormatIgnored(Markdown)]"#,
            r#"71 - true_false(true): "<p>Is HTML kept as written?</p>" #### "<b>Yes.</b>" in $course$/Basics notes [TextFormatIgnored(Html)]"#,
            r#"73 - true_false(false): "Plain text, shown as written." in $course$/Basics"#,
            r#"75 - true_false(true): "Moodle's own format." in $course$/Basics"#,
            r#"79 - short["Shakespeare", "William Shakespeare"]: "Who wrote \"Hamlet\"?" in $course$/Basics"#,
            r#"81 - short["four", "4"]: "Two plus two is _____." in $course$/Basics"#,
            r#"84 - short["3"]: "Five minus two =" in $course$/Basics"#,
            r#"87 [Capital] short["Seoul", "*Seoul city"]: "What is the capital of Korea?" in $course$/Basics notes [AnswerFeedbackDropped, PartialCreditDropped]"#,
            "89 [Only partial] refused: NoFullyCorrectAnswer",
            r#"95 [Pi] numerical(3.14 ± 0.01): "What is pi to two decimal places?" in $course$/Numbers"#,
            r#"97 [Grant] numerical(1822 ± 0): "In which year was Ulysses S. Grant born?" in $course$/Numbers"#,
            r#"99 [Range] numerical(3 ± 2): "Give a number from 1 to 5." in $course$/Numbers"#,
            r#"101 [Root] numerical(2 ± 0): "What is the square root of 4?" in $course$/Numbers notes [PartialCreditDropped]"#,
            r#"103 [Born] numerical(1397 ± 0): "When was Sejong the Great born?" in $course$/Numbers notes [AnswerFeedbackDropped, PartialCreditDropped]"#,
            r#"109 [Below zero] numerical(-2 ± 0): "Which temperature is two below zero?" in $course$/Numbers"#,
            "111 [Negative tolerance] refused: NegativeTolerance",
            "113 [Reversed] refused: ReversedRange",
            r#"115 [Words] refused: BadNumber("eight")"#,
            "117 [Two exact] refused: SeveralFullyCorrect",
            "119 [No numbers] refused: NoCorrectAnswer",
            r#"125 [Food] matching(item-0 cat -> option-0 fish, item-1 dog -> option-1 bone, item-2 rabbit -> option-2 carrot): "Which animal eats which food?" #### "Each animal has one favourite." in $course$/Matching"#,
            r#"133 [Classes] matching(item-0 cat -> option-0 mammal, item-1 whale -> option-0 mammal, item-2 eagle -> option-2 bird): "Match each animal with its class." in $course$/Matching notes [MatchingDistractorsDropped]"#,
            "140 [One pair] refused: TooFewPairs",
            "142 [No arrow] refused: PairWithoutArrow",
            r#"147 [수도] single(+서울, -부산, -인천): "대한민국의 수도는?" in $course$/한국어"#,
            r#"151 [Essay] refused: UnsupportedType("essay")"#,
            r#"153 [Essay with feedback] refused: UnsupportedType("essay")"#,
            r#"155 - refused: UnsupportedType("description")"#,
            "157 [Nameless] refused: EmptyQuestion",
            "159 [Unclosed] refused: UnclosedBrace",
            "161 [Stray] refused: UnexpectedClosingBrace",
            "163 [Two blocks] refused: SeveralAnswerBlocks",
            "166 - refused: UnclosedTitle",
            "168 [Empty answer] refused: EmptyAnswer",
        ],
    );
}

#[test]
fn reads_the_language_asked_for() {
    let outcomes = parse_gift(
        "::수도:: 대한민국의 수도는? {=서울 #맞아요 ~부산}",
        Lang::Ko,
    );
    let [ImportOutcome::Imported(q)] = outcomes.as_slice() else {
        panic!("one question expected: {outcomes:?}");
    };
    assert_eq!(q.prompt, ko("대한민국의 수도는?"));
    let QuestionSpec::SingleChoice { choices } = &q.spec else {
        panic!("single choice expected: {:?}", q.spec);
    };
    assert_eq!(choices[0].text, ko("서울"));
    assert_eq!(choices[0].feedback, ko("맞아요"));
    assert_eq!(choices[1].feedback, Localized::default());
}

#[test]
fn byte_order_mark_and_line_ends_change_nothing() {
    let expected = parse_gift(FIXTURE, Lang::En);
    let crlf = format!("\u{feff}{}", FIXTURE.replace('\n', "\r\n"));
    assert_eq!(parse_gift(&crlf, Lang::En), expected);
    let old_mac = FIXTURE.replace('\n', "\r");
    assert_eq!(parse_gift(&old_mac, Lang::En), expected);
}

#[test]
fn writes_moodles_layout() {
    let single = QuestionSpec::SingleChoice {
        choices: vec![
            choice(0, "yellow", true, "Right."),
            choice(1, "red", false, ""),
        ],
    };
    let multiple = QuestionSpec::MultipleResponse {
        choices: vec![
            choice(0, "2", true, ""),
            choice(1, "3", true, ""),
            choice(2, "5", true, ""),
            choice(3, "4", false, "Even."),
        ],
    };
    let numerical = QuestionSpec::Numerical {
        value: 2.5,
        tolerance: 0.01,
    };
    let true_false = QuestionSpec::TrueFalse { answer: false };
    let gift = to_gift(&[
        question(
            Some("Rainbow"),
            "Between orange and green?",
            Some("ROYGBIV"),
            &single,
        ),
        question(None, "Which are prime?", None, &multiple),
        question(Some("Half: a decimal"), "5 ÷ 2 = ?", None, &numerical),
        question(
            None,
            "[html] shows as text.\nTrue?",
            Some("No."),
            &true_false,
        ),
    ]);
    assert_eq!(
        gift,
        "::Rainbow::Between orange and green?{\n\t=yellow#Right.\n\t~red\n\t####ROYGBIV\n}\n\n\
         Which are prime?{\n\t~%33.33333%2\n\t~%33.33333%3\n\t~%33.33333%5\n\t~%-100%4#Even.\n}\n\n\
         ::Half\\: a decimal::5 ÷ 2 \\= ?{#2.5:0.01}\n\n\
         [plain][html] shows as text.\\nTrue?{FALSE####No.}\n"
    );
}

#[test]
fn writes_arrows_that_gift_cannot_escape() {
    let matching = QuestionSpec::Matching {
        pairs: vec![pair(0, "A->B", "first"), pair(1, "B->A", "second")],
    };
    let short = QuestionSpec::ShortAnswer {
        accepted: vec!["2H2 + O2 -> 2H2O".into()],
    };
    let gift = to_gift(&[
        question(None, "Match.", None, &matching),
        question(None, "Burn hydrogen.", None, &short),
    ]);
    assert!(gift.contains("=A→B -> first"), "{gift}");
    assert!(gift.contains("=2H2 + O2 -*> 2H2O"), "{gift}");
    let outcomes = parse_gift(&gift, Lang::En);
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, ImportOutcome::Imported(q) if q.notes.is_empty())),
        "{outcomes:?}"
    );
}

#[test]
fn writes_a_missing_translation_in_the_other_language() {
    let spec = QuestionSpec::SingleChoice {
        choices: vec![
            Choice {
                text: ko("서울"),
                ..choice(0, "", true, "")
            },
            choice(1, "Busan", false, ""),
        ],
    };
    let gift = to_gift(&[question(None, "Capital?", None, &spec)]);
    assert!(gift.contains("\t=서울\n"), "{gift}");
}

#[test]
fn writes_broken_specs_without_panicking() {
    let specs = [
        QuestionSpec::MultipleResponse { choices: vec![] },
        QuestionSpec::SingleChoice { choices: vec![] },
        QuestionSpec::ShortAnswer { accepted: vec![] },
        QuestionSpec::Matching { pairs: vec![] },
        QuestionSpec::Numerical {
            value: f64::NAN,
            tolerance: f64::INFINITY,
        },
    ];
    let questions: Vec<ExportQuestion> =
        specs.iter().map(|s| question(None, "", None, s)).collect();
    let outcomes = parse_gift(&to_gift(&questions), Lang::En);
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, ImportOutcome::Refused { .. }))
    );
}

fn question<'a>(
    title: Option<&'a str>,
    prompt: &'a str,
    feedback: Option<&'a str>,
    spec: &'a QuestionSpec,
) -> ExportQuestion<'a> {
    ExportQuestion {
        title,
        prompt,
        feedback,
        spec,
        lang: Lang::En,
    }
}

fn en(text: &str) -> Localized {
    Localized {
        en: (!text.is_empty()).then(|| text.to_owned()),
        ko: None,
    }
}

fn ko(text: &str) -> Localized {
    Localized {
        en: None,
        ko: Some(text.to_owned()),
    }
}

fn choice(i: usize, text: &str, correct: bool, feedback: &str) -> Choice {
    Choice {
        id: format!("choice-{i}"),
        text: en(text),
        correct,
        feedback: en(feedback),
    }
}

fn pair(i: usize, item: &str, option: &str) -> Pair {
    Pair {
        item_id: format!("item-{i}"),
        item: en(item),
        option_id: format!("option-{i}"),
        option: en(option),
    }
}
