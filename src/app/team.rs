//! The window's side of a team desk (a git clone): a worker thread of its own per desk runs
//! every git command — commits by the person working, the sync state, "last seen editing",
//! and the sync itself with its progress — one after another, so the window never waits
//! for git or the network and two git commands never run at once in one desk. Joining a
//! desk (File > Join team desk…) clones on a thread of its own and then opens the desk.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::CopydeskApp;
use crate::store::git::{self, Author, LastSeen, SyncReport, SyncState};

/// How often the sync state is looked at again without anything happening, in seconds
/// (it reads only the clone, never the network).
const STATUS_INTERVAL: f64 = 30.0;

/// What the worker is asked to do.
enum Job {
    Commit { name: String, message: String },
    Status,
    Seen { name: String, slug: String },
    Sync { name: String, program: PathBuf },
}

/// What the worker says back.
enum Event {
    /// The desk is a git clone (or not), with its state.
    State(Result<SyncState, git::GitError>),
    Committed(Result<bool, git::GitError>),
    Progress(String),
    /// The sync's result, with the desk index brought up to date after it.
    Synced(
        Result<SyncReport, git::GitError>,
        Option<crate::store::DeskIndex>,
    ),
    Seen(String, Vec<LastSeen>),
}

/// The open desk's git worker and what it last said.
#[derive(Default)]
pub(super) struct Team {
    root: Option<PathBuf>,
    jobs: Option<Sender<Job>>,
    events: Option<Receiver<Event>>,
    /// `Some` once the desk is known to be a git clone.
    state: Option<SyncState>,
    /// What a sync running now is doing.
    busy: Option<String>,
    last_status: f64,
    /// The story whose "last seen" was recorded, and who else was seen editing it.
    seen_for: Option<String>,
    others: Vec<LastSeen>,
    /// A desk being joined.
    joining: Option<Receiver<Result<PathBuf, git::GitError>>>,
}

fn worker(root: &Path, jobs: &Receiver<Job>, events: &Sender<Event>, ctx: &egui::Context) {
    let say = |event: Event| {
        let _ = events.send(event);
        ctx.request_repaint();
    };
    for job in jobs {
        match job {
            Job::Status => say(Event::State(git::status(root))),
            Job::Commit { name, message } => {
                let author = Author::for_person(root, &name);
                say(Event::Committed(git::commit(root, &author, &message)));
                say(Event::State(git::status(root)));
            }
            Job::Seen { name, slug } => {
                if let Err(err) = git::record_last_seen(root, &name, &slug) {
                    log::warn!("last seen editing not recorded: {err}");
                }
                let host = crate::store::this_host();
                let others = git::last_seen_on(root, &slug)
                    .into_iter()
                    .filter(|s| !(s.name == name && s.host == host))
                    .collect();
                say(Event::Seen(slug, others));
            }
            Job::Sync { name, program } => {
                let author = Author::for_person(root, &name);
                let result = git::sync(root, &author, &program, &mut |step| {
                    say(Event::Progress(step.label()));
                });
                // The index follows the files the merge changed, here rather than on the
                // window's thread.
                let index = result
                    .as_ref()
                    .ok()
                    .and_then(|_| crate::store::load_settings(root).ok())
                    .and_then(|settings| crate::store::refresh_index(root, &settings).ok())
                    .map(|(index, _)| index);
                say(Event::Synced(result, index));
                say(Event::State(git::status(root)));
            }
        }
    }
}

impl Team {
    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Starts a worker for the desk at `root` (the old desk's worker ends with its channel).
    fn follow(&mut self, root: &Path, ctx: &egui::Context) {
        if self.root.as_deref() == Some(root) {
            return;
        }
        let joining = self.joining.take();
        *self = Self {
            joining,
            ..Self::default()
        };
        let (jobs_tx, jobs_rx) = channel();
        let (events_tx, events_rx) = channel();
        let owned = root.to_owned();
        let ctx = ctx.clone();
        std::thread::spawn(move || worker(&owned, &jobs_rx, &events_tx, &ctx));
        self.root = Some(root.to_owned());
        self.jobs = Some(jobs_tx);
        self.events = Some(events_rx);
        self.send(Job::Status);
    }

    /// The sync state in words and what a running sync is doing, on a team desk.
    pub(super) fn view(&self) -> Option<(String, Option<&str>, Vec<String>)> {
        let state = self.state.as_ref()?;
        let others = self
            .others
            .iter()
            .map(|s| {
                format!(
                    "{} ({}, {})",
                    s.name,
                    s.host,
                    s.at.with_timezone(&chrono::Local).format("%d %b %H:%M")
                )
            })
            .collect();
        Some((state.describe(), self.busy.as_deref(), others))
    }
}

/// What a sync that merged the open story says of it.
fn merged_note(slug: &str, to_choose: usize) -> String {
    match to_choose {
        0 => format!(" {slug} now holds the team's changes."),
        1 => format!(
            " {slug} now holds the team's changes; 1 place changed on both machines shows both versions to choose from."
        ),
        n => format!(
            " {slug} now holds the team's changes; {n} places changed on both machines show both versions to choose from."
        ),
    }
}

impl CopydeskApp {
    /// Once a frame: follows the open desk, takes in what the worker said, hands it the
    /// commit due (a stage change, a sign-off, a settings change, an edited story closed),
    /// and records "last seen editing" when a story is opened.
    pub(super) fn team_tick(&mut self, now: f64) {
        self.poll_join();
        let Some(session) = &mut self.session else {
            return;
        };
        let root = session.root().to_owned();
        self.team.follow(&root, &self.ctx);
        let events: Vec<Event> = self
            .team
            .events
            .as_ref()
            .map(|rx| rx.try_iter().collect())
            .unwrap_or_default();
        for event in events {
            match event {
                Event::State(Ok(state)) => self.team.state = Some(state),
                Event::State(Err(git::GitError::NotATeamDesk { .. })) => {
                    // A desk on a shared folder: no git here, ever.
                    self.team.jobs = None;
                    self.team.state = None;
                }
                Event::State(Err(err)) => {
                    self.team.jobs = None;
                    self.notice = Some(format!("Team desk: {err}"));
                }
                Event::Committed(Err(err)) => {
                    self.notice = Some(format!(
                        "Saved, but not committed ({err}); the next sync commits it."
                    ));
                }
                Event::Committed(Ok(_)) => {}
                Event::Progress(step) => self.team.busy = Some(step),
                Event::Synced(result, index) => {
                    self.team.busy = None;
                    match result {
                        Ok(report) => {
                            let mut notice = format!("{}.", report.describe());
                            if let Some(open) = &mut self.open
                                && report.changed_stories().contains(&open.slug)
                                && let Some(index) = session.find(&open.slug)
                            {
                                // Shown merged now (the file watcher may have done it
                                // already), and said so in one message.
                                let checked = session.check_for_outside_changes(index);
                                if matches!(checked, Ok(true)) {
                                    open.editor.forget_layout();
                                }
                                let doc = session.doc(index);
                                let note = match checked {
                                    Err(err) => {
                                        format!(" {} could not be read again: {err}", open.slug)
                                    }
                                    // Typed here meanwhile: the person chooses, as for any
                                    // save from elsewhere.
                                    Ok(_)
                                        if doc
                                            .is_some_and(crate::session::StoryDoc::in_conflict) =>
                                    {
                                        format!(
                                            " {} was merged while you typed: choose Keep mine or Load theirs.",
                                            open.slug
                                        )
                                    }
                                    Ok(_) => merged_note(
                                        &open.slug,
                                        doc.map_or(0, |d| d.story().merge_conflicts.len()),
                                    ),
                                };
                                notice.push_str(&note);
                            }
                            self.notice = Some(notice);
                            let _ = session.refresh_settings();
                            match index {
                                Some(index) => session.adopt_index(index),
                                None => {
                                    if let Err(err) = session.refresh_index() {
                                        self.notice =
                                            Some(format!("Could not read the desk: {err}"));
                                    }
                                }
                            }
                            // The open story's file is looked at again now.
                            self.last_outside_check = f64::NEG_INFINITY;
                        }
                        Err(err) => self.notice = Some(format!("Sync: {err}")),
                    }
                }
                Event::Seen(slug, others) => {
                    if self.team.seen_for.as_deref() == Some(slug.as_str()) {
                        self.team.others = others;
                    }
                }
            }
        }
        if self.team.jobs.is_none() || self.team.state.is_none() {
            return;
        }
        if let Some(note) = session.take_commit(false) {
            self.team.send(Job::Commit {
                name: note.author,
                message: note.message,
            });
        }
        let open = self.open.as_ref().map(|o| o.slug.clone());
        if open != self.team.seen_for {
            self.team.others.clear();
            self.team.seen_for.clone_from(&open);
            if let (Some(slug), Some(name)) = (open, self.identity.clone()) {
                self.team.send(Job::Seen { name, slug });
            }
        }
        if now - self.team.last_status > STATUS_INTERVAL && self.team.busy.is_none() {
            self.team.last_status = now;
            self.team.send(Job::Status);
        }
    }

    /// The Sync button and `Command::Sync`: everything typed is saved, the work not yet
    /// committed is committed as the person working, and the worker syncs.
    pub(super) fn sync_desk(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if self.team.busy.is_some() {
            return;
        }
        let Some(name) = self.identity.clone() else {
            self.notice = Some("Say who you are before syncing: commits carry your name.".into());
            return;
        };
        if !session.save_all() {
            self.notice =
                Some("Some work could not be saved, so nothing was synced; see above.".into());
            return;
        }
        if let Some(note) = session.take_commit(true) {
            self.team.send(Job::Commit {
                name: note.author,
                message: note.message,
            });
        }
        self.team.busy = Some(git::SyncStep::Committing.label());
        // The last sync's message goes; this one's comes when it ends.
        self.notice = None;
        let program = self.merge_driver();
        self.team.send(Job::Sync { name, program });
    }

    /// File > Join team desk…: clones on a thread of its own; the desk opens when done.
    pub(super) fn join_desk(&mut self, url: String, dir: PathBuf) {
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        self.notice = Some(format!("Joining the desk from {url}…"));
        let program = self.merge_driver();
        std::thread::spawn(move || {
            let result = git::clone(&url, &dir, &program).map(|()| dir);
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.team.joining = Some(rx);
    }

    fn poll_join(&mut self) {
        let Some(result) = self.team.joining.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        self.team.joining = None;
        match result {
            Ok(dir) => {
                self.open_desk(&dir);
                if self.session.is_some() {
                    self.notice = Some(format!("Joined the desk in {}.", dir.display()));
                }
            }
            Err(err) => self.notice = Some(format!("Could not join the desk: {err}")),
        }
    }

    /// On quit: the last editing session's saves are committed before the window goes.
    pub(super) fn team_commit_on_exit(&mut self) {
        let (Some(session), Some(_)) = (&mut self.session, &self.team.state) else {
            return;
        };
        if let Some(note) = session.take_commit(true) {
            let author = Author::for_person(session.root(), &note.author);
            if let Err(err) = git::commit(session.root(), &author, &note.message) {
                log::error!("the last changes were saved but not committed: {err}");
            }
        }
    }
}
