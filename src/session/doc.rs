//! One story being worked on: the story, its undo history, what its file held, what is not
//! yet saved, and the revisions waiting to be written beside it.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::edit::History;
use crate::model::{DeskSettings, Revision, Story};
use crate::store::{FileStamp, LoadedStory, StoryLock};
use crate::workflow::{self, SignOffState};

/// One story being worked on. The session changes it; everyone else reads it.
#[derive(Debug)]
pub struct StoryDoc {
    pub(super) story: Story,
    pub(super) undo: History,
    /// What the file held when we last read or wrote it.
    pub(super) stamp: FileStamp,
    /// Revisions recorded here and not yet written to the story's history (and, for a
    /// version-1 file, the revisions it held, until its first save writes them out).
    pub(super) pending_revisions: Vec<Revision>,
    /// The story's history as read from disk, once someone asked for it.
    pub(super) history: Option<Vec<Revision>>,
    /// The session clock when the story was last changed and not yet saved.
    pub(super) dirty_since: Option<f64>,
    pub(super) saved_at: Option<DateTime<Utc>>,
    pub(super) save_error: Option<String>,
    pub(super) conflict: bool,
    pub(super) conflict_copy: Option<PathBuf>,
    pub(super) revision: u64,
    /// The doc revision a save in flight carries, while the worker writes it.
    pub(super) saving: Option<u64>,
    /// A save lock held from before the story was read (the command line holds one for a
    /// whole command, so no other program's save can come between its read and its write).
    pub(super) lock: Option<StoryLock>,
    /// Why the story cannot be changed here although the rules would allow it (someone else
    /// has it open), if so.
    pub(super) read_only: Option<String>,
    /// Why the story can never be changed by this version (a newer one wrote it), if so.
    pub(super) frozen: Option<String>,
    /// The doc revision whose summary is in the desk index.
    pub(super) summarized: Option<u64>,
    /// Whether this window holds the story's presence claim (see `store::Presence`).
    pub(super) claimed: bool,
    /// The sign-off state at a doc revision and settings generation: hashing the public
    /// content is work, and the desk view, the workflow bar and the status bar all ask.
    sign_off: Cell<Option<(u64, u64, SignOffState)>>,
}

impl StoryDoc {
    pub(super) fn new(loaded: LoadedStory) -> Self {
        // A story a newer Copydesk wrote is shown, never saved: a save would drop what this
        // version does not know.
        let frozen = (!loaded.unknown_fields.is_empty()).then(|| {
            format!(
                "a newer Copydesk wrote this story (it has {} this version does not know), so it is open read-only; update Copydesk to change it",
                loaded.unknown_fields.join(", ")
            )
        });
        Self {
            story: loaded.story,
            undo: History::default(),
            stamp: loaded.stamp,
            // A version-1 file's revisions wait to be written out like any other.
            pending_revisions: loaded.legacy_revisions,
            history: None,
            dirty_since: None,
            saved_at: None,
            save_error: None,
            conflict: false,
            conflict_copy: None,
            revision: 0,
            saving: None,
            lock: None,
            read_only: None,
            frozen,
            summarized: None,
            claimed: false,
            sign_off: Cell::new(None),
        }
    }

    /// The story as it is now, saved or not.
    #[must_use]
    pub fn story(&self) -> &Story {
        &self.story
    }

    /// Goes up with every change, so views can cache what they compute from the story.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes not yet on disk.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some() || self.saving.is_some()
    }

    /// When the story was last written to disk.
    #[must_use]
    pub fn saved_at(&self) -> Option<DateTime<Utc>> {
        self.saved_at
    }

    /// Whether a save is being written right now.
    #[must_use]
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Why the last save failed, in words for the user; cleared by the next good save.
    #[must_use]
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// Whether the file on disk was changed by someone else while we had unsaved work.
    #[must_use]
    pub fn in_conflict(&self) -> bool {
        self.conflict
    }

    /// Where our version is kept while in conflict.
    #[must_use]
    pub fn conflict_copy(&self) -> Option<&Path> {
        self.conflict_copy.as_deref()
    }

    /// Why the story is read-only here although the rules would allow changes, if it is.
    #[must_use]
    pub fn read_only(&self) -> Option<&str> {
        self.frozen.as_deref().or(self.read_only.as_deref())
    }

    /// Whether someone else has the story open in a window (and so it could be taken over).
    #[must_use]
    pub fn held_elsewhere(&self) -> bool {
        self.read_only.is_some() && self.frozen.is_none()
    }

    /// What undo would reverse, for the Edit menu.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.undo_label()
    }

    /// What redo would repeat.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.undo.redo_label()
    }

    /// The story's revisions, oldest first, once read (see `Session::history`), with those
    /// recorded here and not yet written.
    #[must_use]
    pub fn revisions(&self) -> Vec<&Revision> {
        let mut all: Vec<&Revision> = self.history.iter().flatten().collect();
        for pending in &self.pending_revisions {
            if !all.contains(&pending) {
                all.push(pending);
            }
        }
        all.sort_by_key(|r| r.at);
        all
    }

    /// Whether the story's sign-off still matches its public content, worked out once per
    /// revision (and settings generation).
    #[must_use]
    pub fn sign_off_state(&self, settings: &DeskSettings, generation: u64) -> SignOffState {
        match self.sign_off.get() {
            Some((revision, g, state)) if revision == self.revision && g == generation => state,
            _ => {
                let state = workflow::sign_off_state(&self.story, settings);
                self.sign_off.set(Some((self.revision, generation, state)));
                state
            }
        }
    }
}
