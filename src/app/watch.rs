//! Watching the open story's files without drawing: a thread looks at their length and time
//! every two seconds and wakes the window only when one changed, so a window at rest draws
//! nothing and costs nothing. Polling, not file-system events: shared network drives often
//! send none.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
const INTERVAL: Duration = Duration::from_secs(2);

/// The files to watch, and how each looked last.
type Watched = Arc<Mutex<Vec<(PathBuf, Option<(u64, Option<SystemTime>)>)>>>;

/// A thread that wakes the window when a watched file changes.
pub(super) struct Watch {
    files: Watched,
    changed: Arc<AtomicBool>,
}

impl Watch {
    /// Starts the thread; it wakes `ctx` when a file given to [`Self::set`] changes.
    pub fn start(ctx: &egui::Context) -> Self {
        let files: Watched = Arc::default();
        let changed = Arc::new(AtomicBool::new(false));
        let shared = Arc::clone(&files);
        let flag = Arc::clone(&changed);
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("copydesk-watch".to_owned())
            .spawn(move || {
                loop {
                    std::thread::sleep(INTERVAL);
                    let Ok(mut files) = shared.lock() else {
                        return;
                    };
                    let mut changed = false;
                    for (path, last) in files.iter_mut() {
                        let now = std::fs::metadata(&*path)
                            .ok()
                            .map(|m| (m.len(), m.modified().ok()));
                        if now != *last {
                            *last = now;
                            changed = true;
                        }
                    }
                    drop(files);
                    if changed {
                        flag.store(true, Ordering::Relaxed);
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(err) = started {
            log::warn!("could not start watching files: {err}");
        }
        Self { files, changed }
    }

    /// Whether a watched file changed since the last time this was asked.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }

    /// Watches these files from now on (nothing: none).
    pub fn set(&self, paths: Vec<PathBuf>) {
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        if files.iter().map(|(p, _)| p).eq(paths.iter()) {
            return;
        }
        *files = paths
            .into_iter()
            .map(|path| {
                let now = std::fs::metadata(&path)
                    .ok()
                    .map(|m| (m.len(), m.modified().ok()));
                (path, now)
            })
            .collect();
    }
}
