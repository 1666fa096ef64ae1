//! Story files and their history: reading one story (and migrating older formats as it is
//! read), saving it under a lock that other processes respect, revisions in files of their
//! own, backups, conflict and recovery copies.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    BACKUP_INTERVAL, BACKUP_STAMP, BACKUPS_DIR, BACKUPS_KEPT, DERIVED_DIR, Fingerprint,
    MAX_STORY_ROWS, SPLIT_THE_STORY, STORIES_DIR, StoreError, check_readable_size, check_version,
    desk_folder, history_dir, io_err, parse_ron, parse_ron_noting, read_regular, record_files,
    record_text, story_path, to_ron, utf8, write_atomically, write_atomically_like,
    write_record_text,
};
use crate::model::{BlockIdProblem, DeskSettings, Revision, Story, is_valid_slug};

/// What a story file held when we last read or wrote it, and how it looked from outside
/// (length and modification time), so a change by someone else is noticed by a cheap look
/// at the file's metadata before anything is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// The fingerprint of the bytes.
    pub fingerprint: Fingerprint,
    /// The file's length.
    pub len: u64,
    /// The file's modification time, where the file system keeps one.
    pub modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(path: &Path, bytes: &[u8]) -> Self {
        let meta = std::fs::metadata(path).ok();
        Self {
            fingerprint: Fingerprint::of(bytes),
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }

    /// Whether the file's metadata still looks as it did: same length and time.
    #[must_use]
    pub fn looks_same(&self, len: u64, modified: Option<SystemTime>) -> bool {
        self.len == len && self.modified.is_some() && self.modified == modified
    }
}

/// A story as read from disk.
#[derive(Clone, Debug)]
pub struct LoadedStory {
    /// The story.
    pub story: Story,
    /// What its file held.
    pub stamp: FileStamp,
    /// Revisions a version-1 file kept inside itself: written to the story's history folder
    /// by its next save (until then they are read from here).
    pub legacy_revisions: Vec<Revision>,
    /// Fields the file has that this version of Copydesk does not know: written by a newer
    /// one. Such a story is opened read-only, so a save never drops them.
    pub unknown_fields: Vec<String>,
}

/// The part of a version-1 story file that version 2 keeps elsewhere.
#[derive(Deserialize)]
struct V1History {
    #[serde(default)]
    revisions: Vec<Revision>,
}

/// A revision as stored in its own file.
#[derive(Serialize, Deserialize)]
struct StoredRevision {
    format_version: u32,
    revision: Revision,
}

/// Reads one story of a desk by slug.
pub fn load_story(
    root: &Path,
    slug: &str,
    settings: &DeskSettings,
) -> Result<LoadedStory, StoreError> {
    if !is_valid_slug(slug) {
        return Err(StoreError::InvalidSlug {
            slug: slug.to_owned(),
        });
    }
    super::existing_desk_folder(root, &root.join(STORIES_DIR))?;
    load_story_file(&story_path(root, slug), settings)
}

/// Reads one story file: one parse (the version is read from the file's first lines), and
/// a version-1 file migrated in memory (its sign-off carried over when it was current; its
/// revisions handed back to be written out on the next save).
pub fn load_story_file(path: &Path, settings: &DeskSettings) -> Result<LoadedStory, StoreError> {
    let bytes = read_regular(path)?;
    let (story, legacy_revisions, unknown_fields) = parse_story(path, &bytes, settings)?;
    Ok(LoadedStory {
        story,
        stamp: FileStamp::of(path, &bytes),
        legacy_revisions,
        unknown_fields,
    })
}

/// A story file's bytes as a story (migrated to the current version), the revisions a
/// version-1 file kept inside itself, and the fields it has that this version does not
/// know. `path` names the file in messages and gives the slug it must hold.
pub fn parse_story(
    path: &Path,
    bytes: &[u8],
    settings: &DeskSettings,
) -> Result<(Story, Vec<Revision>, Vec<String>), StoreError> {
    let parsed = parse_story_unnamed(path, bytes, settings)?;
    let file_slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_slug != parsed.0.slug {
        return Err(StoreError::SlugMismatch {
            path: path.to_owned(),
            file_slug,
            inner_slug: parsed.0.slug,
        });
    }
    Ok(parsed)
}

/// [`parse_story`] for a file whose name need not be the story's slug: one version of a
/// story that git's merge machinery hands over under a temporary name.
pub(crate) fn parse_story_unnamed(
    path: &Path,
    bytes: &[u8],
    settings: &DeskSettings,
) -> Result<(Story, Vec<Revision>, Vec<String>), StoreError> {
    let text = utf8(path, bytes)?;
    let version = check_version(path, text, Story::FORMAT_VERSION)?;
    let (mut story, mut unknown_fields): (Story, Vec<String>) = parse_ron_noting(path, text)?;
    // Version 1 kept the history inside the story; it is read below, not lost.
    if version < 2 {
        unknown_fields.retain(|f| f != "revisions" && !f.starts_with("revisions."));
    }
    if story.blocks.len() > MAX_STORY_ROWS {
        return Err(StoreError::TooManyRows {
            path: path.to_owned(),
            rows: story.blocks.len(),
            limit: MAX_STORY_ROWS,
        });
    }
    match story.check_block_ids() {
        Ok(()) => {}
        Err(BlockIdProblem::Duplicate { id, first, second }) => {
            return Err(StoreError::DuplicateBlock {
                path: path.to_owned(),
                id,
                first,
                second,
            });
        }
        Err(BlockIdProblem::TooLarge { id, row }) => {
            return Err(StoreError::BlockIdTooLarge {
                path: path.to_owned(),
                id,
                row,
            });
        }
    }
    let mut legacy_revisions = Vec::new();
    if version < 2 {
        legacy_revisions = parse_ron::<V1History>(path, text)?.revisions;
        migrate_v1(&mut story, settings);
    }
    story.format_version = Story::FORMAT_VERSION;
    Ok((story, legacy_revisions, unknown_fields))
}

/// Brings a version-1 story up to version 2 in memory: a sign-off that was current under
/// version 1's fingerprint (the story alone) is carried over to version 2's (which adds the
/// credit line as printed and the corrections); a stale one stays stale.
fn migrate_v1(story: &mut Story, settings: &DeskSettings) {
    let legacy = crate::workflow::legacy_fingerprint(story);
    let current = crate::workflow::public_fingerprint(story, settings);
    if let Some(sign_off) = &mut story.sign_off
        && sign_off.fingerprint == legacy
    {
        sign_off.fingerprint = current;
    }
    story.next_comment_id = story.next_free_comment_id();
}

/// A story's revisions, oldest first: the files in its history folder, with those a
/// version-1 file still holds (`legacy`) merged in, each once.
pub fn load_history(
    root: &Path,
    slug: &str,
    legacy: &[Revision],
) -> Result<Vec<Revision>, StoreError> {
    let mut revisions = Vec::new();
    let dir = history_dir(root, slug);
    super::existing_desk_folder(root, &dir)?;
    for path in record_files(&dir)? {
        let bytes = read_regular(&path)?;
        let stored: StoredRevision = super::from_ron(&path, &bytes, Story::FORMAT_VERSION)?;
        revisions.push(stored.revision);
    }
    for revision in legacy {
        if !revisions.contains(revision) {
            revisions.push(revision.clone());
        }
    }
    revisions.sort_by_key(|r| r.at);
    Ok(revisions)
}

/// Adds revisions to a story's history folder, one file each. Nothing is written when one
/// of them would be larger than Copydesk reads back.
pub fn append_revisions(root: &Path, slug: &str, revisions: &[Revision]) -> Result<(), StoreError> {
    let texts = revision_texts(root, slug, revisions)?;
    write_revisions(root, slug, &texts)
}

/// The revisions' files as they will be written, each with its time; refused when one of
/// them would be larger than Copydesk reads back (a revision holds the story's whole
/// content, so it is about the story's size).
fn revision_texts(
    root: &Path,
    slug: &str,
    revisions: &[Revision],
) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
    let dir = history_dir(root, slug);
    revisions
        .iter()
        .map(|revision| {
            let stored = StoredRevision {
                format_version: Story::FORMAT_VERSION,
                revision: revision.clone(),
            };
            let what = || format!("a revision of the story \"{slug}\"");
            record_text(&dir, &stored, what, SPLIT_THE_STORY).map(|text| (revision.at, text))
        })
        .collect()
}

/// Writes revisions made by [`revision_texts`].
fn write_revisions(
    root: &Path,
    slug: &str,
    texts: &[(DateTime<Utc>, String)],
) -> Result<(), StoreError> {
    let dir = history_dir(root, slug);
    for (at, text) in texts {
        write_record_text(root, &dir, *at, text)?;
    }
    Ok(())
}

/// A story's file as it will be written, refused when Copydesk would refuse to read it
/// back: more rows than a story may have ([`MAX_STORY_ROWS`]) or more bytes than a desk
/// file may be ([`super::MAX_DESK_FILE_BYTES`]). An import, a paste or a long session of
/// edits can make such a story; writing it would leave a file the desk cannot open.
pub(crate) fn story_text(path: &Path, story: &Story) -> Result<String, StoreError> {
    if story.blocks.len() > MAX_STORY_ROWS {
        return Err(StoreError::WouldHaveTooManyRows {
            path: path.to_owned(),
            slug: story.slug.clone(),
            rows: story.blocks.len(),
            limit: MAX_STORY_ROWS,
        });
    }
    let text = to_ron(path, story)?;
    let what = || format!("the story \"{}\"", story.slug);
    check_readable_size(path, what, &text, SPLIT_THE_STORY)?;
    Ok(text)
}

/// The save lock of one story, held while a save checks the file and replaces it, so two
/// programs saving the same story take turns and neither writes over the other unseen.
/// Released when dropped.
#[derive(Debug)]
pub struct StoryLock {
    file: std::fs::File,
    root: PathBuf,
    slug: String,
}

impl StoryLock {
    /// Takes the lock of the desk's settings, so two editors' changes take turns.
    pub fn acquire_settings(root: &Path, wait: Duration) -> Result<Self, StoreError> {
        // "desk.ron" cannot be a story's slug, so the two kinds of lock never meet.
        Self::acquire_named(root, "desk.ron", wait).map_err(|err| match err {
            StoreError::Busy { .. } => StoreError::Busy {
                path: root.join(super::DESK_FILE),
                what: "the desk's settings".to_owned(),
            },
            err => err,
        })
    }

    /// Takes a story's lock, waiting up to `wait` for another program to finish its save.
    pub fn acquire(root: &Path, slug: &str, wait: Duration) -> Result<Self, StoreError> {
        if !is_valid_slug(slug) {
            return Err(StoreError::InvalidSlug {
                slug: slug.to_owned(),
            });
        }
        Self::acquire_named(root, slug, wait)
    }

    fn acquire_named(root: &Path, slug: &str, wait: Duration) -> Result<Self, StoreError> {
        // Never the desk folder itself: a desk whose folder has gone (a shared drive that
        // went away) must not be made again, empty, by taking a lock in it.
        let dir = root.join(DERIVED_DIR).join("locks");
        desk_folder(root, &dir)?;
        super::ensure_gitignore(root)?;
        super::ensure_gitattributes(root)?;
        let path = dir.join(format!("{slug}.lock"));
        // A pipe would block the open, a link could create a file anywhere.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_file()) {
            return Err(StoreError::NotAFile { path });
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err(&path))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Self {
                        file,
                        root: root.to_owned(),
                        slug: slug.to_owned(),
                    });
                }
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy {
                        path: story_path(root, slug),
                        what: format!("the story \"{slug}\""),
                    });
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(StoreError::Io { path, source });
                }
            }
        }
    }
}

impl Drop for StoryLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first says so explicitly.
        let _ = self.file.unlock();
    }
}

/// How long a save waits for another program's save of the same story.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Creates the file of a new story, with its first revisions; refuses to replace an
/// existing one.
pub fn create_story(
    root: &Path,
    story: &Story,
    revisions: &[Revision],
) -> Result<FileStamp, StoreError> {
    if !is_valid_slug(&story.slug) {
        return Err(StoreError::InvalidSlug {
            slug: story.slug.clone(),
        });
    }
    let lock = StoryLock::acquire(root, &story.slug, LOCK_WAIT)?;
    let path = story_path(root, &story.slug);
    if path.exists() {
        return Err(StoreError::AlreadyExists { path });
    }
    // Everything is made and checked before anything is written.
    let text = story_text(&path, story)?;
    let records = revision_texts(root, &story.slug, revisions)?;
    let dir = root.join(STORIES_DIR);
    desk_folder(root, &dir)?;
    write_revisions(root, &story.slug, &records)?;
    write_atomically(&path, text.as_bytes())?;
    drop(lock);
    Ok(FileStamp::of(&path, text.as_bytes()))
}

/// Saves a story over its file, provided the file still holds what we last read or wrote
/// (`expected`), and adds `revisions` to its history. The previous version goes to
/// `backups/<slug>/`. Returns what the file holds now.
///
/// The check and the write happen under the story's lock, so another program's save cannot
/// slip in between. When someone else changed the file, nothing is written: the error says
/// so, and the caller keeps the story (and may call [`save_conflict_copy`]).
pub fn save_story(
    root: &Path,
    story: &Story,
    expected: Fingerprint,
    revisions: &[Revision],
) -> Result<FileStamp, StoreError> {
    save_story_at(root, story, expected, revisions, Utc::now())
}

/// [`save_story`] with the clock passed in, which decides whether a backup is due.
pub fn save_story_at(
    root: &Path,
    story: &Story,
    expected: Fingerprint,
    revisions: &[Revision],
    now: DateTime<Utc>,
) -> Result<FileStamp, StoreError> {
    let lock = StoryLock::acquire(root, &story.slug, LOCK_WAIT)?;
    let stamp = save_story_locked(&lock, story, expected, revisions, now)?;
    drop(lock);
    Ok(stamp)
}

/// [`save_story_at`] for a caller that already holds the story's lock (taken before it read
/// the story, so no other program's save can have come in between).
pub fn save_story_locked(
    lock: &StoryLock,
    story: &Story,
    expected: Fingerprint,
    revisions: &[Revision],
    now: DateTime<Utc>,
) -> Result<FileStamp, StoreError> {
    let root = lock.root.as_path();
    debug_assert_eq!(lock.slug, story.slug);
    let path = story_path(root, &story.slug);
    // Everything is made and checked before anything (a backup included) is written.
    let text = story_text(&path, story)?;
    let records = revision_texts(root, &story.slug, revisions)?;
    match read_regular(&path) {
        Ok(on_disk) => {
            let current = Fingerprint::of(&on_disk);
            if current != expected {
                return Err(StoreError::Conflict { path });
            }
            if current == Fingerprint::of(text.as_bytes()) && revisions.is_empty() {
                return Ok(FileStamp::of(&path, &on_disk));
            }
            backup(root, &story.slug, &path, &on_disk, now)?;
        }
        // Deleted behind our back: writing it again loses nothing.
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    // The history first: a crash between the two leaves a revision of a change the story
    // file does not show yet, never a change with no record.
    write_revisions(root, &story.slug, &records)?;
    write_atomically(&path, text.as_bytes())?;
    Ok(FileStamp::of(&path, text.as_bytes()))
}

/// How a story's file looks now from outside: its length and modification time, or `None`
/// when it is gone. No bytes are read.
pub fn disk_stamp(
    root: &Path,
    slug: &str,
) -> Result<Option<(u64, Option<SystemTime>)>, StoreError> {
    let path = story_path(root, slug);
    match std::fs::metadata(&path) {
        Ok(meta) => Ok(Some((meta.len(), meta.modified().ok()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Io { path, source }),
    }
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
        desk_folder(root, &dir)?;
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
    let bytes = read_regular(&source)?;
    let dir = root.join(BACKUPS_DIR).join(slug);
    desk_folder(root, &dir)?;
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

/// Copies the story file's bytes to a routine backup when the newest is older than the
/// interval, keeping the story file's permissions, and rotates out the oldest, keeping
/// [`BACKUPS_KEPT`].
///
/// Backups are told apart by name alone (their names sort by time), but a name dated after
/// this machine's clock (a colleague's clock ahead, on a shared drive, or this clock put
/// right since) is not trusted: it neither counts as a recent backup nor outranks the ones
/// made now. Such names are rotated out first, or ten of them would crowd out every backup
/// made from now until their date, each deleted the moment it was written.
fn backup(
    root: &Path,
    slug: &str,
    story_file: &Path,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let dir = root.join(BACKUPS_DIR).join(slug);
    desk_folder(root, &dir)?;
    let due_after = format!("{}.ron", (now - BACKUP_INTERVAL).format(BACKUP_STAMP));
    let now_name = format!("{}.ron", now.format(BACKUP_STAMP));
    let names = routine_backups(&dir)?;
    let newest = names.iter().filter(|n| **n <= now_name).max();
    if newest.is_some_and(|newest| *newest > due_after) {
        return Ok(());
    }
    write_atomically_like(&dir.join(&now_name), bytes, story_file)?;
    let mut names = names;
    if !names.contains(&now_name) {
        names.push(now_name.clone());
    }
    // Oldest first: names dated after now before all others, then by name.
    names.sort_by(|a, b| (*a <= now_name, a).cmp(&(*b <= now_name, b)));
    let excess = names.len().saturating_sub(BACKUPS_KEPT);
    for name in names.into_iter().take(excess) {
        // A backup that cannot be removed is harmless; the next save tries again.
        let _ = std::fs::remove_file(dir.join(name));
    }
    Ok(())
}

/// The names of the routine backups in a story's backup folder (`<time>.ron`; conflict and
/// "theirs" copies are not routine and never rotated).
fn routine_backups(dir: &Path) -> Result<Vec<String>, StoreError> {
    let routine = |name: &str| {
        Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            && name.starts_with(|c: char| c.is_ascii_digit())
    };
    Ok(std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| routine(n))
        .collect())
}

#[cfg(test)]
#[expect(
    clippy::disallowed_methods,
    reason = "tests write broken files and oddly dated backups on purpose"
)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::model::{RowStatus, Stage};
    use crate::store::{MAX_DESK_FILE_BYTES, create_desk, load_desk};

    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("desk");
        create_desk(&root, &DeskSettings::new("Test Desk", "my", "en", "Test")).unwrap();
        (dir, root)
    }

    /// 1 August 2026, 09:00 UTC.
    fn nine_o_clock() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap()
    }

    fn story(slug: &str) -> Story {
        let mut story = Story::new(slug, nine_o_clock());
        story.headline.source = "ခေါင်းစီး".into();
        story.append_source_paragraphs("ပထမ။\n\nဒုတိယ။");
        story.blocks[0].row.english = "First.".into();
        story.blocks[0].row.status = RowStatus::Translated;
        story
    }

    fn revision(story: &Story, at: DateTime<Utc>) -> Revision {
        Revision {
            at,
            by: "Thiri Htet".into(),
            from: None,
            stage: Stage::Filed,
            event: "filed".into(),
            note: None,
            fingerprint: "f".into(),
            open_items: Vec::new(),
            old_text: None,
            content: story.content(),
        }
    }

    fn backup_names(root: &Path, slug: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(BACKUPS_DIR).join(slug))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn save_and_load_round_trip() {
        let (_dir, root) = desk();
        let settings = DeskSettings::new("Test Desk", "my", "en", "Test");
        let mut original = story("one");
        let filed = revision(&original, nine_o_clock());
        let stamp = create_story(&root, &original, std::slice::from_ref(&filed)).unwrap();
        let loaded = load_story(&root, "one", &settings).unwrap();
        assert_eq!(loaded.story, original);
        assert_eq!(loaded.stamp.fingerprint, stamp.fingerprint);

        original.blocks[1].row.english = "Second.".into();
        let later = revision(&original, nine_o_clock() + chrono::TimeDelta::hours(1));
        let stamp = save_story(
            &root,
            &original,
            stamp.fingerprint,
            std::slice::from_ref(&later),
        )
        .unwrap();
        let loaded = load_story(&root, "one", &settings).unwrap();
        assert_eq!(loaded.story, original);
        assert_eq!(loaded.stamp.fingerprint, stamp.fingerprint);
        assert_eq!(load_history(&root, "one", &[]).unwrap(), [filed, later]);
    }

    #[test]
    fn a_broken_story_is_named_with_its_line_and_the_rest_load() {
        let (_dir, root) = desk();
        create_story(&root, &story("good"), &[]).unwrap();
        let bad = story_path(&root, "x");
        let text = "(format_version: 2, slug: \"x\",\n  stage: Nonsense,\n)";
        std::fs::write(&bad, text).unwrap();
        let loaded = load_desk(&root).unwrap();
        assert_eq!(loaded.stories.len(), 1);
        assert_eq!(loaded.stories[0].story.slug, "good");
        let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("x.ron:2:"), "{messages:?}");
        assert_eq!(
            std::fs::read_to_string(&bad).unwrap(),
            text,
            "left as it was"
        );
    }

    #[test]
    fn a_file_changed_by_someone_else_is_a_conflict_and_is_not_written_over() {
        let (_dir, root) = desk();
        let mut mine = story("one");
        let stamp = create_story(&root, &mine, &[]).unwrap();
        let path = story_path(&root, "one");
        let theirs = std::fs::read_to_string(&path)
            .unwrap()
            .replace("First.", "Theirs.");
        std::fs::write(&path, &theirs).unwrap();
        mine.headline.english = "Mine".into();
        let err = save_story(&root, &mine, stamp.fingerprint, &[]).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    }

    #[test]
    fn twelve_backups_keep_the_ten_newest_by_name() {
        let (_dir, root) = desk();
        let mut s = story("one");
        let mut fingerprint = create_story(&root, &s, &[]).unwrap().fingerprint;
        // Saves six minutes apart, each past the backup interval: twelve backups made.
        for n in 0..12 {
            s.headline.english = format!("Version {n}");
            let now = nine_o_clock() + chrono::TimeDelta::minutes(6 * n);
            fingerprint = save_story_at(&root, &s, fingerprint, &[], now)
                .unwrap()
                .fingerprint;
        }
        // Made at 09:00, 09:06, ..., 10:06; the two oldest (09:00, 09:06) are gone.
        assert_eq!(
            backup_names(&root, "one"),
            [
                "20260801T091200.000000Z.ron",
                "20260801T091800.000000Z.ron",
                "20260801T092400.000000Z.ron",
                "20260801T093000.000000Z.ron",
                "20260801T093600.000000Z.ron",
                "20260801T094200.000000Z.ron",
                "20260801T094800.000000Z.ron",
                "20260801T095400.000000Z.ron",
                "20260801T100000.000000Z.ron",
                "20260801T100600.000000Z.ron",
            ]
        );
        // The newest backup holds the file as it was before the last save.
        let newest = root
            .join(BACKUPS_DIR)
            .join("one")
            .join("20260801T100600.000000Z.ron");
        assert!(
            std::fs::read_to_string(newest)
                .unwrap()
                .contains("Version 10")
        );
    }

    #[test]
    fn backups_dated_in_the_future_never_crowd_out_today_s() {
        let (_dir, root) = desk();
        let mut s = story("one");
        let mut fingerprint = create_story(&root, &s, &[]).unwrap().fingerprint;
        // Ten backups from a clock years ahead, as a shared drive can hold.
        let dir = root.join(BACKUPS_DIR).join("one");
        std::fs::create_dir_all(&dir).unwrap();
        let future: Vec<String> = (1..=10)
            .map(|day| format!("203001{day:02}T000000.000000Z.ron"))
            .collect();
        for name in &future {
            std::fs::write(dir.join(name), "(format_version: 2)").unwrap();
        }
        // A conflict copy is never rotated.
        std::fs::write(dir.join("conflict-x.ron"), "(format_version: 2)").unwrap();
        s.headline.english = "Today".into();
        fingerprint = save_story_at(&root, &s, fingerprint, &[], nine_o_clock())
            .unwrap()
            .fingerprint;
        // Today's backup stays; the earliest-named future one makes room for it.
        let mut expected: Vec<String> = future[1..].to_vec();
        expected.push("20260801T090000.000000Z.ron".into());
        expected.push("conflict-x.ron".into());
        expected.sort();
        assert_eq!(backup_names(&root, "one"), expected);

        // A later save, past the interval, keeps both of today's backups.
        s.headline.english = "Later".into();
        let later = nine_o_clock() + chrono::TimeDelta::minutes(6);
        save_story_at(&root, &s, fingerprint, &[], later).unwrap();
        let mut expected: Vec<String> = future[2..].to_vec();
        expected.extend([
            "20260801T090000.000000Z.ron".into(),
            "20260801T090600.000000Z.ron".into(),
            "conflict-x.ron".into(),
        ]);
        expected.sort();
        assert_eq!(backup_names(&root, "one"), expected);
    }

    #[test]
    fn a_story_too_large_to_read_back_is_never_written() {
        let (_dir, root) = desk();
        let path = story_path(&root, "big");
        let history = root.join(crate::store::HISTORY_DIR).join("big");

        // One row of 17 MB: a file past the 16 MB every reader stops at.
        let mut big = story("big");
        big.blocks[1].row.source = "a".repeat(17 * 1024 * 1024);
        let filed = revision(&big, nine_o_clock());
        let err = create_story(&root, &big, std::slice::from_ref(&filed)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("the story \"big\" would be 17.0 MB, more than the 16 MB"),
            "{message}"
        );
        assert!(!path.exists() && !history.exists(), "nothing written");

        // A story that fits, then grows past the limit: the save is refused, the file and
        // the history stay as they were, and no backup is taken.
        let mut s = story("big");
        let stamp = create_story(&root, &s, &[]).unwrap();
        let before = std::fs::read(&path).unwrap();
        s.blocks[1].row.source = "a".repeat(usize::try_from(MAX_DESK_FILE_BYTES).unwrap());
        let later = revision(&s, nine_o_clock());
        let err = save_story(&root, &s, stamp.fingerprint, &[later]).unwrap_err();
        assert!(matches!(err, StoreError::WouldBeTooLarge { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!history.exists());
        assert!(!root.join(BACKUPS_DIR).join("big").exists());

        // More rows than a story may have, however small.
        s.blocks[1].row.source = "b".into();
        for _ in 0..=MAX_STORY_ROWS {
            let id = s.allocate_block_id();
            s.blocks.push(crate::model::Block {
                id,
                kind: crate::model::BlockKind::Paragraph,
                row: crate::model::TextRow::default(),
                omitted: false,
                previous_source: None,
            });
        }
        let err = save_story(&root, &s, stamp.fingerprint, &[]).unwrap_err();
        assert!(
            err.to_string()
                .contains("the story \"big\" would have 50003 rows, more than the 50000"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
