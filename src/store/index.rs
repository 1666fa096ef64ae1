//! The desk index, `.copydesk/index.ron`: each story's summary with the size and time of the
//! file it was made from. Derived data: checked against the story files' metadata whenever a
//! desk is opened or listed, brought up to date for the files that changed, and rebuilt
//! whole when it is missing, unreadable or from another version. Never the stories' text
//! beyond their titles.

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{DERIVED_DIR, StoreError, load_story_file, story_files, to_ron, write_atomically};
use crate::model::DeskSettings;
use crate::summary::StorySummary;

/// The index as stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskIndex {
    /// The index's own format; another version is rebuilt, not read.
    pub format_version: u32,
    /// What of the desk's settings the summaries depend on (the source language for counts,
    /// the credit line for sign-off states); when it changes, every summary is made again.
    pub settings_key: String,
    /// One entry per story file, sorted by slug.
    pub stories: Vec<IndexEntry>,
}

/// One story file in the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The slug, from the file's name.
    pub slug: String,
    /// The file's length when summarised.
    pub len: u64,
    /// The file's modification time when summarised, in nanoseconds since 1970.
    pub modified_ns: u128,
    /// When the summary was made, in nanoseconds since 1970. A file changed within
    /// [`RACY`] before that may have changed again since without its time moving (file
    /// systems keep times in coarse ticks), so it is read again.
    #[serde(default)]
    pub checked_ns: u128,
    /// The summary, or why the file could not be read.
    pub summary: Result<StorySummary, String>,
}

impl DeskIndex {
    /// The version of the index this build writes.
    pub const FORMAT_VERSION: u32 = 1;

    /// The summaries of the stories that load, sorted by slug.
    pub fn summaries(&self) -> impl Iterator<Item = &StorySummary> {
        self.stories.iter().filter_map(|e| e.summary.as_ref().ok())
    }

    /// The messages of the story files that do not load.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.stories
            .iter()
            .filter_map(|e| e.summary.as_ref().err().map(String::as_str))
    }
}

/// The part of the settings the summaries depend on, as text.
fn settings_key(settings: &DeskSettings) -> String {
    format!(
        "{}|{}|{:?}",
        settings.source_language, settings.service_name, settings.credits
    )
}

fn path(root: &Path) -> std::path::PathBuf {
    root.join(DERIVED_DIR).join("index.ron")
}

/// How close to the summary a file's time may be before the summary is not trusted: more
/// than the coarsest tick of the file systems a desk lives on (network drives keep 2 s).
pub const RACY: u128 = 3_000_000_000;

/// Whether an entry still describes a file of this length and time.
#[must_use]
pub fn entry_holds(entry: &IndexEntry, len: u64, modified_ns: u128) -> bool {
    stamp_holds(
        (entry.len, entry.modified_ns, entry.checked_ns),
        len,
        modified_ns,
    )
}

/// Whether something derived from a file of this `(length, time, when derived)` still
/// describes the file as it is now: same length and time, and derived long enough after that
/// time for a change within the file system's tick to have shown (see [`RACY`]).
#[must_use]
pub fn stamp_holds(
    (was_len, was_modified_ns, checked_ns): (u64, u128, u128),
    len: u64,
    modified_ns: u128,
) -> bool {
    was_len == len
        && was_modified_ns == modified_ns
        && modified_ns != 0
        && checked_ns > modified_ns.saturating_add(RACY)
}

/// A story file's slug (from its name), length and modification time, as derived data
/// keeps them to know whether the file changed.
#[must_use]
pub fn file_stamp(file: &Path) -> (String, u64, u128) {
    let slug = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(file).ok();
    let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
    (
        slug,
        len,
        nanos(meta.as_ref().and_then(|m| m.modified().ok())),
    )
}

/// A file's modification time as the index keeps it: nanoseconds since 1970, 0 when unknown.
#[must_use]
pub fn nanos(time: Option<SystemTime>) -> u128 {
    time.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Reads the desk index and brings it up to date: every story file's length and time are
/// compared with the index (no file is read for that), and only files that are new or
/// changed are parsed and summarised. The index is written back when anything changed
/// (a failure to write it is not an error: it is rebuilt next time). Returns the index and
/// whether it changed.
pub fn refresh_index(
    root: &Path,
    settings: &DeskSettings,
) -> Result<(DeskIndex, bool), StoreError> {
    let key = settings_key(settings);
    let old: DeskIndex = super::read_regular(&path(root))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| ron::from_str::<DeskIndex>(&text).ok())
        .filter(|i| i.format_version == DeskIndex::FORMAT_VERSION && i.settings_key == key)
        .unwrap_or_default();
    let mut known: HashMap<String, IndexEntry> = old
        .stories
        .iter()
        .map(|e| (e.slug.clone(), e.clone()))
        .collect();
    let mut changed = old.settings_key != key;
    let mut stories = Vec::new();
    for file in story_files(root)? {
        let (slug, len, modified_ns) = file_stamp(&file);
        if let Some(entry) = known.remove(&slug)
            && entry_holds(&entry, len, modified_ns)
        {
            stories.push(entry);
            continue;
        }
        changed = true;
        let checked_ns = nanos(Some(SystemTime::now()));
        let summary = load_story_file(&file, settings)
            .map(|loaded| StorySummary::of(&loaded.story, settings))
            .map_err(|e| e.to_string());
        stories.push(IndexEntry {
            slug,
            len,
            modified_ns,
            checked_ns,
            summary,
        });
    }
    // Files that are gone leave the index too.
    changed |= !known.is_empty();
    // By slug, not by file name ("a-b.ron" sorts before "a.ron"), for lookups by slug.
    stories.sort_by(|a, b| a.slug.cmp(&b.slug));
    let index = DeskIndex {
        format_version: DeskIndex::FORMAT_VERSION,
        settings_key: key,
        stories,
    };
    if changed {
        let _ = write_index(root, &index);
    }
    Ok((index, changed))
}

/// Writes the index.
pub fn write_index(root: &Path, index: &DeskIndex) -> Result<(), StoreError> {
    let dir = root.join(DERIVED_DIR);
    super::desk_folder(root, &dir)?;
    super::ensure_gitignore(root)?;
    let path = path(root);
    let text = to_ron(&path, index)?;
    write_atomically(&path, text.as_bytes())
}
