//! Temporary files a crash left behind. Every write goes through a `.copydesk-*.tmp` file
//! beside its target, renamed over it when complete; a process killed mid-write leaves
//! the temporary file. They are harmless to the desk but take space and confuse a person
//! looking at the folder, so opening a desk in the window clears the old ones away.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old a temporary file must be to count as left behind: a write takes milliseconds,
/// so one this old is nobody's write in progress (a colleague saving on a shared drive
/// included).
pub const ORPHAN_AGE: Duration = Duration::from_mins(10);

fn is_temporary(name: &str) -> bool {
    // Exactly as `write_atomically` names them: nobody else's files.
    name.starts_with(".copydesk-") && Path::new(name).extension().is_some_and(|e| e == "tmp")
}

/// Removes the desk's temporary files older than [`ORPHAN_AGE`] at `now`: in the desk
/// folder and its folders two levels down (stories, media, each story's history and
/// backups, the working files), never following links and never inside `.git`. Returns
/// the files removed.
#[must_use]
pub fn sweep_orphans(root: &Path, now: SystemTime) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    sweep_dir(root, 0, now, &mut removed);
    removed
}

fn sweep_dir(dir: &Path, depth: usize, now: SystemTime, removed: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            // The desk's own hidden folder (`.copydesk`) is looked in; git's is not.
            let descend = depth < 2 && name != ".git" && (depth == 0 || !name.starts_with('.'));
            if descend {
                sweep_dir(&entry.path(), depth + 1, now, removed);
            }
        } else if kind.is_file() && is_temporary(&name) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age >= ORPHAN_AGE);
            if old && std::fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_temporary_files_go_and_everything_else_stays() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let files = [
            ".copydesk-a1.tmp",
            "stories/.copydesk-b2.tmp",
            "history/flood/.copydesk-c3.tmp",
            ".copydesk/presence/.copydesk-d4.tmp",
            // Not Copydesk's temporary files, or too deep, or in git's folder.
            "stories/flood.ron",
            "stories/notes.tmp",
            "history/flood/deep/.copydesk-e5.tmp",
            ".git/.copydesk-f6.tmp",
        ];
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::File::create(&path).unwrap();
        }
        // Written just now: a write in progress, left alone.
        assert!(sweep_orphans(root, SystemTime::now()).is_empty());
        let later = SystemTime::now() + Duration::from_mins(11);
        let mut removed: Vec<String> = sweep_orphans(root, later)
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        removed.sort();
        assert_eq!(
            removed,
            [
                ".copydesk-a1.tmp",
                ".copydesk/presence/.copydesk-d4.tmp",
                "history/flood/.copydesk-c3.tmp",
                "stories/.copydesk-b2.tmp",
            ]
        );
        for kept in &files[4..] {
            assert!(root.join(kept).exists(), "{kept} kept");
        }
    }
}
