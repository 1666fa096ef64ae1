//! The files of git's story merge: each version of a story read whatever its temporary
//! name, the merged story written over ours, and the desk's `.gitattributes` line that sends
//! story files to Copydesk's merge driver (`copydesk merge-driver %O %A %B`).

use std::path::Path;

use super::story::{parse_story_unnamed, story_text};
use super::{StoreError, read_regular, write_atomically};
use crate::model::{DeskSettings, Story};

/// The line of a desk's `.gitattributes` that makes git merge story files with Copydesk's
/// driver (registered per clone as `merge.copydesk.driver`). Where no driver is registered
/// git ignores it and merges the text as usual.
pub const GITATTRIBUTES_LINE: &str = "stories/*.ron merge=copydesk";

/// Reads one version of a story that git hands its merge driver. An empty file is `None`:
/// git passes an empty base when both sides added the file. A file from a newer Copydesk,
/// whose fields a merge would drop, is refused like any file that is not a story.
pub fn read_story_version(
    path: &Path,
    settings: &DeskSettings,
) -> Result<Option<Story>, StoreError> {
    let bytes = read_regular(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let (story, _legacy_revisions, unknown) = parse_story_unnamed(path, &bytes, settings)?;
    if !unknown.is_empty() {
        return Err(StoreError::Newer {
            path: path.to_owned(),
            fields: unknown.join(", "),
        });
    }
    Ok(Some(story))
}

/// Writes the merged story over git's "ours" file, atomically, refusing (and writing
/// nothing) when the store could not read it back.
pub fn write_merged_story(path: &Path, story: &Story) -> Result<(), StoreError> {
    let text = story_text(path, story)?;
    write_atomically(path, text.as_bytes())
}

/// Makes sure the desk's `.gitattributes` sends story files to Copydesk's merge driver,
/// adding the line to a file the desk may already have.
pub fn ensure_gitattributes(root: &Path) -> Result<(), StoreError> {
    super::ensure_lines(
        &root.join(".gitattributes"),
        "# Written by Copydesk: story files merge row by row (copydesk merge-driver).",
        &[GITATTRIBUTES_LINE],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> DeskSettings {
        DeskSettings::new("Desk", "my", "en", "Service")
    }

    #[test]
    fn gitattributes_keeps_the_desk_s_own_lines_and_adds_ours_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitattributes");
        write_atomically(&path, b"*.png binary").unwrap();
        ensure_gitattributes(dir.path()).unwrap();
        ensure_gitattributes(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "*.png binary\nstories/*.ron merge=copydesk\n"
        );
    }

    #[test]
    fn versions_under_git_s_temporary_names_are_read_and_a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".merge_file_a1b2c3");
        let story = Story::new("kani-flood", chrono::DateTime::UNIX_EPOCH);
        let text = crate::store::to_ron(&path, &story).unwrap();
        write_atomically(&path, text.as_bytes()).unwrap();
        assert_eq!(read_story_version(&path, &settings()).unwrap(), Some(story));
        // Git's base for a file both sides added is empty.
        write_atomically(&path, b"").unwrap();
        assert_eq!(read_story_version(&path, &settings()).unwrap(), None);
        // A field this version does not know would be dropped by the merge: refused.
        let newer = text.replacen("slug:", "signature: \"x\",\n  slug:", 1);
        write_atomically(&path, newer.as_bytes()).unwrap();
        let err = read_story_version(&path, &settings()).unwrap_err();
        assert!(err.to_string().contains("signature"), "{err}");
    }
}
