//! No input makes a reader panic: the files come from anyone.
use app::domain::Lang;
use app::domain::question_formats::{parse_aiken, parse_gift};
use proptest::prelude::*;

const GIFT_TOKENS: &[&str] = &[
    "{",
    "}",
    "~",
    "=",
    "#",
    "####",
    "::",
    ":",
    "->",
    "-",
    ">",
    "%",
    "%50%",
    "%-100%",
    "%1e9%",
    "\\",
    "\\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "0",
    "1",
    "9",
    ".",
    "..",
    "e",
    "inf",
    "NaN",
    "T",
    "TRUE",
    "F",
    "$CATEGORY:",
    "//",
    "[html]",
    "[",
    "]",
    "a",
    "한",
    "\u{feff}",
];

const AIKEN_TOKENS: &[&str] = &[
    "A. ",
    "B) ",
    "Z.\t",
    "A",
    ".",
    ")",
    "ANSWER:",
    "ANSWER: A",
    "ANSWER: ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "x",
    "한",
    "\u{feff}",
];

fn soup(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens), 0..40).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn gift_reads_any_string(text in any::<String>()) {
        let _ = parse_gift(&text, Lang::En);
    }

    #[test]
    fn gift_reads_any_token_soup(text in soup(GIFT_TOKENS)) {
        for outcome in parse_gift(&text, Lang::Ko) {
            let _ = outcome;
        }
    }

    #[test]
    fn aiken_reads_any_string(text in any::<String>()) {
        let _ = parse_aiken(&text, Lang::En);
    }

    #[test]
    fn aiken_reads_any_token_soup(text in soup(AIKEN_TOKENS)) {
        let _ = parse_aiken(&text, Lang::Ko);
    }
}
