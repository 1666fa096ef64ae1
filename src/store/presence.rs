//! Who has a story open for editing: `.copydesk/presence/<slug>.ron`, written when a window
//! opens a story and removed when it closes it. A second window that opens the story reads
//! it and opens the story read-only, naming who has it, where and since when. A file left
//! by a program that is gone (same computer, process no longer running) is stale and is
//! taken over silently; one from another computer is shown with its age, and can be taken
//! over after a confirmation.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DERIVED_DIR, StoreError, read_regular, to_ron, write_atomically};

/// One window's claim on a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// The file's format.
    pub format_version: u32,
    /// Who, as named on the desk.
    pub name: String,
    /// The computer.
    pub host: String,
    /// The program's process on that computer.
    pub pid: u32,
    /// Tells two windows of one program apart.
    pub session: String,
    /// Since when.
    pub since: DateTime<Utc>,
}

impl Presence {
    /// A claim by this program, for `name`, now.
    #[must_use]
    pub fn here(name: &str, session: &str) -> Self {
        Self {
            format_version: 1,
            name: name.to_owned(),
            host: this_host(),
            pid: std::process::id(),
            session: session.to_owned(),
            since: Utc::now(),
        }
    }

    /// Whether the claim is this window's own.
    #[must_use]
    pub fn is_same_window(&self, other: &Self) -> bool {
        self.host == other.host && self.pid == other.pid && self.session == other.session
    }

    /// Whether the program that made the claim is gone: on this computer and its process no
    /// longer running. A claim from another computer cannot be checked and is never stale.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.host == this_host() && process_alive(self.pid) == Some(false)
    }
}

/// Where a story's claim is kept.
#[must_use]
pub fn presence_path(root: &Path, slug: &str) -> PathBuf {
    path(root, slug)
}

fn path(root: &Path, slug: &str) -> PathBuf {
    root.join(DERIVED_DIR)
        .join("presence")
        .join(format!("{slug}.ron"))
}

/// The claim on a story, if any (an unreadable claim counts as none).
#[must_use]
pub fn read_presence(root: &Path, slug: &str) -> Option<Presence> {
    let path = path(root, slug);
    let bytes = read_regular(&path).ok()?;
    ron::from_str(std::str::from_utf8(&bytes).ok()?).ok()
}

/// Claims a story for this window.
pub fn claim_presence(root: &Path, slug: &str, presence: &Presence) -> Result<(), StoreError> {
    let path = path(root, slug);
    if let Some(dir) = path.parent() {
        // Never the desk folder itself, and never through a link.
        super::desk_folder(root, dir)?;
    }
    let text = to_ron(&path, presence)?;
    write_atomically(&path, text.as_bytes())
}

/// Removes this window's claim on a story; someone else's is left alone.
pub fn release_presence(root: &Path, slug: &str, presence: &Presence) {
    if read_presence(root, slug).is_some_and(|p| p.is_same_window(presence)) {
        // A claim that cannot be removed is harmless: it is stale once we have exited.
        let _ = std::fs::remove_file(path(root, slug));
    }
}

/// This computer's name, as others see it in a claim.
#[must_use]
pub fn this_host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned())
}

/// Whether a process of this computer is running: `None` where that cannot be told.
#[must_use]
pub fn process_alive(pid: u32) -> Option<bool> {
    let proc_root = Path::new("/proc");
    proc_root
        .is_dir()
        .then(|| proc_root.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_read_back_released_only_by_its_window_and_stale_when_its_process_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mine = Presence::here("Aye Aye Mon", "one");
        claim_presence(root, "story", &mine).unwrap();
        assert_eq!(read_presence(root, "story"), Some(mine.clone()));
        assert!(!mine.is_stale(), "this process is running");
        let other = Presence::here("Thiri Htet", "two");
        release_presence(root, "story", &other);
        assert!(
            read_presence(root, "story").is_some(),
            "not theirs to remove"
        );
        release_presence(root, "story", &mine);
        assert_eq!(read_presence(root, "story"), None);

        let mut gone = Presence::here("Thiri Htet", "three");
        gone.pid = u32::MAX - 7;
        if process_alive(gone.pid).is_some() {
            assert!(gone.is_stale());
        }
        let mut elsewhere = gone.clone();
        elsewhere.host = "bureau-laptop".into();
        assert!(
            !elsewhere.is_stale(),
            "another computer's claim cannot be judged"
        );
    }
}
