//! `copydesk merge-driver %O %A %B`: git's merge of one story file, row by row.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};

use super::Outcome;
use crate::model::{ConflictKind, DeskSettings};
use crate::{merge, store};

/// Merges theirs (`theirs`) into ours (`ours`, overwritten with the result) from their
/// common version (`base`), as git's merge driver. Exits 0 when merged, row conflicts
/// included (they are recorded in the story for the window); fails (exit 2, git then leaves
/// the file in conflict with ours in place) only when a file cannot be read as a story.
pub(super) fn run(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    // Git runs its drivers at the top of the working tree, which is the desk. The settings
    // matter only to bring a version-1 story's sign-off over; without a desk there is none.
    let settings = store::load_settings(Path::new("."))
        .unwrap_or_else(|_| DeskSettings::new("", "und", "en", ""));
    let read = |path: &Path, what: &str| {
        store::read_story_version(path, &settings)
            .with_context(|| format!("merge-driver: {what} version is not a Copydesk story"))
    };
    let Some(ours_story) = read(ours, "our")? else {
        bail!("merge-driver: {}: our version is empty", ours.display());
    };
    let Some(theirs_story) = read(theirs, "their")? else {
        bail!("merge-driver: {}: their version is empty", theirs.display());
    };
    if ours_story.slug != theirs_story.slug {
        bail!(
            "merge-driver: the two versions are different stories (\"{}\" and \"{}\")",
            ours_story.slug,
            theirs_story.slug
        );
    }
    // Both sides added the story: they started from nothing.
    let base_story = read(base, "the common")?.unwrap_or_else(|| {
        let mut empty = crate::model::Story::new(&ours_story.slug, ours_story.created);
        empty.stage = ours_story.stage;
        empty
    });
    let merged = merge::merge_stories(&base_story, &ours_story, &theirs_story);
    store::write_merged_story(ours, &merged.story).with_context(|| {
        format!(
            "merge-driver: could not write the merged \"{}\"",
            ours_story.slug
        )
    })?;
    if merged.new_conflicts.is_empty() {
        writeln!(
            err,
            "copydesk: merged the story \"{}\" row by row",
            ours_story.slug
        )?;
    } else {
        // The other machine's version stays in the story's history, whole, where the
        // window's History tab shows it beside the merged one (and `copydesk sync` commits
        // it); a stage the merge changed (a sign-off gone stale, the desk's rule between two
        // moves) is recorded there too, as every stage change is. Not writing them is worth
        // a warning, not a failed merge.
        let (at, by) = theirs_story.last_change();
        let mut revisions = vec![crate::workflow::revision(
            &theirs_story,
            &settings,
            by,
            None,
            &format!(
                "their version before a merge ({} to choose)",
                merged.new_conflicts.len()
            ),
            None,
            at,
        )];
        let merge_by = format!("merge on {}", store::this_host());
        for conflict in &merged.new_conflicts {
            if matches!(
                conflict.what,
                ConflictKind::Stage { .. } | ConflictKind::StaleSignOff { .. }
            ) {
                revisions.push(crate::workflow::revision(
                    &merged.story,
                    &settings,
                    &merge_by,
                    // The stage the merge moved the story from: ours, or theirs when ours
                    // already stood where the merge left it.
                    Some(if merged.story.stage == ours_story.stage {
                        theirs_story.stage
                    } else {
                        ours_story.stage
                    }),
                    &conflict.describe(),
                    None,
                    // Just after the later of the two versions' last changes, not the
                    // clock: a merge that is aborted and tried again writes the same file.
                    at.max(ours_story.last_change().0) + chrono::TimeDelta::seconds(1),
                ));
            }
        }
        if let Err(e) = store::append_revisions(Path::new("."), &ours_story.slug, &revisions) {
            writeln!(
                err,
                "copydesk: warning: the other version of \"{}\" was not kept in its history: {e}",
                ours_story.slug
            )?;
        }
        writeln!(
            err,
            "copydesk: merged the story \"{}\"; {} to choose in the window:",
            ours_story.slug,
            merged.new_conflicts.len()
        )?;
        for conflict in &merged.new_conflicts {
            writeln!(err, "  {}", conflict.describe())?;
        }
    }
    Ok(Outcome::Exit(0))
}
