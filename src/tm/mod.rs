//! The translation memory: every confirmed row of the desk's stories and the units of
//! imported TMX files, looked up by how much of an earlier source a translator can reuse.
//!
//! Pure: no egui and no file system (`store::memory` keeps the cache and imported files).
//!
//! - Text is compared as tokens ([`token`]): Burmese by syllables, never by spaces.
//! - The score and its formula are in [`score`]; penalties are subtracted and shown.
//! - A row is also split into sentences (`script::sentence_ranges`), so a row of three
//!   sentences finds the earlier translation of any one of them, and a one-sentence row
//!   finds a sentence of a longer earlier row when that row's English has as many
//!   sentences (sentence `k` of the source is then taken as translated by sentence `k`).
//! - The index: each lookup unit's tokens are posted under (token, occurrence) elements.
//!   A unit scoring at least `min` against a text of `m` tokens shares at least
//!   `ceil(m × min / 100)` of them ([`score::shared_needed`]), so it must hold one of any
//!   `m − needed + 1` of the text's elements: only the rarest are read. Candidates are then
//!   filtered by length and shared tokens, and scored exactly. The result is the same as
//!   scoring every unit ([`Memory::lookup_by_scan`], which the tests and the benchmark
//!   compare it with).

pub mod analysis;
pub mod postings;
pub mod score;
pub mod tmx;
pub mod token;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Role, RowRef, Stage, Story};
use crate::script::sentence_ranges;
use postings::PostingList;

/// How far an entry has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EntryStatus {
    /// The translator confirmed the row; no editor has reviewed it.
    Confirmed,
    /// An editor reviewed the row.
    Reviewed,
    /// From a file another tool wrote.
    Imported,
}

/// Where an entry came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A row of one of the desk's stories.
    Story {
        /// The story's slug (shared by the story's entries).
        slug: Arc<str>,
        /// The row.
        row: RowRef,
    },
    /// A memory imported from a file, by the name the desk gave it.
    File {
        /// The memory's name (shared by its entries).
        name: Arc<str>,
    },
}

/// One translation: a source, its English, and where, who and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The source text.
    pub source: String,
    /// Its English.
    pub english: String,
    /// Where it came from.
    pub origin: Origin,
    /// Who translated it (for a story, its credited translators; shared by the story's
    /// entries, as a million entries have a few hundred authors).
    pub author: Arc<str>,
    /// When (for a story, its last change).
    pub time: DateTime<Utc>,
    /// How far it has come.
    pub status: EntryStatus,
    /// A note that came with it (an imported unit's notes and properties).
    pub note: String,
}

/// A part of a text: the whole of it, or one of its sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// 0 for the whole text, else the sentence's number from 1.
    pub sentence: u16,
    /// How many sentences the text has.
    pub of: u16,
    /// Its bytes in the text.
    pub range: Range<usize>,
}

impl Part {
    /// Whether this is the whole text.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.sentence == 0
    }
}

/// Something subtracted from a match's score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Penalty {
    /// The entry came from an imported file, which costs what the desk set.
    Imported {
        /// The memory's name.
        name: String,
        /// The points.
        points: u8,
    },
    /// No editor has reviewed the row: 1 point.
    Unreviewed,
    /// The English is one sentence of a longer earlier translation, paired with the
    /// source's sentence by position, which may be wrong: 1 point.
    SentenceAligned,
}

impl Penalty {
    /// The points subtracted.
    #[must_use]
    pub fn points(&self) -> u8 {
        match self {
            Self::Imported { points, .. } => *points,
            Self::Unreviewed | Self::SentenceAligned => 1,
        }
    }
}

/// One match for a text looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// The entry's id in the memory.
    pub entry: usize,
    /// The score after penalties.
    pub score: u8,
    /// The score before penalties.
    pub raw: u8,
    /// What was subtracted.
    pub penalties: Vec<Penalty>,
    /// The part of the text looked up that matched.
    pub part: Part,
    /// The part of the entry's source that matched.
    pub earlier: Part,
    /// The part of the entry's English that translates it.
    pub english: Range<usize>,
}

/// How to look up.
#[derive(Clone, Debug)]
pub struct Lookup<'a> {
    /// The lowest score (before penalties) worth showing.
    pub min: u8,
    /// The most matches returned.
    pub limit: usize,
    /// Leave out the rows of this story (a story is not matched against itself).
    pub exclude_story: Option<&'a str>,
    /// Only the whole text, not its sentences (analysis and pre-translation).
    pub whole_only: bool,
    /// Leave out this row's own entry (the row being translated is not its own match).
    pub exclude_row: Option<(&'a str, RowRef)>,
}

impl Default for Lookup<'_> {
    fn default() -> Self {
        Self {
            min: 50,
            limit: 5,
            exclude_story: None,
            whole_only: false,
            exclude_row: None,
        }
    }
}

/// A place where a phrase was translated before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The entry's id in the memory.
    pub entry: usize,
    /// Whether the phrase is in the source (else in the English).
    pub in_source: bool,
    /// Its bytes in that side's text.
    pub range: Range<usize>,
}

/// A unit the index finds: an entry's source, or one of its sentences.
#[derive(Clone, Debug)]
struct Unit {
    entry: u32,
    sentence: u16,
    of: u16,
    /// Its content tokens, in order: `tokens[start..start + len]` of the memory.
    start: u32,
    len: u32,
    source: (u32, u32),
    english: (u32, u32),
}

/// A byte range as a unit keeps it.
fn pair(range: &Range<usize>) -> (u32, u32) {
    (
        u32::try_from(range.start).unwrap_or(u32::MAX),
        u32::try_from(range.end).unwrap_or(u32::MAX),
    )
}

fn range((start, end): (u32, u32)) -> Range<usize> {
    start as usize..end as usize
}

/// How many more of the rarest (token, occurrence) lists a lookup reads than the prefix
/// filter needs, so that a candidate must be in several of them (see [`Memory::candidates`]).
const EXTRA_LISTS: usize = 6;

/// From how many units a text of several parts reads their lists on two threads.
const PARALLEL_FROM_UNITS: usize = 100_000;

/// The most sentences of one text looked up on their own.
pub const MAX_QUERY_SENTENCES: usize = 12;

/// The thresholds a lookup tries, from the highest: when enough matches score at least one
/// of them, nothing below it can be among the best, and the cheaper search is exact.
const STAGES: [u8; 2] = [90, 75];

/// Token ids a text has that the memory has never seen: distinct, and never in an entry.
const UNSEEN: u32 = u32::MAX / 2;

/// The element a token's `n`th occurrence in a unit is posted under.
fn element(token: u32, occurrence: u32) -> u64 {
    (u64::from(token) << 32) | u64::from(occurrence)
}

/// The memory: entries, and the index over their sources and English.
#[derive(Debug, Default)]
pub struct Memory {
    entries: Vec<Option<Entry>>,
    /// The units of each entry (a range of `units`).
    entry_units: Vec<Range<u32>>,
    units: Vec<Unit>,
    /// Every unit's content tokens, one after the other.
    tokens: Vec<u32>,
    /// Each unit's length in tokens (at most `u16::MAX`), 0 once its entry is removed: the
    /// length filter reads this small array, not the units.
    unit_lens: Vec<u16>,
    postings: HashMap<u64, PostingList>,
    /// The list of an element no unit has.
    no_postings: PostingList,
    /// [`PARALLEL_FROM_UNITS`] unless a test sets another (to try both ways on small
    /// memories).
    parallel_from: Option<usize>,
    /// The entries each English token is in.
    english_postings: HashMap<u32, Vec<u32>>,
    vocabulary: HashMap<String, u32>,
    by_story: HashMap<String, Vec<u32>>,
    by_file: HashMap<String, Vec<u32>>,
    penalties: HashMap<String, u8>,
    live: usize,
}

impl Memory {
    /// An empty memory.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether it holds none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// An entry by id.
    #[must_use]
    pub fn entry(&self, id: usize) -> Option<&Entry> {
        self.entries.get(id).and_then(Option::as_ref)
    }

    /// Every entry with its id, oldest first.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i, e)))
    }

    /// The entries of a story.
    pub fn story_entries(&self, slug: &str) -> impl Iterator<Item = &Entry> {
        self.by_story
            .get(slug)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entry(i as usize))
    }

    fn id_of(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(key) {
            return id;
        }
        let id = u32::try_from(self.vocabulary.len()).unwrap_or(UNSEEN - 1);
        self.vocabulary.insert(key.to_owned(), id);
        id
    }

    /// The ids of a text's content tokens, without adding to the vocabulary: a token never
    /// seen gets an id of its own that no entry has.
    fn lookup_ids(&self, keys: &[String]) -> Vec<u32> {
        let mut unseen = UNSEEN;
        keys.iter()
            .map(|k| {
                self.vocabulary.get(k).copied().unwrap_or_else(|| {
                    unseen += 1;
                    unseen
                })
            })
            .collect()
    }

    /// Adds an entry and returns its id. A story row's earlier entry is replaced.
    pub fn add(&mut self, entry: Entry) -> usize {
        if let Origin::Story { slug, row } = &entry.origin
            && let Some(old) = self.row_entry(slug, *row)
        {
            self.remove(old);
        }
        let id = self.entries.len();
        let id32 = u32::try_from(id).unwrap_or(u32::MAX);
        let first_unit = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
        // A sentence's tokens are usually a run of the whole text's, stored once: `whole`
        // is where the whole text's tokens start and how many of them the sentences before
        // this one took.
        let mut whole: Option<(usize, usize, usize)> = None;
        for (part, english) in parts_of(&entry.source, &entry.english) {
            let ids: Vec<u32> = token::content_keys(&entry.source[part.range.clone()])
                .iter()
                .map(|key| self.id_of(key))
                .collect();
            let len = ids.len();
            if len == 0 {
                continue;
            }
            let start = match whole {
                Some((first, total, taken))
                    if taken + len <= total
                        && self.tokens[first + taken..first + taken + len] == ids[..] =>
                {
                    whole = Some((first, total, taken + len));
                    first + taken
                }
                _ => {
                    let start = self.tokens.len();
                    self.tokens.extend_from_slice(&ids);
                    if part.is_whole() {
                        whole = Some((start, len, 0));
                    }
                    start
                }
            };
            let unit = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
            let mut seen: HashMap<u32, u32> = HashMap::new();
            for &t in &ids {
                let n = seen.entry(t).or_default();
                *n += 1;
                self.postings.entry(element(t, *n)).or_default().push(unit);
            }
            self.units.push(Unit {
                entry: id32,
                sentence: part.sentence,
                of: part.of,
                start: u32::try_from(start).unwrap_or(u32::MAX),
                len: u32::try_from(len).unwrap_or(u32::MAX),
                source: pair(&part.range),
                english: pair(&english),
            });
            self.unit_lens.push(u16::try_from(len).unwrap_or(u16::MAX));
        }
        let last_unit = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
        self.entry_units.push(first_unit..last_unit);
        let mut english: Vec<u32> = token::content_keys(&entry.english)
            .iter()
            .map(|k| self.id_of(k))
            .collect();
        english.sort_unstable();
        english.dedup();
        for t in english {
            self.english_postings.entry(t).or_default().push(id32);
        }
        match &entry.origin {
            Origin::Story { slug, .. } => {
                self.by_story
                    .entry(slug.to_string())
                    .or_default()
                    .push(id32);
            }
            Origin::File { name } => {
                self.by_file.entry(name.to_string()).or_default().push(id32);
            }
        }
        self.entries.push(Some(entry));
        self.live += 1;
        id
    }

    /// The entry of a story's row (a story has a few hundred rows at most, so they are
    /// searched rather than kept in a map with a copy of the slug per entry).
    fn row_entry(&self, slug: &str, row: RowRef) -> Option<usize> {
        self.by_story.get(slug)?.iter().map(|&id| id as usize).find(|&id| {
            matches!(self.entry(id), Some(Entry { origin: Origin::Story { row: r, .. }, .. }) if *r == row)
        })
    }

    /// Gives back the room kept for growth after a bulk load (a cache read, an import), so
    /// a large memory costs what it holds.
    pub fn compact(&mut self) {
        self.entries.shrink_to_fit();
        self.entry_units.shrink_to_fit();
        self.units.shrink_to_fit();
        self.tokens.shrink_to_fit();
        self.unit_lens.shrink_to_fit();
        for list in self.postings.values_mut() {
            list.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        for list in self.english_postings.values_mut() {
            list.shrink_to_fit();
        }
        self.english_postings.shrink_to_fit();
        self.vocabulary.shrink_to_fit();
    }

    /// Removes an entry (its id is not reused).
    pub fn remove(&mut self, id: usize) {
        let Some(entry) = self.entries.get_mut(id).and_then(Option::take) else {
            return;
        };
        self.live -= 1;
        if let Some(units) = self.entry_units.get(id) {
            for u in units.clone() {
                self.unit_lens[u as usize] = 0;
            }
        }
        let id32 = u32::try_from(id).unwrap_or(u32::MAX);
        match entry.origin {
            Origin::Story { slug, .. } => {
                if let Some(list) = self.by_story.get_mut(&*slug) {
                    list.retain(|&e| e != id32);
                }
            }
            Origin::File { name } => {
                if let Some(list) = self.by_file.get_mut(&*name) {
                    list.retain(|&e| e != id32);
                }
            }
        }
    }

    /// Replaces a story's entries with these (its confirmed rows now); rows whose text,
    /// status and author are unchanged keep their entry (and its time). Returns whether
    /// anything changed.
    pub fn set_story(&mut self, slug: &str, entries: Vec<Entry>) -> bool {
        let mut keep: HashMap<RowRef, Entry> = HashMap::new();
        for entry in entries {
            if let Origin::Story { row, .. } = &entry.origin {
                keep.insert(*row, entry);
            }
        }
        let old: Vec<u32> = self.by_story.get(slug).cloned().unwrap_or_default();
        let mut changed = false;
        for id in old {
            let Some(existing) = self.entry(id as usize) else {
                continue;
            };
            let Origin::Story { row, .. } = &existing.origin else {
                continue;
            };
            let same = keep.get(row).is_some_and(|new| {
                (&new.source, &new.english, new.status, &new.author)
                    == (
                        &existing.source,
                        &existing.english,
                        existing.status,
                        &existing.author,
                    )
            });
            if same {
                keep.remove(row);
            } else {
                self.remove(id as usize);
                changed = true;
            }
        }
        changed |= !keep.is_empty();
        let mut new: Vec<Entry> = keep.into_values().collect();
        new.sort_by_key(|e| match &e.origin {
            Origin::Story { row, .. } => format!("{row:?}"),
            Origin::File { .. } => String::new(),
        });
        for entry in new {
            self.add(entry);
        }
        changed
    }

    /// Removes every entry of a story.
    pub fn remove_story(&mut self, slug: &str) {
        self.set_story(slug, Vec::new());
    }

    /// Replaces an imported memory's entries, with its penalty.
    pub fn set_file(&mut self, name: &str, penalty: u8, entries: Vec<Entry>) {
        for id in self.by_file.remove(name).unwrap_or_default() {
            self.remove(id as usize);
        }
        self.penalties.insert(name.to_owned(), penalty);
        for entry in entries {
            self.add(entry);
        }
    }

    /// Removes an imported memory.
    pub fn remove_file(&mut self, name: &str) {
        for id in self.by_file.remove(name).unwrap_or_default() {
            self.remove(id as usize);
        }
        self.penalties.remove(name);
    }

    /// The names of the imported memories, with their penalties and sizes.
    #[must_use]
    pub fn files(&self) -> Vec<(String, u8, usize)> {
        let mut files: Vec<(String, u8, usize)> = self
            .penalties
            .iter()
            .map(|(name, &p)| (name.clone(), p, self.by_file.get(name).map_or(0, Vec::len)))
            .collect();
        files.sort();
        files
    }

    fn penalties_of(&self, entry: &Entry) -> Vec<Penalty> {
        match (&entry.origin, entry.status) {
            (Origin::File { name }, _) => vec![Penalty::Imported {
                name: name.to_string(),
                points: self.penalties.get(&**name).copied().unwrap_or(0),
            }],
            (Origin::Story { .. }, EntryStatus::Confirmed) => vec![Penalty::Unreviewed],
            (Origin::Story { .. }, _) => Vec::new(),
        }
    }

    /// The closest earlier translations of a text, best first, through the index.
    #[must_use]
    pub fn lookup(&self, text: &str, how: &Lookup<'_>) -> Vec<Match> {
        self.lookup_with(text, how, true)
    }

    /// [`Self::lookup`] by scoring every unit: the baseline the index is measured and
    /// tested against. Same results, slower.
    #[must_use]
    pub fn lookup_by_scan(&self, text: &str, how: &Lookup<'_>) -> Vec<Match> {
        self.lookup_with(text, how, false)
    }

    /// A unit's content tokens.
    fn unit_tokens(&self, unit: &Unit) -> &[u32] {
        let start = unit.start as usize;
        self.tokens
            .get(start..start + unit.len as usize)
            .unwrap_or_default()
    }

    fn lookup_with(&self, text: &str, how: &Lookup<'_>, indexed: bool) -> Vec<Match> {
        let min = how.min.max(1);
        let parts = if how.whole_only {
            vec![Part {
                sentence: 0,
                of: 1,
                range: 0..text.len(),
            }]
        } else {
            query_parts(text)
        };
        let queries: Vec<Query<'_>> = parts
            .into_iter()
            .filter_map(|part| {
                let piece = &text[part.range.clone()];
                let ids = self.lookup_ids(&token::content_keys(piece));
                (!ids.is_empty()).then(|| Query::new(part, piece, ids))
            })
            .collect();
        let mut found: HashMap<(u32, u16), Match> = HashMap::new();
        if !indexed {
            for query in &queries {
                for u in 0..self.units.len() {
                    self.evaluate(
                        u,
                        query,
                        min,
                        (how.exclude_story, how.exclude_row),
                        &mut found,
                    );
                }
            }
            return self.ranked(found, how.limit);
        }
        // From the highest threshold down: once `limit` matches score at least the
        // threshold, every unit not yet scored is below it (the candidates of a threshold
        // hold every unit that can reach it), so the list is final.
        // Each query's lists are read once, rarest first: a lower threshold reads on from
        // where the higher one stopped.
        let mut scored: Vec<std::collections::HashSet<u32>> =
            vec![std::collections::HashSet::new(); queries.len()];
        let mut counters: Vec<Counter<'_>> = queries.iter().map(|q| self.counter(&q.ids)).collect();
        let stages = STAGES.iter().copied().filter(|&t| t > min).chain([min]);
        for threshold in stages {
            let candidates = self.all_candidates(&mut counters, threshold);
            for ((query, scored), found_here) in queries.iter().zip(&mut scored).zip(candidates) {
                let m = query.ids.len();
                let lengths = score::length_range(m, threshold);
                let mut used = vec![0u32; query.counts.len()];
                for (u, count) in found_here.units {
                    let len = match self.unit_lens[u as usize] {
                        0 => continue,
                        u16::MAX => self.units[u as usize].len as usize,
                        len => usize::from(len),
                    };
                    if !lengths.contains(&len) {
                        continue;
                    }
                    // The distance is at least the longer length less the shared tokens, so
                    // reaching the threshold needs ceil(max(m, n) × threshold / 100) of them.
                    // The unit is in `count` of the lists read and may be in every one not
                    // read: when even that is too few, its tokens need not be read.
                    // (A count of 255 may be more: it is only a bound on very long texts.)
                    let needed = score::shared_needed(m.max(len), threshold);
                    let exact = count < u8::MAX;
                    if exact && usize::from(count) + found_here.unread < needed {
                        continue;
                    }
                    let unit = &self.units[u as usize];
                    let shared = if exact && found_here.unread == 0 {
                        usize::from(count)
                    } else {
                        query.shared(self.unit_tokens(unit), &mut used)
                    };
                    if shared < needed || !scored.insert(u) {
                        continue;
                    }
                    self.evaluate(
                        u as usize,
                        query,
                        min,
                        (how.exclude_story, how.exclude_row),
                        &mut found,
                    );
                }
            }
            let best = self.ranked(found.clone(), how.limit);
            if threshold == min
                || (best.len() == how.limit && best.last().is_some_and(|m| m.score >= threshold))
            {
                return best;
            }
        }
        self.ranked(found, how.limit)
    }

    /// Scores unit `u` against a query and keeps the match when it reaches `min`.
    fn evaluate(
        &self,
        u: usize,
        query: &Query<'_>,
        min: u8,
        (exclude_story, exclude_row): (Option<&str>, Option<(&str, RowRef)>),
        found: &mut HashMap<(u32, u16), Match>,
    ) {
        if self.unit_lens[u] == 0 {
            return;
        }
        let unit = &self.units[u];
        let Some(entry) = self.entry(unit.entry as usize) else {
            return;
        };
        if let Origin::Story { slug, row } = &entry.origin
            && (exclude_story == Some(&**slug)
                || exclude_row.is_some_and(|(s, r)| s == &**slug && r == *row))
        {
            return;
        }
        let earlier = entry.source.get(range(unit.source)).unwrap_or_default();
        let raw = score::raw_score(query.text, &query.ids, earlier, self.unit_tokens(unit));
        if raw < min {
            return;
        }
        let mut penalties = self.penalties_of(entry);
        if unit.sentence != 0 {
            penalties.push(Penalty::SentenceAligned);
        }
        let lost: u8 = penalties
            .iter()
            .map(Penalty::points)
            .fold(0, u8::saturating_add);
        let candidate = Match {
            entry: unit.entry as usize,
            score: raw.saturating_sub(lost),
            raw,
            penalties,
            part: query.part.clone(),
            earlier: Part {
                sentence: unit.sentence,
                of: unit.of,
                range: range(unit.source),
            },
            english: range(unit.english),
        };
        let key = (unit.entry, unit.sentence);
        let better = found
            .get(&key)
            .is_none_or(|old| self.ranks_before(&candidate, old));
        if better {
            found.insert(key, candidate);
        }
    }

    /// The matches found, best first, one per English, at most `limit`.
    fn ranked(&self, found: HashMap<(u32, u16), Match>, limit: usize) -> Vec<Match> {
        let mut matches: Vec<Match> = found.into_values().collect();
        matches.sort_by(|a, b| {
            if self.ranks_before(a, b) {
                std::cmp::Ordering::Less
            } else if self.ranks_before(b, a) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        // One match per English: the same translation found twice says nothing new.
        let mut seen = std::collections::HashSet::new();
        matches.retain(|m| {
            let english = self
                .entry(m.entry)
                .and_then(|e| e.english.get(m.english.clone()))
                .map(|e| e.trim().to_owned());
            seen.insert((english, m.part.sentence))
        });
        matches.truncate(limit);
        matches
    }

    /// Whether `a` is shown before `b`: higher score, then higher raw score, then the
    /// whole text before a sentence, then the newer entry, then the lower id, then the
    /// earlier sentence of the text and of the entry (a total order, so the index and the
    /// scan list ties alike).
    fn ranks_before(&self, a: &Match, b: &Match) -> bool {
        let time = |m: &Match| self.entry(m.entry).map(|e| e.time);
        (
            b.score,
            b.raw,
            a.part.sentence.min(1),
            time(b),
            a.entry,
            a.part.sentence,
            a.earlier.sentence,
        ) < (
            a.score,
            a.raw,
            b.part.sentence.min(1),
            time(a),
            b.entry,
            b.part.sentence,
            b.earlier.sentence,
        )
    }

    /// [`Self::candidates`] for each part of a text. In a large memory a text of several
    /// parts (a row of several sentences) reads each part's lists on a thread of its own,
    /// as the parts are independent and reading lists is most of a lookup's time.
    fn all_candidates(&self, counters: &mut [Counter<'_>], min: u8) -> Vec<Candidates> {
        if counters.len() < 2
            || self.units.len() < self.parallel_from.unwrap_or(PARALLEL_FROM_UNITS)
        {
            return counters
                .iter_mut()
                .map(|c| self.candidates(c, min))
                .collect();
        }
        // The whole text here, its sentences (about as many lists between them) beside it.
        let (whole, sentences) = counters.split_at_mut(1);
        let (mut found, theirs) = std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .name("copydesk-lookup".to_owned())
                .spawn_scoped(scope, || {
                    sentences
                        .iter_mut()
                        .map(|c| self.candidates(c, min))
                        .collect::<Vec<_>>()
                });
            let here: Vec<Candidates> = whole.iter_mut().map(|c| self.candidates(c, min)).collect();
            (here, other.map(std::thread::ScopedJoinHandle::join))
        });
        match theirs {
            Ok(Ok(theirs)) => found.extend(theirs),
            // No thread could be started (or it failed): the sentences here, from the start.
            _ => {
                for counter in &mut counters[1..] {
                    counter.reset();
                    found.push(self.candidates(counter, min));
                }
            }
        }
        found
    }

    /// The posting lists of a text's (token, occurrence) elements, rarest first, ready to be
    /// read by [`Self::candidates`].
    fn counter(&self, ids: &[u32]) -> Counter<'_> {
        let mut seen: HashMap<u32, u32> = HashMap::new();
        let empty = &self.no_postings;
        let mut lists: Vec<&PostingList> = ids
            .iter()
            .map(|&t| {
                let n = seen.entry(t).or_default();
                *n += 1;
                self.postings.get(&element(t, *n)).unwrap_or(empty)
            })
            .collect();
        lists.sort_by_key(|l| l.len());
        Counter {
            lists,
            read: 0,
            postings: 0,
            counts: Vec::new(),
        }
    }

    /// The units that may score at least `min` against the counter's text, each with how
    /// many of the lists read it is in. A unit that scores at least `min` shares at least
    /// `needed` of the text's `m` (token, occurrence) elements, so it misses at most
    /// `m − needed` of them: of the `s` rarest elements' posting lists it is in at least
    /// `s − (m − needed)`. The prefix filter reads `s = m − needed + 1` lists; up to
    /// [`EXTRA_LISTS`] more are read while they are short beside what was read already, so
    /// that a candidate must be in several lists (random sharing of common words rarely
    /// achieves that) without reading the commonest words' lists, which hold most of the
    /// memory. Each list is read once, counting per unit; a lower `min` reads on.
    fn candidates(&self, counter: &mut Counter<'_>, min: u8) -> Candidates {
        let m = counter.lists.len();
        let needed = score::shared_needed(m, min).clamp(1, m.max(1));
        let prefix = m - needed + 1;
        let mut read = counter.read.max(prefix);
        let mut postings = counter.postings
            + counter.lists[counter.read..read]
                .iter()
                .map(|l| l.len())
                .sum::<usize>();
        while read < m
            && read < prefix + EXTRA_LISTS
            && counter.lists[read].len() <= postings.max(1024)
        {
            postings += counter.lists[read].len();
            read += 1;
        }
        if read > counter.read {
            // One count per unit, in a buffer of the lookup's own (fresh zeroed pages, cheap
            // beside the lists): every posting is one increment, and the candidates are
            // found by one pass over the counts, which at the 50% floor of a large memory
            // is faster than keeping a list of the units touched (most of them are).
            if counter.counts.len() < self.units.len() {
                counter.counts.resize(self.units.len(), 0);
            }
            let counts = &mut counter.counts;
            for list in &counter.lists[counter.read..read] {
                list.for_each(|u| {
                    if let Some(count) = counts.get_mut(u as usize) {
                        *count = count.saturating_add(1);
                    }
                });
            }
            counter.read = read;
            counter.postings = postings;
        }
        let required = u8::try_from(read - (m - needed)).unwrap_or(u8::MAX);
        Candidates {
            units: at_least(&counter.counts, required),
            unread: m - read,
        }
    }

    /// Every place the desk translated a phrase before, on either side, newest first.
    #[must_use]
    pub fn concordance(&self, phrase: &str, limit: usize) -> Vec<Hit> {
        let tokens = token::tokens(phrase);
        let keys: Vec<String> = tokens
            .iter()
            .filter(|t| t.is_content())
            .map(|t| t.key.clone())
            .collect();
        if keys.is_empty() {
            return Vec::new();
        }
        let Some(ids) = keys
            .iter()
            .map(|k| self.vocabulary.get(k).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        // Source side: whole units holding the rarest token's first occurrence, the newest
        // first, until `limit` are found.
        let rarest = ids.iter().copied().min_by_key(|&t| {
            self.postings
                .get(&element(t, 1))
                .map_or(0, PostingList::len)
        });
        if let Some(t) = rarest {
            let newest_first = self
                .postings
                .get(&element(t, 1))
                .map(PostingList::to_vec)
                .unwrap_or_default();
            for &u in newest_first.iter().rev() {
                if hits.len() >= limit {
                    break;
                }
                let unit = &self.units[u as usize];
                if unit.sentence != 0 || self.unit_lens[u as usize] == 0 {
                    continue;
                }
                if let Some(at) = find_run(self.unit_tokens(unit), &ids)
                    && let Some(entry) = self.entry(unit.entry as usize)
                {
                    hits.push(Hit {
                        entry: unit.entry as usize,
                        in_source: true,
                        range: token_span(&entry.source, at, ids.len()),
                    });
                }
            }
        }
        // English side: likewise, each candidate's English tokenised again.
        let rarest = ids
            .iter()
            .copied()
            .min_by_key(|t| self.english_postings.get(t).map_or(0, Vec::len));
        let mut english_hits = 0;
        if let Some(t) = rarest {
            for &e in self.english_postings.get(&t).into_iter().flatten().rev() {
                if english_hits >= limit {
                    break;
                }
                let Some(entry) = self.entry(e as usize) else {
                    continue;
                };
                let tokens: Vec<u32> = token::content_keys(&entry.english)
                    .iter()
                    .map(|k| self.vocabulary.get(k).copied().unwrap_or(UNSEEN))
                    .collect();
                if let Some(at) = find_run(&tokens, &ids) {
                    english_hits += 1;
                    hits.push(Hit {
                        entry: e as usize,
                        in_source: false,
                        range: token_span(&entry.english, at, ids.len()),
                    });
                }
            }
        }
        hits.sort_by_key(|h| {
            (
                std::cmp::Reverse(self.entry(h.entry).map(|e| e.time)),
                h.entry,
                !h.in_source,
            )
        });
        hits.truncate(limit);
        hits
    }
}

/// A span of an earlier source that differs from the text looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Its bytes in the earlier source.
    pub range: Range<usize>,
    /// Whether it is a number (numbers that differ are always shown).
    pub number: bool,
}

/// The tokens of an earlier source that are not in the text looked up (by a token diff:
/// what a translator must change in the earlier English), punctuation included.
#[must_use]
pub fn differences(text: &str, earlier: &str) -> Vec<Difference> {
    let ours = token::tokens(text);
    let theirs = token::tokens(earlier);
    let a: Vec<&str> = ours.iter().map(|t| t.key.as_str()).collect();
    let b: Vec<&str> = theirs.iter().map(|t| t.key.as_str()).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            for t in &theirs[new_index..new_index + new_len] {
                out.push(Difference {
                    range: t.range.clone(),
                    number: t.kind == token::TokenKind::Number,
                });
            }
        }
    }
    out
}

/// The edit that puts a match's English into a row: the row's English when it has none
/// (or only a pre-translation), else added after it (never replacing what a person wrote),
/// with the status a change of the English gives. One undoable step.
#[must_use]
pub fn insert_match_edit(story: &Story, row: RowRef, english: &str) -> Option<crate::edit::Edit> {
    use crate::edit::Edit;
    use crate::model::Side;
    let current = story.row(row)?;
    let english = english.trim();
    if english.is_empty() {
        return None;
    }
    // A machine-filled English is replaced, not added to.
    let text = if current.english.trim().is_empty() || current.pretranslated.is_some() {
        english.to_owned()
    } else {
        format!("{} {english}", current.english.trim_end())
    };
    let status = current.status.after_change(Side::English, false);
    let set = Edit::SetText {
        row,
        side: Side::English,
        text,
    };
    Some(if status == current.status {
        set
    } else {
        Edit::Batch(vec![set, Edit::SetStatus { row, status }])
    })
}

/// The units whose count is at least `required`, with their counts. The counts are read
/// eight at a time: a word none of whose bytes reaches `required` (most words, as most
/// units share little with a text) is passed over whole. For `required` up to 128, a byte
/// `b` reaches it when `b ≥ 128` (its high bit) or `(b & 0x7f) + (128 − required)` carries
/// into the high bit; no sum carries into the next byte, as each is at most 254.
fn at_least(counts: &[u8], required: u8) -> Vec<(u32, u8)> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut found = Vec::new();
    let mut push = |u: usize, count: u8| {
        if count >= required {
            found.push((u32::try_from(u).unwrap_or(u32::MAX), count));
        }
    };
    if required == 0 || required > 128 {
        for (u, &count) in counts.iter().enumerate() {
            push(u, count);
        }
        return found;
    }
    let add = u64::from(128 - required) * LOW;
    let words = counts.chunks_exact(8);
    let rest = words.remainder();
    for (w, bytes) in words.enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(bytes);
        let x = u64::from_le_bytes(eight);
        if (((x & !HIGH) + add) | x) & HIGH != 0 {
            for (i, &count) in bytes.iter().enumerate() {
                push(w * 8 + i, count);
            }
        }
    }
    let start = counts.len() - rest.len();
    for (i, &count) in rest.iter().enumerate() {
        push(start + i, count);
    }
    found
}

/// A text's posting lists, rarest first, and how far they have been read.
struct Counter<'a> {
    lists: Vec<&'a PostingList>,
    /// How many lists have been read.
    read: usize,
    /// How many postings they held.
    postings: usize,
    /// How many of the lists read each unit is in (empty before the first is read).
    counts: Vec<u8>,
}

impl Counter<'_> {
    /// Forgets what was read, to read again from the first list.
    fn reset(&mut self) {
        self.read = 0;
        self.postings = 0;
        self.counts.clear();
    }
}

/// What [`Memory::candidates`] found: units with how many of the lists read each is in,
/// and how many of the text's lists were not read.
struct Candidates {
    units: Vec<(u32, u8)>,
    unread: usize,
}

/// A part of the text looked up, ready to score against units.
#[derive(Debug)]
struct Query<'a> {
    part: Part,
    text: &'a str,
    ids: Vec<u32>,
    /// Its distinct token ids, sorted, with how often each occurs.
    counts: Vec<(u32, u32)>,
}

impl<'a> Query<'a> {
    fn new(part: Part, text: &'a str, ids: Vec<u32>) -> Self {
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for id in sorted {
            match counts.last_mut() {
                Some((last, n)) if *last == id => *n += 1,
                _ => counts.push((id, 1)),
            }
        }
        Self {
            part,
            text,
            ids,
            counts,
        }
    }

    /// How many tokens a unit shares with the query, counting repeats; `used` is a buffer of
    /// one count per distinct query token, kept between calls.
    fn shared(&self, tokens: &[u32], used: &mut [u32]) -> usize {
        used.fill(0);
        let mut shared = 0;
        for t in tokens {
            if let Ok(i) = self.counts.binary_search_by_key(t, |&(id, _)| id)
                && used[i] < self.counts[i].1
            {
                used[i] += 1;
                shared += 1;
            }
        }
        shared
    }
}

/// Where a run of tokens first occurs in a sequence.
fn find_run(haystack: &[u32], run: &[u32]) -> Option<usize> {
    if run.is_empty() || run.len() > haystack.len() {
        return None;
    }
    haystack.windows(run.len()).position(|w| w == run)
}

/// The bytes of `count` content tokens from the `first`th, in a text.
fn token_span(text: &str, first: usize, count: usize) -> Range<usize> {
    let content: Vec<token::Token> = token::tokens(text)
        .into_iter()
        .filter(token::Token::is_content)
        .collect();
    match (content.get(first), content.get(first + count - 1)) {
        (Some(a), Some(b)) => a.range.start..b.range.end,
        _ => 0..0,
    }
}

/// The parts of a text looked up: the whole, and its sentences when it has more than one.
fn query_parts(text: &str) -> Vec<Part> {
    let mut sentences = sentence_ranges(text);
    // A very long row is looked up whole and by its first sentences, so the panel keeps
    // up with the cursor.
    sentences.truncate(MAX_QUERY_SENTENCES);
    let of = u16::try_from(sentences.len()).unwrap_or(u16::MAX);
    let mut parts = vec![Part {
        sentence: 0,
        of,
        range: 0..text.len(),
    }];
    if sentences.len() > 1 {
        parts.extend(sentences.into_iter().enumerate().map(|(k, range)| Part {
            sentence: u16::try_from(k + 1).unwrap_or(u16::MAX),
            of,
            range,
        }));
    }
    parts
}

/// The lookup units of an entry with their English: the whole, and each sentence when
/// source and English have the same number of sentences (more than one).
fn parts_of(source: &str, english: &str) -> Vec<(Part, Range<usize>)> {
    let sources = sentence_ranges(source);
    let englishes = sentence_ranges(english);
    let of = u16::try_from(sources.len()).unwrap_or(u16::MAX);
    let mut parts = vec![(
        Part {
            sentence: 0,
            of,
            range: 0..source.len(),
        },
        0..english.len(),
    )];
    if sources.len() > 1 && sources.len() == englishes.len() {
        parts.extend(
            sources
                .into_iter()
                .zip(englishes)
                .enumerate()
                .map(|(k, (s, e))| {
                    (
                        Part {
                            sentence: u16::try_from(k + 1).unwrap_or(u16::MAX),
                            of,
                            range: s,
                        },
                        e,
                    )
                }),
        );
    }
    parts
}

/// The entries a story gives the memory: each confirmed row with source and English, its
/// translators as the author and the row's last change as the time (the story's, for a row
/// with no stamp of its own). A killed story gives
/// none when the desk excludes killed stories.
#[must_use]
pub fn story_entries(slug: &str, story: &Story, exclude_killed: bool) -> Vec<Entry> {
    if exclude_killed && story.stage == Stage::Killed {
        return Vec::new();
    }
    // Only translators credited by name: a name withheld from readers (in any of the
    // person's roles on the story: the most private display wins, as in the credit line) is
    // not written into a memory that may leave the desk as TMX.
    let displays = crate::credits::Displays::of(&story.contributors);
    let translators: Vec<&str> = story
        .contributors
        .iter()
        .filter(|c| {
            c.role == Role::Translator
                && displays.entry(c) == crate::model::CreditDisplay::Person
                && !c.name.trim().is_empty()
        })
        .map(|c| c.name.as_str())
        .collect();
    let author: Arc<str> = translators.join(", ").into();
    let slug: Arc<str> = slug.into();
    let story_time = story.last_change().0;
    let rows = [
        (RowRef::Headline, &story.headline),
        (RowRef::Deck, &story.deck),
    ]
    .into_iter()
    .chain(story.blocks.iter().map(|b| (RowRef::Block(b.id), &b.row)));
    rows.filter(|(_, r)| {
        r.status.is_confirmed() && !r.source.trim().is_empty() && !r.english.trim().is_empty()
    })
    .map(|(row, r)| Entry {
        source: r.source.trim().to_owned(),
        english: r.english.trim().to_owned(),
        origin: Origin::Story {
            slug: Arc::clone(&slug),
            row,
        },
        author: Arc::clone(&author),
        time: r.changed.as_ref().map_or(story_time, |c| c.at),
        status: if r.status == crate::model::RowStatus::Reviewed {
            EntryStatus::Reviewed
        } else {
            EntryStatus::Confirmed
        },
        note: String::new(),
    })
    .collect()
}

#[cfg(test)]
mod tests;
