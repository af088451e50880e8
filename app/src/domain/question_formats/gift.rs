//! GIFT, Moodle's text format for questions: reading ([`parse_gift`]) and writing
//! ([`to_gift`]). The mapping onto our question types is in the parent module's doc.
//!
//! Where Moodle's documentation is silent, reading follows Moodle's own importer, so
//! that a file behaves here as it did in Moodle:
//! - a question is a run of non-blank lines; `//` lines are dropped wherever they are;
//! - the answers are the text between the first `{` and the first `}`; the type is
//!   decided in Moodle's order: `#` first → numerical, any `~` → multiple choice,
//!   `=` and `->` → matching, `T`/`TRUE`/`F`/`FALSE` (capitals, as Moodle) → true/false,
//!   anything else → short answer (so `{3}` accepts "3");
//! - a text before the first `~`/`=` of an answer list counts as an answer (a wrong
//!   one in multiple choice, a right one in a short answer), as Moodle counts it;
//! - `=` in multiple choice means 100 % and takes no `%weight%` after it;
//! - a `[format]` marker is read at the start of the prompt, general feedback,
//!   choice texts and feedback, short answers and matching items, but not of matching
//!   options or the title, which Moodle keeps as written.
//!
//! Where Moodle would import something broken, we do not: a `$CATEGORY:` line
//! followed directly by a question (which Moodle makes part of the category's name)
//! is read as a category and then a question; a second `{…}`, an unclosed
//! `::title`, empty answers and weights beyond ±100 % are refused.
use super::{
    ImportNote, ImportOutcome, ImportedQuestion, Notes, Refusal, TextFormat, localized,
    numbered_lines,
};
use crate::domain::quiz::grading::{Choice, Pair, QuestionSpec};
use crate::domain::{Lang, Localized};

/// Reads a GIFT file: one outcome per question, in file order (categories are not
/// questions and give none).
pub fn parse_gift(text: &str, lang: Lang) -> Vec<ImportOutcome> {
    let mut category: Option<String> = None;
    let mut outcomes = Vec::new();
    for block in blocks(text) {
        let mut lines = block.as_slice();
        if let Some(path) = lines
            .first()
            .and_then(|(_, line)| line.trim_start().strip_prefix("$CATEGORY:"))
        {
            let path = to_string(trim(&unescape(path)));
            category = (!path.is_empty()).then_some(path);
            lines = &lines[1..];
        }
        let Some(&(line, _)) = lines.first() else {
            continue;
        };
        let source: Vec<&str> = lines.iter().map(|(_, text)| *text).collect();
        outcomes.push(question(
            &unescape(&source.join("\n")),
            line,
            category.clone(),
            lang,
        ));
    }
    outcomes
}

/// The file's questions: runs of non-blank lines, with their line numbers, comment
/// lines left out.
fn blocks(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for (number, line) in numbered_lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if !trimmed.starts_with("//") {
            current.push((number, line));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// One character of GIFT source, after escapes. An escaped character (`\~`) is
/// never markup, so each one remembers whether it was written escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ch {
    c: char,
    escaped: bool,
}

/// Resolves GIFT's escapes: `\\`, `\~ \= \# \{ \} \:` and `\n`. Any other backslash
/// stays as written (so a short answer's `\*` keeps its meaning of a literal star).
fn unescape(source: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match (c, chars.peek()) {
            ('\\', Some(&next @ ('\\' | '~' | '=' | '#' | '{' | '}' | ':'))) => Some(next),
            ('\\', Some('n')) => Some('\n'),
            _ => None,
        };
        match escaped {
            Some(c) => {
                chars.next();
                out.push(Ch { c, escaped: true });
            }
            // A lone backslash is text, and never markup either.
            None => out.push(Ch {
                c,
                escaped: c == '\\',
            }),
        }
    }
    out
}

/// Whether `ch` is the markup character `c`.
fn is(ch: &Ch, c: char) -> bool {
    ch.c == c && !ch.escaped
}

fn find(s: &[Ch], c: char) -> Option<usize> {
    s.iter().position(|ch| is(ch, c))
}

fn matches_at(window: &[Ch], pattern: &[char]) -> bool {
    window.len() == pattern.len() && window.iter().zip(pattern).all(|(ch, c)| is(ch, *c))
}

fn find_seq(s: &[Ch], pattern: &str) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    s.windows(pattern.len())
        .position(|window| matches_at(window, &pattern))
}

fn rfind_seq(s: &[Ch], pattern: &str) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    s.windows(pattern.len())
        .rposition(|window| matches_at(window, &pattern))
}

fn trim(s: &[Ch]) -> &[Ch] {
    let start = s.iter().position(|ch| !ch.c.is_whitespace());
    let end = s.iter().rposition(|ch| !ch.c.is_whitespace());
    match (start, end) {
        (Some(start), Some(end)) => &s[start..=end],
        _ => &[],
    }
}

fn to_string(s: &[Ch]) -> String {
    s.iter().map(|ch| ch.c).collect()
}

/// `s` split at its first markup `c`: before, and after if there was one.
fn split_once(s: &[Ch], c: char) -> (&[Ch], Option<&[Ch]>) {
    match find(s, c) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    }
}

/// The answers of an answer list, each with the marker that starts it (`~`, `=`)
/// and its body. Like Moodle, a non-blank text before the first marker is an answer
/// too, without a marker.
fn answers<'a>(s: &'a [Ch], markers: &[char]) -> Vec<(Option<char>, &'a [Ch])> {
    let starts: Vec<usize> = (0..s.len())
        .filter(|&i| !s[i].escaped && markers.contains(&s[i].c))
        .collect();
    let head = &s[..starts.first().copied().unwrap_or(s.len())];
    let mut out = Vec::new();
    if !trim(head).is_empty() {
        out.push((None, head));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(s.len());
        out.push((Some(s[start].c), &s[start + 1..end]));
    }
    out
}

/// A text with its `[format]` marker, if any, read off (and noted when the format
/// is one the platform does not render), trimmed.
fn formatted(s: &[Ch], notes: &mut Notes) -> String {
    let s = trim(s);
    if s.first().is_some_and(|ch| is(ch, '['))
        && let Some(end) = find(s, ']')
    {
        let format = match to_string(&s[1..end]).as_str() {
            "moodle" => Some(TextFormat::Moodle),
            "html" => Some(TextFormat::Html),
            "plain" => Some(TextFormat::Plain),
            "markdown" => Some(TextFormat::Markdown),
            // `[sic]` and the like are text.
            _ => None,
        };
        if let Some(format) = format {
            if matches!(format, TextFormat::Html | TextFormat::Markdown) {
                notes.add(ImportNote::TextFormatIgnored(format));
            }
            return to_string(trim(&s[end + 1..]));
        }
    }
    to_string(s)
}

/// A leading `%weight%` (in percent) and the rest of the answer. A `%` that does not
/// open a number is text, as in Moodle (`~%-ish%` is an answer "%-ish%").
fn weight(body: &[Ch]) -> Result<(Option<f64>, &[Ch]), Refusal> {
    let body = trim(body);
    if !body.first().is_some_and(|ch| is(ch, '%')) {
        return Ok((None, body));
    }
    let Some(end) = find(&body[1..], '%').map(|at| at + 1) else {
        return Ok((None, body));
    };
    let written = to_string(&body[1..end]);
    let Ok(value) = written.trim().parse::<f64>() else {
        return Ok((None, body));
    };
    if !(-100.0..=100.0).contains(&value) {
        return Err(Refusal::BadWeight(written));
    }
    Ok((Some(value), &body[end + 1..]))
}

const FULL: f64 = 100.0;

/// What a question's text gives, before its title and line are added.
struct Parsed {
    prompt: String,
    feedback: String,
    spec: QuestionSpec,
    notes: Notes,
}

fn question(source: &[Ch], line: usize, category: Option<String>, lang: Lang) -> ImportOutcome {
    let mut rest = trim(source);
    let mut title = None;
    if rest.len() >= 2 && matches_at(&rest[..2], &[':', ':']) {
        let Some(end) = find_seq(&rest[2..], "::").map(|at| at + 2) else {
            return ImportOutcome::Refused {
                line,
                title: None,
                reason: Refusal::UnclosedTitle,
            };
        };
        let name = to_string(trim(&rest[2..end]));
        title = (!name.is_empty()).then_some(name);
        rest = trim(&rest[end + 2..]);
    }
    match body(rest, lang) {
        Ok(parsed) => ImportOutcome::Imported(ImportedQuestion {
            line,
            title,
            category,
            prompt: localized(lang, parsed.prompt),
            feedback: localized(lang, parsed.feedback),
            points: 1,
            spec: parsed.spec,
            notes: parsed.notes.0,
        }),
        Err(reason) => ImportOutcome::Refused {
            line,
            title,
            reason,
        },
    }
}

/// The question after its title: prompt, answer block, general feedback.
fn body(rest: &[Ch], lang: Lang) -> Result<Parsed, Refusal> {
    let mut notes = Notes::default();
    let (open, close) = match (find(rest, '{'), find(rest, '}')) {
        (None, None) => {
            return Err(if formatted(rest, &mut notes).is_empty() {
                Refusal::EmptyQuestion
            } else {
                Refusal::UnsupportedType("description")
            });
        }
        (Some(_), None) => return Err(Refusal::UnclosedBrace),
        (None, Some(_)) => return Err(Refusal::UnexpectedClosingBrace),
        (Some(open), Some(close)) if close < open => return Err(Refusal::UnexpectedClosingBrace),
        (Some(open), Some(close)) => (open, close),
    };
    if find(&rest[open + 1..close], '{').is_some() {
        return Err(Refusal::UnclosedBrace);
    }
    let after = &rest[close + 1..];
    if find(after, '{').is_some() {
        return Err(Refusal::SeveralAnswerBlocks);
    }
    if find(after, '}').is_some() {
        return Err(Refusal::UnexpectedClosingBrace);
    }

    // Answers inside the sentence leave a blank where they were (Moodle's "missing
    // word"); answers at the end leave nothing.
    let mut prompt = rest[..open].to_vec();
    if !trim(after).is_empty() {
        prompt.extend("_____".chars().map(|c| Ch { c, escaped: true }));
        prompt.extend_from_slice(after);
    }
    let prompt = formatted(&prompt, &mut notes);

    let mut answer = trim(&rest[open + 1..close]);
    let mut feedback = String::new();
    if let Some(at) = rfind_seq(answer, "####") {
        feedback = formatted(&answer[at + 4..], &mut notes);
        answer = trim(&answer[..at]);
    }
    let Some(first) = answer.first() else {
        return Err(Refusal::UnsupportedType("essay"));
    };
    if prompt.is_empty() {
        return Err(Refusal::EmptyQuestion);
    }

    let spec = if is(first, '#') {
        numerical(&answer[1..], &mut notes)?
    } else if find(answer, '~').is_some() {
        choices(answer, lang, &mut notes)?
    } else if find(answer, '=').is_some() && find_seq(answer, "->").is_some() {
        matching(answer, lang, &mut notes)?
    } else if let Some(value) = true_false_value(answer) {
        true_false(answer, value, &mut feedback, &mut notes)
    } else {
        short_answer(answer, &mut notes)?
    };
    Ok(Parsed {
        prompt,
        feedback,
        spec,
        notes,
    })
}

/// `{T}`, `{TRUE#…}`, `{F}`, `{FALSE}`: the answer, if this is a true/false question.
fn true_false_value(answer: &[Ch]) -> Option<bool> {
    let (head, _) = split_once(answer, '#');
    match to_string(trim(head)).as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `{T#for a wrong answer#for a right answer}`: our true/false questions have no
/// per-answer feedback, so it becomes the general feedback when there is none.
fn true_false(
    answer: &[Ch],
    value: bool,
    feedback: &mut String,
    notes: &mut Notes,
) -> QuestionSpec {
    let (_, rest) = split_once(answer, '#');
    let (wrong, right) = match rest {
        Some(rest) => {
            let (wrong, right) = split_once(rest, '#');
            (
                formatted(wrong, notes),
                right.map(|r| formatted(r, notes)).unwrap_or_default(),
            )
        }
        None => (String::new(), String::new()),
    };
    let given: Vec<String> = [wrong, right]
        .into_iter()
        .filter(|f| !f.is_empty())
        .collect();
    if !given.is_empty() {
        if feedback.is_empty() {
            *feedback = given.join("\n");
            notes.add(ImportNote::TrueFalseFeedbackMerged);
        } else {
            notes.add(ImportNote::AnswerFeedbackDropped);
        }
    }
    QuestionSpec::TrueFalse { answer: value }
}

/// One answer of a multiple-choice list.
struct Listed {
    /// Written with `=`: the one right answer of a single-choice question.
    full_marker: bool,
    weight: f64,
    text: String,
    feedback: String,
}

/// `{=right ~wrong}` or `{~%50%right ~%50%right ~%-100%wrong}`.
fn choices(answer: &[Ch], lang: Lang, notes: &mut Notes) -> Result<QuestionSpec, Refusal> {
    let mut options = Vec::new();
    for (marker, body) in answers(answer, &['~', '=']) {
        let full_marker = marker == Some('=');
        let (weight, body) = if full_marker {
            (FULL, trim(body))
        } else {
            let (weight, body) = weight(body)?;
            (weight.unwrap_or(0.0), body)
        };
        let (text, feedback) = split_once(body, '#');
        let text = formatted(text, notes);
        if text.is_empty() {
            return Err(Refusal::EmptyAnswer);
        }
        let feedback = feedback.map(|f| formatted(f, notes)).unwrap_or_default();
        options.push(Listed {
            full_marker,
            weight,
            text,
            feedback,
        });
    }
    if options.len() < 2 {
        return Err(Refusal::TooFewChoices);
    }
    let build = |correct: &dyn Fn(&Listed) -> bool| -> Vec<Choice> {
        options
            .iter()
            .enumerate()
            .map(|(i, option)| Choice {
                id: format!("choice-{i}"),
                text: localized(lang, option.text.clone()),
                correct: correct(option),
                feedback: localized(lang, option.feedback.clone()),
            })
            .collect()
    };

    // As in Moodle, an `=` makes the question single-choice; without one, the
    // weights make it multiple-answer.
    if options.iter().any(|o| o.full_marker) {
        if options.iter().filter(|o| o.weight == FULL).count() > 1 {
            return Err(Refusal::SeveralFullyCorrect);
        }
        if options.iter().any(|o| o.weight != 0.0 && o.weight != FULL) {
            notes.add(ImportNote::PartialCreditDropped);
        }
        return Ok(QuestionSpec::SingleChoice {
            choices: build(&|o| o.weight == FULL),
        });
    }
    let right: Vec<f64> = options
        .iter()
        .map(|o| o.weight)
        .filter(|w| *w > 0.0)
        .collect();
    if right.is_empty() {
        return Err(Refusal::NoCorrectAnswer);
    }
    // Our rule gives each right option an even share; weights rounded to whole
    // percents (33, 33, 34) are still an even split.
    let even = FULL / right.len() as f64;
    if right.iter().any(|w| (w - even).abs() > 1.0) {
        notes.add(ImportNote::PartialCreditDropped);
    }
    Ok(QuestionSpec::MultipleResponse {
        choices: build(&|o| o.weight > 0.0),
    })
}

/// `{=item -> option …}`. Items with the same option text share that option, so a
/// learner who picks either copy is right.
fn matching(answer: &[Ch], lang: Lang, notes: &mut Notes) -> Result<QuestionSpec, Refusal> {
    let mut found: Vec<(String, String)> = Vec::new();
    for (_, body) in answers(answer, &['=']) {
        let Some(arrow) = find_seq(body, "->") else {
            return Err(Refusal::PairWithoutArrow);
        };
        let item = formatted(&body[..arrow], notes);
        let option = to_string(trim(&body[arrow + 2..]));
        if option.is_empty() {
            return Err(Refusal::EmptyAnswer);
        }
        if item.is_empty() {
            notes.add(ImportNote::MatchingDistractorsDropped);
            continue;
        }
        found.push((item, option));
    }
    if found.len() < 2 {
        return Err(Refusal::TooFewPairs);
    }
    let pairs = found
        .iter()
        .enumerate()
        .map(|(i, (item, option))| {
            let first = found.iter().position(|(_, o)| o == option).unwrap_or(i);
            Pair {
                item_id: format!("item-{i}"),
                item: localized(lang, item.clone()),
                option_id: format!("option-{first}"),
                option: localized(lang, option.clone()),
            }
        })
        .collect();
    Ok(QuestionSpec::Matching { pairs })
}

/// `{=one =another}`: the answers at 100 % (the default) are accepted.
fn short_answer(answer: &[Ch], notes: &mut Notes) -> Result<QuestionSpec, Refusal> {
    let mut accepted = Vec::new();
    let mut partial = false;
    for (_, body) in answers(answer, &['=']) {
        let (weight, body) = weight(body)?;
        let weight = weight.unwrap_or(FULL);
        let (text, feedback) = split_once(body, '#');
        let text = formatted(text, notes);
        if text.is_empty() {
            return Err(Refusal::EmptyAnswer);
        }
        if feedback.is_some_and(|f| !trim(f).is_empty()) {
            notes.add(ImportNote::AnswerFeedbackDropped);
        }
        if weight == FULL {
            accepted.push(text);
        } else if weight != 0.0 {
            partial = true;
            notes.add(ImportNote::PartialCreditDropped);
        }
    }
    if accepted.is_empty() {
        return Err(if partial {
            Refusal::NoFullyCorrectAnswer
        } else {
            Refusal::NoCorrectAnswer
        });
    }
    Ok(QuestionSpec::ShortAnswer { accepted })
}

/// `{#value:tolerance}`, `{#low..high}`, `{#=%100%a:t =%50%b:t ~#feedback}` (after
/// the leading `#`).
fn numerical(body: &[Ch], notes: &mut Notes) -> Result<QuestionSpec, Refusal> {
    // `~` starts the feedback for any other answer, which has no place here.
    let (body, other) = split_once(body, '~');
    if let Some((_, Some(feedback))) = other.map(|o| split_once(o, '#'))
        && !trim(feedback).is_empty()
    {
        notes.add(ImportNote::AnswerFeedbackDropped);
    }
    let mut full = Vec::new();
    let mut partial = false;
    let listed = answers(body, &['=']);
    if listed.is_empty() {
        return Err(Refusal::NoCorrectAnswer);
    }
    for (_, body) in listed {
        let (weight, body) = weight(body)?;
        let weight = weight.unwrap_or(FULL);
        let (number, feedback) = split_once(body, '#');
        if feedback.is_some_and(|f| !trim(f).is_empty()) {
            notes.add(ImportNote::AnswerFeedbackDropped);
        }
        let answer = number_answer(trim(number))?;
        if weight == FULL {
            full.push(answer);
        } else if weight != 0.0 {
            partial = true;
        }
    }
    match full.as_slice() {
        [] => Err(Refusal::NoFullyCorrectAnswer),
        [(value, tolerance)] => {
            if partial {
                notes.add(ImportNote::PartialCreditDropped);
            }
            Ok(QuestionSpec::Numerical {
                value: *value,
                tolerance: *tolerance,
            })
        }
        _ => Err(Refusal::SeveralFullyCorrect),
    }
}

/// `3.14`, `3.14:0.01` or `1..5`, as value and tolerance.
fn number_answer(s: &[Ch]) -> Result<(f64, f64), Refusal> {
    let written = to_string(s);
    let number = |part: &[Ch]| {
        to_string(trim(part))
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| Refusal::BadNumber(written.clone()))
    };
    // Moodle looks for `..` and `:` after the first character, so `-1..1` is a range.
    if let Some(at) = find_seq(s, "..").filter(|at| *at > 0) {
        let (low, high) = (number(&s[..at])?, number(&s[at + 2..])?);
        if high < low {
            return Err(Refusal::ReversedRange);
        }
        // Halved before subtracting, so that the widest ranges stay finite.
        return Ok((low.midpoint(high), high / 2.0 - low / 2.0));
    }
    if let Some(at) = find(s, ':').filter(|at| *at > 0) {
        let (value, tolerance) = (number(&s[..at])?, number(&s[at + 1..])?);
        if tolerance < 0.0 {
            return Err(Refusal::NegativeTolerance);
        }
        return Ok((value, tolerance));
    }
    Ok((number(s)?, 0.0))
}

// ---------------------------------------------------------------------------------
// Writing

/// A question to write, in one language.
pub struct ExportQuestion<'a> {
    pub title: Option<&'a str>,
    pub prompt: &'a str,
    pub feedback: Option<&'a str>,
    pub spec: &'a QuestionSpec,
    /// Which language's texts of `spec` to write; a text missing in it is written
    /// in the other language rather than left out, which would break the question.
    pub lang: Lang,
}

/// Writes questions as GIFT, one after another with a blank line between, in the
/// layout Moodle's own export uses (one answer to a line).
pub fn to_gift(questions: &[ExportQuestion]) -> String {
    questions
        .iter()
        .map(write_question)
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_question(question: &ExportQuestion) -> String {
    let mut out = String::new();
    if let Some(title) = question.title.map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str("::");
        out.push_str(&escape(title));
        out.push_str("::");
    }
    out.push_str(&text(question.prompt));
    let general = question
        .feedback
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| format!("####{}", text(f)));
    let local = |l: &Localized| l.resolve(question.lang).text;
    let choice_feedback = |c: &Choice| {
        let feedback = local(&c.feedback);
        if feedback.is_empty() {
            String::new()
        } else {
            format!("#{}", text(&feedback))
        }
    };

    match question.spec {
        QuestionSpec::SingleChoice { choices } => {
            let lines = choices.iter().map(|c| {
                let marker = if c.correct { "=" } else { "~" };
                format!("{marker}{}{}", text(&local(&c.text)), choice_feedback(c))
            });
            answer_lines(&mut out, lines, general);
        }
        QuestionSpec::MultipleResponse { choices } => {
            let right = choices.iter().filter(|c| c.correct).count();
            let wrong = choices.len() - right;
            let lines = choices.iter().map(|c| {
                let weight = if c.correct {
                    FULL / right as f64
                } else {
                    -FULL / wrong as f64
                };
                format!(
                    "~%{}%{}{}",
                    percent(weight),
                    text(&local(&c.text)),
                    choice_feedback(c)
                )
            });
            answer_lines(&mut out, lines, general);
        }
        QuestionSpec::TrueFalse { answer } => {
            answer_inline(&mut out, if *answer { "TRUE" } else { "FALSE" }, general);
        }
        QuestionSpec::ShortAnswer { accepted } => {
            // `->` would make Moodle read the answers as matching pairs; `-*>` still
            // accepts what the learner types.
            let lines = accepted
                .iter()
                .map(|a| format!("={}", text(&a.replace("->", "-*>"))));
            answer_lines(&mut out, lines, general);
        }
        QuestionSpec::Numerical { value, tolerance } => {
            // `{}` writes the shortest decimal that reads back as the same f64.
            let answer = if *tolerance == 0.0 {
                format!("#{value}")
            } else {
                format!("#{value}:{tolerance}")
            };
            answer_inline(&mut out, &answer, general);
        }
        QuestionSpec::Matching { pairs } => {
            let lines = pairs.iter().map(|p| {
                // GIFT cannot escape `->` in an item; the arrow says the same.
                let item = local(&p.item).replace("->", "→");
                format!("={} -> {}", text(&item), escape(local(&p.option).trim()))
            });
            answer_lines(&mut out, lines, general);
        }
    }
    out
}

/// `{` answers one to a line, the general feedback last, `}`.
fn answer_lines(out: &mut String, lines: impl Iterator<Item = String>, general: Option<String>) {
    out.push_str("{\n");
    for line in lines.chain(general) {
        out.push('\t');
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("}\n");
}

fn answer_inline(out: &mut String, answer: &str, general: Option<String>) {
    out.push('{');
    out.push_str(answer);
    out.push_str(&general.unwrap_or_default());
    out.push_str("}\n");
}

/// A weight as Moodle writes its grades: at most five decimals (`33.33333`).
fn percent(weight: f64) -> String {
    let written = format!("{weight:.5}");
    written
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// A text where GIFT reads a `[format]` marker: escaped, and behind a `[plain]`
/// marker when it starts like a marker, a `%weight%` or a `//` comment itself.
fn text(s: &str) -> String {
    let s = s.trim();
    let escaped = escape(s);
    if s.starts_with('[') || s.starts_with('%') || s.starts_with("//") {
        format!("[plain]{escaped}")
    } else {
        escaped
    }
}

/// GIFT's special characters escaped, line breaks as `\n` (a real one would end the
/// question at the next blank line, or start a comment).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}
