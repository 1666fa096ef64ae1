//! The only code that touches the file system: a desk folder of RON files, written atomically,
//! with rotating backups and detection of files changed by someone else.
//!
//! A desk is a folder:
//!
//! ```text
//! desk.ron              the desk's settings
//! stories/<slug>.ron    one file per story
//! media/                photos, referred to by file name from the stories
//! backups/<slug>/       the last few versions of each story file, newest last
//! ```

mod atomic;

pub use atomic::write_atomically;

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::model::{DeskSettings, Story, is_valid_slug};

/// The desk settings file at a desk's root.
pub const DESK_FILE: &str = "desk.ron";
/// The folder of story files.
pub const STORIES_DIR: &str = "stories";
/// The folder of photos.
pub const MEDIA_DIR: &str = "media";
/// The folder of backups.
pub const BACKUPS_DIR: &str = "backups";
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
}

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

/// A story as loaded from disk, with what its file held.
#[derive(Clone, Debug)]
pub struct LoadedStory {
    /// The story.
    pub story: Story,
    /// The fingerprint of the file's bytes at load time.
    pub fingerprint: Fingerprint,
}

/// A desk as loaded: settings, the stories that loaded, and the files that did not.
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
    let text = to_ron(&desk_file, settings)?;
    write_atomically(&desk_file, text.as_bytes())
}

/// Reads a desk's settings and every story. A story that fails to load is reported in
/// [`LoadedDesk::problems`]; the rest still load.
pub fn load_desk(root: &Path) -> Result<LoadedDesk, StoreError> {
    let settings = load_settings(root)?;
    let mut stories = Vec::new();
    let mut problems = Vec::new();
    let dir = root.join(STORIES_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        // A desk with no stories yet may lack the folder.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(LoadedDesk {
                root: root.to_owned(),
                settings,
                stories,
                problems,
            });
        }
        Err(source) => return Err(StoreError::Io { path: dir, source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    for path in paths {
        match load_story_file(&path) {
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

/// Reads `desk.ron`.
pub fn load_settings(root: &Path) -> Result<DeskSettings, StoreError> {
    let path = root.join(DESK_FILE);
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
    let bytes = std::fs::read(&path).map_err(io_err(&path))?;
    from_ron(&path, &bytes, DeskSettings::FORMAT_VERSION)
}

/// Writes `desk.ron`.
pub fn save_settings(root: &Path, settings: &DeskSettings) -> Result<(), StoreError> {
    let path = root.join(DESK_FILE);
    let text = to_ron(&path, settings)?;
    write_atomically(&path, text.as_bytes())
}

/// Reads one story file.
pub fn load_story_file(path: &Path) -> Result<LoadedStory, StoreError> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    let story: Story = from_ron(path, &bytes, Story::FORMAT_VERSION)?;
    let file_slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_slug != story.slug {
        return Err(StoreError::SlugMismatch {
            path: path.to_owned(),
            file_slug,
            inner_slug: story.slug,
        });
    }
    Ok(LoadedStory {
        story,
        fingerprint: Fingerprint::of(&bytes),
    })
}

/// What a story's file holds now, as a fingerprint; `None` if the file is gone.
pub fn fingerprint_on_disk(root: &Path, slug: &str) -> Result<Option<Fingerprint>, StoreError> {
    let path = story_path(root, slug);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(Fingerprint::of(&bytes))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// Creates the file of a new story; refuses to replace an existing one.
pub fn create_story(root: &Path, story: &Story) -> Result<Fingerprint, StoreError> {
    if !is_valid_slug(&story.slug) {
        return Err(StoreError::InvalidSlug {
            slug: story.slug.clone(),
        });
    }
    let path = story_path(root, &story.slug);
    if path.exists() {
        return Err(StoreError::AlreadyExists { path });
    }
    let dir = root.join(STORIES_DIR);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let text = to_ron(&path, story)?;
    write_atomically(&path, text.as_bytes())?;
    Ok(Fingerprint::of(text.as_bytes()))
}

/// Saves a story over its file, provided the file still holds what we last read or wrote
/// (`expected`). The previous version goes to `backups/<slug>/`. Returns the new fingerprint.
///
/// When someone else changed the file, nothing is written there: the error says so, and the
/// caller keeps the story in memory (and may call [`save_conflict_copy`]).
pub fn save_story(
    root: &Path,
    story: &Story,
    expected: Fingerprint,
) -> Result<Fingerprint, StoreError> {
    save_story_at(root, story, expected, Utc::now())
}

/// [`save_story`] with the clock passed in, which decides whether a backup is due.
pub fn save_story_at(
    root: &Path,
    story: &Story,
    expected: Fingerprint,
    now: DateTime<Utc>,
) -> Result<Fingerprint, StoreError> {
    if !is_valid_slug(&story.slug) {
        return Err(StoreError::InvalidSlug {
            slug: story.slug.clone(),
        });
    }
    let path = story_path(root, &story.slug);
    let text = to_ron(&path, story)?;
    let new = Fingerprint::of(text.as_bytes());
    match std::fs::read(&path) {
        Ok(on_disk) => {
            let current = Fingerprint::of(&on_disk);
            if current != expected {
                return Err(StoreError::Conflict { path });
            }
            if current == new {
                return Ok(new);
            }
            backup(root, &story.slug, &on_disk, now)?;
        }
        // Deleted behind our back: writing it again loses nothing.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(StoreError::Io { path, source }),
    }
    write_atomically(&path, text.as_bytes())?;
    Ok(new)
}

/// Writes our version of a story that conflicted beside the backups, and returns its path,
/// so a conflict never loses either person's work. While the conflict lasts, later versions
/// go to the same file (`reuse`), so it always holds our latest work. Rotation never removes it.
pub fn save_conflict_copy(
    root: &Path,
    story: &Story,
    reuse: Option<&Path>,
) -> Result<PathBuf, StoreError> {
    let path = if let Some(path) = reuse {
        path.to_owned()
    } else {
        let dir = root.join(BACKUPS_DIR).join(&story.slug);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        dir.join(format!("conflict-{}.ron", Utc::now().format(BACKUP_STAMP)))
    };
    let text = to_ron(&path, story)?;
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
}

/// Keeps the story file as it is on disk now (someone else's version) under
/// `backups/<slug>/theirs-*.ron`, which rotation never removes; returns its path.
pub fn keep_theirs(root: &Path, slug: &str) -> Result<PathBuf, StoreError> {
    let source = story_path(root, slug);
    let bytes = std::fs::read(&source).map_err(io_err(&source))?;
    let dir = root.join(BACKUPS_DIR).join(slug);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let path = dir.join(format!("theirs-{}.ron", Utc::now().format(BACKUP_STAMP)));
    write_atomically(&path, &bytes)?;
    Ok(path)
}

/// Writes a story that could not be saved to its desk into `dir` (outside the desk, for
/// when the desk's drive is gone) and returns the file's path.
pub fn save_recovery_copy(dir: &Path, story: &Story) -> Result<PathBuf, StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let path = dir.join(format!(
        "{}-{}.ron",
        story.slug,
        Utc::now().format(BACKUP_STAMP)
    ));
    let text = to_ron(&path, story)?;
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
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
        std::fs::read(media_path(self.root, file)).ok()
    }
}

/// Writes an export: atomically, so a failed or interrupted export leaves nothing behind.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomically(path, bytes)
}

/// Reads a file to import.
pub fn read_file(path: &Path) -> Result<Vec<u8>, StoreError> {
    std::fs::read(path).map_err(io_err(path))
}

/// Whether a photo file is in the desk's `media/` folder.
#[must_use]
pub fn media_exists(root: &Path, file: &str) -> bool {
    media_path(root, file).is_file()
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

fn backup(root: &Path, slug: &str, bytes: &[u8], now: DateTime<Utc>) -> Result<(), StoreError> {
    let dir = root.join(BACKUPS_DIR).join(slug);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let routine = |name: &str| {
        Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            && name.starts_with(|c: char| c.is_ascii_digit())
    };
    let newest = std::fs::read_dir(&dir)
        .map_err(io_err(&dir))?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| routine(n))
        .max();
    // Names sort by time, so comparing names compares times.
    let due_after = format!("{}.ron", (now - BACKUP_INTERVAL).format(BACKUP_STAMP));
    if newest.is_some_and(|newest| newest > due_after) {
        return Ok(());
    }
    let path = dir.join(format!("{}.ron", now.format(BACKUP_STAMP)));
    write_atomically(&path, bytes)?;
    // Rotate: keep the newest few. Names sort by time.
    let mut old: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(io_err(&dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(routine))
        .collect();
    old.sort();
    let excess = old.len().saturating_sub(BACKUPS_KEPT);
    for path in old.into_iter().take(excess) {
        // A backup that cannot be removed is harmless; the next save tries again.
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// Copies a photo into the desk's `media/` folder under a name not yet used there,
/// and returns that name.
pub fn import_media(root: &Path, source: &Path) -> Result<String, StoreError> {
    let dir = root.join(MEDIA_DIR);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let bytes = std::fs::read(source).map_err(io_err(source))?;
    let stem: String = source
        .file_stem()
        .map(|s| crate::model::slugify(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "photo".to_owned());
    let ext = source.extension().map_or_else(
        || "jpg".to_owned(),
        |e| e.to_string_lossy().to_ascii_lowercase(),
    );
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while dir.join(&name).exists() {
        if std::fs::read(dir.join(&name)).is_ok_and(|existing| existing == bytes) {
            // The same photo is already there: share it.
            return Ok(name);
        }
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    write_atomically(&dir.join(&name), &bytes)?;
    Ok(name)
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

/// Parses RON bytes, naming the file, line and column on failure, and refusing files written
/// by a newer format version than `supported`.
pub fn from_ron<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    supported: u32,
) -> Result<T, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| StoreError::NotUtf8 {
        path: path.to_owned(),
        offset: e.valid_up_to(),
    })?;
    // Check the version first, so a newer file is reported as such rather than as a parse error.
    if let Ok(probe) = ron::from_str::<VersionProbe>(text)
        && probe.format_version > supported
    {
        return Err(StoreError::NewerFormat {
            path: path.to_owned(),
            found: probe.format_version,
            supported,
        });
    }
    ron::from_str(text).map_err(|e| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })
}

#[cfg(test)]
#[expect(
    clippy::disallowed_methods,
    reason = "tests write broken and foreign files on purpose"
)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::{RowStatus, Side};

    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("desk");
        create_desk(
            &root,
            &DeskSettings::new("Test Desk", "my", "en", "Test Service"),
        )
        .unwrap();
        (dir, root)
    }

    fn story(slug: &str) -> Story {
        let mut story = Story::new(
            slug,
            DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default(),
        );
        story.headline.source = "ခေါင်းစီး".into();
        story.append_source_paragraphs("ပထမ။\n\nဒုတိယ။");
        story.blocks[0].row.english = "First.".into();
        story.blocks[0].row.status = RowStatus::Translated;
        story
    }

    #[test]
    fn save_and_load_round_trip() {
        let (_dir, root) = desk();
        let original = story("one");
        let fp = create_story(&root, &original).unwrap();
        let loaded = load_desk(&root).unwrap();
        assert!(loaded.problems.is_empty());
        assert_eq!(loaded.stories.len(), 1);
        assert_eq!(loaded.stories[0].story, original);
        assert_eq!(loaded.stories[0].fingerprint, fp);
        assert_eq!(loaded.settings.name, "Test Desk");
    }

    #[test]
    fn files_hold_text_as_people_wrote_it() {
        let (_dir, root) = desk();
        let mut s = story("readable");
        s.headline.english = "Yangon’s “rolling” cuts".into();
        let tricky = [
            "ရန်ကုန်မြို့",
            "a \"quoted\" word and a back\\slash",
            "line one\nline two\r\n\ttabbed",
            "raw-string end \"# and \"## inside",
            "it's",
            "nul \u{0} and bell \u{7}",
        ];
        for (block, text) in s.blocks.iter_mut().zip(tricky.iter().cycle()) {
            block.row.source = (*text).to_owned();
        }
        s.deck.source = tricky.join(" | ");
        create_story(&root, &s).unwrap();
        let text = std::fs::read_to_string(story_path(&root, "readable")).unwrap();
        assert!(text.contains("ရန်ကုန်မြို့"), "Burmese is written as is:\n{text}");
        assert!(text.contains("Yangon’s “rolling” cuts"), "{text}");
        assert!(
            !text.contains("\\u{"),
            "no escapes for readable text:\n{text}"
        );
        let loaded = load_desk(&root).unwrap();
        assert_eq!(
            loaded.stories[0].story, s,
            "every string round-trips exactly"
        );
    }

    #[test]
    fn a_broken_story_is_reported_and_the_rest_load() {
        let (_dir, root) = desk();
        create_story(&root, &story("good")).unwrap();
        let bad = story_path(&root, "x");
        std::fs::write(
            &bad,
            "(format_version: 1, slug: \"x\",\n  stage: Nonsense,\n)",
        )
        .unwrap();
        let loaded = load_desk(&root).unwrap();
        assert_eq!(loaded.stories.len(), 1);
        assert_eq!(loaded.problems.len(), 1);
        let message = loaded.problems[0].to_string();
        assert!(message.contains("x.ron:2:"), "{message}");
        // The broken file is left as it was.
        assert!(std::fs::read_to_string(&bad).unwrap().contains("Nonsense"));
    }

    #[test]
    fn newer_and_non_utf8_files_are_named() {
        let (_dir, root) = desk();
        let newer = story_path(&root, "newer");
        std::fs::write(&newer, "(format_version: 99, slug: \"newer\")").unwrap();
        let latin1 = story_path(&root, "latin1");
        std::fs::write(&latin1, b"(format_version: 1, slug: \"caf\xe9\")").unwrap();
        let loaded = load_desk(&root).unwrap();
        let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("newer.ron") && m.contains("version 99")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("latin1.ron") && m.contains("offset 30")),
            "{messages:?}"
        );
    }

    #[test]
    fn saving_backs_up_and_detects_conflicts() {
        let (_dir, root) = desk();
        let mut s = story("one");
        let fp = create_story(&root, &s).unwrap();
        s.blocks[1].row.text_mut(Side::English).push_str("Second.");
        let fp2 = save_story(&root, &s, fp).unwrap();
        assert_ne!(fp, fp2);
        let backups: Vec<_> = std::fs::read_dir(root.join(BACKUPS_DIR).join("one"))
            .unwrap()
            .collect();
        assert_eq!(backups.len(), 1);

        // Someone else edits the file.
        let path = story_path(&root, "one");
        let theirs = std::fs::read_to_string(&path)
            .unwrap()
            .replace("Second.", "Theirs.");
        std::fs::write(&path, &theirs).unwrap();
        s.headline.english = "Mine".into();
        let err = save_story(&root, &s, fp2).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            theirs,
            "their file is untouched"
        );
        let copy = save_conflict_copy(&root, &s, None).unwrap();
        assert!(std::fs::read_to_string(&copy).unwrap().contains("Mine"));
        // Later work goes to the same copy.
        s.headline.english = "Mine, later".into();
        assert_eq!(save_conflict_copy(&root, &s, Some(&copy)).unwrap(), copy);
        assert!(
            std::fs::read_to_string(&copy)
                .unwrap()
                .contains("Mine, later")
        );
        let theirs_copy = keep_theirs(&root, "one").unwrap();
        assert_eq!(std::fs::read_to_string(theirs_copy).unwrap(), theirs);
    }

    #[test]
    fn backups_rotate() {
        let (_dir, root) = desk();
        let mut s = story("one");
        let mut fp = create_story(&root, &s).unwrap();
        let start = DateTime::from_timestamp(1_785_000_000, 0).unwrap();
        let count = || {
            std::fs::read_dir(root.join(BACKUPS_DIR).join("one"))
                .unwrap()
                .count()
        };
        // Saves a minute apart: one backup per interval, not one per save.
        for minute in 0..12 {
            s.headline.english = format!("Version {minute}");
            let now = start + chrono::TimeDelta::minutes(minute);
            fp = save_story_at(&root, &s, fp, now).unwrap();
        }
        assert_eq!(count(), 3, "backups at minutes 0, 5 and 10");
        for hour in 1..20 {
            s.headline.english = format!("Hour {hour}");
            let now = start + chrono::TimeDelta::hours(hour);
            fp = save_story_at(&root, &s, fp, now).unwrap();
        }
        assert_eq!(count(), BACKUPS_KEPT, "the oldest are rotated out");
    }

    #[test]
    fn not_a_desk_and_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_desk(dir.path()).unwrap_err();
        assert!(err.to_string().contains("is not a Copydesk desk"), "{err}");
        let err = load_desk(&dir.path().join("nope")).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn media_import_keeps_names_unique() {
        let (dir, root) = desk();
        let a = dir.path().join("Street Photo.PNG");
        std::fs::write(&a, b"one").unwrap();
        assert_eq!(import_media(&root, &a).unwrap(), "street-photo.png");
        assert_eq!(
            import_media(&root, &a).unwrap(),
            "street-photo.png",
            "same bytes are shared"
        );
        std::fs::write(&a, b"two").unwrap();
        assert_eq!(import_media(&root, &a).unwrap(), "street-photo-2.png");
    }

    #[test]
    fn story_slugs_must_be_file_safe() {
        let (_dir, root) = desk();
        let err = create_story(&root, &story("../evil")).unwrap_err();
        assert!(matches!(err, StoreError::InvalidSlug { .. }));
    }
}
