//! Cohort files: reading a staff list (`email,name,language`, UTF-8 with or without a
//! byte-order mark, a header line optional) and writing the dashboard as CSV.
use crate::domain::cohort::{MAX_ROWS, RawRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    NotUtf8,
    TooManyRows,
}

/// The rows of an uploaded file, with their line numbers; a malformed line becomes a
/// row the plan refuses (never a refusal of the whole file).
pub fn read_rows(bytes: &[u8]) -> Result<Vec<RawRow>, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(FileProblem::NotUtf8);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut lines = LineCounter {
        bytes,
        counted: 0,
        line: 1,
    };
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = lines.at(error
                    .position()
                    .map_or(lines.counted, |p| p.byte() as usize));
                rows.push(RawRow {
                    line,
                    columns: 0,
                    email: String::new(),
                    name: String::new(),
                    language: String::new(),
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = lines.at(record
            .position()
            .map_or(lines.counted, |p| p.byte() as usize));
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        if line == 1 && field(0).eq_ignore_ascii_case("email") {
            continue;
        }
        rows.push(RawRow {
            line,
            columns: record.len(),
            email: field(0),
            name: field(1),
            language: field(2),
        });
        if rows.len() > MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
    }
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(rows)
}

/// Line numbers from byte offsets (counting `\n`), whatever the line endings.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes counted so far.
    counted: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn at(&mut self, offset: usize) -> usize {
        // A record's position may point at the end of the previous line's terminator
        // (the `\n` of a `\r\n`): the record itself starts after it.
        let mut offset = offset.min(self.bytes.len());
        while offset < self.bytes.len() && matches!(self.bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        if offset > self.counted {
            self.line += self.bytes[self.counted..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.counted = offset;
        }
        self.line
    }
}

/// One CSV document from a header and rows (quoted as needed; a cell that a
/// spreadsheet would run as a formula is prefixed with `'`).
pub fn write(header: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let safe = |cell: &String| {
        if cell.starts_with(['=', '+', '-', '@']) {
            format!("'{cell}")
        } else {
            cell.clone()
        }
    };
    let _ = writer.write_record(header.iter().map(safe));
    for row in rows {
        let _ = writer.write_record(row.iter().map(safe));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_a_header_and_korean_names_are_read() {
        let file = "\u{FEFF}email,name,language\nkim@example.org,김지우,ko\n\nlee@example.org,\"Lee, Min\",en\nbad-line\n";
        let rows = read_rows(file.as_bytes()).expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].name, "김지우");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].name, "Lee, Min");
        assert_eq!(rows[1].line, 4);
        assert_eq!((rows[2].line, rows[2].columns), (5, 1));
    }

    #[test]
    fn files_that_cannot_be_read_say_why() {
        assert_eq!(read_rows(b""), Err(FileProblem::Empty));
        assert_eq!(read_rows(b"email,name,language\n"), Err(FileProblem::Empty));
        assert_eq!(read_rows(b"\xff\xfe a"), Err(FileProblem::NotUtf8));
    }

    #[test]
    fn formulas_are_defused_in_exports() {
        let csv = write(&["name".into()], &[vec!["=HYPERLINK(1)".into()]]);
        assert_eq!(csv, "name\n'=HYPERLINK(1)\n");
    }
}
