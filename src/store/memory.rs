//! The translation memory on disk.
//!
//! - `.copydesk/memory.ron`: each story's confirmed rows with the length and time of the file
//!   they were read from. Derived data (the desk's `.gitignore` keeps it out of git): brought
//!   up to date like the desk index, so reopening a desk reads only the stories that changed,
//!   and rebuilt whole when missing, unreadable or from another version.
//! - `memory/<name>.ron`: each memory imported from a TMX file, its penalty, who imported it
//!   and when. Desk data, shared with the desk like its stories.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::index::{file_stamp, nanos, stamp_holds};
use super::{DERIVED_DIR, StoreError, load_story_file, story_files, to_ron, write_atomically};
use crate::model::{DeskSettings, RowRef};
use crate::tm::tmx::{self, TmxRead, TmxUnit};
use crate::tm::{Entry, EntryStatus, Memory, Origin, story_entries};
use crate::workflow::{Actor, check_memory_change};

/// The folder of imported memories, in the desk.
pub const MEMORY_DIR: &str = "memory";
/// The most bytes of a TMX file read.
pub const MAX_TMX_BYTES: u64 = 256 * 1024 * 1024;
/// The most bytes of a memory file (cache or imported) read.
pub const MAX_MEMORY_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// The highest penalty a memory may carry.
pub const MAX_PENALTY: u8 = 50;

/// Why a memory could not be imported, changed or exported.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// Reading or writing a file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The person may not change the desk's memories.
    #[error(transparent)]
    Refused(#[from] crate::workflow::WorkflowError),
    /// The file or the request is not usable.
    #[error("{}: {problem}", path.display())]
    Problem {
        /// The file.
        path: PathBuf,
        /// What is wrong, in words.
        problem: String,
    },
}

/// One entry as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEntry {
    /// The row it came from (stories only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<RowRef>,
    /// The source text.
    pub source: String,
    /// The English.
    pub english: String,
    /// Who translated it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// When, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
    /// How far it has come.
    pub status: EntryStatus,
    /// A note that came with it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Cache {
    format_version: u32,
    key: String,
    stories: Vec<CachedStory>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct CachedStory {
    slug: String,
    len: u64,
    modified_ns: u128,
    checked_ns: u128,
    entries: Vec<StoredEntry>,
}

/// The cache's format; 2: translators withheld in any role are not named.
const CACHE_VERSION: u32 = 2;

/// A memory imported from a file, as kept in the desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedMemory {
    /// The file's format.
    pub format_version: u32,
    /// The name the desk gave it.
    pub name: String,
    /// Points subtracted from its matches' scores.
    pub penalty: u8,
    /// The file it was imported from (its name only).
    pub imported_from: String,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: DateTime<Utc>,
    /// Its units in the desk's language pair.
    pub units: Vec<StoredEntry>,
}

impl ImportedMemory {
    /// The format this build writes.
    pub const FORMAT_VERSION: u32 = 1;
}

/// What loading the memory found.
#[derive(Clone, Debug, Default)]
pub struct MemoryReport {
    /// Story files read because they were new or changed since the cache.
    pub stories_read: usize,
    /// Files that could not be read, with why.
    pub problems: Vec<String>,
}

fn cache_path(root: &Path) -> PathBuf {
    root.join(DERIVED_DIR).join("memory.ron")
}

fn cache_key(settings: &DeskSettings) -> String {
    format!(
        "{}|{}|{}",
        settings.source_language, settings.target_language, settings.options.memory_excludes_killed
    )
}

/// An entry from its stored form; `names` shares one copy of each author's name among
/// the entries (a large memory has few authors).
fn entry_of(stored: StoredEntry, origin: Origin, names: &mut HashMap<String, Arc<str>>) -> Entry {
    let author = if let Some(name) = names.get(&stored.author) {
        Arc::clone(name)
    } else {
        let name: Arc<str> = stored.author.as_str().into();
        names.insert(stored.author, Arc::clone(&name));
        name
    };
    Entry {
        source: stored.source,
        english: stored.english,
        origin,
        author,
        time: stored.time.unwrap_or_default(),
        status: stored.status,
        note: stored.note,
    }
}

fn stored_of(entry: &Entry) -> StoredEntry {
    StoredEntry {
        row: match &entry.origin {
            Origin::Story { row, .. } => Some(*row),
            Origin::File { .. } => None,
        },
        source: entry.source.clone(),
        english: entry.english.clone(),
        author: entry.author.to_string(),
        time: Some(entry.time),
        status: entry.status,
        note: entry.note.clone(),
    }
}

/// The desk's memory: its stories' confirmed rows (from the cache for files that did not
/// change, read again for those that did; the cache is written back when anything changed)
/// and its imported memories. A file that cannot be read is reported, not fatal.
pub fn load_memory(
    root: &Path,
    settings: &DeskSettings,
) -> Result<(Memory, MemoryReport), StoreError> {
    let key = cache_key(settings);
    let path = cache_path(root);
    let old: Cache = super::read_bounded(&path, "memory cache", MAX_MEMORY_FILE_BYTES, false)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| super::parse_ron::<Cache>(&path, &text).ok())
        .filter(|c| c.format_version == CACHE_VERSION && c.key == key)
        .unwrap_or_default();
    let mut known: HashMap<String, CachedStory> = old
        .stories
        .into_iter()
        .map(|s| (s.slug.clone(), s))
        .collect();
    let mut changed = false;
    let mut report = MemoryReport::default();
    let mut stories = Vec::new();
    for file in story_files(root)? {
        let (slug, len, modified_ns) = file_stamp(&file);
        if let Some(cached) = known.remove(&slug)
            && stamp_holds(
                (cached.len, cached.modified_ns, cached.checked_ns),
                len,
                modified_ns,
            )
        {
            stories.push(cached);
            continue;
        }
        changed = true;
        report.stories_read += 1;
        let checked_ns = nanos(Some(SystemTime::now()));
        let entries = match load_story_file(&file, settings) {
            Ok(loaded) => story_entries(
                &slug,
                &loaded.story,
                settings.options.memory_excludes_killed,
            )
            .iter()
            .map(stored_of)
            .collect(),
            Err(e) => {
                // Not cached: the file is read (and reported) again next time.
                report.problems.push(e.to_string());
                continue;
            }
        };
        stories.push(CachedStory {
            slug,
            len,
            modified_ns,
            checked_ns,
            entries,
        });
    }
    changed |= !known.is_empty();
    stories.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut memory = Memory::new();
    let mut names = HashMap::new();
    for story in &stories {
        let slug: Arc<str> = story.slug.as_str().into();
        let entries = story
            .entries
            .iter()
            .filter_map(|e| {
                let row = e.row?;
                Some(entry_of(
                    e.clone(),
                    Origin::Story {
                        slug: Arc::clone(&slug),
                        row,
                    },
                    &mut names,
                ))
            })
            .collect();
        memory.set_story(&story.slug, entries);
    }
    if changed {
        let cache = Cache {
            format_version: CACHE_VERSION,
            key,
            stories,
        };
        // A cache that cannot be written is rebuilt next time; not an error.
        let _ = super::desk_folder(root, &root.join(DERIVED_DIR))
            .and_then(|()| super::ensure_gitignore(root))
            .and_then(|()| to_ron(&path, &cache))
            .and_then(|text| write_atomically(&path, text.as_bytes()));
    }
    for (name, imported) in imported_memories(root, &mut report.problems) {
        let shared: Arc<str> = name.as_str().into();
        let entries = imported
            .units
            .into_iter()
            .map(|u| {
                entry_of(
                    u,
                    Origin::File {
                        name: Arc::clone(&shared),
                    },
                    &mut names,
                )
            })
            .collect();
        memory.set_file(&name, imported.penalty.min(MAX_PENALTY), entries);
    }
    memory.compact();
    Ok((memory, report))
}

/// The desk's imported memories, by name; files that cannot be read are reported.
fn imported_memories(root: &Path, problems: &mut Vec<String>) -> Vec<(String, ImportedMemory)> {
    let dir = root.join(MEMORY_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    if super::existing_desk_folder(root, &dir).is_err() {
        problems.push(format!(
            "{}: a link, not a folder of the desk; not read",
            dir.display()
        ));
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| match read_imported(&path) {
            Ok(m) => Some((m.name.clone(), m)),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        })
        .collect()
}

fn read_imported(path: &Path) -> Result<ImportedMemory, StoreError> {
    let bytes = super::read_bounded(path, "memory file", MAX_MEMORY_FILE_BYTES, false)?;
    super::from_ron(path, &bytes, ImportedMemory::FORMAT_VERSION)
}

/// The file an imported memory of this name is kept in.
#[must_use]
pub fn imported_path(root: &Path, name: &str) -> PathBuf {
    root.join(MEMORY_DIR)
        .join(format!("{}.ron", file_stem(name)))
}

/// A memory's name as a file name: letters and digits kept, anything else a hyphen.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "memory".to_owned()
    } else {
        stem.to_owned()
    }
}

/// What an import did.
#[derive(Clone, Debug)]
pub struct ImportReport {
    /// The memory's name.
    pub name: String,
    /// Where it is kept.
    pub path: PathBuf,
    /// What the reader found: units kept, skipped (with lines), tags dropped.
    pub read: TmxRead,
}

/// Imports a TMX file as a named memory of the desk (replacing a memory of that name), with
/// a penalty; editors only. The file is read whole and checked before anything is written; a failed import
/// leaves the desk's memories as they were.
pub fn import_tmx(
    root: &Path,
    settings: &DeskSettings,
    file: &Path,
    name: &str,
    penalty: u8,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<ImportReport, MemoryError> {
    check_memory_change(by)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(MemoryError::Problem {
            path: file.to_owned(),
            problem: "a memory needs a name".to_owned(),
        });
    }
    if penalty > MAX_PENALTY {
        return Err(MemoryError::Problem {
            path: file.to_owned(),
            problem: format!("a penalty is at most {MAX_PENALTY} points"),
        });
    }
    let bytes = super::read_bounded(file, "TMX file", MAX_TMX_BYTES, true)?;
    let read = tmx::read_tmx(
        &bytes,
        &settings.source_language,
        &settings.target_language,
        &tmx::Limits::default(),
    )
    .map_err(|e| MemoryError::Problem {
        path: file.to_owned(),
        problem: e.to_string(),
    })?;
    let imported = ImportedMemory {
        format_version: ImportedMemory::FORMAT_VERSION,
        name: name.to_owned(),
        penalty,
        imported_from: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        imported_by: by.name.clone(),
        imported_at: now,
        units: read.units.iter().map(stored_of_unit).collect(),
    };
    let path = imported_path(root, name);
    // Two names that make one file name ("Gem agency", "gem-agency"): never replace the
    // other memory unseen.
    if let Ok(existing) = read_imported(&path)
        && !existing.name.eq_ignore_ascii_case(name)
    {
        return Err(MemoryError::Problem {
            path,
            problem: format!(
                "the desk already has a memory called \"{}\" in this file; choose another name",
                existing.name
            ),
        });
    }
    write_imported(root, &path, &imported)?;
    Ok(ImportReport {
        name: name.to_owned(),
        path,
        read,
    })
}

fn stored_of_unit(unit: &TmxUnit) -> StoredEntry {
    StoredEntry {
        row: None,
        source: unit.source.clone(),
        english: unit.english.clone(),
        author: unit.author.clone(),
        time: unit.time,
        status: EntryStatus::Imported,
        note: unit.note.clone(),
    }
}

fn write_imported(root: &Path, path: &Path, imported: &ImportedMemory) -> Result<(), StoreError> {
    super::desk_folder(root, &root.join(MEMORY_DIR))?;
    let text = to_ron(path, imported)?;
    write_atomically(path, text.as_bytes())
}

fn find_imported(root: &Path, name: &str) -> Result<(PathBuf, ImportedMemory), MemoryError> {
    let mut problems = Vec::new();
    imported_memories(root, &mut problems)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, m)| (imported_path(root, &m.name), m))
        .ok_or_else(|| MemoryError::Problem {
            path: root.join(MEMORY_DIR),
            problem: format!("the desk has no imported memory called \"{}\"", name.trim()),
        })
}

/// The desk's imported memories: name, penalty, units, file imported from, by whom, when.
#[must_use]
pub fn list_imported(root: &Path) -> (Vec<ImportedMemory>, Vec<String>) {
    let mut problems = Vec::new();
    let list = imported_memories(root, &mut problems)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    (list, problems)
}

/// Sets an imported memory's penalty; editors only.
pub fn set_penalty(root: &Path, name: &str, penalty: u8, by: &Actor) -> Result<(), MemoryError> {
    check_memory_change(by)?;
    let (path, mut memory) = find_imported(root, name)?;
    if penalty > MAX_PENALTY {
        return Err(MemoryError::Problem {
            path,
            problem: format!("a penalty is at most {MAX_PENALTY} points"),
        });
    }
    memory.penalty = penalty;
    Ok(write_imported(root, &path, &memory)?)
}

/// Removes an imported memory from the desk; editors only.
pub fn remove_imported(root: &Path, name: &str, by: &Actor) -> Result<String, MemoryError> {
    check_memory_change(by)?;
    let (path, memory) = find_imported(root, name)?;
    std::fs::remove_file(&path).map_err(|source| StoreError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(memory.name)
}

/// The desk's own memory (its stories' entries, not imported ones) as TMX 1.4b.
pub fn export_tmx(memory: &Memory, settings: &DeskSettings) -> Result<Vec<u8>, MemoryError> {
    let units: Vec<TmxUnit> = memory
        .entries()
        .filter(|(_, e)| matches!(e.origin, Origin::Story { .. }))
        .map(|(_, e)| TmxUnit {
            source: e.source.clone(),
            english: e.english.clone(),
            author: e.author.to_string(),
            time: Some(e.time),
            note: e.note.clone(),
        })
        .collect();
    tmx::write_tmx(
        &units,
        &settings.source_language,
        &settings.target_language,
        env!("CARGO_PKG_VERSION"),
    )
    .map_err(|e| MemoryError::Problem {
        path: PathBuf::from("TMX export"),
        problem: e.to_string(),
    })
}
