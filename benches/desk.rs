//! What a desk at the size of a year's archive costs: listing it, one-story commands,
//! the desk view's frame, opening a long story, the pause after typing, exports, and
//! searching every story's text, each
//! beside a baseline measured in the same run (reading the bytes, the 7-story desk, the
//! same work done the old way). Run with `cargo bench --bench desk`; results go in
//! BENCHMARKS.md.
//!
//! The 5,000-story desk is generated once per run (it takes a while: thousands of files,
//! each written safely); set `COPYDESK_BENCH_DESK` to a desk made by
//! `copydesk dev generate DIR --stories 5000 --rows 30` to reuse one.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use copydesk::app::CopydeskApp;
use copydesk::edit::Edit;
use copydesk::export::{self, Format};
use copydesk::model::{RowRef, Side};
use copydesk::session::Session;
use copydesk::{generate, store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

struct Desks {
    _dir: tempfile::TempDir,
    big: PathBuf,
    small: PathBuf,
    /// A desk with one 5,000-row story and one 1,000-row story.
    long: PathBuf,
}

fn desks() -> Desks {
    let dir = tempfile::tempdir().expect("temp");
    let big = std::env::var_os("COPYDESK_BENCH_DESK").map_or_else(
        || {
            let big = dir.path().join("big");
            generate::desk(&big, 5000, 30).expect("generate");
            big
        },
        PathBuf::from,
    );
    let small = dir.path().join("small");
    generate::desk(&small, 7, 30).expect("generate");
    let long = dir.path().join("long");
    let settings = generate::settings();
    store::create_desk(&long, &settings).expect("desk");
    for (n, rows) in [(1, 5000), (2, 1000)] {
        let (story, revisions) = generate::story(n, rows, &settings);
        store::create_story(&long, &story, &revisions).expect("story");
    }
    // Warm the indexes, as a desk in use has them.
    for root in [&big, &small] {
        let mut session = Session::open(root).expect("open");
        session.refresh_index().expect("index");
    }
    Desks {
        _dir: dir,
        big,
        small,
        long,
    }
}

fn read_every_story(root: &Path) -> usize {
    let mut bytes = 0;
    for entry in std::fs::read_dir(root.join(store::STORIES_DIR)).expect("stories") {
        bytes += std::fs::read(entry.expect("entry").path())
            .expect("read")
            .len();
    }
    bytes
}

fn listing(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("copydesk list");
    group.sample_size(20);
    for (name, root) in [("7 stories", &desks.small), ("5,000 stories", &desks.big)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut session = Session::open(root).expect("open");
                session.refresh_index().expect("index");
                black_box(session.summaries().count())
            });
        });
    }
    group.bench_function("baseline: read every story file, 5,000", |b| {
        b.iter(|| black_box(read_every_story(&desks.big)));
    });
    group.finish();
}

fn one_story(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("one-story command (history)");
    for (name, root, slug) in [
        ("7-story desk", &desks.small, "story-00003"),
        ("5,000-story desk", &desks.big, "story-04321"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut session = Session::open(root).expect("open");
                let index = session.load(slug).expect("story");
                black_box(session.history(index).expect("history").len())
            });
        });
    }
    group.finish();
}

fn desk_view(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("desk view frame");
    for (name, root) in [("7 stories", &desks.small), ("5,000 stories", &desks.big)] {
        let root = root.clone();
        let mut harness = Harness::builder()
            .with_size([1280.0, 900.0])
            .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(root), None));
        harness.state_mut().set_identity(Some("Editor One"));
        harness.run();
        group.bench_function(name, |b| b.iter(|| harness.step()));
    }
    group.finish();
}

fn opening(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("open a story");
    group.sample_size(20);
    for (name, slug) in [("1,000 rows", "story-00002"), ("5,000 rows", "story-00001")] {
        group.bench_function(format!("read and lay out, {name}"), |b| {
            b.iter(|| {
                let mut session = Session::open(&desks.long).expect("open");
                let index = session.open_for_editing(slug).expect("story");
                let story = session.doc(index).expect("doc").story();
                black_box(copydesk::ui::StoryEditor::new(story, true))
            });
        });
    }
    group.finish();
}

fn typing(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("after typing, 5,000-row story");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    let slug = "story-00001";
    let edit = |n: usize| Edit::SetText {
        row: RowRef::Headline,
        side: Side::English,
        text: format!("Headline {n}"),
    };
    let background = std::cell::RefCell::new(Session::open(&desks.long).expect("open"));
    background.borrow_mut().set_me(Some("Translator One"));
    background.borrow_mut().save_in_background();
    let index = background.borrow_mut().load(slug).expect("story");
    let mut n = 0;
    group.bench_function("window thread: edit and hand the save to the worker", |b| {
        b.iter_batched(
            || {
                n += 1;
                // The previous save finishes outside the measurement.
                background.borrow_mut().flush();
                edit(n)
            },
            |edit| {
                let mut session = background.borrow_mut();
                session
                    .apply(index, edit, "type", None, 0.0)
                    .expect("apply");
                black_box(session.autosave(10.0))
            },
            BatchSize::PerIteration,
        );
    });
    background.borrow_mut().flush();
    let mut inline = Session::open(&desks.long).expect("open");
    inline.set_me(Some("Translator One"));
    let index = inline.load(slug).expect("story");
    group.bench_function("baseline: edit and save on the same thread", |b| {
        b.iter(|| {
            n += 1;
            inline
                .apply(index, edit(n), "type", None, 0.0)
                .expect("apply");
            black_box(inline.save(index))
        });
    });
    group.finish();
}

fn exporting(c: &mut Criterion, desks: &Desks) {
    let mut group = c.benchmark_group("export a 1,000-row story");
    let settings = generate::settings();
    let loaded = store::load_story(&desks.long, "story-00002", &settings).expect("story");
    let story = loaded.story;
    for format in Format::ALL {
        group.bench_function(format.key(), |b| {
            b.iter(|| {
                black_box(
                    export::export(&story, &settings, &export::NoMedia, format, true)
                        .expect("export"),
                )
            });
        });
    }
    group.finish();
}

/// The desk search (`copydesk search`, and the window's search thread) over 5,000 stories:
/// a word no story has (every file read, none parsed), a name every file holds outside the
/// text (every story parsed: the worst case), and a Burmese word every story has (stopped at
/// the window's 500 hits).
fn searching(c: &mut Criterion, desks: &Desks) {
    use copydesk::find::{Matcher, Query};
    use copydesk::store::search::search_stories;
    let mut group = c.benchmark_group("search the desk, 5,000 stories");
    group.sample_size(10);
    let mut session = Session::open(&desks.big).expect("open");
    session.refresh_index().expect("index");
    let slugs: Vec<String> = session.summaries().map(|s| s.slug.clone()).collect();
    for (name, text) in [
        ("a word in no story", "diesel"),
        ("a name in every file, in no text", "Translator One"),
        ("a Burmese word in every story, first 500 hits", "ဈေး"),
    ] {
        let matcher = Matcher::new(&Query::new(text)).expect("query");
        group.bench_function(name, |b| {
            b.iter(|| {
                let end = search_stories(
                    session.root(),
                    session.settings(),
                    slugs.iter().map(String::as_str),
                    &matcher,
                    500,
                    |_, _| true,
                );
                black_box(end.hits)
            });
        });
    }
    group.bench_function("baseline: read every story file", |b| {
        b.iter(|| black_box(read_every_story(&desks.big)));
    });
    group.finish();
}

fn all(c: &mut Criterion) {
    let desks = desks();
    listing(c, &desks);
    one_story(c, &desks);
    desk_view(c, &desks);
    opening(c, &desks);
    typing(c, &desks);
    exporting(c, &desks);
    searching(c, &desks);
}

criterion_group!(benches, all);
criterion_main!(benches);
