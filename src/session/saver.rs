//! Saving off the window's thread: a worker serialises a copy of the story and writes it
//! (under the story's lock, with its new revisions and a backup), and reports back. The
//! window keeps drawing and typing while a long story is written.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

use crate::model::{DeskSettings, Revision, Story};
use crate::store::{self, FileStamp, Fingerprint, StoreError};
use crate::summary::StorySummary;

/// One save for the worker.
pub(super) struct SaveJob {
    pub root: PathBuf,
    pub story: Story,
    pub expected: Fingerprint,
    pub revisions: Vec<Revision>,
    /// The desk's settings, to summarise the story for the desk index once written.
    pub settings: DeskSettings,
    /// Where it goes.
    pub target: Target,
    /// The doc revision the copy was taken at.
    pub doc_revision: u64,
}

/// Where a save goes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The story's own file.
    Story,
    /// A conflict copy beside the backups: this one if it exists, else a new one.
    ConflictCopy(Option<PathBuf>),
}

/// What became of a save.
#[derive(Debug)]
pub(super) enum SaveOutcome {
    /// Written; the file holds this now.
    Saved(FileStamp),
    /// Someone else changed the file: nothing was written there.
    Conflict,
    /// Our version went to this conflict copy.
    ConflictCopy(PathBuf),
    /// Not written, for this reason.
    Failed(StoreError),
}

/// The worker's report.
pub(super) struct SaveDone {
    pub slug: String,
    pub doc_revision: u64,
    pub revisions_written: usize,
    pub outcome: SaveOutcome,
    /// The written story's summary for the desk index.
    pub summary: Option<StorySummary>,
}

/// Does one save where it is called.
pub(super) fn run(job: &SaveJob) -> SaveDone {
    let slug = job.story.slug.clone();
    let outcome = match &job.target {
        Target::ConflictCopy(reuse) => {
            match store::save_conflict_copy(&job.root, &job.story, reuse.as_deref()) {
                Ok(path) => SaveOutcome::ConflictCopy(path),
                Err(err) => SaveOutcome::Failed(err),
            }
        }
        Target::Story => {
            match store::save_story(&job.root, &job.story, job.expected, &job.revisions) {
                Ok(stamp) => SaveOutcome::Saved(stamp),
                Err(StoreError::Conflict { .. }) => SaveOutcome::Conflict,
                Err(err) => SaveOutcome::Failed(err),
            }
        }
    };
    let (revisions_written, summary) = match outcome {
        SaveOutcome::Saved(_) => (
            job.revisions.len(),
            Some(StorySummary::of(&job.story, &job.settings)),
        ),
        _ => (0, None),
    };
    SaveDone {
        slug,
        doc_revision: job.doc_revision,
        revisions_written,
        outcome,
        summary,
    }
}

/// A worker thread that saves in the order it is asked.
pub(super) struct Worker {
    jobs: Sender<SaveJob>,
    done: Receiver<SaveDone>,
}

impl Worker {
    pub fn start() -> Self {
        let (jobs, inbox) = std::sync::mpsc::channel::<SaveJob>();
        let (outbox, done) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("copydesk-saver".to_owned())
            .spawn(move || {
                for job in inbox {
                    if outbox.send(run(&job)).is_err() {
                        break;
                    }
                }
            })
            .map_or_else(
                |err| {
                    // No thread: the session saves on its own thread instead.
                    log::warn!("could not start the saving thread: {err}");
                    Self::inline()
                },
                |_| Self { jobs, done },
            )
    }

    /// A worker whose channel has no thread behind it: sends fail, and the session saves
    /// where it is.
    fn inline() -> Self {
        let (jobs, _) = std::sync::mpsc::channel();
        let (_, done) = std::sync::mpsc::channel();
        Self { jobs, done }
    }

    /// Hands a job to the thread; gives it back when there is no thread.
    pub fn send(&self, job: SaveJob) -> Result<(), Box<SaveJob>> {
        self.jobs.send(job).map_err(|e| Box::new(e.0))
    }

    /// Reports that have arrived.
    pub fn poll(&self) -> Vec<SaveDone> {
        self.done.try_iter().collect()
    }

    /// Waits for the next report.
    pub fn wait(&self) -> Option<SaveDone> {
        self.done.recv().ok()
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worker")
    }
}
