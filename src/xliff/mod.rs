//! XLIFF: a story handed to a freelance translator who works in another tool (`OmegaT`,
//! memoQ, Trados, `MateCat`) and their work taken back without retyping. Pure: a story in,
//! bytes out; bytes and a story in, a checked plan of edits out.
//!
//! The export ([`write_xliff`]) makes one unit per row that has source text and runs —
//! headline, deck, body rows and photo captions — with a stable id (`headline`, `deck`,
//! `b<block id>`), the source and the English, the row's status as the segment's `state`
//! and the row's open comment threads as notes. XLIFF 2.1 (the 2.0 core namespace,
//! `version="2.1"`) by default, XLIFF 1.2 for tools that still need it.
//!
//! The import ([`read_xliff`], then [`plan_import`]) reads either version back within
//! [`Limits`] and turns the English that changed into one edit: each changed row gets the
//! new English and becomes a draft for review. A file made for another story, for another
//! language pair, or whose source no longer matches the story's, is refused whole, and so
//! is a file that names a row the story does not have: nothing of it is applied.

mod read;
mod write;

pub use read::{Limits, XliffFile, XliffUnit, fuzz_read, read_xliff};
pub use write::write_xliff;

use crate::edit::Edit;
use crate::model::{BlockId, DeskSettings, RowRef, RowStatus, Story, row_name};

/// The XLIFF 2 core namespace: XLIFF 2.1 keeps the 2.0 core's namespace.
pub const NS_2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The XLIFF 2.2 core namespace, read like 2.0's.
pub const NS_2_2: &str = "urn:oasis:names:tc:xliff:document:2.2";
/// The XLIFF 1.2 namespace.
pub const NS_1_2: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Which XLIFF a file is, or is to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum XliffVersion {
    /// XLIFF 2.1 (OASIS Standard 2018), what current tools exchange.
    #[default]
    V2_1,
    /// XLIFF 1.2 (2008), for tools that read nothing newer.
    V1_2,
}

impl XliffVersion {
    /// The version as written on the command line and in the file: `2.1` or `1.2`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::V2_1 => "2.1",
            Self::V1_2 => "1.2",
        }
    }

    /// The version named on the command line.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        match label.trim() {
            "2.1" | "2" | "2.0" => Some(Self::V2_1),
            "1.2" | "1" => Some(Self::V1_2),
            _ => None,
        }
    }
}

/// Why an XLIFF file could not be written, read or applied. The caller adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XliffError {
    /// Bigger than the limit.
    #[error(
        "{bytes} bytes, more than the {max} an XLIFF file of one story may have; this is not a file Copydesk exported"
    )]
    TooBig {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Bytes that are not UTF-8 text.
    #[error("line {line}: not UTF-8 text; save the file as UTF-8 and import it again")]
    NotText {
        /// The line of the first bad byte, from 1.
        line: usize,
    },
    /// Broken XML.
    #[error("line {line}: the XML is broken ({problem}); nothing was imported")]
    Syntax {
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A document type declaration, which could declare entities or point outside.
    #[error(
        "line {line}: the file has a document type declaration (<!DOCTYPE>), which XLIFF files do not have and Copydesk never reads; nothing was imported"
    )]
    DocType {
        /// The line, from 1.
        line: usize,
    },
    /// An entity XML does not define.
    #[error("line {line}: `&{name};` is not defined in XML; nothing was imported")]
    UnknownEntity {
        /// The line, from 1.
        line: usize,
        /// The entity's name.
        name: String,
    },
    /// Elements nested deeper than the limit.
    #[error("line {line}: elements nested more than {max} deep; this is not an XLIFF file")]
    TooDeep {
        /// The line, from 1.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// XML that is not XLIFF 1.2 or 2.x.
    #[error("line {line}: not an XLIFF file Copydesk reads ({problem})")]
    NotXliff {
        /// The line, from 1.
        line: usize,
        /// What was found instead.
        problem: String,
    },
    /// More of something than one story has.
    #[error("line {line}: {problem}; nothing was imported")]
    TooMany {
        /// The line, from 1.
        line: usize,
        /// What.
        problem: String,
    },
    /// A file whose structure does not fit one story.
    #[error("line {line}: {problem}; nothing was imported")]
    Structure {
        /// The line, from 1.
        line: usize,
        /// What.
        problem: String,
    },
    /// A file made from another story.
    #[error(
        "this file was made from the story \"{found}\", not \"{expected}\"; nothing was imported"
    )]
    OtherStory {
        /// The story the file names.
        found: String,
        /// The story it was imported into.
        expected: String,
    },
    /// A file none of whose sources are the story's.
    #[error(
        "none of this file's sources are in the story \"{slug}\": it was made from another story; nothing was imported"
    )]
    NoneMatch {
        /// The story it was imported into.
        slug: String,
    },
    /// A file for another language pair.
    #[error(
        "this file is from {found_source} into {found_target}, and the desk translates from {desk_source} into {desk_target}; nothing was imported"
    )]
    OtherLanguages {
        /// The file's source language.
        found_source: String,
        /// The file's target language.
        found_target: String,
        /// The desk's source language.
        desk_source: String,
        /// The desk's target language.
        desk_target: String,
    },
    /// Rows whose source changed since the file was made, or that are gone.
    #[error(
        "the source no longer matches the story in {}: it changed since this file was made, so its English may not fit; export the story again and translate that file; nothing was imported",
        rows.join(", ")
    )]
    SourceChanged {
        /// The rows, named as a person reads them, each with its line in the file.
        rows: Vec<String>,
    },
    /// The XML reader failed in a way it should not.
    #[error("the XML reader failed ({problem}); nothing was imported")]
    ReaderFailed {
        /// What it said.
        problem: String,
    },
    /// A language code that cannot be written into the file.
    #[error("`{tag}` is not a language code an XLIFF file can carry (such as my, en or en-GB)")]
    BadLanguage {
        /// The code as given.
        tag: String,
    },
    /// The writer failed.
    #[error("the XLIFF file could not be written ({problem})")]
    Write {
        /// What it said.
        problem: String,
    },
}

/// The unit id of a row: `headline`, `deck`, or `b` and the block's id (stable across
/// moves, splits and reloads; an XML NMTOKEN).
#[must_use]
pub fn unit_id(row: RowRef) -> String {
    match row {
        RowRef::Headline => "headline".to_owned(),
        RowRef::Deck => "deck".to_owned(),
        RowRef::Block(id) => format!("b{}", id.0),
    }
}

/// The row a unit id names, if it is one [`unit_id`] makes.
#[must_use]
pub fn row_of_unit(id: &str) -> Option<RowRef> {
    match id {
        "headline" => Some(RowRef::Headline),
        "deck" => Some(RowRef::Deck),
        _ => {
            let digits = id.strip_prefix('b')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // `b01` is not an id Copydesk writes.
            if digits.len() > 1 && digits.starts_with('0') {
                return None;
            }
            digits.parse().ok().map(|n| RowRef::Block(BlockId(n)))
        }
    }
}

/// The rows an export carries, in editor order: those with source text that run.
#[must_use]
pub fn exported_rows(story: &Story) -> Vec<RowRef> {
    story
        .rows()
        .filter(|row| match row {
            RowRef::Block(id) => story
                .block(*id)
                .is_some_and(|b| !b.omitted && !b.row.source.trim().is_empty()),
            _ => story.row(*row).is_some_and(|r| !r.source.trim().is_empty()),
        })
        .collect()
}

/// Text as XML 1.0 can hold it: the characters it cannot (control characters other than
/// tab, newline and carriage return; U+FFFE, U+FFFF) left out. Carriage returns become
/// newlines, as any XML reader would make them.
#[must_use]
pub fn xml_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| {
            !((c < ' ' && !matches!(c, '\t' | '\n')) || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

/// A source compared for "still the same": what XML can hold, with runs of white space as
/// one space and none at the ends (a tool may re-indent or re-wrap what it does not change).
fn comparable(text: &str) -> String {
    xml_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row whose English an import changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowChange {
    /// The row.
    pub row: RowRef,
    /// Its name as a person reads it ("Headline", "Row 3").
    pub name: String,
    /// The English before.
    pub before: String,
    /// The English from the file.
    pub after: String,
}

/// What importing a translator's file would do, worked out before anything is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// The rows whose English changes, in editor order.
    pub changes: Vec<RowChange>,
    /// Rows whose English in the file is what the story has.
    pub unchanged: usize,
    /// Rows with no English in the file (left as they are).
    pub without_english: usize,
    /// Rows the translator's tool had split into segments and not translated every one of
    /// (left as they are), by name.
    pub incomplete: Vec<String>,
    /// Rows of the story with source text that the file does not have (added since the
    /// export, or left out by the tool), by name.
    pub not_in_file: Vec<String>,
}

impl ImportPlan {
    /// The one edit that applies the plan: for each changed row its English, and the row a
    /// draft for review. Empty when nothing changes.
    #[must_use]
    pub fn edit(&self) -> Edit {
        let mut edits = Vec::new();
        for change in &self.changes {
            edits.push(Edit::SetText {
                row: change.row,
                side: crate::model::Side::English,
                text: change.after.clone(),
            });
            edits.push(Edit::SetStatus {
                row: change.row,
                status: RowStatus::Draft,
            });
        }
        Edit::Batch(edits)
    }

    /// The summary a person reads: what changed (or, before it is `applied`, what would
    /// change), row by row, and what was left alone.
    #[must_use]
    pub fn summary(&self, applied: bool) -> String {
        let mut lines = vec![match (self.changes.len(), applied) {
            (0, true) => "No English changed.".to_owned(),
            (0, false) => "No English would change.".to_owned(),
            (1, true) => "1 row's English changed; it is now a draft for review:".to_owned(),
            (1, false) => {
                "1 row's English would change; it would become a draft for review:".to_owned()
            }
            (n, true) => format!("{n} rows' English changed; they are now drafts for review:"),
            (n, false) => {
                format!("{n} rows' English would change; each would become a draft for review:")
            }
        }];
        for change in &self.changes {
            // Words, not an arrow: the window's English font has no arrow.
            lines.push(if change.before.trim().is_empty() {
                format!(
                    "  {}: now “{}” (no English before)",
                    change.name,
                    one_line(&change.after)
                )
            } else {
                format!(
                    "  {}: “{}” is now “{}”",
                    change.name,
                    one_line(&change.before),
                    one_line(&change.after)
                )
            });
        }
        lines.push(format!("{} row(s) unchanged.", self.unchanged));
        if self.without_english > 0 {
            lines.push(format!(
                "{} row(s) had no English in the file and were left as they are.",
                self.without_english
            ));
        }
        if !self.incomplete.is_empty() {
            lines.push(format!(
                "Only partly translated in the file, left as they are: {}.",
                self.incomplete.join(", ")
            ));
        }
        if !self.not_in_file.is_empty() {
            lines.push(format!(
                "Not in the file (added since it was made?): {}.",
                self.not_in_file.join(", ")
            ));
        }
        lines.join("\n")
    }
}

/// Text on one line, shortened for a summary.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 80 {
        let short: String = line.chars().take(79).collect();
        format!("{short}…")
    } else {
        line
    }
}

/// Works out what importing `file` into `story` would change, refusing a file made from
/// another story or language pair, one that names a row the story does not have, and one
/// whose source no longer matches the story's. Applies nothing.
pub fn plan_import(
    story: &Story,
    settings: &DeskSettings,
    file: &XliffFile,
) -> Result<ImportPlan, XliffError> {
    if file.original != story.slug {
        return Err(XliffError::OtherStory {
            found: file.original.clone(),
            expected: story.slug.clone(),
        });
    }
    let matches = |found: &str, wanted: &str| {
        found.trim().is_empty() || crate::tm::tmx::language_matches(found, wanted)
    };
    if !matches(&file.source_language, &settings.source_language)
        || !matches(&file.target_language, &settings.target_language)
    {
        return Err(XliffError::OtherLanguages {
            found_source: file.source_language.clone(),
            found_target: file.target_language.clone(),
            desk_source: settings.source_language.clone(),
            desk_target: settings.target_language.clone(),
        });
    }
    let mut plan = ImportPlan {
        changes: Vec::new(),
        unchanged: 0,
        without_english: 0,
        incomplete: Vec::new(),
        not_in_file: Vec::new(),
    };
    let mut mismatched = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for unit in &file.units {
        let Some(row) = row_of_unit(&unit.id).filter(|r| story.row(*r).is_some()) else {
            mismatched.push(format!(
                "unit \"{}\" (line {}): no such row",
                unit.id, unit.line
            ));
            continue;
        };
        seen.insert(row);
        let Some(current) = story.row(row) else {
            continue;
        };
        let name = row_name(story, row);
        if comparable(&unit.source) != comparable(&current.source) {
            mismatched.push(format!("{name} (line {})", unit.line));
            continue;
        }
        if unit.incomplete {
            plan.incomplete.push(name);
            continue;
        }
        let Some(target) = unit
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            plan.without_english += 1;
            continue;
        };
        if target == xml_text(&current.english).trim() {
            plan.unchanged += 1;
            continue;
        }
        plan.changes.push(RowChange {
            row,
            name,
            before: current.english.clone(),
            after: target.to_owned(),
        });
    }
    if !file.units.is_empty() && mismatched.len() == file.units.len() {
        return Err(XliffError::NoneMatch {
            slug: story.slug.clone(),
        });
    }
    if !mismatched.is_empty() {
        if mismatched.len() > 12 {
            let more = mismatched.len() - 10;
            mismatched.truncate(10);
            mismatched.push(format!("{more} more"));
        }
        return Err(XliffError::SourceChanged { rows: mismatched });
    }
    for row in exported_rows(story) {
        if !seen.contains(&row) {
            plan.not_in_file.push(row_name(story, row));
        }
    }
    // Editor order, whatever order the tool wrote the units in.
    plan.changes
        .sort_by_key(|c| story.row_index(c.row).unwrap_or(usize::MAX));
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ids_name_rows_both_ways() {
        for (id, row) in [
            ("headline", RowRef::Headline),
            ("deck", RowRef::Deck),
            ("b7", RowRef::Block(BlockId(7))),
            ("b0", RowRef::Block(BlockId(0))),
        ] {
            assert_eq!(unit_id(row), id);
            assert_eq!(row_of_unit(id), Some(row));
        }
        for bad in ["", "b", "b01", "bx", "B7", "7", "b-1", "b99999999999"] {
            assert_eq!(row_of_unit(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_xml_cannot_hold_is_left_out() {
        assert_eq!(xml_text("a\u{1}b\r\nc\rd\u{FFFF}\te"), "ab\nc\nd\te");
        assert_eq!(comparable("  a \n b\t"), "a b");
    }
}
