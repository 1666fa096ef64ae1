//! An open desk: its settings, the summaries of all its stories, and the stories being
//! worked on, each with its undo history and save state.
//!
//! Every change goes through a method here that takes the acting person from the desk's
//! roster and checks the desk's rules in `workflow` before anything is touched; the window
//! and the command line call the same methods, so a rule holds the same in both. Fields
//! are private: nothing outside can change a story except through a checked call.
//!
//! Stories are read when they are opened, not when the desk is: the desk view and
//! `copydesk list` read the desk index. No egui here: the clock is passed in.

mod commits;
mod doc;
mod saver;

pub use commits::CommitNote;
pub use doc::StoryDoc;

use std::path::{Path, PathBuf};

use chrono::Utc;
use thiserror::Error;

use crate::edit::{ChangeKind, Edit, EditError};
use crate::model::{DeskChange, DeskSettings, Revision, RowRef, Stage, Story};
use crate::store::{self, DeskIndex, StoreError};
use crate::summary::StorySummary;
use crate::workflow::{
    self, Actor, Move, RefileSummary, SettingsChange, SignOffState, WorkflowError,
};

/// How long after the last edit a story is saved, in seconds.
pub const AUTOSAVE_DELAY: f64 = 0.8;

/// Why something asked of the session did not happen.
#[derive(Debug, Error)]
pub enum ActionError {
    /// The desk's rules refuse it.
    #[error("{0}")]
    Refused(#[from] WorkflowError),
    /// The edit does not fit the story (a bug, or a story changed underneath).
    #[error("{0}")]
    Edit(#[from] EditError),
    /// Reading or writing failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The story is read-only here: someone else has it open.
    #[error("{0}")]
    ReadOnly(String),
    /// A translator's XLIFF file that cannot be taken back into the story.
    #[error("{0}")]
    Xliff(#[from] crate::xliff::XliffError),
    /// A sign-off on a desk that signs them could not be signed: nothing changed.
    #[error("the sign-off was not made: {0}")]
    Sign(#[from] store::signing::SignError),
    /// The story (or the desk's settings) changed while the sign-off was being signed.
    #[error(
        "the sign-off was not made: {slug} changed while it was being signed; sign it off again"
    )]
    ChangedWhileSigning {
        /// The story.
        slug: String,
    },
}

/// A sign-off checked and waiting for its signature (see [`Session::begin_move`]).
#[derive(Debug)]
pub struct PendingSignOff {
    index: usize,
    /// The story's revision in the session when the sign-off was asked for.
    doc_revision: u64,
    settings_generation: u64,
    /// The story as the move leaves it, its sign-off not yet signed.
    story: Story,
    record: Revision,
    settings: DeskSettings,
    key: Option<PathBuf>,
    by: String,
}

impl PendingSignOff {
    /// The story being signed off.
    #[must_use]
    pub fn slug(&self) -> &str {
        &self.story.slug
    }

    /// Signs the sign-off with the editor's SSH key (runs `ssh-keygen`, which may wait for
    /// a passphrase); touches no session, so it may run on any thread.
    #[must_use]
    pub fn sign(mut self) -> SignedSignOff {
        let result =
            store::signing::sign_sign_off(&mut self.story, &self.settings, self.key.as_deref());
        SignedSignOff {
            pending: self,
            result,
        }
    }
}

/// A sign-off after [`PendingSignOff::sign`], for [`Session::finish_sign_off`].
#[derive(Debug)]
pub struct SignedSignOff {
    pending: PendingSignOff,
    result: Result<(), store::signing::SignError>,
}

/// An open desk folder.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    settings: DeskSettings,
    /// Goes up whenever the settings change, so cached sign-off states are worked out again.
    settings_generation: u64,
    /// The summaries of every story, once read.
    index: Option<DeskIndex>,
    /// Whether the index in memory has changes not yet written.
    index_dirty: bool,
    /// Goes up whenever a summary changes, so views can cache what they derive from them.
    index_generation: u64,
    /// The stories read so far (opened, or changed by a command), in the order read.
    docs: Vec<StoryDoc>,
    /// Who is working, by name; their roles come from the roster on every call.
    me: Option<String>,
    /// Saves off the calling thread, when started; otherwise saves happen where asked.
    worker: Option<saver::Worker>,
    /// Set when this session tells others which stories it has open (the window does; the
    /// command line, which holds a lock for its few milliseconds, does not).
    presence_token: Option<String>,
    /// The key this person signs sign-offs with, when they named one (the window's
    /// identity, the command line's `--key`); otherwise it is looked for
    /// (`store::signing::find_signing_key`).
    signing_key: Option<PathBuf>,
    /// What was changed and not yet handed over to be committed (team desks).
    commits: commits::Pending,
}

impl Session {
    /// Opens a desk folder: its settings only. Stories are read when asked for, and the
    /// summaries of all of them by [`Self::refresh_index`].
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let settings = store::load_settings(root)?;
        Ok(Self {
            root: root.to_owned(),
            settings,
            settings_generation: 0,
            index: None,
            index_dirty: false,
            index_generation: 0,
            docs: Vec::new(),
            me: None,
            worker: None,
            presence_token: None,
            signing_key: None,
            commits: commits::Pending::default(),
        })
    }

    /// Creates a desk folder and opens it.
    pub fn create(root: &Path, settings: &DeskSettings) -> Result<Self, StoreError> {
        store::create_desk(root, settings)?;
        Self::open(root)
    }

    /// Saves from now on in a background thread, so the caller (the window) never waits
    /// for a write.
    pub fn save_in_background(&mut self) {
        self.worker.get_or_insert_with(saver::Worker::start);
    }

    /// From now on, stories opened with [`Self::open_for_editing`] are claimed, so a second
    /// window opening them sees who has them and opens them read-only.
    pub fn announce_presence(&mut self) {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let address = std::ptr::from_ref(self) as usize;
        self.presence_token = Some(format!("{nanos:x}-{address:x}"));
    }

    /// This window's claim, as the person working now.
    fn my_presence(&self) -> Option<store::Presence> {
        let token = self.presence_token.as_deref()?;
        let name = self.me.as_deref()?;
        Some(store::Presence::here(name, token))
    }

    /// Reads a story to work on it in the window, and claims it. When someone else has it
    /// open (another window, here or on another computer), it is read-only here, saying
    /// who, where and since when, until the person takes it over. A claim left by a program
    /// that is gone is taken over silently.
    pub fn open_for_editing(&mut self, slug: &str) -> Result<usize, StoreError> {
        let index = self.load(slug)?;
        let Some(mine) = self.my_presence() else {
            return Ok(index);
        };
        match store::read_presence(&self.root, slug) {
            Some(theirs) if !theirs.is_same_window(&mine) && !theirs.is_stale() => {
                let doc = &mut self.docs[index];
                doc.read_only = Some(held_by(&theirs));
                doc.claimed = false;
            }
            _ => {
                store::claim_presence(&self.root, slug, &mine)?;
                let doc = &mut self.docs[index];
                doc.read_only = None;
                doc.claimed = true;
            }
        }
        Ok(index)
    }

    /// Takes over a story someone else has open: this window claims it and may change it.
    /// Their window notices and turns read-only.
    pub fn take_over(&mut self, index: usize) -> Result<(), StoreError> {
        let Some(mine) = self.my_presence() else {
            return Ok(());
        };
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(());
        };
        store::claim_presence(&self.root, &doc.story.slug, &mine)?;
        doc.read_only = None;
        doc.claimed = true;
        Ok(())
    }

    /// Looks whether someone took over a story this window holds; if so it turns read-only
    /// here (work not yet saved is saved first, or kept in a conflict copy). And when a
    /// story held elsewhere has been let go, this window takes it and it becomes writable.
    /// Returns whether either happened.
    pub fn check_presence(&mut self, index: usize) -> bool {
        let Some(mine) = self.my_presence() else {
            return false;
        };
        let Some(doc) = self.docs.get(index) else {
            return false;
        };
        if !doc.claimed {
            let held = doc.read_only.is_some();
            let free =
                store::read_presence(&self.root, &doc.story.slug).is_none_or(|p| p.is_stale());
            if held && free && store::claim_presence(&self.root, &doc.story.slug, &mine).is_ok() {
                let doc = &mut self.docs[index];
                doc.claimed = true;
                doc.read_only = None;
                return true;
            }
            return false;
        }
        match store::read_presence(&self.root, &doc.story.slug) {
            Some(theirs) if !theirs.is_same_window(&mine) => {
                self.save(index);
                let doc = &mut self.docs[index];
                doc.claimed = false;
                doc.read_only = Some(format!(
                    "{} took this story over at {}; it is read-only here now",
                    theirs.name,
                    theirs.since.with_timezone(&chrono::Local).format("%H:%M")
                ));
                true
            }
            _ => false,
        }
    }

    /// The desk folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The desk's settings.
    #[must_use]
    pub fn settings(&self) -> &DeskSettings {
        &self.settings
    }

    /// Reads the desk's settings again if their file changed (a colleague changed the
    /// roster or a rule): the roles everyone acts with follow at once. Returns whether they
    /// changed.
    pub fn refresh_settings(&mut self) -> Result<bool, StoreError> {
        let fresh = store::load_settings(&self.root)?;
        if fresh == self.settings {
            return Ok(false);
        }
        self.settings = fresh;
        self.settings_generation += 1;
        Ok(true)
    }

    /// Says who is working here (`None`: nobody yet).
    pub fn set_me(&mut self, name: Option<&str>) {
        self.me = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    }

    /// The person working, with the roles the desk's roster gives them (none when the
    /// roster does not know them).
    #[must_use]
    pub fn actor(&self) -> Option<Actor> {
        self.me
            .as_deref()
            .map(|name| Actor::on_desk(&self.settings, name))
    }

    fn acting(&self) -> Result<Actor, WorkflowError> {
        self.actor().ok_or(WorkflowError::NoIdentity)
    }

    // --- The desk's stories ------------------------------------------------------------

    /// Reads the desk index, bringing it up to date with the story files (only files that
    /// changed are read). Stories being worked on here are summarised from memory.
    pub fn refresh_index(&mut self) -> Result<(), StoreError> {
        let (index, _) = store::refresh_index(&self.root, &self.settings)?;
        self.index = Some(index);
        self.index_generation += 1;
        for i in 0..self.docs.len() {
            self.update_summary(i);
        }
        Ok(())
    }

    /// The summaries of the desk's stories that load, sorted by slug (empty until the index
    /// has been read).
    pub fn summaries(&self) -> impl Iterator<Item = &StorySummary> {
        self.index.iter().flat_map(DeskIndex::summaries)
    }

    /// Goes up whenever a story's summary changes.
    #[must_use]
    pub fn index_generation(&self) -> u64 {
        self.index_generation
    }

    /// How many stories the index lists, broken files included.
    #[must_use]
    pub fn story_count(&self) -> usize {
        self.index.as_ref().map_or(0, |i| i.stories.len())
    }

    /// Story files that do not load, as messages naming the file; those files are never
    /// written to.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.index.iter().flat_map(DeskIndex::problems)
    }

    /// The summary of one story.
    #[must_use]
    pub fn summary(&self, slug: &str) -> Option<&StorySummary> {
        let stories = &self.index.as_ref()?.stories;
        let at = stories
            .binary_search_by(|e| e.slug.as_str().cmp(slug))
            .ok()?;
        stories[at].summary.as_ref().ok()
    }

    /// Updates the index entry of a story read here from its state in memory.
    fn update_summary(&mut self, index: usize) {
        let Some(doc) = self.docs.get(index) else {
            return;
        };
        if self.index.is_none() || doc.summarized == Some(doc.revision) {
            return;
        }
        let summary = StorySummary::of(&doc.story, &self.settings);
        let (slug, revision) = (doc.story.slug.clone(), doc.revision);
        self.set_summary(&slug, summary, None);
        if let Some(doc) = self.docs.get_mut(index) {
            doc.summarized = Some(revision);
        }
    }

    /// Puts a story's summary in the index, with the length and time of the file it
    /// describes when known (so the next refresh need not read the file again).
    fn set_summary(&mut self, slug: &str, summary: StorySummary, stamp: Option<&store::FileStamp>) {
        let Some(desk_index) = &mut self.index else {
            return;
        };
        let entry = match desk_index
            .stories
            .binary_search_by(|e| e.slug.as_str().cmp(slug))
        {
            Ok(at) => &mut desk_index.stories[at],
            Err(at) => {
                desk_index.stories.insert(
                    at,
                    store::IndexEntry {
                        slug: slug.to_owned(),
                        len: 0,
                        modified_ns: 0,
                        checked_ns: 0,
                        summary: Err(String::new()),
                    },
                );
                &mut desk_index.stories[at]
            }
        };
        let (len, modified_ns) = stamp.map_or((0, 0), |s| (s.len, store::nanos(s.modified)));
        if entry.summary.as_ref() != Ok(&summary)
            || entry.len != len
            || entry.modified_ns != modified_ns
        {
            if entry.summary.as_ref() != Ok(&summary) {
                self.index_generation += 1;
            }
            entry.summary = Ok(summary);
            // Without the file's stamp, the next refresh reads the file once more.
            entry.len = len;
            entry.modified_ns = modified_ns;
            entry.checked_ns = store::nanos(Some(std::time::SystemTime::now()));
            self.index_dirty = true;
        }
    }

    /// Writes the index if it changed (derived data: a failure only costs a re-read).
    pub fn write_index(&mut self) {
        if let Some(index) = &self.index
            && self.index_dirty
        {
            let _ = store::write_index(&self.root, index);
            self.index_dirty = false;
        }
    }

    /// The position of a story among those read here.
    #[must_use]
    pub fn find(&self, slug: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.story.slug == slug)
    }

    /// A story read here, by position.
    #[must_use]
    pub fn doc(&self, index: usize) -> Option<&StoryDoc> {
        self.docs.get(index)
    }

    /// The stories read here.
    #[must_use]
    pub fn docs(&self) -> &[StoryDoc] {
        &self.docs
    }

    /// A story read here, by slug.
    #[must_use]
    pub fn story(&self, slug: &str) -> Option<&Story> {
        self.find(slug).map(|i| &self.docs[i].story)
    }

    /// Reads a story from its file if it is not read yet; returns its position.
    pub fn load(&mut self, slug: &str) -> Result<usize, StoreError> {
        if let Some(i) = self.find(slug) {
            return Ok(i);
        }
        let loaded = store::load_story(&self.root, slug, &self.settings)?;
        self.docs.push(StoryDoc::new(loaded));
        Ok(self.docs.len() - 1)
    }

    /// Reads a story holding its save lock until the session is done with it, so no other
    /// program's save can come between this read and our write (for the command line).
    pub fn load_for_change(&mut self, slug: &str) -> Result<usize, StoreError> {
        let lock = store::StoryLock::acquire(&self.root, slug, store::LOCK_WAIT)?;
        let index = self.load(slug)?;
        self.docs[index].lock = Some(lock);
        Ok(index)
    }

    /// Lets go of a story (when the window closes it): its claim is given up, and a story
    /// with nothing unsaved leaves memory.
    pub fn release(&mut self, index: usize) {
        self.give_up_claim(index);
        if let Some(doc) = self.docs.get(index) {
            self.commits.ended(&doc.story.slug);
        }
        if self
            .docs
            .get(index)
            .is_some_and(|d| !d.is_dirty() && !d.conflict)
        {
            self.update_summary(index);
            self.docs.remove(index);
        }
    }

    fn give_up_claim(&mut self, index: usize) {
        let mine = self.my_presence();
        if let (Some(mine), Some(doc)) = (mine, self.docs.get_mut(index))
            && doc.claimed
        {
            store::release_presence(&self.root, &doc.story.slug, &mine);
            doc.claimed = false;
        }
    }

    /// Closing the desk: waits for saves, gives up every claim, writes the index. Returns
    /// whether all work is safe on disk.
    pub fn close(&mut self) -> bool {
        let saved = self.save_all();
        for index in 0..self.docs.len() {
            self.give_up_claim(index);
        }
        self.write_index();
        saved
    }

    /// A story's revisions, oldest first: read from its history folder the first time,
    /// with those recorded here and not yet written.
    pub fn history(&mut self, index: usize) -> Result<Vec<&Revision>, StoreError> {
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(Vec::new());
        };
        if doc.history.is_none() {
            doc.history = Some(store::load_history(&self.root, &doc.story.slug, &[])?);
        }
        Ok(doc.revisions())
    }

    /// Whether the story's sign-off still matches its public content as the desk prints it.
    #[must_use]
    pub fn sign_off_state(&self, index: usize) -> SignOffState {
        self.docs.get(index).map_or(SignOffState::None, |d| {
            d.sign_off_state(&self.settings, self.settings_generation)
        })
    }

    /// What the person may do to a story now.
    #[must_use]
    pub fn rights(&self, index: usize) -> workflow::Rights {
        let Some(doc) = self.docs.get(index) else {
            return workflow::rights(None, &Story::new("", Utc::now()));
        };
        let mut rights = workflow::rights(self.actor().as_ref(), &doc.story);
        if let Some(why) = doc.read_only() {
            rights = workflow::Rights {
                source: false,
                fix_source: false,
                english: false,
                review: false,
                structure: false,
                metadata: false,
                credits: false,
                credit_override: false,
                clear_flag: false,
                read_only_because: Some(why.to_owned()),
            };
        }
        rights
    }

    // --- Changing a story -------------------------------------------------------------

    /// Whether the story may be written from here: not while someone else has it open
    /// (any write, comments included, would land on their copy).
    fn writable(&self, index: usize) -> Result<(), ActionError> {
        match self
            .docs
            .get(index)
            .and_then(|d| d.read_only().map(str::to_owned))
        {
            Some(why) => Err(ActionError::ReadOnly(why)),
            None => Ok(()),
        }
    }

    /// Whether the story's workflow may move from here: not while its file is in conflict
    /// with someone else's save, when a move would exist only in this window.
    fn settled(&self, index: usize) -> Result<(), ActionError> {
        if self.docs.get(index).is_some_and(|d| d.conflict) {
            return Err(ActionError::ReadOnly(
                "someone else saved this story while you worked on it; choose Keep mine or Load theirs first"
                    .to_owned(),
            ));
        }
        self.writable(index)
    }

    /// Applies an edit to a story as one undoable step, if the person may make it.
    /// `now` is the session clock in seconds.
    pub fn apply(
        &mut self,
        index: usize,
        edit: Edit,
        label: &str,
        row: Option<RowRef>,
        now: f64,
    ) -> Result<(), ActionError> {
        self.apply_as(index, edit, label, row, None, now)
    }

    fn apply_as(
        &mut self,
        index: usize,
        edit: Edit,
        label: &str,
        row: Option<RowRef>,
        allowed_as: Option<ChangeKind>,
        now: f64,
    ) -> Result<(), ActionError> {
        let actor = self.acting()?;
        let Some(doc) = self.docs.get(index) else {
            return Ok(());
        };
        if edit.is_noop_on(&doc.story) {
            return Ok(());
        }
        self.writable(index)?;
        workflow::check_edit(&self.settings, &actor, &doc.story, &edit, allowed_as)?;
        let doc = &mut self.docs[index];
        let scope = edit.rows_only();
        if doc
            .undo
            .apply_as(&mut doc.story, edit, label, row, allowed_as)?
        {
            self.touch(index, &actor, scope.as_deref(), now);
        }
        Ok(())
    }

    /// Undoes the last step of a story, if the person may make that change now; returns
    /// the row it touched.
    pub fn undo(&mut self, index: usize, now: f64) -> Result<Option<RowRef>, ActionError> {
        self.step(index, true, now)
    }

    /// Redoes the last undone step of a story; returns the row it touched.
    pub fn redo(&mut self, index: usize, now: f64) -> Result<Option<RowRef>, ActionError> {
        self.step(index, false, now)
    }

    fn step(&mut self, index: usize, undo: bool, now: f64) -> Result<Option<RowRef>, ActionError> {
        let actor = self.acting()?;
        let Some(doc) = self.docs.get(index) else {
            return Ok(None);
        };
        let entry = if undo {
            doc.undo.next_undo()
        } else {
            doc.undo.next_redo()
        };
        let Some(entry) = entry else {
            return Ok(None);
        };
        self.writable(index)?;
        workflow::check_edit(
            &self.settings,
            &actor,
            &doc.story,
            &entry.edit,
            entry.allowed_as,
        )?;
        // Undoing or redoing a recorded change of the source is recorded too, so the history
        // never says a fix stands when it was taken back.
        let scope = entry.edit.rows_only();
        let recorded = (entry.allowed_as == Some(ChangeKind::SourceFix))
            .then(|| format!("{} {}", entry.label, if undo { "undone" } else { "redone" }));
        let doc = &mut self.docs[index];
        let row = if undo {
            doc.undo.undo(&mut doc.story)?
        } else {
            doc.undo.redo(&mut doc.story)?
        };
        if row.is_some() {
            self.touch(index, &actor, scope.as_deref(), now);
            if let Some(event) = recorded {
                let doc = &mut self.docs[index];
                let revision = workflow::revision(
                    &doc.story,
                    &self.settings,
                    &actor.name,
                    None,
                    &event,
                    None,
                    Utc::now(),
                );
                doc.pending_revisions.push(revision);
            }
        }
        Ok(row)
    }

    /// Marks a story changed by `actor`: who and when (in each row when the change was
    /// confined to the rows `scope` names), the sign-off checked against the new content (a signed-off
    /// story whose public content changed goes back to Editing, with a revision saying so),
    /// and autosave timed.
    fn touch(&mut self, index: usize, actor: &Actor, scope: Option<&[RowRef]>, now: f64) {
        let settings = &self.settings;
        let doc = &mut self.docs[index];
        let at = Utc::now();
        doc.story.mark_changed(scope, &actor.name, at);
        self.commits.edited(&actor.name, &doc.story.slug);
        if let Some(revision) =
            workflow::settle_after_edit(&mut doc.story, settings, &actor.name, at)
        {
            doc.pending_revisions.push(revision);
        }
        doc.revision += 1;
        // Autosave waits for a pause: each edit restarts the delay.
        doc.dirty_since = Some(now);
    }

    /// Names the SSH key this person signs sign-offs with (`None`: look for it in the agent
    /// and `~/.ssh`).
    pub fn set_signing_key(&mut self, key: Option<PathBuf>) {
        self.signing_key = key;
    }

    /// Moves a story to another stage as the person working, under the desk's rules, and
    /// records a revision. Not an undoable step: the history of stages is an audit trail.
    /// On a desk that signs sign-offs, signing off signs the public text with the editor's
    /// SSH key, here and now (the command line); when that fails, nothing changes. The
    /// window signs on a thread of its own: [`Session::begin_move`].
    pub fn move_stage(
        &mut self,
        index: usize,
        request: &Move,
        now: f64,
    ) -> Result<(), ActionError> {
        match self.begin_move(index, request, now)? {
            Some(pending) => self.finish_sign_off(pending.sign(), now),
            None => Ok(()),
        }
    }

    /// [`Session::move_stage`] up to the signature: a move that needs none is made; a
    /// sign-off on a desk that signs them is checked and handed back to be signed (where
    /// waiting for `ssh-keygen`, perhaps for a passphrase, keeps no window from drawing),
    /// then made by [`Session::finish_sign_off`]. The story is unchanged until then.
    pub fn begin_move(
        &mut self,
        index: usize,
        request: &Move,
        now: f64,
    ) -> Result<Option<PendingSignOff>, ActionError> {
        let actor = self.acting()?;
        self.settled(index)?;
        let qa_errors = self
            .docs
            .get(index)
            .map(|doc| self.qa_errors(&doc.story))
            .unwrap_or_default();
        let settings = &self.settings;
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(None);
        };
        let signs = settings.options.signed_sign_offs
            && request.to == Some(Stage::Approved)
            && doc.story.stage != Stage::Approved;
        // Moved on a copy: a sign-off to sign changes nothing until it is signed.
        let mut story = doc.story.clone();
        let record = workflow::move_stage_with_qa(
            &mut story,
            settings,
            &actor,
            request,
            &qa_errors,
            Utc::now(),
        )?;
        if signs {
            return Ok(Some(PendingSignOff {
                index,
                doc_revision: doc.revision,
                settings_generation: self.settings_generation,
                story,
                record,
                settings: settings.clone(),
                key: self.signing_key.clone(),
                by: actor.name,
            }));
        }
        doc.story = story;
        self.record_move(index, &actor.name, record, now);
        Ok(None)
    }

    /// Makes a sign-off once signed: the story as the move left it, with its signature,
    /// unless signing failed or the story or the desk's settings changed meanwhile (then
    /// nothing changes, and the editor signs off again).
    pub fn finish_sign_off(&mut self, signed: SignedSignOff, now: f64) -> Result<(), ActionError> {
        let SignedSignOff { pending, result } = signed;
        result?;
        // Someone else's save that arrived meanwhile must be settled first, as for any move.
        self.settled(pending.index)?;
        let current = self.docs.get(pending.index).is_some_and(|doc| {
            doc.story.slug == pending.story.slug && doc.revision == pending.doc_revision
        }) && self.settings_generation == pending.settings_generation;
        if !current {
            return Err(ActionError::ChangedWhileSigning {
                slug: pending.story.slug,
            });
        }
        let index = pending.index;
        self.docs[index].story = pending.story;
        self.record_move(index, &pending.by, pending.record, now);
        Ok(())
    }

    /// A stage move made: the commit noted, the revision kept for the save, the save timed.
    fn record_move(&mut self, index: usize, by: &str, record: Revision, now: f64) {
        let doc = &mut self.docs[index];
        self.commits
            .note(by, format!("{}: {}", doc.story.slug, record.event));
        doc.pending_revisions.push(record);
        doc.revision += 1;
        doc.dirty_since = Some(now);
    }

    /// A story's quality-check errors in words, for the summary before handing on or
    /// signing off. Only error-level checks count there, and none of them needs the
    /// spelling dictionary or the desk's usual length, so only the glossary is read; a
    /// glossary that cannot be read is left out (and logged), never a reason to refuse.
    #[must_use]
    pub fn qa_errors(&self, story: &Story) -> Vec<String> {
        let glossary = store::glossary::load_glossary(&self.root).unwrap_or_else(|e| {
            log::warn!("the glossary could not be read for the QA summary: {e}");
            crate::glossary::Glossary::new()
        });
        let checks = crate::qa::DeskChecks::new(
            &self.settings.source_language,
            glossary,
            crate::qa::Speller::without_dictionary(String::new(), []),
            None,
        );
        let findings = crate::qa::check_story(&checks.qa(), story);
        crate::qa::errors_for_summary(&findings, story)
    }

    /// Fixes one row's source after filing (a reporter or an editor), as one undoable step
    /// recorded in the history with the old text.
    pub fn fix_source(
        &mut self,
        index: usize,
        row: RowRef,
        text: &str,
        note: Option<&str>,
        now: f64,
    ) -> Result<(), ActionError> {
        let actor = self.acting()?;
        self.settled(index)?;
        let Some(doc) = self.docs.get(index) else {
            return Ok(());
        };
        let (edit, old) = workflow::fix_source(&actor, &doc.story, row, text)?;
        let label = crate::model::row_name(&doc.story, row);
        self.apply_as(
            index,
            edit,
            "fix source",
            Some(row),
            Some(ChangeKind::SourceFix),
            now,
        )?;
        let settings = &self.settings;
        let doc = &mut self.docs[index];
        let mut revision = workflow::revision(
            &doc.story,
            settings,
            &actor.name,
            None,
            &format!("source of {label} fixed"),
            note,
            Utc::now(),
        );
        revision.old_text = Some(old);
        doc.pending_revisions.push(revision);
        Ok(())
    }

    /// Replaces a story's source with re-filed text (a reporter or an editor; one undoable
    /// step) and, if it was signed off, sends it back to Editing. Returns what changed.
    pub fn refile(
        &mut self,
        index: usize,
        text: &str,
        now: f64,
    ) -> Result<RefileSummary, ActionError> {
        let actor = self.acting()?;
        self.settled(index)?;
        let Some(doc) = self.docs.get(index) else {
            return Ok(RefileSummary::default());
        };
        workflow::may(&actor, doc.story.stage, ChangeKind::SourceFix)?;
        let (edit, summary) = workflow::refile_source(&doc.story, text);
        self.apply_as(
            index,
            edit,
            "re-file source",
            None,
            Some(ChangeKind::SourceFix),
            now,
        )?;
        if summary != RefileSummary::default() {
            let settings = &self.settings;
            let doc = &mut self.docs[index];
            let event = format!(
                "source re-filed: {} row(s) changed, {} added, {} removed",
                summary.changed, summary.added, summary.removed
            );
            let revision = workflow::revision(
                &doc.story,
                settings,
                &actor.name,
                None,
                &event,
                None,
                Utc::now(),
            );
            doc.pending_revisions.push(revision);
            if let Some(revision) =
                workflow::settle_after_refile(&mut doc.story, settings, &actor.name, Utc::now())
            {
                doc.pending_revisions.push(revision);
            }
        }
        Ok(summary)
    }

    /// Assigns a story for its stage (`None` clears the assignment).
    pub fn assign(&mut self, index: usize, to: Option<&str>, now: f64) -> Result<(), ActionError> {
        let actor = self.acting()?;
        self.settled(index)?;
        let settings = &self.settings;
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(());
        };
        workflow::assign(&mut doc.story, settings, &actor, to, Utc::now())?;
        doc.revision += 1;
        doc.dirty_since = Some(now);
        Ok(())
    }

    /// Adds to, answers, changes, removes, resolves or reopens a comment thread, in the
    /// person's name, as one undoable step.
    pub fn comment(
        &mut self,
        index: usize,
        action: &workflow::CommentAction,
        now: f64,
    ) -> Result<(), ActionError> {
        let actor = self.acting()?;
        let Some(doc) = self.docs.get(index) else {
            return Err(ActionError::Refused(WorkflowError::NoSuchRow));
        };
        let edit = action.edit(&doc.story, &actor, Utc::now())?;
        self.apply(index, edit, action.label(), None, now)
    }

    /// Adds a photo after a row: the image is copied into the desk's `media/` folder and a
    /// photo row with its caption, credit and alt text is inserted as one undoable step.
    /// Returns the new row.
    pub fn add_photo(
        &mut self,
        index: usize,
        after: RowRef,
        image: &Path,
        photo: &crate::edit::ops::PhotoText,
        now: f64,
    ) -> Result<RowRef, ActionError> {
        let actor = self.acting()?;
        self.writable(index)?;
        let Some(doc) = self.docs.get(index) else {
            return Err(ActionError::Refused(WorkflowError::NoSuchRow));
        };
        workflow::may(&actor, doc.story.stage, ChangeKind::Structure)?;
        let file = store::import_media(&self.root, image)?;
        let (edit, id) = crate::edit::ops::insert_photo(&doc.story, after, file, photo);
        let row = RowRef::Block(id);
        self.apply(index, edit, "add photo", Some(row), now)?;
        Ok(row)
    }

    /// Takes a translator's XLIFF file back into a story: the English that changed lands in
    /// its rows as drafts for review, as one undoable edit checked like typed English (so a
    /// locked story, or a person who may not change the English now, is refused). A file
    /// made from another story, or whose source no longer matches, is refused with nothing
    /// applied. With `dry_run`, only works out and checks what would change. Returns the
    /// plan, whose summary says what changed.
    pub fn import_xliff(
        &mut self,
        index: usize,
        file: &crate::xliff::XliffFile,
        dry_run: bool,
        now: f64,
    ) -> Result<crate::xliff::ImportPlan, ActionError> {
        let actor = self.acting()?;
        let Some(doc) = self.docs.get(index) else {
            return Err(ActionError::Refused(WorkflowError::NoSuchRow));
        };
        let plan = crate::xliff::plan_import(&doc.story, &self.settings, file)?;
        let edit = plan.edit();
        if dry_run {
            if !edit.is_noop_on(&doc.story) {
                self.writable(index)?;
                workflow::check_edit(&self.settings, &actor, &doc.story, &edit, None)?;
            }
            return Ok(plan);
        }
        self.apply(index, edit, "import XLIFF", None, now)?;
        Ok(plan)
    }

    /// Files a new story in the person's name: its file, and a first revision saying who
    /// filed it and when. Returns its position.
    pub fn add_story(&mut self, mut story: Story) -> Result<usize, ActionError> {
        let actor = self.acting()?;
        let revision = workflow::file_story(&mut story, &self.settings, &actor, Utc::now())?;
        let stamp = store::create_story(&self.root, &story, std::slice::from_ref(&revision))?;
        let mut doc = StoryDoc::new(store::LoadedStory {
            story,
            stamp,
            legacy_revisions: Vec::new(),
            unknown_fields: Vec::new(),
        });
        self.commits.note(
            &actor.name,
            format!("{}: {}", doc.story.slug, revision.event),
        );
        doc.history = Some(vec![revision]);
        doc.saved_at = Some(Utc::now());
        self.docs.push(doc);
        let index = self.docs.len() - 1;
        self.update_summary(index);
        Ok(index)
    }

    // --- The desk's settings ---------------------------------------------------------

    /// Changes the desk's settings as the person working (editors only) and records the
    /// change. Where it alters printed credit lines, every signed-off story whose sign-off
    /// it makes stale is returned: an Approved one goes back to Editing (with a revision
    /// saying so); a Published one keeps its stage, its sign-off shown stale, until an
    /// editor corrects it.
    pub fn change_settings(
        &mut self,
        change: &SettingsChange,
    ) -> Result<(DeskChange, Vec<String>), ActionError> {
        // Under the settings' lock, from the file as it is now: a colleague's change made
        // since this desk was opened is built on, never written over, and their roster
        // decides what this person may do.
        let lock = store::StoryLock::acquire_settings(&self.root, store::LOCK_WAIT)?;
        self.settings = store::load_settings_to_change(&self.root)?;
        self.settings_generation += 1;
        let actor = self.acting()?;
        let (settings, record) =
            workflow::change_settings(&self.settings, &actor, change, Utc::now())?;
        let affected = if affects_credit_lines(change) {
            self.made_stale_by(&settings)?
        } else {
            Vec::new()
        };
        store::save_settings(&self.root, &settings, &record)?;
        drop(lock);
        self.commits
            .note(&actor.name, format!("desk settings: {}", record.what));
        self.settings = settings;
        self.settings_generation += 1;
        for slug in &affected {
            let index = self.load(slug)?;
            let settings = &self.settings;
            let doc = &mut self.docs[index];
            // A story a newer Copydesk wrote is never written by this one.
            if doc.story.stage != Stage::Approved || doc.frozen.is_some() {
                continue;
            }
            if let Some(revision) =
                workflow::settle_after_edit(&mut doc.story, settings, &actor.name, Utc::now())
            {
                doc.pending_revisions.push(revision);
                doc.revision += 1;
                doc.dirty_since = Some(0.0);
                self.save(index);
            }
        }
        self.refresh_index()?;
        Ok((record, affected))
    }

    /// The signed-off stories whose sign-off a settings change would make stale (their
    /// credit line would print differently), to show the person before they make it.
    pub fn stale_after(&mut self, change: &SettingsChange) -> Result<Vec<String>, ActionError> {
        let actor = self.acting()?;
        let (settings, _) = workflow::change_settings(&self.settings, &actor, change, Utc::now())?;
        Ok(self.made_stale_by(&settings)?)
    }

    fn made_stale_by(&mut self, settings: &DeskSettings) -> Result<Vec<String>, StoreError> {
        self.refresh_index()?;
        let signed: Vec<String> = self
            .summaries()
            .filter(|s| matches!(s.stage, Stage::Approved | Stage::Published))
            .filter(|s| s.sign_off == crate::summary::SignOffSummary::Current)
            .map(|s| s.slug.clone())
            .collect();
        let mut affected = Vec::new();
        for slug in signed {
            let story = match self.story(&slug) {
                Some(story) => story.clone(),
                None => store::load_story(&self.root, &slug, &self.settings)?.story,
            };
            if workflow::sign_off_state(&story, settings) == SignOffState::Stale {
                affected.push(slug);
            }
        }
        Ok(affected)
    }

    /// The recorded changes to the desk's settings, oldest first, and any record that could
    /// not be read.
    pub fn desk_history(&self) -> Result<(Vec<DeskChange>, Vec<StoreError>), StoreError> {
        store::load_desk_history(&self.root)
    }

    // --- Saving ------------------------------------------------------------------------

    /// Saves every story whose last change is at least [`AUTOSAVE_DELAY`] old (in the
    /// background when the session saves there). Returns how many saves were started.
    pub fn autosave(&mut self, now: f64) -> usize {
        self.poll_saves();
        let due: Vec<usize> = (0..self.docs.len())
            .filter(|&i| {
                let doc = &self.docs[i];
                doc.saving.is_none() && doc.dirty_since.is_some_and(|t| now - t >= AUTOSAVE_DELAY)
            })
            .collect();
        let started = due.len();
        for i in due {
            self.start_save(i);
        }
        started
    }

    /// Saves every story with changes, whatever their age, and waits until all are written
    /// (on quit). Returns whether all work is safe on disk.
    pub fn save_all(&mut self) -> bool {
        for i in 0..self.docs.len() {
            if self.docs[i].dirty_since.is_some() && self.docs[i].saving.is_none() {
                self.start_save(i);
            }
        }
        self.flush();
        !self.has_unsaved()
    }

    /// Waits for every save in flight to be written.
    pub fn flush(&mut self) {
        while self.docs.iter().any(|d| d.saving.is_some()) {
            let Some(done) = self.worker.as_ref().and_then(saver::Worker::wait) else {
                // No worker: nothing can be in flight.
                for doc in &mut self.docs {
                    doc.saving = None;
                }
                break;
            };
            self.finish_save(done);
        }
        self.write_index();
    }

    /// Takes in the reports of saves the worker has finished.
    pub fn poll_saves(&mut self) {
        let done: Vec<saver::SaveDone> = self
            .worker
            .as_ref()
            .map(saver::Worker::poll)
            .unwrap_or_default();
        for report in done {
            self.finish_save(report);
        }
    }

    /// Saves one story now and waits for it. On failure the story stays in memory, marked
    /// unsaved, with the reason in its save error. When someone else changed the file, it
    /// is left alone and our version goes to a conflict copy in `backups/`, kept up to date
    /// by every later save until the person resolves the conflict. Returns whether the
    /// work is safe on disk.
    pub fn save(&mut self, index: usize) -> bool {
        if index >= self.docs.len() {
            return false;
        }
        self.flush();
        if self.docs[index].dirty_since.is_some() {
            let job = self.job(index);
            let done = self.save_with_held_lock(index, &job);
            self.finish_save(done);
            // A conflict found by that save is kept in a copy straight away.
            if self.docs[index].dirty_since.is_some() && self.docs[index].conflict {
                let job = self.job(index);
                self.docs[index].saving = Some(job.doc_revision);
                let done = saver::run(&job);
                self.finish_save(done);
            }
        }
        self.write_index();
        !self.docs[index].is_dirty()
    }

    /// Runs a save here, with the story's lock if the session holds it (the command line).
    fn save_with_held_lock(&mut self, index: usize, job: &saver::SaveJob) -> saver::SaveDone {
        self.docs[index].saving = Some(job.doc_revision);
        let Some(lock) = &self.docs[index].lock else {
            return saver::run(job);
        };
        if job.target != saver::Target::Story {
            return saver::run(job);
        }
        let outcome = match store::save_story_locked(
            lock,
            &job.story,
            job.expected,
            &job.revisions,
            Utc::now(),
        ) {
            Ok(stamp) => saver::SaveOutcome::Saved(stamp),
            Err(StoreError::Conflict { .. }) => saver::SaveOutcome::Conflict,
            Err(err) => saver::SaveOutcome::Failed(err),
        };
        saver::SaveDone {
            slug: job.story.slug.clone(),
            doc_revision: job.doc_revision,
            revisions_written: if matches!(outcome, saver::SaveOutcome::Saved(_)) {
                job.revisions.len()
            } else {
                0
            },
            summary: matches!(outcome, saver::SaveOutcome::Saved(_))
                .then(|| StorySummary::of(&job.story, &job.settings)),
            outcome,
        }
    }

    fn job(&self, index: usize) -> saver::SaveJob {
        let doc = &self.docs[index];
        saver::SaveJob {
            root: self.root.clone(),
            story: doc.story.clone(),
            expected: doc.stamp.fingerprint,
            revisions: doc.pending_revisions.clone(),
            settings: self.settings.clone(),
            target: if doc.conflict {
                saver::Target::ConflictCopy(doc.conflict_copy.clone())
            } else {
                saver::Target::Story
            },
            doc_revision: doc.revision,
        }
    }

    fn start_save(&mut self, index: usize) {
        let job = self.job(index);
        self.docs[index].saving = Some(job.doc_revision);
        let job = match (&self.worker, &self.docs[index].lock) {
            (Some(worker), None) => match worker.send(job) {
                Ok(()) => return,
                Err(job) => *job,
            },
            _ => job,
        };
        let done = self.save_with_held_lock(index, &job);
        self.finish_save(done);
    }

    fn finish_save(&mut self, done: saver::SaveDone) {
        let Some(index) = self.find(&done.slug) else {
            return;
        };
        let doc = &mut self.docs[index];
        doc.saving = None;
        let current = doc.revision == done.doc_revision;
        let path = store::story_path(&self.root, &doc.story.slug);
        match done.outcome {
            saver::SaveOutcome::Saved(stamp) => {
                doc.stamp = stamp;
                let written: Vec<Revision> = doc
                    .pending_revisions
                    .drain(..done.revisions_written)
                    .collect();
                if let Some(history) = &mut doc.history {
                    history.extend(written);
                }
                if current {
                    doc.dirty_since = None;
                    doc.summarized = Some(doc.revision);
                }
                doc.saved_at = Some(Utc::now());
                doc.save_error = None;
                // Worked out by the saver from the copy it wrote, off this thread.
                if let Some(summary) = done.summary {
                    self.set_summary(&done.slug, summary, Some(&stamp));
                }
            }
            saver::SaveOutcome::Conflict => {
                // Nothing was written there; the next save keeps our version in a copy.
                doc.conflict = true;
                doc.dirty_since.get_or_insert(0.0);
            }
            saver::SaveOutcome::ConflictCopy(copy) => {
                doc.save_error = Some(format!(
                    "{} was changed by someone else; your version is kept in {}",
                    path.display(),
                    copy.display()
                ));
                doc.conflict_copy = Some(copy);
                if current {
                    doc.dirty_since = None;
                }
            }
            saver::SaveOutcome::Failed(err) => {
                log::warn!("{err}");
                doc.save_error = Some(if doc.conflict {
                    format!(
                        "{} was changed by someone else, and keeping your version failed: {err}",
                        path.display()
                    )
                } else {
                    err.to_string()
                });
                doc.dirty_since.get_or_insert(0.0);
            }
        }
    }

    /// Whether any story has changes that are not safe on disk (in its file or a conflict
    /// copy), or a save still being written.
    #[must_use]
    pub fn has_unsaved(&self) -> bool {
        self.docs.iter().any(StoryDoc::is_dirty)
    }

    /// Looks whether someone else changed a story's file: first by its length and time
    /// (nothing is read when they are as we left them), then by its bytes. A story with no
    /// unsaved changes is reloaded (and `Ok(true)` returned); one with unsaved changes is
    /// marked in conflict, so its next save goes to a conflict copy instead of over their
    /// work.
    pub fn check_for_outside_changes(&mut self, index: usize) -> Result<bool, StoreError> {
        let Some(doc) = self.docs.get_mut(index) else {
            return Ok(false);
        };
        if doc.conflict || doc.saving.is_some() {
            return Ok(false);
        }
        let Some((len, modified)) = store::disk_stamp(&self.root, &doc.story.slug)? else {
            // Deleted: the next save writes it again.
            return Ok(false);
        };
        if doc.stamp.looks_same(len, modified) {
            return Ok(false);
        }
        let theirs = store::load_story(&self.root, &doc.story.slug, &self.settings)?;
        if theirs.stamp.fingerprint == doc.stamp.fingerprint {
            doc.stamp = theirs.stamp;
            return Ok(false);
        }
        if doc.is_dirty() {
            doc.conflict = true;
            return Ok(false);
        }
        self.replace_with_theirs(index, theirs);
        Ok(true)
    }

    fn replace_with_theirs(&mut self, index: usize, theirs: store::LoadedStory) {
        let doc = &mut self.docs[index];
        let revision = doc.revision + 1;
        let lock = doc.lock.take();
        let read_only = doc.read_only.take();
        *doc = StoryDoc::new(theirs);
        doc.revision = revision;
        doc.lock = lock;
        doc.read_only = read_only;
        doc.saved_at = Some(Utc::now());
        self.update_summary(index);
    }

    /// After a conflict: with `keep_mine`, writes ours over theirs (theirs is kept as
    /// `backups/<slug>/theirs-*.ron`); otherwise loads theirs (ours is in the conflict copy).
    ///
    /// Keeping ours keeps their workflow as it is — stage, sign-off, notes, assignment,
    /// corrections and threads — and brings our text onto it as one change, checked like any
    /// other against their stage: a story they signed off meanwhile is locked, and ours stays
    /// in its conflict copy. Threads we started meanwhile are added to theirs.
    pub fn resolve_conflict(&mut self, index: usize, keep_mine: bool) -> Result<(), ActionError> {
        self.flush();
        let Some(doc) = self.docs.get(index) else {
            return Ok(());
        };
        let slug = doc.story.slug.clone();
        let theirs = store::load_story(&self.root, &slug, &self.settings)?;
        if keep_mine {
            let actor = self.acting()?;
            self.writable(index)?;
            let ours = self.docs[index].story.clone();
            let edit = crate::edit::ops::replace_content(&theirs.story, &ours);
            workflow::check_edit(&self.settings, &actor, &theirs.story, &edit, None)?;
            store::keep_theirs(&self.root, &slug)?;
            let doc = &mut self.docs[index];
            doc.story = theirs.story;
            doc.stamp = theirs.stamp;
            doc.undo.clear();
            doc.undo
                .apply(&mut doc.story, edit, "keep my version", None)?;
            doc.conflict = false;
            doc.conflict_copy = None;
            doc.save_error = None;
            self.touch(index, &actor, None, 0.0);
            let doc = &mut self.docs[index];
            let revision = workflow::revision(
                &doc.story,
                &self.settings,
                &actor.name,
                None,
                "kept my version over a colleague's save (theirs is in backups)",
                None,
                Utc::now(),
            );
            doc.pending_revisions.push(revision);
            // A failure is shown in the status bar from the save error.
            self.save(index);
        } else {
            let doc = &mut self.docs[index];
            // Bring the conflict copy up to date before letting go of ours.
            if doc.dirty_since.is_some() {
                let job = self.job(index);
                self.docs[index].saving = Some(job.doc_revision);
                let done = saver::run(&job);
                self.finish_save(done);
                if self.docs[index].dirty_since.is_some() {
                    let why = self.docs[index]
                        .save_error
                        .clone()
                        .unwrap_or_else(|| "your version could not be kept".to_owned());
                    return Err(ActionError::ReadOnly(format!(
                        "{why}; your version stays here until it can be written"
                    )));
                }
            }
            self.replace_with_theirs(index, theirs);
        }
        Ok(())
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
}

/// Whether a settings change can change how a credit line prints (and so make sign-offs
/// stale): the service name and the credit words and options.
fn affects_credit_lines(change: &SettingsChange) -> bool {
    use workflow::DeskKey;
    matches!(
        change,
        SettingsChange::Set {
            key: DeskKey::Service
                | DeskKey::CreditReported
                | DeskKey::CreditTranslated
                | DeskKey::CreditWritten
                | DeskKey::CreditEdited
                | DeskKey::CreditBy
                | DeskKey::CreditAnd
                | DeskKey::IncludeEditors
                | DeskKey::MergeConsecutive,
            ..
        }
    )
}

/// Who holds a story, in words: "Thiri Htet has this story open on bureau-laptop since
/// 10:14 (25 minutes)".
fn held_by(theirs: &store::Presence) -> String {
    let minutes = (Utc::now() - theirs.since).num_minutes().max(0);
    let age = match minutes {
        0 => "just now".to_owned(),
        1 => "1 minute".to_owned(),
        m if m < 120 => format!("{m} minutes"),
        m => format!("{} hours", m / 60),
    };
    format!(
        "{} has this story open on {} since {} ({age}); it is open here read-only until you take it over",
        theirs.name,
        theirs.host,
        theirs
            .since
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M"),
    )
}

#[cfg(test)]
#[expect(
    clippy::disallowed_methods,
    reason = "tests play someone else changing a file"
)]
mod tests;
