//! The only code that touches the file system: a desk folder of RON files, written atomically,
//! with rotating backups, locks around every save, and detection of files changed by someone
//! else.
//!
//! A desk is a folder:
//!
//! ```text
//! desk.ron                            the desk's settings
//! desk-history/<time>-<hash>.ron      one recorded change of the settings per file
//! stories/<slug>.ron                  one file per story, without its history
//! history/<slug>/<time>-<hash>.ron    one revision per file, added, never rewritten
//! media/                              photos, referred to by file name from the stories
//! backups/<slug>/                     the last few versions of each story file (this machine's)
//! .copydesk/                          derived data: the desk index, save locks, who has a
//!                                     story open; rebuildable, kept out of git
//! seen/<person>@<computer>-<hash>.ron on a team desk (a git clone): who last edited which
//!                                     story, one file per person and computer, so it never
//!                                     conflicts (`git.rs`)
//! .gitignore                          written by Copydesk: backups/, .copydesk/, temporary files
//! .gitattributes                      written by Copydesk: story files merge with `copydesk merge-driver`
//! ```
//!
//! Revisions live in files of their own so that opening, listing and saving a story never
//! parses or rewrites its history, and so that two people's revisions of one story are two
//! new files, which merge in git without touching each other.

mod atomic;
pub mod git;
pub mod glossary;
mod index;
pub mod memory;
mod merge;
mod presence;
pub mod search;
pub mod signing;
mod story;
mod sweep;

pub use atomic::{write_atomically, write_atomically_like};
pub use index::{DeskIndex, IndexEntry, nanos, refresh_index, write_index};
pub use merge::{GITATTRIBUTES_LINE, ensure_gitattributes, read_story_version, write_merged_story};
pub use presence::{
    Presence, claim_presence, presence_path, process_alive, read_presence, release_presence,
    this_host,
};
pub use story::{
    FileStamp, LOCK_WAIT, LoadedStory, StoryLock, append_revisions, create_story, disk_stamp,
    keep_theirs, load_history, load_story, load_story_file, parse_story, save_conflict_copy,
    save_recovery_copy, save_story, save_story_at, save_story_locked,
};
pub use sweep::{ORPHAN_AGE, sweep_orphans};

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::model::{DeskChange, DeskSettings};

/// The desk settings file at a desk's root.
pub const DESK_FILE: &str = "desk.ron";
/// The folder of story files.
pub const STORIES_DIR: &str = "stories";
/// The folder of photos.
pub const MEDIA_DIR: &str = "media";
/// The folder of backups.
pub const BACKUPS_DIR: &str = "backups";
/// The folder of revisions, one folder per story.
pub const HISTORY_DIR: &str = "history";
/// The folder of recorded changes to the desk's settings.
pub const DESK_HISTORY_DIR: &str = "desk-history";
/// The folder of derived data: rebuildable, per desk, kept out of git.
pub const DERIVED_DIR: &str = ".copydesk";
/// What Copydesk puts in a desk's `.gitignore`: derived data, this machine's backups, and
/// the temporary file of a save being written (a commit made meanwhile must not take it).
const GITIGNORE_LINES: [&str; 3] = ["/.copydesk/", "/backups/", ".copydesk-*.tmp"];
/// How many earlier versions of each story are kept in `backups/`.
pub const BACKUPS_KEPT: usize = 10;
/// A new routine backup is taken when the newest is older than this, so ten backups reach
/// back about an hour of work rather than the last ten pauses in typing.
pub const BACKUP_INTERVAL: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// The format of backup file names; they sort by time.
const BACKUP_STAMP: &str = "%Y%m%dT%H%M%S%.6fZ";

/// Why a desk or story could not be read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The operating system refused.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A folder without `desk.ron`.
    #[error("{} is not a Copydesk desk: it has no {DESK_FILE}", path.display())]
    NotADesk {
        /// The folder.
        path: PathBuf,
    },
    /// The file is not valid UTF-8 text.
    #[error("{}: not UTF-8 text (bad byte at offset {offset}); was it saved in another encoding?", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first bad byte is.
        offset: usize,
    },
    /// The file is not valid RON or does not match the format.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Written by a newer Copydesk.
    #[error("{}: written in format version {found}, but this Copydesk reads up to version {supported}; please update Copydesk", path.display())]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The story's file name and the slug inside disagree.
    #[error("{}: the file name says \"{file_slug}\" but the story inside says \"{inner_slug}\"", path.display())]
    SlugMismatch {
        /// The file.
        path: PathBuf,
        /// The slug from the file name.
        file_slug: String,
        /// The slug in the file.
        inner_slug: String,
    },
    /// A slug that cannot be a file name.
    #[error("\"{slug}\" is not a valid slug: use lowercase letters, digits and hyphens")]
    InvalidSlug {
        /// The slug.
        slug: String,
    },
    /// Creating something that is already there.
    #[error("{} already exists", path.display())]
    AlreadyExists {
        /// The file or folder.
        path: PathBuf,
    },
    /// The file on disk changed since it was read, so saving would overwrite someone's work.
    #[error("{} was changed by someone else since you opened it; your version was not written there", path.display())]
    Conflict {
        /// The file.
        path: PathBuf,
    },
    /// Serialising failed; a bug, reported rather than writing a broken file.
    #[error("{}: could not write the data: {message}", path.display())]
    Serialize {
        /// The file.
        path: PathBuf,
        /// What the serialiser said.
        message: String,
    },
    /// Another program held the story's save lock for longer than we could wait.
    #[error("{}: {what} is busy: another program is saving it; try again in a moment", path.display())]
    Busy {
        /// The story file (or `desk.ron`).
        path: PathBuf,
        /// What is busy, by name: `the story "monywa-floods"`, `the desk's settings`.
        what: String,
    },
    /// Two blocks of a story share an id: an edit meant for one row would land in the other.
    #[error("{}: rows {first} and {second} have the same id ({id}); give one of them a new id", path.display())]
    DuplicateBlock {
        /// The story file.
        path: PathBuf,
        /// The id.
        id: u32,
        /// The first row with it.
        first: usize,
        /// The second.
        second: usize,
    },
    /// A row id (or the id counter, row 0) too large to add rows after.
    #[error("{}: row {row} has the id {id}, beyond the ids Copydesk gives; give it a smaller one", path.display())]
    BlockIdTooLarge {
        /// The story file.
        path: PathBuf,
        /// The id.
        id: u32,
        /// The row, from 1; 0 for the counter.
        row: usize,
    },
    /// Something in the desk folder that is not a regular file where one was expected.
    #[error("{}: not a regular file (a folder, link, pipe or device); Copydesk does not read it", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// A link (or a file) where the desk should have one of its own folders: writing
    /// through it would put the desk's files somewhere else on the machine.
    #[error("{}: a link or file where the desk's own folder should be; Copydesk writes only inside the desk, so remove it and try again", path.display())]
    NotADeskFolder {
        /// The path.
        path: PathBuf,
    },
    /// A story with more rows than any story has.
    #[error("{}: {rows} rows, more than the {limit} a story may have; Copydesk does not read it", path.display())]
    TooManyRows {
        /// The story file.
        path: PathBuf,
        /// How many it has.
        rows: usize,
        /// The most allowed.
        limit: usize,
    },
    /// A file larger than Copydesk reads for its kind.
    #[error("{}: larger than {} MB, more than a {what} ever is; Copydesk does not read it", path.display(), limit / (1024 * 1024))]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// What the file should have been.
        what: &'static str,
        /// The most bytes read.
        limit: u64,
    },
    /// A file a newer Copydesk wrote, with fields this version would drop if it wrote it.
    #[error("{}: a newer Copydesk wrote this file (it has {fields}, which this version does not know); update Copydesk to change it", path.display())]
    Newer {
        /// The file.
        path: PathBuf,
        /// The fields, as dotted paths.
        fields: String,
    },
    /// An export aimed at the desk's own files.
    #[error("{}: that is inside the desk's own files; export somewhere else (the desk's top folder or outside it)", path.display())]
    IntoDesk {
        /// The path asked for.
        path: PathBuf,
    },
    /// A photo that is not a JPEG or PNG image.
    #[error("{}: not a JPEG or PNG image", path.display())]
    NotAnImage {
        /// The path.
        path: PathBuf,
    },
    /// A file that would be larger than Copydesk reads back ([`MAX_DESK_FILE_BYTES`]):
    /// refused before anything is written, so a save or an import never makes a story
    /// the desk then cannot open.
    #[error("{}: {what} would be {}, more than the {} MB Copydesk reads back, so nothing was written; {advice}", path.display(), megabytes(*bytes), limit / (1024 * 1024))]
    WouldBeTooLarge {
        /// The file that would have been written (for a revision, the story's history folder).
        path: PathBuf,
        /// What it is, naming the story: `the story "monywa-floods"`.
        what: String,
        /// How many bytes it would have.
        bytes: u64,
        /// The most a desk file may have.
        limit: u64,
        /// What the person can do about it.
        advice: &'static str,
    },
    /// A story with more rows than Copydesk reads back ([`MAX_STORY_ROWS`]): refused before
    /// anything is written.
    #[error("{}: the story \"{slug}\" would have {rows} rows, more than the {limit} a story may have, so nothing was written; split it into smaller stories", path.display())]
    WouldHaveTooManyRows {
        /// The story file.
        path: PathBuf,
        /// The story.
        slug: String,
        /// How many rows it has.
        rows: usize,
        /// The most a story may have.
        limit: usize,
    },
}

/// A size in bytes as a person reads it: `17.3 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// What a person can do about a story too large to write.
pub(crate) const SPLIT_THE_STORY: &str = "split it into smaller stories";

/// Refuses to write `text` to `path` when Copydesk would refuse to read it back: a desk
/// file over [`MAX_DESK_FILE_BYTES`]. Every reader of the desk has that limit, so a file
/// written past it would be one the desk could never open again.
pub(crate) fn check_readable_size(
    path: &Path,
    what: impl FnOnce() -> String,
    text: &str,
    advice: &'static str,
) -> Result<(), StoreError> {
    let bytes = text.len() as u64;
    if bytes > MAX_DESK_FILE_BYTES {
        return Err(StoreError::WouldBeTooLarge {
            path: path.to_owned(),
            what: what(),
            bytes,
            limit: MAX_DESK_FILE_BYTES,
            advice,
        });
    }
    Ok(())
}

/// The most bytes of a story, settings or record file read: a 5,000-row story is a few MB.
pub const MAX_DESK_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The most rows a story file may have: an import makes at most 20,000.
pub const MAX_STORY_ROWS: usize = 50_000;
/// The most bytes of a photo read, in the desk or when added to it.
pub const MAX_PHOTO_BYTES: u64 = 32 * 1024 * 1024;
/// The most bytes of a file to import read.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What a file held when we last read or wrote it, to tell whether someone else changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint of some bytes.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        Self(hasher.finish())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A desk as loaded whole: settings, every story that loaded, and the files that did not.
/// For tools and tests; the window and the command line read the desk index instead.
#[derive(Debug)]
pub struct LoadedDesk {
    /// The desk folder.
    pub root: PathBuf,
    /// `desk.ron`.
    pub settings: DeskSettings,
    /// The stories that loaded, sorted by slug.
    pub stories: Vec<LoadedStory>,
    /// One error per story file that did not load; those files are never written to.
    pub problems: Vec<StoreError>,
}

/// The path of a story's file.
#[must_use]
pub fn story_path(root: &Path, slug: &str) -> PathBuf {
    root.join(STORIES_DIR).join(format!("{slug}.ron"))
}

/// The folder of a story's revisions.
#[must_use]
pub fn history_dir(root: &Path, slug: &str) -> PathBuf {
    root.join(HISTORY_DIR).join(slug)
}

/// The path of a photo in the desk's `media/` folder. Only the file name is used, so a
/// hand-edited story cannot point outside the desk.
#[must_use]
pub fn media_path(root: &Path, file: &str) -> PathBuf {
    let name = Path::new(file).file_name().unwrap_or_default();
    root.join(MEDIA_DIR).join(name)
}

/// Creates a new, empty desk in `root` (which may exist but must not already hold a desk).
pub fn create_desk(root: &Path, settings: &DeskSettings) -> Result<(), StoreError> {
    let desk_file = root.join(DESK_FILE);
    if desk_file.exists() {
        return Err(StoreError::AlreadyExists { path: desk_file });
    }
    // Only the desk folder itself is made: a mistyped path should not grow a tree of folders.
    if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(StoreError::Io {
            path: parent.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "there is no such folder to create the desk in",
            ),
        });
    }
    for dir in [
        root.to_owned(),
        root.join(STORIES_DIR),
        root.join(MEDIA_DIR),
    ] {
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    }
    ensure_gitignore(root)?;
    ensure_gitattributes(root)?;
    let text = to_ron(&desk_file, settings)?;
    write_atomically(&desk_file, text.as_bytes())
}

/// Makes sure the desk's `.gitignore` keeps derived data and this machine's backups out of
/// git, adding Copydesk's lines to a file the desk may already have.
pub fn ensure_gitignore(root: &Path) -> Result<(), StoreError> {
    ensure_lines(
        &root.join(".gitignore"),
        "# Written by Copydesk: derived data and this machine's backups stay out of git.",
        &GITIGNORE_LINES,
    )
}

/// Adds the lines a desk file (`.gitignore`, `.gitattributes`) lacks, keeping what the desk
/// already wrote there; a new file starts with `header`. Nothing is written when every line
/// is there.
pub(crate) fn ensure_lines(path: &Path, header: &str, lines: &[&str]) -> Result<(), StoreError> {
    let existing = match read_regular(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            String::new()
        }
        Err(err) => return Err(err),
    };
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if text.is_empty() {
        text.push_str(header);
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    write_atomically(path, text.as_bytes())
}

/// Reads a desk's settings and every story in full. A story that fails to load is
/// reported in [`LoadedDesk::problems`]; the rest still load.
pub fn load_desk(root: &Path) -> Result<LoadedDesk, StoreError> {
    let settings = load_settings(root)?;
    let mut stories = Vec::new();
    let mut problems = Vec::new();
    for path in story_files(root)? {
        match load_story_file(&path, &settings) {
            Ok(loaded) => stories.push(loaded),
            Err(err) => problems.push(err),
        }
    }
    Ok(LoadedDesk {
        root: root.to_owned(),
        settings,
        stories,
        problems,
    })
}

/// The story files of a desk, sorted by name.
pub(crate) fn story_files(root: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let dir = root.join(STORIES_DIR);
    existing_desk_folder(root, &dir)?;
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        // A desk with no stories yet may lack the folder.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { path: dir, source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads `desk.ron`.
pub fn load_settings(root: &Path) -> Result<DeskSettings, StoreError> {
    let path = root.join(DESK_FILE);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(StoreError::NotAFile { path });
    }
    if !path.is_file() {
        let problem = if root.is_dir() {
            return Err(StoreError::NotADesk {
                path: root.to_owned(),
            });
        } else if root.exists() {
            "this is a file; a desk is a folder"
        } else {
            "there is no such folder"
        };
        return Err(StoreError::Io {
            path: root.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, problem),
        });
    }
    let bytes = read_regular(&path)?;
    Ok(parse_settings(&path, &bytes)?.0)
}

/// A desk file's bytes as settings, with the fields it has that this version does not
/// know (a newer Copydesk wrote them; the settings are then not changed from here, or
/// they would be lost).
pub fn parse_settings(
    path: &Path,
    bytes: &[u8],
) -> Result<(DeskSettings, Vec<String>), StoreError> {
    let text = utf8(path, bytes)?;
    check_version(path, text, DeskSettings::FORMAT_VERSION)?;
    let (mut settings, unknown): (DeskSettings, Vec<String>) = parse_ron_noting(path, text)?;
    settings.format_version = DeskSettings::FORMAT_VERSION;
    Ok((settings, unknown))
}

/// The desk's settings read to be changed: refused when a newer Copydesk wrote fields this
/// version would drop.
pub fn load_settings_to_change(root: &Path) -> Result<DeskSettings, StoreError> {
    let path = root.join(DESK_FILE);
    let bytes = read_regular(&path)?;
    let (settings, unknown) = parse_settings(&path, &bytes)?;
    if !unknown.is_empty() {
        return Err(StoreError::Newer {
            path,
            fields: unknown.join(", "),
        });
    }
    Ok(settings)
}

/// Writes `desk.ron` after a change, recording the change first in `desk-history/`.
pub fn save_settings(
    root: &Path,
    settings: &DeskSettings,
    change: &DeskChange,
) -> Result<(), StoreError> {
    let dir = root.join(DESK_HISTORY_DIR);
    let path = root.join(DESK_FILE);
    let text = to_ron(&path, settings)?;
    let advice = "remove some of the desk's roster or rules";
    check_readable_size(&path, || "the desk's settings".to_owned(), &text, advice)?;
    let record = record_text(
        &dir,
        &StoredDeskChange {
            format_version: DeskSettings::FORMAT_VERSION,
            change: change.clone(),
        },
        || "a change of the desk's settings".to_owned(),
        advice,
    )?;
    write_record_text(root, &dir, change.at, &record)?;
    write_atomically(&path, text.as_bytes())
}

/// The recorded changes of a desk's settings, oldest first; a record that cannot be read
/// is reported, not skipped silently.
pub fn load_desk_history(root: &Path) -> Result<(Vec<DeskChange>, Vec<StoreError>), StoreError> {
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    existing_desk_folder(root, &root.join(DESK_HISTORY_DIR))?;
    for path in record_files(&root.join(DESK_HISTORY_DIR))? {
        match read_regular(&path).and_then(|bytes| {
            from_ron::<StoredDeskChange>(&path, &bytes, DeskSettings::FORMAT_VERSION)
        }) {
            Ok(stored) => changes.push(stored.change),
            Err(err) => problems.push(err),
        }
    }
    Ok((changes, problems))
}

/// A desk change as stored in its own file.
#[derive(Serialize, Deserialize)]
struct StoredDeskChange {
    format_version: u32,
    change: DeskChange,
}

/// The `.ron` files of a record folder (revisions, desk changes), sorted by name, which
/// sorts them by time; a missing folder has none.
pub(crate) fn record_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// A record as it will be written into `dir`, refused when it would be larger than
/// Copydesk reads back (see [`check_readable_size`]); `what` names it in that message,
/// `advice` says what to do.
pub(crate) fn record_text<T: Serialize>(
    dir: &Path,
    value: &T,
    what: impl FnOnce() -> String,
    advice: &'static str,
) -> Result<String, StoreError> {
    let text = to_ron(&dir.join("record.ron"), value)?;
    check_readable_size(dir, what, &text, advice)?;
    Ok(text)
}

/// Writes one record (a revision, a desk change) made by [`record_text`] into `dir`, under
/// a name made of its time and a hash of its bytes: names sort by time, two machines'
/// records never collide, and writing the same record twice leaves one file.
pub(crate) fn write_record_text(
    root: &Path,
    dir: &Path,
    at: DateTime<Utc>,
    text: &str,
) -> Result<PathBuf, StoreError> {
    use sha2::Digest as _;
    desk_folder(root, dir)?;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let hash = digest.iter().take(4).fold(String::new(), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let path = dir.join(format!("{}-{hash}.ron", at.format(BACKUP_STAMP)));
    if !path.exists() {
        write_atomically(&path, text.as_bytes())?;
    }
    Ok(path)
}

/// Makes a folder of the desk (with the folders above it, up to the desk), refusing when
/// one of them is a link or a file: a desk pulled from someone else could have
/// `history/<slug>` point anywhere on the machine, and every revision would be written
/// there. The desk folder itself may be a link.
pub(crate) fn desk_folder(root: &Path, dir: &Path) -> Result<(), StoreError> {
    let Ok(below) = dir.strip_prefix(root) else {
        return std::fs::create_dir_all(dir).map_err(io_err(dir));
    };
    // One level at a time, each looked at before it is used: `create_dir_all` would
    // follow a link and make folders wherever it points. The desk folder itself is never
    // made here (a desk whose drive has gone must not come back empty).
    let mut at = root.to_owned();
    for part in below.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => return Err(StoreError::NotADeskFolder { path: at }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&at) {
                    Ok(()) => {}
                    // Made by someone else meanwhile: looked at again on the next turn.
                    Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                        check_desk_folder(root, &at)?;
                    }
                    Err(source) => return Err(StoreError::Io { path: at, source }),
                }
            }
            Err(source) => return Err(StoreError::Io { path: at, source }),
        }
    }
    Ok(())
}

/// [`check_desk_folder`] for a folder that is read, when it exists at all (a desk without
/// stories yet may lack `stories/`).
pub(crate) fn existing_desk_folder(root: &Path, dir: &Path) -> Result<(), StoreError> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    check_desk_folder(root, dir)
}

/// Refuses a folder of the desk (or one above it, up to the desk) that is a link or a
/// file; see [`desk_folder`].
pub(crate) fn check_desk_folder(root: &Path, dir: &Path) -> Result<(), StoreError> {
    let Ok(below) = dir.strip_prefix(root) else {
        return Ok(());
    };
    let mut at = root.to_owned();
    for part in below.components() {
        at.push(part);
        let real_folder = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_dir());
        if !real_folder {
            return Err(StoreError::NotADeskFolder { path: at });
        }
    }
    Ok(())
}

/// Reads a file that must be a regular file inside the desk: a pipe would hang the reader,
/// a device or folder is never story data, and a link could lead anywhere on the machine
/// (a desk pulled from a colleague must not make an export carry someone's private files).
pub(crate) fn read_regular(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_bounded(path, "desk file", MAX_DESK_FILE_BYTES, false)
}

/// Reads at most `limit` bytes of a regular file, refusing anything larger whatever its
/// size claimed when looked at; links are followed only with `follow_links` (a file the
/// user chose by name, as opposed to one found inside a desk).
fn read_bounded(
    path: &Path,
    what: &'static str,
    limit: u64,
    follow_links: bool,
) -> Result<Vec<u8>, StoreError> {
    use std::io::Read as _;
    let meta = if follow_links {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
    .map_err(io_err(path))?;
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_owned(),
        });
    }
    let too_large = || StoreError::TooLarge {
        path: path.to_owned(),
        what,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err(path))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The usual file extension of a JPEG or PNG image (the photos exports embed), from its
/// opening bytes; `None` for anything else.
#[must_use]
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else {
        None
    }
}

/// Reads a photo of the desk, refusing links, non-images and oversized files.
pub fn read_photo(root: &Path, file: &str) -> Result<Vec<u8>, StoreError> {
    let path = media_path(root, file);
    // The photo itself is not a link (read_bounded); nor may the media folder be one.
    let media = root.join(MEDIA_DIR);
    if !std::fs::symlink_metadata(&media).is_ok_and(|m| m.file_type().is_dir()) {
        return Err(StoreError::NotADeskFolder { path: media });
    }
    let bytes = read_bounded(&path, "photo", MAX_PHOTO_BYTES, false)?;
    if image_extension(&bytes).is_none() {
        return Err(StoreError::NotAnImage { path });
    }
    Ok(bytes)
}

/// Reads a small settings file of this machine (not of a desk); `None` if it does not exist.
pub fn read_machine_file<T: DeserializeOwned>(
    path: &Path,
    supported: u32,
) -> Result<Option<T>, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => from_ron(path, &bytes, supported).map(Some),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Writes a small settings file of this machine, creating its folder.
pub fn write_machine_file<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let text = to_ron(path, value)?;
    write_atomically(path, text.as_bytes())
}

/// The photos of a desk, for exports that embed them.
pub struct DeskMedia<'a> {
    /// The desk folder.
    pub root: &'a Path,
}

impl crate::export::MediaSource for DeskMedia<'_> {
    fn photo(&self, file: &str) -> Option<Vec<u8>> {
        read_photo(self.root, file).ok()
    }
}

/// Writes an export of a story of the desk at `root`: atomically, so a failed or interrupted
/// export leaves nothing behind, and never over the desk's own files (see
/// [`check_export_path`]).
pub fn write_export(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    check_export_path(root, path)?;
    write_atomically(path, bytes)
}

/// Refuses an export path inside the desk's own files: its settings, stories, backups,
/// photos, history and working files. An export beside them at the desk's top level is
/// allowed. Paths are compared after resolving links, so `..` or a link to the desk does
/// not get round it.
pub fn check_export_path(root: &Path, path: &Path) -> Result<(), StoreError> {
    let refused = || StoreError::IntoDesk {
        path: path.to_owned(),
    };
    let Some(name) = path.file_name() else {
        return Err(refused());
    };
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let (Some(parent), Ok(root)) = (resolve_existing(parent), std::fs::canonicalize(root)) else {
        return Ok(());
    };
    let Ok(inside) = parent.join(name).strip_prefix(&root).map(Path::to_owned) else {
        return Ok(());
    };
    let first = inside.components().next().map(|c| c.as_os_str().to_owned());
    let protected = [
        DESK_FILE,
        ".gitignore",
        STORIES_DIR,
        MEDIA_DIR,
        BACKUPS_DIR,
        HISTORY_DIR,
        DESK_HISTORY_DIR,
        DERIVED_DIR,
        ".git",
    ];
    // Compared without case: on the file systems of macOS and Windows, `Stories` is
    // `stories`.
    let first = first.map(|f| f.to_string_lossy().to_lowercase());
    if first.is_some_and(|first| protected.iter().any(|p| first == *p)) {
        return Err(refused());
    }
    Ok(())
}

/// A path with its longest existing beginning resolved (links, `..`) and the rest, not
/// yet made, appended as written.
fn resolve_existing(path: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return Some(missing.iter().rev().fold(resolved, |p, c| p.join(c)));
        }
        missing.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
        if existing.as_os_str().is_empty() {
            existing = Path::new(".");
        }
    }
}

/// Reads a file to import: a regular file (the user named it, so a link to one is fine) of
/// at most [`MAX_IMPORT_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_bounded(path, "story to import", MAX_IMPORT_BYTES, true)
}

/// How a photo file of the desk looks from outside, without reading it or following a link:
/// its length and modification time (a link's own), or `None` when there is no such file.
/// The window keys what it has read of a photo on this, so a frame never reads the file
/// again while it is unchanged.
pub fn media_stamp(
    root: &Path,
    file: &str,
) -> Result<Option<(u64, Option<std::time::SystemTime>)>, StoreError> {
    let path = media_path(root, file);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) => Ok(Some((meta.len(), meta.modified().ok()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// Whether a path is an existing file (for checking a chosen photo before importing it).
#[must_use]
pub fn is_file(path: &Path) -> bool {
    path.is_file()
}

/// Whether a folder holds a desk.
#[must_use]
pub fn is_desk(root: &Path) -> bool {
    root.join(DESK_FILE).is_file()
}

/// The absolute form of a desk folder, for remembering it; the path as given if that fails.
#[must_use]
pub fn canonical(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned())
}

/// Copies a photo into the desk's `media/` folder under a name not yet used there,
/// and returns that name.
pub fn import_media(root: &Path, source: &Path) -> Result<String, StoreError> {
    let dir = root.join(MEDIA_DIR);
    desk_folder(root, &dir)?;
    let bytes = read_bounded(source, "photo", MAX_PHOTO_BYTES, true)?;
    let Some(image) = image_extension(&bytes) else {
        return Err(StoreError::NotAnImage {
            path: source.to_owned(),
        });
    };
    let stem: String = source
        .file_stem()
        .map(|s| crate::model::slugify(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "photo".to_owned());
    // The name says what the bytes are, whatever the file was called ("jpeg" kept as is).
    let ext = source
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e == image || (image == "jpg" && e == "jpeg"))
        .unwrap_or_else(|| image.to_owned());
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while dir.join(&name).exists() {
        if read_photo(root, &name).is_ok_and(|existing| existing == bytes) {
            // The same photo is already there: share it.
            return Ok(name);
        }
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    write_atomically(&dir.join(&name), &bytes)?;
    Ok(name)
}

/// Copies a writer's Markdown draft's photos, named beside the draft (`markdown`), into the
/// desk's `media/` folder, and points the story's photo rows at the copies. A photo that is
/// missing, a link, too large or not a JPEG or PNG stops the import before the story is
/// filed (copies already made stay in `media/`, unused, as any photo added and removed).
pub fn import_markdown_photos(
    root: &Path,
    markdown: &Path,
    story: &mut crate::model::Story,
    photos: &[crate::import::PhotoToCopy],
) -> Result<(), StoreError> {
    let folder = markdown.parent().unwrap_or_else(|| Path::new(""));
    for photo in photos {
        // Checked by the reader already; checked again where the path is made.
        if !crate::import::is_beside(&photo.name) {
            return Err(StoreError::NotAnImage {
                path: folder.join(&photo.name),
            });
        }
        let name = import_media(root, &folder.join(&photo.name))?;
        if let Some(block) = story.block_mut(photo.block)
            && let crate::model::BlockKind::Photo(p) = &mut block.kind
        {
            p.file = name;
        }
    }
    Ok(())
}

/// The desk's story data as pretty RON, the form every file on disk takes.
pub fn to_ron<T: Serialize>(path: &Path, value: &T) -> Result<String, StoreError> {
    // Strings unescaped (raw strings where they hold quotes), so Burmese and curly quotes
    // stay readable in the file and in a diff.
    let config = ron::ser::PrettyConfig::new()
        .escape_strings(false)
        .indentor("  ".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text =
        ron::ser::to_string_pretty(value, config).map_err(|e| StoreError::Serialize {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// The format version a file declares. Copydesk writes `format_version` first, so it is
/// read from the opening lines without parsing the file; only a hand-edited file that moved
/// it is probed whole.
pub(crate) fn declared_version(text: &str) -> Option<u32> {
    for line in text.lines().take(8) {
        let line = line.trim_start_matches(['(', ' ', '\t']);
        if let Some(rest) = line.strip_prefix("format_version:") {
            return rest.trim().trim_end_matches(',').trim().parse().ok();
        }
    }
    ron::from_str::<VersionProbe>(text)
        .ok()
        .map(|p| p.format_version)
}

/// Parses RON bytes, naming the file, line and column on failure, and refusing files written
/// by a newer format version than `supported`.
pub fn from_ron<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    supported: u32,
) -> Result<T, StoreError> {
    let text = utf8(path, bytes)?;
    check_version(path, text, supported)?;
    parse_ron(path, text)
}

pub(crate) fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StoreError> {
    // A byte-order mark (some editors add one) is not part of the file's text.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| StoreError::NotUtf8 {
        path: path.to_owned(),
        offset: e.valid_up_to(),
    })
}

/// Refuses a file written by a newer format version, so it is reported as such rather than
/// as a parse error; returns the version it declares.
pub(crate) fn check_version(path: &Path, text: &str, supported: u32) -> Result<u32, StoreError> {
    let found = declared_version(text).unwrap_or(supported);
    if found > supported {
        return Err(StoreError::NewerFormat {
            path: path.to_owned(),
            found,
            supported,
        });
    }
    Ok(found)
}

pub(crate) fn parse_ron<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, StoreError> {
    parse_ron_noting(path, text).map(|(value, _)| value)
}

/// Parses RON bytes, also returning the fields the file has that this version does not
/// know (as dotted paths): a file written by a newer Copydesk, whose next save by this
/// version would drop them.
pub(crate) fn parse_ron_noting<T: DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<(T, Vec<String>), StoreError> {
    let spanned = |e: ron::error::SpannedError| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: match e.code {
            // RON's own advice is about its API, not the file.
            ron::Error::ExceededRecursionLimit => {
                "nested too deeply to be a Copydesk file (more than 128 levels)".to_owned()
            }
            code => code.to_string(),
        },
    };
    // A panic in the parser (other people's code) is a broken file to the person, and a
    // bug report line in the log; never a crashed window.
    std::panic::catch_unwind(|| {
        let mut de = ron::Deserializer::from_str(text).map_err(spanned)?;
        let mut unknown = Vec::new();
        let value = serde_ignored::deserialize(&mut de, |field| unknown.push(field.to_string()))
            .map_err(|e| spanned(de.span_error(e)))?;
        de.end().map_err(|e| spanned(de.span_error(e)))?;
        Ok((value, unknown))
    })
    .unwrap_or_else(|_| {
        log::error!("bug: the RON parser panicked on {}", path.display());
        Err(StoreError::Parse {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: "the file reader failed on it".to_owned(),
        })
    })
}

/// The file, in this machine's Copydesk folder, that says who works here.
const IDENTITY_FILE: &str = "identity.ron";

/// Who works at this machine, as stored: a name only. Roles come from each desk's roster,
/// never from here (version 1 also stored roles the person ticked; they are ignored).
#[derive(Serialize, Deserialize)]
struct IdentityFile {
    format_version: u32,
    name: String,
    /// The SSH key this person signs sign-offs with, when they name one (like git's
    /// `user.signingKey`): a private key, or a `.pub` whose private half is in the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signing_key: Option<PathBuf>,
}

/// The name of the person working at this machine, kept in `dir` (this machine's Copydesk
/// folder); `None` when nobody has said yet.
pub fn load_identity(dir: &Path) -> Result<Option<String>, StoreError> {
    let file: Option<IdentityFile> = read_machine_file(&dir.join(IDENTITY_FILE), 2)?;
    Ok(file.map(|f| f.name).filter(|n| !n.trim().is_empty()))
}

/// Remembers who works at this machine (keeping the signing key they named, if any).
pub fn save_identity(dir: &Path, name: &str) -> Result<(), StoreError> {
    let signing_key = load_signing_key(dir).ok().flatten();
    write_machine_file(
        &dir.join(IDENTITY_FILE),
        &IdentityFile {
            format_version: 2,
            name: name.trim().to_owned(),
            signing_key,
        },
    )
}

/// Remembers the SSH key the person at this machine signs sign-offs with (`None`: look
/// for it). Who they are is kept as it is.
pub fn save_signing_key(dir: &Path, key: Option<&Path>) -> Result<(), StoreError> {
    let name = load_identity(dir).ok().flatten().unwrap_or_default();
    write_machine_file(
        &dir.join(IDENTITY_FILE),
        &IdentityFile {
            format_version: 2,
            name,
            signing_key: key.map(Path::to_owned),
        },
    )
}

/// The SSH key the person at this machine named to sign sign-offs with (`signing_key` in
/// `identity.ron`); `None` when they named none, and the key is looked for
/// (`signing::find_signing_key`).
pub fn load_signing_key(dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    let file: Option<IdentityFile> = read_machine_file(&dir.join(IDENTITY_FILE), 2)?;
    Ok(file.and_then(|f| f.signing_key))
}
