//! The writing half of the kill soak (`tests/it/soak.rs`, RELIABILITY.md): a process that
//! edits and saves stories as fast as it can, through the same session the window and
//! the command line use, and says on standard output each save it knows is done. The test
//! kills it at random moments with SIGKILL and checks the desk: every file parses, and
//! every save reported done is there.

use std::io::Write;
use std::path::Path;

use crate::edit::Edit;
use crate::model::{RowRef, Side};
use crate::session::Session;

/// Edits the stories `slugs` of the desk at `root` as `name`, forever: each round opens the
/// desk, sets the English of a row chosen from `seed` to `soak <seed> <n>`, saves, and
/// prints `saved <slug> <block id> <n>` once the save is on disk. Returns only on an error.
pub fn run(
    root: &Path,
    name: &str,
    slugs: &[String],
    seed: u64,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if slugs.is_empty() {
        anyhow::bail!("give at least one story to edit");
    }
    let mut random = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move |bound: usize| {
        random = random
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(random >> 33).unwrap_or(0) % bound.max(1)
    };
    for n in 1u64.. {
        let mut session = Session::open(root)?;
        session.set_me(Some(name));
        let slug = &slugs[next(slugs.len())];
        let index = session.load_for_change(slug)?;
        let Some(ids) = session
            .doc(index)
            .map(|d| d.story().blocks.iter().map(|b| b.id).collect::<Vec<_>>())
        else {
            continue;
        };
        if ids.is_empty() {
            anyhow::bail!("{slug} has no rows to edit");
        }
        let id = ids[next(ids.len())];
        let edit = Edit::SetText {
            row: RowRef::Block(id),
            side: Side::English,
            text: format!("soak {seed} {n}"),
        };
        session.apply(index, edit, "soak", Some(RowRef::Block(id)), 0.0)?;
        if session.save(index) {
            writeln!(out, "saved {slug} {} {n}", id.0)?;
            out.flush()?;
        }
    }
    Ok(())
}
