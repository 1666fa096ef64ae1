//! The desk's translation memory in the window: read off the window's thread when a desk
//! opens (and again when colleagues' saves change the desk), and kept current with the open
//! story as the person confirms rows.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::model::{DeskSettings, Story};
use crate::store::memory::load_memory;
use crate::tm::{Memory, story_entries};

/// How often, at most, the open story's rows are brought into the memory while it changes.
const SYNC_INTERVAL: f64 = 1.0;

type Loaded = Result<(Memory, Vec<String>), String>;

/// The memory, or the read in progress.
#[derive(Default)]
pub(super) struct DeskMemory {
    memory: Option<Memory>,
    /// Goes up whenever the memory changes, so panels can cache what they found.
    generation: u64,
    loading: Option<Receiver<Loaded>>,
    /// The open story's slug and revision last brought in, and when.
    synced: Option<(String, u64)>,
    last_sync: f64,
    /// The desk index's generation the memory was read at.
    index_generation: Option<u64>,
    /// The stories other than the open one (slug and last change) when the memory was read:
    /// our own saves change the index too, and need no new read.
    others: u64,
}

impl DeskMemory {
    /// Starts reading a desk's memory on a thread of its own; the window is woken when done.
    pub(super) fn start(
        root: &Path,
        settings: &DeskSettings,
        ctx: &egui::Context,
        index_generation: u64,
    ) -> Self {
        let mut memory = Self::default();
        memory.reload(root, settings, ctx, index_generation);
        memory
    }

    /// Reads the memory again (the cache makes it read only what changed), keeping the one
    /// in use until the new one is ready.
    pub(super) fn reload(
        &mut self,
        root: &Path,
        settings: &DeskSettings,
        ctx: &egui::Context,
        index_generation: u64,
    ) {
        if self.loading.is_some() {
            return;
        }
        self.index_generation = Some(index_generation);
        let (tx, rx) = std::sync::mpsc::channel();
        let root = root.to_owned();
        let settings = settings.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("copydesk-memory".to_owned())
            .spawn(move || {
                let loaded = load_memory(&root, &settings)
                    .map(|(memory, report)| (memory, report.problems))
                    .map_err(|e| e.to_string());
                let _ = tx.send(loaded);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.loading = Some(rx),
            Err(err) => log::warn!("could not start reading the translation memory: {err}"),
        }
    }

    /// Notes the other stories as they are when the memory is read.
    pub(super) fn note_others(&mut self, others: u64) {
        self.others = others;
    }

    /// Takes the memory when its read has finished; returns problems worth a notice.
    pub(super) fn poll(&mut self) -> Option<String> {
        let rx = self.loading.as_ref()?;
        match rx.try_recv() {
            Ok(Ok((memory, problems))) => {
                self.loading = None;
                self.memory = Some(memory);
                self.generation += 1;
                self.synced = None;
                for problem in &problems {
                    log::warn!("translation memory: {problem}");
                }
                (!problems.is_empty()).then(|| {
                    format!(
                        "{} file(s) could not be read into the translation memory; see the log.",
                        problems.len()
                    )
                })
            }
            Ok(Err(err)) => {
                self.loading = None;
                Some(format!("Could not read the translation memory: {err}"))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.loading = None;
                None
            }
        }
    }

    /// Whether stories other than the open one changed since the memory was read; `others`
    /// is worked out (by [`others_signature`]) only when the desk index changed.
    pub(super) fn is_behind(
        &mut self,
        index_generation: u64,
        others: impl FnOnce() -> u64,
    ) -> bool {
        if self.loading.is_some() || self.index_generation.is_none_or(|g| g == index_generation) {
            return false;
        }
        self.index_generation = Some(index_generation);
        let now = others();
        let behind = now != self.others;
        self.others = now;
        behind
    }

    /// The memory, once read.
    pub(super) fn get(&self) -> Option<&Memory> {
        self.memory.as_ref()
    }

    /// Its generation.
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// Brings the open story's confirmed rows into the memory, at most once a second while
    /// it changes, at once when `now_please`. Returns whether a change still waits (the
    /// window should wake up for it).
    pub(super) fn sync(
        &mut self,
        slug: &str,
        story: &Story,
        revision: u64,
        exclude_killed: bool,
        now: f64,
        now_please: bool,
    ) -> bool {
        let Some(memory) = &mut self.memory else {
            return false;
        };
        let key = (slug.to_owned(), revision);
        if self.synced.as_ref() == Some(&key) {
            return false;
        }
        if !now_please && now - self.last_sync < SYNC_INTERVAL {
            return true;
        }
        let before = memory.len();
        let changed = memory.set_story(slug, story_entries(slug, story, exclude_killed));
        if changed || memory.len() != before {
            self.generation += 1;
        }
        self.synced = Some(key);
        self.last_sync = now;
        false
    }
}

/// A signature of the desk's stories other than `open`: their slugs and last changes.
pub(super) fn others_signature<'a>(
    summaries: impl Iterator<Item = &'a crate::summary::StorySummary>,
    open: Option<&str>,
) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for summary in summaries.filter(|s| Some(s.slug.as_str()) != open) {
        summary.slug.hash(&mut hasher);
        summary.modified.hash(&mut hasher);
    }
    hasher.finish()
}
