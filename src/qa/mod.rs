//! Quality checks: each check is a pure function in a file of its own, taking a row (and
//! what the desk knows) and returning findings as data. [`check_row`] runs every check on one
//! row, which is what the window does after each edit (the cost of a keystroke is one row's,
//! not the story's); [`check_story`] runs them on every row. A finding an editor accepted
//! with a reason is left out until the row's text changes ([`row_fingerprint`]).

pub mod brackets;
pub mod dates;
pub mod doubled;
pub mod identical;
pub mod length;
pub mod names;
pub mod numbers;
pub mod spaces;
pub mod spelling;
pub mod terms;
pub mod untranslated;

use std::ops::Range;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::glossary::{Glossary, TermIndex};
use crate::model::{RowRef, Side, Story, TextRow};
use crate::script::Script;

pub use length::LengthNorm;
pub use names::StoryFacts;
pub use spelling::Speller;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Wrong in print: a number, a date, a forbidden term, a row with no English.
    Error,
    /// Worth a look: spelling, spacing, a name spelled two ways.
    Warning,
}

impl Severity {
    /// The word shown.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// The checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Check {
    /// A row with source and no English.
    Untranslated,
    /// English identical to the source.
    Identical,
    /// Numbers that differ between the sides.
    Numbers,
    /// Dates and times that differ.
    Dates,
    /// A glossary term's agreed English missing, or a forbidden variant used.
    Terms,
    /// One name spelled two ways in the story's English.
    Names,
    /// A word typed twice.
    DoubledWords,
    /// Double, leading or trailing spaces.
    Spaces,
    /// Quotes or brackets that do not pair.
    Brackets,
    /// English far longer or shorter than the desk's usual for its source.
    Length,
    /// A word the dictionary, the desk's word list and the glossary do not know.
    Spelling,
}

impl Check {
    /// Every check, in the order they are run and listed.
    pub const ALL: [Self; 11] = [
        Self::Untranslated,
        Self::Identical,
        Self::Numbers,
        Self::Dates,
        Self::Terms,
        Self::Names,
        Self::DoubledWords,
        Self::Spaces,
        Self::Brackets,
        Self::Length,
        Self::Spelling,
    ];

    /// The check's name on the command line, in JSON and in the story file.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Untranslated => "untranslated",
            Self::Identical => "identical",
            Self::Numbers => "numbers",
            Self::Dates => "dates",
            Self::Terms => "terms",
            Self::Names => "names",
            Self::DoubledWords => "doubled-words",
            Self::Spaces => "spaces",
            Self::Brackets => "brackets",
            Self::Length => "length",
            Self::Spelling => "spelling",
        }
    }

    /// The check by its key.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// One thing a check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The row.
    pub row: RowRef,
    /// The check that found it.
    pub check: Check,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in one line.
    pub reason: String,
    /// The side the span is on.
    pub side: Side,
    /// Where in that side's text (bytes), when the finding has a place.
    pub span: Option<Range<usize>>,
}

impl Finding {
    /// A finding on the English side.
    #[must_use]
    pub fn english(
        row: RowRef,
        check: Check,
        severity: Severity,
        reason: String,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            row,
            check,
            severity,
            reason,
            side: Side::English,
            span,
        }
    }

    /// A finding on the source side.
    #[must_use]
    pub fn source(
        row: RowRef,
        check: Check,
        severity: Severity,
        reason: String,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            row,
            check,
            severity,
            reason,
            side: Side::Source,
            span,
        }
    }
}

/// One row as the checks see it.
#[derive(Clone, Copy, Debug)]
pub struct RowInput<'a> {
    /// Which row.
    pub row: RowRef,
    /// Its source text (empty for a writer's row with no source).
    pub source: &'a str,
    /// Its English.
    pub english: &'a str,
    /// The source language's rules.
    pub script: Script,
}

/// What the desk knows that the checks use: its glossary (indexed), the usual length of
/// its English, and the spelling dictionary with its word lists.
#[derive(Clone, Copy, Debug)]
pub struct DeskQa<'a> {
    /// The desk's source language code.
    pub source_language: &'a str,
    /// The glossary.
    pub glossary: &'a Glossary,
    /// Its terms, indexed for the source language.
    pub terms: &'a TermIndex,
    /// The desk's usual English length for its source, once learned.
    pub length: Option<&'a LengthNorm>,
    /// The spelling check's dictionary and words.
    pub speller: &'a Speller,
}

/// Every check on one row. `facts` are the story's (names across rows, contributors).
#[must_use]
pub fn check_row(
    desk: &DeskQa<'_>,
    facts: &StoryFacts,
    row: RowRef,
    text: &TextRow,
) -> Vec<Finding> {
    let input = RowInput {
        row,
        source: &text.source,
        english: &text.english,
        script: Script::for_language(desk.source_language),
    };
    let mut out = Vec::new();
    out.extend(untranslated::check(&input));
    if text.english.trim().is_empty() {
        return out;
    }
    out.extend(identical::check(&input));
    out.extend(numbers::check(&input));
    out.extend(dates::check(&input));
    out.extend(terms::check(&input, desk.glossary, desk.terms));
    out.extend(names::check(&input, facts));
    out.extend(doubled::check(&input));
    out.extend(spaces::check(&input));
    out.extend(brackets::check(&input));
    if let Some(norm) = desk.length {
        out.extend(length::check(&input, norm));
    }
    out.extend(spelling::check(&input, desk.speller, facts));
    out
}

/// The rows the checks look at: headline, deck and the blocks that run (omitted ones are
/// left out of the English copy, so of the checks too).
pub fn checked_rows(story: &Story) -> impl Iterator<Item = (RowRef, &TextRow)> + '_ {
    [
        (RowRef::Headline, &story.headline),
        (RowRef::Deck, &story.deck),
    ]
    .into_iter()
    .chain(
        story
            .blocks
            .iter()
            .filter(|b| !b.omitted)
            .map(|b| (RowRef::Block(b.id), &b.row)),
    )
}

/// Every check on every row of a story, findings accepted for the row's present text left
/// out, in row order.
#[must_use]
pub fn check_story(desk: &DeskQa<'_>, story: &Story) -> Vec<Finding> {
    let facts = StoryFacts::of(story);
    let rows: Vec<(RowRef, &TextRow)> = checked_rows(story).collect();
    let check = |rows: &[(RowRef, &TextRow)]| -> Vec<Finding> {
        let mut out = Vec::new();
        for &(row, text) in rows {
            let findings = check_row(desk, &facts, row, text);
            out.extend(without_accepted(story, row, text, findings));
        }
        out
    };
    if rows.len() < PARALLEL_FROM_ROWS {
        return check(&rows);
    }
    // A long story's rows are independent once its facts are known: the second half is
    // checked on a thread of its own (the machines we measure on have two cores).
    let (first, second) = rows.split_at(rows.len() / 2);
    let (mut out, rest) = std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("copydesk-qa".to_owned())
            .spawn_scoped(scope, || check(second));
        let here = check(first);
        (here, other.map(std::thread::ScopedJoinHandle::join))
    });
    match rest {
        Ok(Ok(rest)) => out.extend(rest),
        // No thread could be started (or it failed): the second half here.
        _ => out.extend(check(second)),
    }
    out
}

/// From how many rows a story's checks run on two threads.
const PARALLEL_FROM_ROWS: usize = 200;

/// The findings of a row without those accepted for its present text.
#[must_use]
pub fn without_accepted(
    story: &Story,
    row: RowRef,
    text: &TextRow,
    findings: Vec<Finding>,
) -> Vec<Finding> {
    if story.qa_accepted.iter().all(|a| a.row != row) {
        return findings;
    }
    let print = row_fingerprint(text);
    findings
        .into_iter()
        .filter(|f| {
            !story
                .qa_accepted
                .iter()
                .any(|a| a.row == row && a.check == f.check.key() && a.text == print)
        })
        .collect()
}

/// A short fingerprint of a row's two texts: an accepted finding holds for this text only.
#[must_use]
pub fn row_fingerprint(text: &TextRow) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.source.as_bytes());
    hasher.update([0]);
    hasher.update(text.english.as_bytes());
    let digest = hasher.finalize();
    digest[..8]
        .iter()
        .fold(String::with_capacity(16), |mut out, b| {
            use std::fmt::Write as _;
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// How many findings are errors and how many warnings.
#[must_use]
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

/// Text shortened for a message: at most `max` characters, with an ellipsis.
#[must_use]
pub fn quote(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Rows for the checks' tests.
    use super::RowInput;
    use crate::model::{BlockId, RowRef};
    use crate::script::Script;

    /// A Burmese-to-English row.
    pub fn row<'a>(source: &'a str, english: &'a str) -> RowInput<'a> {
        RowInput {
            row: RowRef::Block(BlockId(1)),
            source,
            english,
            script: Script::Myanmar,
        }
    }
}

/// What a desk's checks need, owned: the glossary and its index, the learned length, the
/// speller. Made once when a desk opens (by the window and by `copydesk check`), and
/// lent to the checks as a [`DeskQa`].
#[derive(Clone, Debug)]
pub struct DeskChecks {
    /// The desk's source language.
    pub source_language: String,
    /// The glossary.
    pub glossary: Glossary,
    /// Its terms, indexed.
    pub terms: TermIndex,
    /// The desk's usual length, once learned.
    pub length: Option<LengthNorm>,
    /// The spelling dictionary and known words.
    pub speller: Speller,
}

impl DeskChecks {
    /// The checks of a desk.
    #[must_use]
    pub fn new(
        source_language: &str,
        glossary: Glossary,
        speller: Speller,
        length: Option<LengthNorm>,
    ) -> Self {
        let terms = TermIndex::new(&glossary, source_language);
        Self {
            source_language: source_language.to_owned(),
            glossary,
            terms,
            length,
            speller,
        }
    }

    /// The glossary changed: indexed again, its English known to the speller.
    pub fn set_glossary(&mut self, glossary: Glossary) {
        for word in crate::glossary::known_words(&glossary) {
            self.speller.add_known(&word);
        }
        self.terms = TermIndex::new(&glossary, &self.source_language);
        self.glossary = glossary;
    }

    /// Lent to the checks.
    #[must_use]
    pub fn qa(&self) -> DeskQa<'_> {
        DeskQa {
            source_language: &self.source_language,
            glossary: &self.glossary,
            terms: &self.terms,
            length: self.length.as_ref(),
            speller: &self.speller,
        }
    }
}

/// The confirmed rows of stories, as (source, English) pairs to learn the desk's usual
/// length from.
pub fn confirmed_pairs<'a>(
    stories: impl IntoIterator<Item = &'a Story>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    stories.into_iter().flat_map(|story| {
        checked_rows(story)
            .filter(|(_, r)| r.status.is_confirmed())
            .map(|(_, r)| (r.source.as_str(), r.english.as_str()))
    })
}

/// The QA errors of a story in words, for the summary before handing on or signing off:
/// untranslated rows are left out (the summary counts them already).
#[must_use]
pub fn errors_for_summary(findings: &[Finding], story: &Story) -> Vec<String> {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.check != Check::Untranslated)
        .collect();
    if errors.is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<String> = errors
        .iter()
        .map(|f| crate::model::row_name(story, f.row))
        .collect();
    rows.dedup();
    vec![format!(
        "{} QA error(s), on {}: {}",
        errors.len(),
        rows.join(", "),
        errors
            .iter()
            .take(3)
            .map(|f| f.reason.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    )]
}

/// Why a finding could not be accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AcceptProblem {
    /// No reason given.
    #[error("accepting a finding needs a reason, kept with the story")]
    NoReason,
    /// The row is gone.
    #[error("that row is no longer in the story")]
    NoSuchRow,
}

/// The edit that accepts a check's findings on a row, for the row's present text, with a
/// reason, in the person's name. Permission is the session's (like a comment).
pub fn accept_edit(
    story: &Story,
    row: RowRef,
    check: Check,
    reason: &str,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<crate::edit::Edit, AcceptProblem> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AcceptProblem::NoReason);
    }
    let text = story.row(row).ok_or(AcceptProblem::NoSuchRow)?;
    Ok(crate::edit::Edit::SetAccepted {
        row,
        check: check.key().to_owned(),
        accepted: Some(crate::model::AcceptedFinding {
            row,
            check: check.key().to_owned(),
            text: row_fingerprint(text),
            reason: reason.to_owned(),
            by: by.to_owned(),
            at,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockId;

    #[test]
    fn an_accepted_finding_stays_away_until_the_text_changes() {
        let mut story = Story::new("s", chrono::DateTime::default());
        story.append_source_paragraphs("လူ ၅,၀၀၀ ခန့်");
        let row = RowRef::Block(BlockId(1));
        story.row_mut(row).unwrap().english = "about five thousand people".to_owned();
        let glossary = Glossary::new();
        let checks = DeskChecks::new(
            "my",
            glossary,
            Speller::without_dictionary(String::new(), []),
            None,
        );
        let found = check_story(&checks.qa(), &story);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].check, Check::Numbers);
        assert_eq!(
            accept_edit(
                &story,
                row,
                Check::Numbers,
                " ",
                "Ed",
                chrono::DateTime::default()
            ),
            Err(AcceptProblem::NoReason)
        );
        let edit = accept_edit(
            &story,
            row,
            Check::Numbers,
            "spelled out",
            "Ed",
            chrono::DateTime::default(),
        )
        .unwrap();
        edit.apply(&mut story).unwrap();
        assert!(check_story(&checks.qa(), &story).is_empty());
        // A changed English raises it again.
        story.row_mut(row).unwrap().english = "about five thousand people.".to_owned();
        assert_eq!(check_story(&checks.qa(), &story).len(), 1);
    }

    #[test]
    fn a_long_story_checked_on_two_threads_gives_every_finding_in_row_order() {
        // 401 rows (more than PARALLEL_FROM_ROWS), each with a number that differs: row k
        // says ၅ in the source and k + 10 in the English, so each row has two numbers
        // errors (5 missing, k + 10 extra).
        let mut story = Story::new("s", chrono::DateTime::default());
        let source: Vec<String> = (0..401).map(|_| "လူ ၅ ဦး".to_owned()).collect();
        story.append_source_paragraphs(&source.join("\n\n"));
        for (k, block) in story.blocks.iter_mut().enumerate() {
            block.row.english = format!("{} people", k + 10);
        }
        let checks = DeskChecks::new(
            "my",
            Glossary::new(),
            Speller::without_dictionary(String::new(), []),
            None,
        );
        let found = check_story(&checks.qa(), &story);
        let numbers: Vec<RowRef> = found
            .iter()
            .filter(|f| f.check == Check::Numbers)
            .map(|f| f.row)
            .collect();
        let expected: Vec<RowRef> = (1..=401)
            .flat_map(|k| [RowRef::Block(BlockId(k)); 2])
            .collect();
        assert!(
            numbers == expected,
            "{} findings, not in row order",
            numbers.len()
        );
    }
}
