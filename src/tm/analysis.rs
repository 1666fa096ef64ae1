//! Analysis (how much of a text the memory already holds, by match band: how a desk plans
//! and pays work) and pre-translation (a story's untranslated rows filled with their best
//! match, as drafts that say so).

use crate::edit::Edit;
use crate::model::{RowRef, RowStatus, Story};
use crate::script::Script;

use super::{Lookup, Memory, token};

/// The match bands, best first, as CAT tools and translation agencies count them.
pub const BANDS: [(u8, u8, &str); 6] = [
    (100, 100, "100%"),
    (95, 99, "95–99%"),
    (85, 94, "85–94%"),
    (75, 84, "75–84%"),
    (50, 74, "50–74%"),
    (0, 49, "no match"),
];

/// Rows and units (syllables for Burmese, words otherwise) in one band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Rows.
    pub rows: usize,
    /// Syllables or words.
    pub units: usize,
}

/// An analysis: a tally per band, and repetitions inside the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Analysis {
    /// One tally per entry of [`BANDS`].
    pub bands: [Tally; 6],
    /// Rows whose source is the same as an earlier row's in the same text (counted once,
    /// in their band, where they first occur).
    pub repetitions: Tally,
    /// Everything analysed.
    pub total: Tally,
    /// What the units are: "syllables" or "words".
    pub unit_name: &'static str,
}

/// The band a score falls in.
#[must_use]
pub fn band(score: u8) -> usize {
    BANDS
        .iter()
        .position(|&(low, high, _)| (low..=high).contains(&score))
        .unwrap_or(BANDS.len() - 1)
}

/// An analysis made one text at a time, so a long one can show its progress.
#[derive(Debug)]
pub struct Analyser {
    analysis: Analysis,
    seen: std::collections::HashSet<Vec<String>>,
    script: Script,
    exclude_story: Option<String>,
}

impl Analyser {
    /// An empty analysis for texts in `script`; a story is not matched against its own rows
    /// (`exclude_story`).
    #[must_use]
    pub fn new(script: Script, exclude_story: Option<&str>) -> Self {
        Self {
            analysis: Analysis {
                unit_name: script.unit_name(),
                ..Analysis::default()
            },
            seen: std::collections::HashSet::new(),
            script,
            exclude_story: exclude_story.map(str::to_owned),
        }
    }

    /// Counts one text (a row's source, a paragraph).
    pub fn add(&mut self, memory: &Memory, source: &str) {
        let keys = token::content_keys(source);
        if keys.is_empty() {
            return;
        }
        let units = self.script.count(source).units;
        let analysis = &mut self.analysis;
        analysis.total.rows += 1;
        analysis.total.units += units;
        if !self.seen.insert(keys) {
            analysis.repetitions.rows += 1;
            analysis.repetitions.units += units;
            return;
        }
        let how = Lookup {
            min: 50,
            limit: 1,
            exclude_story: self.exclude_story.as_deref(),
            whole_only: true,
            exclude_row: None,
        };
        let best = memory.lookup(source, &how).first().map_or(0, |m| m.score);
        let tally = &mut analysis.bands[band(best)];
        tally.rows += 1;
        tally.units += units;
    }

    /// The analysis so far.
    #[must_use]
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}

/// Analyses sources (a story's rows, or a file's paragraphs) against the memory; a story
/// is not matched against its own rows (`exclude_story`).
#[must_use]
pub fn analyse<'a>(
    memory: &Memory,
    sources: impl IntoIterator<Item = &'a str>,
    script: Script,
    exclude_story: Option<&str>,
) -> Analysis {
    let mut analyser = Analyser::new(script, exclude_story);
    for source in sources {
        analyser.add(memory, source);
    }
    analyser.analysis
}

/// One row filled by pre-translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    /// The row.
    pub row: RowRef,
    /// The English put in.
    pub english: String,
    /// The match's score.
    pub score: u8,
}

/// The rows of a story pre-translation would fill: each row with source and no English,
/// with its best whole-row match at or above `min` (after penalties).
#[must_use]
pub fn pretranslation(memory: &Memory, slug: &str, story: &Story, min: u8) -> Vec<Filled> {
    untranslated_rows(story)
        .into_iter()
        .filter_map(|(row, source)| pretranslate_row(memory, slug, row, &source, min))
        .collect()
}

/// The rows pre-translation looks at: source and no English, in reading order.
#[must_use]
pub fn untranslated_rows(story: &Story) -> Vec<(RowRef, String)> {
    let rows = [
        (RowRef::Headline, &story.headline),
        (RowRef::Deck, &story.deck),
    ]
    .into_iter()
    .chain(story.blocks.iter().map(|b| (RowRef::Block(b.id), &b.row)));
    rows.filter(|(_, r)| !r.source.trim().is_empty() && r.english.trim().is_empty())
        .map(|(row, r)| (row, r.source.clone()))
        .collect()
}

/// One row's pre-translation: its best whole-row match at or above `min`, if any.
#[must_use]
pub fn pretranslate_row(
    memory: &Memory,
    slug: &str,
    row: RowRef,
    source: &str,
    min: u8,
) -> Option<Filled> {
    let how = Lookup {
        min: min.max(1),
        limit: 1,
        exclude_story: Some(slug),
        whole_only: true,
        exclude_row: None,
    };
    let best = memory.lookup(source, &how).into_iter().next()?;
    if best.score < min {
        return None;
    }
    let entry = memory.entry(best.entry)?;
    Some(Filled {
        row,
        english: entry.english.get(best.english.clone())?.trim().to_owned(),
        score: best.score,
    })
}

/// The one edit that puts pre-translated rows in: each row's English, its status a draft
/// (never confirmed), and its mark with the score.
#[must_use]
pub fn pretranslation_edit(filled: &[Filled]) -> Option<Edit> {
    if filled.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    for f in filled {
        edits.push(Edit::SetText {
            row: f.row,
            side: crate::model::Side::English,
            text: f.english.clone(),
        });
        edits.push(Edit::SetStatus {
            row: f.row,
            status: RowStatus::Draft,
        });
        edits.push(Edit::SetPretranslated {
            row: f.row,
            score: Some(f.score),
        });
    }
    Some(Edit::Batch(edits))
}
