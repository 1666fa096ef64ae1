//! An open desk: its stories in memory, each with its undo history and save state.
//!
//! The UI asks the session to apply edits, undo, redo and save; the session keeps track of
//! what is unsaved and when it last changed, so the shell can autosave shortly after the
//! last edit and never on every keystroke. No egui here: the clock is passed in.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::edit::{Edit, EditError, History};
use crate::model::{DeskSettings, RowRef, Stage, Story};
use crate::store::{self, Fingerprint, StoreError};
use crate::workflow::{self, Actor, SignOffState, WorkflowError};

/// How long after the last edit a story is saved, in seconds.
pub const AUTOSAVE_DELAY: f64 = 0.8;

/// One story being worked on.
#[derive(Debug)]
pub struct StoryDoc {
    /// The story as it is now, saved or not.
    pub story: Story,
    /// Undo and redo.
    pub history: History,
    /// What the file held when we last read or wrote it.
    pub fingerprint: Fingerprint,
    /// The session clock when the story was last changed and not yet saved; `None` when saved.
    pub dirty_since: Option<f64>,
    /// When the story was last written to disk.
    pub saved_at: Option<DateTime<Utc>>,
    /// Why the last save failed, in words for the user; cleared by the next good save.
    pub save_error: Option<String>,
    /// Set when the file on disk was changed by someone else: we never overwrite it.
    pub conflict: bool,
    /// While in conflict, where our latest version is kept (`backups/<slug>/conflict-*.ron`).
    pub conflict_copy: Option<PathBuf>,
    /// Goes up with every change, so views can cache what they compute from the story.
    pub revision: u64,
    /// The sign-off state at a revision: hashing the public content is work, and the desk
    /// view, the workflow bar and the status bar all ask on every frame.
    sign_off: std::cell::Cell<Option<(u64, SignOffState)>>,
}

impl StoryDoc {
    fn new(story: Story, fingerprint: Fingerprint) -> Self {
        Self {
            story,
            history: History::default(),
            fingerprint,
            dirty_since: None,
            saved_at: None,
            save_error: None,
            conflict: false,
            conflict_copy: None,
            revision: 0,
            sign_off: std::cell::Cell::new(None),
        }
    }

    /// Whether the story's sign-off still matches its public content, worked out once per
    /// revision.
    #[must_use]
    pub fn sign_off_state(&self) -> SignOffState {
        match self.sign_off.get() {
            Some((revision, state)) if revision == self.revision => state,
            _ => {
                let state = workflow::sign_off_state(&self.story);
                self.sign_off.set(Some((self.revision, state)));
                state
            }
        }
    }

    /// Whether there are changes not yet on disk.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }
}

/// An open desk folder.
#[derive(Debug)]
pub struct Session {
    /// The desk folder.
    pub root: PathBuf,
    /// `desk.ron`.
    pub settings: DeskSettings,
    /// The stories that loaded, in slug order.
    pub docs: Vec<StoryDoc>,
    /// Files that did not load, as messages naming the file; those files are never written.
    pub problems: Vec<String>,
    /// Who is working: recorded with every change and checked against the stage rules.
    pub actor: Option<Actor>,
}

impl Session {
    /// Opens a desk folder.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let loaded = store::load_desk(root)?;
        Ok(Self {
            root: loaded.root,
            settings: loaded.settings,
            docs: loaded
                .stories
                .into_iter()
                .map(|l| StoryDoc::new(l.story, l.fingerprint))
                .collect(),
            problems: loaded.problems.iter().map(ToString::to_string).collect(),
            actor: None,
        })
    }

    /// Creates a desk folder and opens it.
    pub fn create(root: &Path, settings: &DeskSettings) -> Result<Self, StoreError> {
        store::create_desk(root, settings)?;
        Self::open(root)
    }

    /// The index of a story by slug.
    #[must_use]
    pub fn find(&self, slug: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.story.slug == slug)
    }

    /// Creates a new story file and adds it to the session; returns its index.
    pub fn add_story(&mut self, story: Story) -> Result<usize, StoreError> {
        let fingerprint = store::create_story(&self.root, &story)?;
        let mut doc = StoryDoc::new(story, fingerprint);
        doc.saved_at = Some(Utc::now());
        let index = self
            .docs
            .partition_point(|d| d.story.slug.as_str() < doc.story.slug.as_str());
        self.docs.insert(index, doc);
        Ok(index)
    }

    /// Applies an edit to a story as one undoable step. `now` is the session clock in seconds.
    pub fn apply(
        &mut self,
        index: usize,
        edit: Edit,
        label: &str,
        row: Option<RowRef>,
        now: f64,
    ) -> Result<(), EditError> {
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(());
        };
        if doc.history.apply(&mut doc.story, edit, label, row)? {
            touch(doc, self.actor.as_ref(), now);
        }
        Ok(())
    }

    /// Replaces a story's source with re-filed text (one undoable step) and, if it was signed
    /// off, sends it back to Editing. Returns what changed.
    pub fn refile(
        &mut self,
        index: usize,
        text: &str,
        now: f64,
    ) -> Result<workflow::RefileSummary, EditError> {
        let Some(doc) = self.docs.get(index) else {
            return Ok(workflow::RefileSummary::default());
        };
        let (edit, summary) = workflow::refile_source(&doc.story, text);
        self.apply(index, edit, "re-file source", None, now)?;
        let who = self
            .actor
            .as_ref()
            .map_or("", |a| a.name.as_str())
            .to_owned();
        if let Some(doc) = self.docs.get_mut(index)
            && summary != workflow::RefileSummary::default()
        {
            workflow::settle_after_refile(&mut doc.story, &who, Utc::now());
        }
        Ok(summary)
    }

    /// The actor whose roles count for stage moves: a person on the desk's roster acts with
    /// the roster's roles (so the window and the command line agree); anyone else with the
    /// roles they declared.
    fn acting(&self) -> Option<Actor> {
        let actor = self.actor.as_ref()?;
        Some(
            workflow::actor_from_roster(&self.settings, &actor.name)
                .unwrap_or_else(|| actor.clone()),
        )
    }

    /// Moves a story to another stage under the desk's rules, as the session's actor, and
    /// records a revision. Not an undoable step: the history of stages is an audit trail.
    pub fn move_stage(
        &mut self,
        index: usize,
        to: Stage,
        note: Option<&str>,
        now: f64,
    ) -> Result<(), WorkflowError> {
        let rules = workflow::rules_for(&self.settings);
        let actor = self.acting().ok_or(WorkflowError::NoIdentity)?;
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(());
        };
        workflow::move_stage(&mut doc.story, &rules, &actor, to, note, Utc::now())?;
        touch(doc, Some(&actor), now);
        Ok(())
    }

    /// Undoes the last step of a story; returns the row it touched.
    pub fn undo(&mut self, index: usize, now: f64) -> Result<Option<RowRef>, EditError> {
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(None);
        };
        let row = doc.history.undo(&mut doc.story)?;
        if row.is_some() {
            touch(doc, self.actor.as_ref(), now);
        }
        Ok(row)
    }

    /// Redoes the last undone step of a story; returns the row it touched.
    pub fn redo(&mut self, index: usize, now: f64) -> Result<Option<RowRef>, EditError> {
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(None);
        };
        let row = doc.history.redo(&mut doc.story)?;
        if row.is_some() {
            touch(doc, self.actor.as_ref(), now);
        }
        Ok(row)
    }

    /// Saves every story whose last change is at least [`AUTOSAVE_DELAY`] old.
    /// Returns how many were written.
    pub fn autosave(&mut self, now: f64) -> usize {
        let due: Vec<usize> = (0..self.docs.len())
            .filter(|&i| {
                self.docs[i]
                    .dirty_since
                    .is_some_and(|t| now - t >= AUTOSAVE_DELAY)
            })
            .collect();
        due.into_iter().filter(|&i| self.save(i)).count()
    }

    /// Saves every story with changes, whatever their age (on quit).
    pub fn save_all(&mut self) -> bool {
        let mut ok = true;
        for i in 0..self.docs.len() {
            if self.docs[i].is_dirty() {
                ok &= self.save(i);
            }
        }
        ok
    }

    /// Looks whether someone else changed a story's file. A story with no unsaved changes
    /// is reloaded from it (and `Ok(true)` returned); one with unsaved changes is marked in
    /// conflict, so its next save goes to a conflict copy instead of over their work.
    ///
    /// The app polls rather than watching the folder: shared network drives often deliver
    /// no change events.
    pub fn check_for_outside_changes(&mut self, index: usize) -> Result<bool, StoreError> {
        let root = self.root.clone();
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(false);
        };
        if doc.conflict {
            return Ok(false);
        }
        let on_disk = store::fingerprint_on_disk(&root, &doc.story.slug)?;
        if on_disk.is_none_or(|fp| fp == doc.fingerprint) {
            // Unchanged, or deleted (the next save writes it again).
            return Ok(false);
        }
        if doc.is_dirty() {
            doc.conflict = true;
            return Ok(false);
        }
        let theirs = store::load_story_file(&store::story_path(&root, &doc.story.slug))?;
        let revision = doc.revision + 1;
        *doc = StoryDoc::new(theirs.story, theirs.fingerprint);
        doc.revision = revision;
        Ok(true)
    }

    /// Writes every story with unsaved changes into `dir`, outside the desk, when the desk
    /// cannot be written (a shared drive that went away). Returns the files written.
    pub fn rescue_unsaved(&self, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
        self.docs
            .iter()
            .filter(|d| d.is_dirty())
            .map(|d| store::save_recovery_copy(dir, &d.story))
            .collect()
    }

    /// Whether any story has changes that are not safe on disk (in its file or a conflict copy).
    #[must_use]
    pub fn has_unsaved(&self) -> bool {
        self.docs.iter().any(StoryDoc::is_dirty)
    }

    /// Saves one story now. On failure the story stays in memory, marked unsaved, with the
    /// reason in [`StoryDoc::save_error`]. When someone else changed the file, it is left alone
    /// and our version goes to a conflict copy in `backups/`, kept up to date by every later
    /// save until the person resolves the conflict. Returns whether the work is safe on disk.
    pub fn save(&mut self, index: usize) -> bool {
        let root = self.root.clone();
        let Some(doc) = self.docs.get_mut(index) else {
            return false;
        };
        if doc.conflict {
            return save_conflict_copy(&root, doc);
        }
        match store::save_story(&root, &doc.story, doc.fingerprint) {
            Ok(fingerprint) => {
                doc.fingerprint = fingerprint;
                doc.dirty_since = None;
                doc.saved_at = Some(Utc::now());
                doc.save_error = None;
                true
            }
            Err(StoreError::Conflict { .. }) => {
                doc.conflict = true;
                save_conflict_copy(&root, doc)
            }
            Err(err) => {
                log::warn!("{err}");
                doc.save_error = Some(err.to_string());
                false
            }
        }
    }

    /// After a conflict: with `keep_mine`, writes ours over theirs (theirs is kept as
    /// `backups/<slug>/theirs-*.ron`); otherwise loads theirs (ours is in the conflict copy).
    pub fn resolve_conflict(&mut self, index: usize, keep_mine: bool) -> Result<(), StoreError> {
        let root = self.root.clone();
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(());
        };
        let path = store::story_path(&root, &doc.story.slug);
        let theirs = store::load_story_file(&path)?;
        if keep_mine {
            store::keep_theirs(&root, &doc.story.slug)?;
            // Their stage moves and sign-offs are facts: keep every revision from both sides,
            // and their stage if their history is the newer. A sign-off that no longer matches
            // our text then goes stale as usual.
            let ours_latest = doc.story.revisions.last().map(|r| r.at);
            let theirs_latest = theirs.story.revisions.last().map(|r| r.at);
            for revision in &theirs.story.revisions {
                if !doc.story.revisions.contains(revision) {
                    doc.story.revisions.push(revision.clone());
                }
            }
            doc.story.revisions.sort_by_key(|r| r.at);
            if theirs_latest > ours_latest {
                doc.story.stage = theirs.story.stage;
                doc.story.sign_off.clone_from(&theirs.story.sign_off);
            }
            let who = self
                .actor
                .as_ref()
                .map_or("", |a| a.name.as_str())
                .to_owned();
            workflow::settle_after_edit(&mut doc.story, &who, Utc::now());
            doc.fingerprint = theirs.fingerprint;
            doc.conflict = false;
            doc.conflict_copy = None;
            doc.save_error = None;
            doc.dirty_since.get_or_insert(0.0);
            doc.revision += 1;
            // A failure is shown in the status bar from `save_error`.
            self.save(index);
        } else {
            // Bring the conflict copy up to date before letting go of ours.
            if doc.is_dirty() && !save_conflict_copy(&root, doc) {
                return Err(StoreError::Conflict { path });
            }
            let revision = doc.revision + 1;
            *doc = StoryDoc::new(theirs.story, theirs.fingerprint);
            doc.saved_at = Some(Utc::now());
            doc.revision = revision;
        }
        Ok(())
    }
}

/// Writes our version of a conflicted story to its conflict copy and says where.
fn save_conflict_copy(root: &Path, doc: &mut StoryDoc) -> bool {
    let path = store::story_path(root, &doc.story.slug);
    match store::save_conflict_copy(root, &doc.story, doc.conflict_copy.as_deref()) {
        Ok(copy) => {
            doc.save_error = Some(format!(
                "{} was changed by someone else; your version is kept in {}",
                path.display(),
                copy.display()
            ));
            doc.conflict_copy = Some(copy);
            doc.dirty_since = None;
            true
        }
        Err(err) => {
            log::warn!("{err}");
            doc.save_error = Some(format!(
                "{} was changed by someone else, and keeping your version failed: {err}",
                path.display()
            ));
            false
        }
    }
}

/// Marks a story changed: who and when, the sign-off checked against the new content (an
/// Approved story whose public content changed goes back to Editing), and autosave timed.
fn touch(doc: &mut StoryDoc, actor: Option<&Actor>, now: f64) {
    let who = actor.map_or("", |a| a.name.as_str());
    let at = Utc::now();
    doc.story.modified = at;
    who.clone_into(&mut doc.story.modified_by);
    workflow::settle_after_edit(&mut doc.story, who, at);
    doc.revision += 1;
    // Autosave waits for a pause: each edit restarts the delay.
    doc.dirty_since = Some(now);
}

#[cfg(test)]
#[expect(
    clippy::disallowed_methods,
    reason = "tests play someone else changing a file"
)]
mod tests {
    use super::*;
    use crate::model::Side;

    fn session() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::create(
            &dir.path().join("d"),
            &DeskSettings::new("D", "my", "en", "S"),
        )
        .unwrap();
        let mut story = Story::new("one", Utc::now());
        story.append_source_paragraphs("က\n\nခ");
        session.add_story(story).unwrap();
        (dir, session)
    }

    fn type_headline(session: &mut Session, text: &str, now: f64) {
        let edit = Edit::SetText {
            row: RowRef::Headline,
            side: Side::English,
            text: text.into(),
        };
        session
            .apply(0, edit, "type", Some(RowRef::Headline), now)
            .unwrap();
    }

    #[test]
    fn autosave_waits_for_a_pause() {
        let (_dir, mut session) = session();
        type_headline(&mut session, "F", 10.0);
        type_headline(&mut session, "Fl", 10.5);
        assert_eq!(
            session.autosave(11.0),
            0,
            "0.5 s after the last edit is too soon"
        );
        assert_eq!(session.autosave(11.4), 1);
        assert!(!session.has_unsaved());
        let reopened = Session::open(&session.root).unwrap();
        assert_eq!(reopened.docs[0].story.headline.english, "Fl");
    }

    /// A colleague saves the story file behind our back; returns its path and their text.
    fn someone_else_edits(session: &Session) -> (PathBuf, String) {
        let path = store::story_path(&session.root, "one");
        let theirs = std::fs::read_to_string(&path)
            .unwrap()
            .replace("format_version: 1", "format_version:1");
        std::fs::write(&path, &theirs).unwrap();
        (path, theirs)
    }

    #[test]
    fn a_conflict_keeps_both_versions() {
        let (_dir, mut session) = session();
        let (path, theirs) = someone_else_edits(&session);
        type_headline(&mut session, "Mine", 0.0);
        assert!(session.save(0), "the work is safe in a conflict copy");
        assert!(session.docs[0].conflict);
        assert!(
            session.docs[0]
                .save_error
                .as_deref()
                .unwrap_or("")
                .contains("changed by someone else")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        // Work after the conflict keeps going to the same copy, never over their file.
        type_headline(&mut session, "Mine, ten minutes later", 50.0);
        assert_eq!(session.autosave(100.0), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        let copy = session.docs[0].conflict_copy.clone().unwrap();
        assert!(
            std::fs::read_to_string(&copy)
                .unwrap()
                .contains("Mine, ten minutes later")
        );
        session.resolve_conflict(0, false).unwrap();
        assert_eq!(session.docs[0].story.headline.english, "");
        assert!(!session.docs[0].conflict);
        assert!(
            std::fs::read_to_string(&copy)
                .unwrap()
                .contains("Mine, ten minutes later")
        );
    }

    #[test]
    fn outside_changes_reload_a_clean_story_and_flag_a_dirty_one() {
        let (_dir, mut session) = session();
        assert!(
            !session.check_for_outside_changes(0).unwrap(),
            "nothing changed yet"
        );
        let path = store::story_path(&session.root, "one");
        let theirs = std::fs::read_to_string(&path)
            .unwrap()
            .replace("english: \"\"", "english: \"Theirs\"");
        std::fs::write(&path, &theirs).unwrap();
        assert!(session.check_for_outside_changes(0).unwrap(), "reloaded");
        assert_eq!(session.docs[0].story.headline.english, "Theirs");

        let (_, theirs) = someone_else_edits(&session);
        type_headline(&mut session, "Mine", 0.0);
        assert!(!session.check_for_outside_changes(0).unwrap());
        assert!(
            session.docs[0].conflict,
            "unsaved work meets their change: a conflict"
        );
        assert!(session.save(0));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            theirs,
            "theirs untouched"
        );
    }

    #[test]
    fn keeping_mine_keeps_theirs_in_backups() {
        let (_dir, mut session) = session();
        let (path, theirs) = someone_else_edits(&session);
        type_headline(&mut session, "Mine", 0.0);
        session.save(0);
        session.resolve_conflict(0, true).unwrap();
        assert!(!session.docs[0].conflict);
        assert!(std::fs::read_to_string(&path).unwrap().contains("Mine"));
        let backups = session.root.join(store::BACKUPS_DIR).join("one");
        let kept: Vec<String> = std::fs::read_dir(backups)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        assert!(kept.contains(&theirs), "their version is kept");
    }
}
