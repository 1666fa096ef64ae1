//! Integration tests: the window driven like a person, the command line, stored-format
//! fixtures and the architecture document. One binary keeps link times down.
#![allow(
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::must_use_candidate,
    reason = "test helpers may panic: a panic is a failed test"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "tests write broken files into temporary desks on purpose"
)]

mod architecture;
mod burmese;
mod cli;
mod control;
mod export;
mod find;
mod fixtures;
mod fuzz;
mod gui;
mod hostile;
mod index;
mod interchange;
mod markdown;
mod merge;
mod photos;
mod publish;
mod qa;
mod signing;
mod soak;
mod team;
mod tm;
mod tmx;
mod workflow;
mod xliff;

use std::path::{Path, PathBuf};

/// The sample desk in the repository.
pub fn sample_desk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("sample-desk")
}

/// A private copy of the sample desk, so tests never change the repository's files.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("sample-desk");
    copy_dir(&sample_desk(), &root);
    (dir, root)
}

/// The blocks as a reader sees them: without who last changed each row and when (an undo
/// restores the text, and is itself a change of the row).
pub fn unstamped(blocks: &[copydesk::model::Block]) -> Vec<copydesk::model::Block> {
    blocks
        .iter()
        .cloned()
        .map(|mut b| {
            b.row.changed = None;
            b
        })
        .collect()
}

/// Copies a folder and everything in it, leaving out `backups`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            // Backups of a desk someone has used are not part of the sample.
            if entry.file_name() != "backups" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The window on a desk, with no identity kept between runs (as on a fresh machine).
pub fn window_on(desk: &Path) -> egui_kittest::Harness<'static, copydesk::app::CopydeskApp> {
    let desk = desk.to_owned();
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1400.0, 950.0])
        // Grids and rows measured for the first time take a few frames to settle.
        .with_max_steps(12)
        .build_eframe(move |cc| copydesk::app::CopydeskApp::with_config_dir(cc, Some(desk), None));
    // git runs the real program as the story merge driver, not this test binary.
    harness
        .state_mut()
        .set_merge_driver(PathBuf::from(env!("CARGO_BIN_EXE_copydesk")));
    harness.run();
    harness
}

/// The story as the window has it, or as its file has it when the window has let it go.
pub fn story_now(
    harness: &egui_kittest::Harness<'_, copydesk::app::CopydeskApp>,
    slug: &str,
) -> copydesk::model::Story {
    let session = harness.state().session().expect("a desk is open");
    session.story(slug).cloned().unwrap_or_else(|| {
        copydesk::store::load_story(session.root(), slug, session.settings())
            .expect("story exists")
            .story
    })
}

/// Clicks a widget by its accessible name, as a person does, and lets the window settle.
pub fn click(harness: &mut egui_kittest::Harness<'_, copydesk::app::CopydeskApp>, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    // A person scrolls to what they want to click first.
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Clicks into a field and types.
pub fn type_into(
    harness: &mut egui_kittest::Harness<'_, copydesk::app::CopydeskApp>,
    label: &str,
    text: &str,
) {
    use egui_kittest::kittest::Queryable as _;
    click(harness, label);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// The bytes to search for something an export must not carry: a zip container (Word)
/// unpacked, every part one after the other; anything else as it is.
pub fn unzipped_or_raw(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return bytes.to_vec();
    };
    let mut all = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        all.extend(entry.name().as_bytes());
        entry.read_to_end(&mut all).expect("unpacks");
    }
    all
}
