//! Glossaries from spreadsheets: CSV and TSV with a header row naming the columns
//! (`source,english,note,forbidden`), in UTF-8 or in the UTF-16 with a byte-order mark that
//! Excel saves as "Unicode text". Pure: bytes in, terms and a report out.
//!
//! Columns are found by their header, in any order and case: `source` (or `term`, or the
//! desk's source language code such as `my`), `english` (or `target`, `translation`, or the
//! target language code such as `en`), and optionally `note` and `forbidden` (variants
//! separated by `;` or `|`). Other columns are ignored and named in the report. Fields may
//! be quoted with `"` (a doubled `""` is a quote inside), as RFC 4180 says; the separator is
//! a tab when the header has one, else a comma (a semicolon when the header has neither).
//! A row without a source or English is skipped with its line; a file without both columns,
//! too big, or not text is refused whole.

use std::borrow::Cow;

use super::{MAX_FIELD_BYTES, MAX_TERMS};

/// The most bytes of a CSV or TSV file read.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;
/// How many skipped rows are listed one by one.
pub const MAX_SKIPPED_LISTED: usize = 200;

/// One row of a spreadsheet, as a term before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawTerm {
    /// The line it starts on, from 1.
    pub line: usize,
    /// The source term.
    pub source: String,
    /// The agreed English.
    pub english: String,
    /// The note, if any.
    pub note: String,
    /// Forbidden English variants.
    pub forbidden: Vec<String>,
}

/// What reading a glossary file found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadTerms {
    /// The terms, in the file's order.
    pub terms: Vec<RawTerm>,
    /// Rows or entries left out, each with its line and why.
    pub skipped: Vec<(usize, String)>,
    /// Notices that are not about one row (columns ignored, the encoding found).
    pub notes: Vec<String>,
}

impl ReadTerms {
    /// Records a skipped row, listing at most [`MAX_SKIPPED_LISTED`].
    pub fn skip(&mut self, line: usize, why: impl Into<String>) {
        if self.skipped.len() < MAX_SKIPPED_LISTED {
            self.skipped.push((line, why.into()));
        } else if self.skipped.len() == MAX_SKIPPED_LISTED {
            self.skipped
                .push((line, "and more rows skipped from here on".to_owned()));
        }
    }
}

/// Why a glossary file was refused. The caller adds the file's name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GlossaryFileError {
    /// Bigger than the limit.
    #[error("{bytes} bytes, more than the {max} a glossary file may have")]
    TooBig {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Not text in UTF-8 or UTF-16.
    #[error(
        "line {line}: not {encoding} text; save it as \"CSV UTF-8\" or \"Unicode text\" and \
         import it again"
    )]
    NotText {
        /// The line of the first bad byte.
        line: usize,
        /// The encoding it was read as.
        encoding: &'static str,
    },
    /// The header lacks a needed column.
    #[error(
        "line 1: no {missing} column; the first row must name the columns, for example \
         `source,english,note` (found: {found})"
    )]
    MissingColumn {
        /// The column missing.
        missing: &'static str,
        /// The header as found.
        found: String,
    },
    /// A quoted field that never ends.
    #[error("line {line}: a quoted field is never closed; nothing was imported")]
    OpenQuote {
        /// Where it starts.
        line: usize,
    },
    /// More terms than a glossary may hold.
    #[error("more than {max} terms; split the file")]
    TooManyTerms {
        /// The limit.
        max: usize,
    },
    /// Broken or hostile XML (TBX).
    #[error("line {line}: {problem}; nothing was imported")]
    Xml {
        /// The line.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// Nested deeper than the limit (TBX).
    #[error("line {line}: elements nested more than {max} deep; this is not a TBX file")]
    TooDeep {
        /// The line.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// Entities or an outside document (TBX).
    #[error(
        "line {line}: the file declares entities or points to an outside document, which \
         Copydesk never reads; export it again without a DOCTYPE"
    )]
    Doctype {
        /// The line.
        line: usize,
    },
    /// Not a TBX file.
    #[error("line {line}: not a TBX file: it holds <{found}>, not <tbx> or <martif>")]
    NotTbx {
        /// The line.
        line: usize,
        /// What the root is.
        found: String,
    },
    /// The reader failed in a way it should not.
    #[error("the reader failed ({problem}); nothing was imported")]
    ReaderFailed {
        /// What it said.
        problem: String,
    },
}

/// The file's text: UTF-8 (a byte-order mark dropped), or UTF-16 with its byte-order mark,
/// as Excel saves "Unicode text".
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), GlossaryFileError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            _ => 0xD800,
        });
        let mut text = String::with_capacity(rest.len());
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => text.push(c),
                Err(_) => {
                    return Err(GlossaryFileError::NotText {
                        line: 1 + text.matches('\n').count(),
                        encoding: "UTF-16",
                    });
                }
            }
        }
        Ok((Cow::Owned(text), "UTF-16"))
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes)
                .map(|t| (Cow::Borrowed(t), "UTF-8"))
                .map_err(|e| GlossaryFileError::NotText {
                    line: crate::lines::line_of(bytes, e.valid_up_to()),
                    encoding: "UTF-8",
                })
        }
    }
}

/// Splits CSV text into records of fields, each with the line it starts on. Linear in the
/// text; a quote left open is an error.
fn records(text: &str, separator: char) -> Result<Vec<(usize, Vec<String>)>, GlossaryFileError> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quoted = false;
    let mut quote_line = 1;
    let mut chars = text.chars().peekable();
    let mut field_started = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                quoted = true;
                quote_line = line;
                field_started = true;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                field_started = false;
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    out.push((record_line, std::mem::take(&mut fields)));
                } else {
                    fields.clear();
                }
                line += 1;
                record_line = line;
            }
            c => {
                field_started = true;
                field.push(c);
            }
        }
    }
    if quoted {
        return Err(GlossaryFileError::OpenQuote { line: quote_line });
    }
    fields.push(field);
    if fields.iter().any(|f| !f.trim().is_empty()) {
        out.push((record_line, fields));
    }
    Ok(out)
}

/// Reads a CSV or TSV glossary. `source_language` and `target_language` are the desk's
/// codes, accepted as column names.
pub fn read_csv(
    bytes: &[u8],
    source_language: &str,
    target_language: &str,
) -> Result<ReadTerms, GlossaryFileError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(GlossaryFileError::TooBig {
            bytes: bytes.len(),
            max: MAX_CSV_BYTES,
        });
    }
    let (text, encoding) = decode(bytes)?;
    let header_line = text.lines().next().unwrap_or_default();
    let separator = if header_line.contains('\t') {
        '\t'
    } else if header_line.contains(',') || !header_line.contains(';') {
        ','
    } else {
        ';'
    };
    let rows = records(&text, separator)?;
    let Some(((_, header), body)) = rows.split_first() else {
        return Err(GlossaryFileError::MissingColumn {
            missing: "source",
            found: "an empty file".to_owned(),
        });
    };
    let name = |h: &str| h.trim().to_lowercase();
    let src = source_language.to_lowercase();
    let tgt = target_language.to_lowercase();
    let find = |names: &[&str], code: &str| {
        header.iter().position(|h| {
            let h = name(h);
            names.contains(&h.as_str()) || (!code.is_empty() && h == code)
        })
    };
    let found = || header.join(&separator.to_string());
    let source =
        find(&["source", "term", "source term", "source_term"], &src).ok_or_else(|| {
            GlossaryFileError::MissingColumn {
                missing: "source",
                found: found(),
            }
        })?;
    let english = find(
        &[
            "english",
            "target",
            "translation",
            "target term",
            "target_term",
        ],
        &tgt,
    )
    .ok_or_else(|| GlossaryFileError::MissingColumn {
        missing: "english",
        found: found(),
    })?;
    let note = find(&["note", "notes", "comment", "definition"], "");
    let forbidden = find(
        &["forbidden", "forbidden variants", "do not use", "avoid"],
        "",
    );
    let mut report = ReadTerms::default();
    if encoding != "UTF-8" {
        report.notes.push(format!("read as {encoding}"));
    }
    let used = [Some(source), Some(english), note, forbidden];
    let ignored: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(&Some(*i)) && !h.trim().is_empty())
        .map(|(_, h)| h.trim())
        .collect();
    if !ignored.is_empty() {
        report
            .notes
            .push(format!("column(s) not used: {}", ignored.join(", ")));
    }
    for (line, fields) in body {
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|f| f.trim().to_owned())
                .unwrap_or_default()
        };
        let term = RawTerm {
            line: *line,
            source: get(Some(source)),
            english: get(Some(english)),
            note: get(note),
            forbidden: get(forbidden)
                .split([';', '|'])
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        if term.source.is_empty() || term.english.is_empty() {
            report.skip(*line, "no source or no English");
            continue;
        }
        if term.source.len() > MAX_FIELD_BYTES
            || term.english.len() > MAX_FIELD_BYTES
            || term.note.len() > MAX_FIELD_BYTES
        {
            report.skip(
                *line,
                format!("a field longer than {MAX_FIELD_BYTES} bytes"),
            );
            continue;
        }
        if report.terms.len() >= MAX_TERMS {
            return Err(GlossaryFileError::TooManyTerms { max: MAX_TERMS });
        }
        report.terms.push(term);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_commas_quotes_and_line_breaks() {
        let text = "english,source,note\n\"Min Aung Hlaing\",မင်းအောင်လှိုင်,\"junta chief, \"\"senior general\"\"\"\nYangon,ရန်ကုန်,\"two\nlines\"\nKyaw,,x\n";
        let read = read_csv(text.as_bytes(), "my", "en").unwrap();
        assert_eq!(read.terms.len(), 2);
        assert_eq!(read.terms[0].english, "Min Aung Hlaing");
        assert_eq!(read.terms[0].source, "မင်းအောင်လှိုင်");
        assert_eq!(read.terms[0].note, "junta chief, \"senior general\"");
        assert_eq!(read.terms[1].note, "two\nlines");
        assert_eq!(read.terms[1].line, 3);
        assert_eq!(
            read.skipped,
            vec![(5, "no source or no English".to_owned())]
        );
    }

    #[test]
    fn utf16_from_excel_with_tabs() {
        let text = "my\ten\tforbidden\r\nရန်ကုန်\tYangon\tRangoon; Yangoon\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let read = read_csv(&bytes, "my", "en").unwrap();
        assert_eq!(read.terms.len(), 1);
        assert_eq!(read.terms[0].forbidden, vec!["Rangoon", "Yangoon"]);
        assert!(read.notes.iter().any(|n| n.contains("UTF-16")));
    }

    #[test]
    fn wrong_columns_and_open_quotes_are_refused() {
        let err = read_csv(b"name,value\na,b\n", "my", "en").unwrap_err();
        assert!(matches!(
            err,
            GlossaryFileError::MissingColumn {
                missing: "source",
                ..
            }
        ));
        assert!(err.to_string().contains("name,value"));
        let err = read_csv(b"source,english\n\"a,b\n", "my", "en").unwrap_err();
        assert_eq!(err, GlossaryFileError::OpenQuote { line: 2 });
        let err = read_csv(b"source,english\n\xff\xfe\xfd,x\n", "my", "en");
        assert!(matches!(
            err,
            Err(GlossaryFileError::NotText { line: 2, .. })
        ));
    }
}
