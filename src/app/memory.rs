//! The desk's translation memory in the window: read off the window's thread when a desk
//! opens (and again when colleagues' saves change the desk), kept current with the open
//! story as the person confirms rows, and, when large, looked up on a worker thread so the
//! window never waits for a lookup.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, TryLockError};

use crate::model::{DeskSettings, Story};
use crate::store::memory::load_memory;
use crate::tm::{Match, Memory, story_entries};
use crate::ui::matches_panel::{LookupKey, lookup_row};

/// How often, at most, the open story's rows are brought into the memory while it changes.
const SYNC_INTERVAL: f64 = 1.0;

/// A memory of at most this many entries is looked up at once, in the frame (well under a
/// millisecond, see BENCHMARKS.md); a larger one on the worker, the panel showing
/// "Looking up…" until the answer comes (a few to a few tens of milliseconds at a million).
const AT_ONCE_UP_TO: usize = 20_000;

/// A lookup asked of the worker.
struct Ask {
    memory: Arc<RwLock<Memory>>,
    key: LookupKey,
    slug: String,
}

/// The worker thread's ends: lookups go one way, matches come back.
struct Worker {
    asks: Sender<Ask>,
    answers: Receiver<(LookupKey, Vec<Match>)>,
}

impl Worker {
    /// Starts the worker; it answers the newest lookup asked and skips those overtaken
    /// while it was busy (the person moved on), and wakes the window with each answer.
    fn start(ctx: &egui::Context) -> Option<Self> {
        let (asks, inbox) = std::sync::mpsc::channel::<Ask>();
        let (outbox, answers) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("copydesk-lookups".to_owned())
            .spawn(move || {
                while let Ok(mut ask) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        ask = newer;
                    }
                    let matches = {
                        let memory = ask.memory.read().unwrap_or_else(PoisonError::into_inner);
                        lookup_row(&memory, &ask.slug, ask.key.0, &ask.key.1)
                    };
                    if outbox.send((ask.key, matches)).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => Some(Self { asks, answers }),
            Err(err) => {
                log::warn!("could not start the memory's lookup thread: {err}");
                None
            }
        }
    }
}

type Loaded = Result<(Memory, Vec<String>), String>;

/// The memory, or the read in progress.
#[derive(Default)]
pub(super) struct DeskMemory {
    /// Shared with the lookup worker, which only reads it.
    memory: Option<Arc<RwLock<Memory>>>,
    worker: Option<Worker>,
    /// The lookup the worker was last asked for.
    asked: Option<LookupKey>,
    /// [`AT_ONCE_UP_TO`] unless a test sets another.
    at_once_up_to: Option<usize>,
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
                self.memory = Some(Arc::new(RwLock::new(memory)));
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

    /// The memory, once read. (A read lock: the worker only reads too, and the window
    /// writes with `try_write`, so this never waits for long.)
    pub(super) fn get(&self) -> Option<RwLockReadGuard<'_, Memory>> {
        self.memory
            .as_ref()
            .map(|m| m.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The matches for a row of the open story: at once for a small memory; for a large
    /// one, asked of the worker, and `None` until its answer for this key comes back.
    pub(super) fn matches_for(
        &mut self,
        key: &LookupKey,
        slug: &str,
        ctx: &egui::Context,
    ) -> Option<Vec<Match>> {
        let shared = self.memory.as_ref()?;
        if self.asked.as_ref() == Some(key)
            && let Some(worker) = &self.worker
        {
            loop {
                match worker.answers.try_recv() {
                    Ok((answered, matches)) if &answered == key => {
                        self.asked = None;
                        return Some(matches);
                    }
                    // An answer to a row the person has left.
                    Ok(_) => {}
                    Err(TryRecvError::Empty) => return None,
                    // The worker is gone (it cannot be, short of a bug): look up here.
                    Err(TryRecvError::Disconnected) => break,
                }
            }
            self.worker = None;
            self.asked = None;
        }
        {
            let memory = shared.read().unwrap_or_else(PoisonError::into_inner);
            if memory.len() <= self.at_once_up_to.unwrap_or(AT_ONCE_UP_TO) {
                return Some(lookup_row(&memory, slug, key.0, &key.1));
            }
        }
        if self.worker.is_none() {
            self.worker = Worker::start(ctx);
        }
        let Some(worker) = &self.worker else {
            // No thread: look up here rather than show nothing.
            let memory = shared.read().unwrap_or_else(PoisonError::into_inner);
            return Some(lookup_row(&memory, slug, key.0, &key.1));
        };
        let ask = Ask {
            memory: Arc::clone(shared),
            key: key.clone(),
            slug: slug.to_owned(),
        };
        if worker.asks.send(ask).is_ok() {
            self.asked = Some(key.clone());
            None
        } else {
            self.worker = None;
            let memory = shared.read().unwrap_or_else(PoisonError::into_inner);
            Some(lookup_row(&memory, slug, key.0, &key.1))
        }
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
        let Some(shared) = &self.memory else {
            return false;
        };
        let key = (slug.to_owned(), revision);
        if self.synced.as_ref() == Some(&key) {
            return false;
        }
        if !now_please && now - self.last_sync < SYNC_INTERVAL {
            return true;
        }
        // The worker may be reading it: try again on a later frame rather than wait.
        let mut memory = match shared.try_write() {
            Ok(memory) => memory,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return true,
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RowRef;
    use crate::tm::{Entry, EntryStatus, Origin};

    fn desk_memory(at_once_up_to: usize) -> DeskMemory {
        let mut memory = Memory::new();
        memory.add(Entry {
            source: "ရန်ကုန်မြို့တွင် မီးပြတ်သည်။".to_owned(),
            english: "Power was cut in Yangon.".to_owned(),
            origin: Origin::Story {
                slug: "yangon".into(),
                row: RowRef::Headline,
            },
            author: "Thiri Htet".into(),
            time: chrono::DateTime::default(),
            status: EntryStatus::Reviewed,
            note: String::new(),
        });
        DeskMemory {
            memory: Some(Arc::new(RwLock::new(memory))),
            at_once_up_to: Some(at_once_up_to),
            ..DeskMemory::default()
        }
    }

    fn key(source: &str) -> LookupKey {
        (RowRef::Headline, source.to_owned(), 1)
    }

    /// Asks until the answer comes (the worker is a real thread).
    fn answer(memory: &mut DeskMemory, key: &LookupKey, ctx: &egui::Context) -> Vec<Match> {
        let started = std::time::Instant::now();
        loop {
            if let Some(matches) = memory.matches_for(key, "mandalay", ctx) {
                return matches;
            }
            assert!(
                started.elapsed().as_secs() < 20,
                "no answer from the worker"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn a_small_memory_answers_at_once() {
        let ctx = egui::Context::default();
        let mut memory = desk_memory(10);
        let found = memory.matches_for(&key("ရန်ကုန်မြို့တွင် မီးပြတ်သည်။"), "mandalay", &ctx);
        // Identical and reviewed: 100, the one entry.
        assert_eq!(
            found.map(|m| m.iter().map(|m| m.score).collect::<Vec<_>>()),
            Some(vec![100])
        );
        assert!(memory.worker.is_none(), "no thread for a small memory");
    }

    #[test]
    fn a_large_memory_is_looked_up_on_the_worker_and_a_left_row_is_not_answered() {
        let ctx = egui::Context::default();
        let mut memory = desk_memory(0);
        let left = key("မီးပြတ်သည်။");
        let wanted = key("ရန်ကုန်မြို့တွင် မီးပြတ်သည်။");
        // The first ask is not answered in the frame it is asked in.
        assert!(memory.matches_for(&left, "mandalay", &ctx).is_none());
        assert!(memory.worker.is_some());
        // The person moves to another row before the answer comes: only that row's
        // matches are given.
        let matches = answer(&mut memory, &wanted, &ctx);
        assert_eq!(
            matches.iter().map(|m| m.score).collect::<Vec<_>>(),
            vec![100]
        );
        assert_eq!(memory.asked, None);
        // While the worker holds the memory, the open story's rows wait for a later frame
        // rather than the window waiting for the worker.
        let shared = memory.memory.clone().unwrap_or_default();
        let held = shared.read().unwrap_or_else(PoisonError::into_inner);
        let story = Story::new("mandalay", chrono::DateTime::default());
        assert!(memory.sync("mandalay", &story, 1, false, 10.0, true));
        drop(held);
        assert!(!memory.sync("mandalay", &story, 1, false, 10.0, true));
    }
}
