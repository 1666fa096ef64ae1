//! What a sync of a team desk costs: a 5,000-story desk (generated, 30 rows a story unless
//! `COPYDESK_BENCH_ROWS` says otherwise) in a local bare remote and two clones; for each
//! sample, 10 stories changed and sent from one clone, 10 others changed and committed in
//! the other, then `store::git::sync` of the second timed — commit, fetch, merge the 10
//! received, push. Beside it, in the same run, a sync with nothing to do (one fetch) and
//! the git commit of an editing session (10 stories). Then the window on the desk: its
//! slowest desk-view frame while the Sync button's sync runs on the window's git worker.
//! Run with `cargo bench --bench sync`; results go in BENCHMARKS.md.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]
#![allow(
    clippy::print_stderr,
    reason = "the set-up's cost is told to the person running the benchmark"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use copydesk::app::CopydeskApp;
use copydesk::store::git::{self, Author};
use copydesk::{generate, store};
use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const STORIES: usize = 5000;
const CHANGED: usize = 10;

fn run_git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.org")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.org")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

struct Team {
    _dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    round: usize,
}

fn team() -> Team {
    let rows = std::env::var("COPYDESK_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().expect("temp");
    let seed = dir.path().join("seed");
    let started = Instant::now();
    generate::desk(&seed, STORIES, rows).expect("generate");
    run_git(&seed, &["init", "--quiet", "--initial-branch=main"]);
    run_git(&seed, &["add", "--all"]);
    run_git(&seed, &["commit", "--quiet", "-m", "The desk"]);
    let remote = dir.path().join("remote.git");
    run_git(
        dir.path(),
        &[
            "clone",
            "--quiet",
            "--bare",
            &seed.to_string_lossy(),
            &remote.to_string_lossy(),
        ],
    );
    let program = Path::new(env!("CARGO_BIN_EXE_copydesk"));
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for clone in [&a, &b] {
        git::clone(&remote.to_string_lossy(), clone, program).expect("clone");
    }
    eprintln!(
        "set up {STORIES} stories of {rows} rows, remote and two clones in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Team {
        _dir: dir,
        a,
        b,
        round: 0,
    }
}

/// Changes `CHANGED` stories of `root` (numbers from `first`, every other story so the two
/// sides never touch the same one) and saves them as Copydesk does.
fn change(root: &Path, first: usize) {
    let settings = store::load_settings(root).expect("settings");
    for n in 0..CHANGED {
        let slug = format!("story-{:05}", (first + 2 * n) % STORIES);
        let mut loaded = store::load_story(root, &slug, &settings).expect("story");
        loaded.story.modified = chrono::Utc::now();
        "Bench".clone_into(&mut loaded.story.modified_by);
        store::save_story(root, &loaded.story, loaded.stamp.fingerprint, &[]).expect("save");
    }
}

fn sync(c: &mut Criterion) {
    let mut team = team();
    let program = PathBuf::from(env!("CARGO_BIN_EXE_copydesk"));
    let author = Author {
        name: "Editor One".to_owned(),
        email: "editor@example.org".to_owned(),
    };
    let mut group = c.benchmark_group("sync of a 5,000-story desk");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("10 changed on each side", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                team.round += 1;
                let base = (team.round * 2 * CHANGED * 2) % STORIES;
                // The colleague's 10 stories, sent.
                change(&team.b, base);
                git::sync(&team.b, &author, &program, &mut |_| {}).expect("sync b");
                // Ours, committed here and not yet sent.
                change(&team.a, base + 1);
                git::commit(&team.a, &author, "edited 10 stories").expect("commit");
                let started = Instant::now();
                let report = git::sync(&team.a, &author, &program, &mut |_| {}).expect("sync a");
                total += started.elapsed();
                assert!(report.received >= 1 && report.sent >= 1, "{report:?}");
            }
            total
        });
    });
    group.bench_function("nothing to do (one fetch)", |bench| {
        bench.iter(|| git::sync(&team.a, &author, &program, &mut |_| {}).expect("sync"));
    });
    group.bench_function("commit of an editing session, 10 stories", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                team.round += 1;
                change(&team.a, team.round * 2 * CHANGED * 2 % STORIES + 1);
                let started = Instant::now();
                assert!(git::commit(&team.a, &author, "edited").expect("commit"));
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();

    // The window on clone a: the slowest frame of the desk view while its Sync runs.
    let root = team.a.clone();
    let mut harness = Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(root), None));
    harness.state_mut().set_identity(Some("Editor One"));
    // git runs the real program as the story merge driver, not this benchmark.
    harness.state_mut().set_merge_driver(program.clone());
    harness.run();
    let mut group = c.benchmark_group("desk view while syncing 5,000 stories");
    group.sample_size(10);
    // One sync a sample: each takes seconds, and what is measured is its slowest frame.
    group.sampling_mode(criterion::SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("slowest frame during the sync", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                team.round += 1;
                let base = (team.round * 2 * CHANGED * 2) % STORIES;
                change(&team.b, base);
                git::sync(&team.b, &author, &program, &mut |_| {}).expect("sync b");
                change(&team.a, base + 1);
                // Wait for the worker to know the desk, then press Sync.
                while harness.query_by_label("Sync").is_none() {
                    harness.step();
                    std::thread::sleep(Duration::from_millis(5));
                }
                harness.get_by_label("Sync").click();
                // The sync has started once the last one's message is gone.
                while harness
                    .state()
                    .notice()
                    .is_some_and(|n| n.starts_with("synced"))
                {
                    harness.step();
                }
                let mut slowest = Duration::ZERO;
                let mut frames = 0;
                loop {
                    let started = Instant::now();
                    harness.step();
                    slowest = slowest.max(started.elapsed());
                    frames += 1;
                    if harness
                        .state()
                        .notice()
                        .is_some_and(|n| n.starts_with("synced"))
                    {
                        break;
                    }
                    assert!(
                        !harness
                            .state()
                            .notice()
                            .is_some_and(|n| n.starts_with("Sync:")),
                        "{:?}",
                        harness.state().notice()
                    );
                    std::thread::sleep(Duration::from_millis(5));
                }
                assert!(
                    harness
                        .state()
                        .notice()
                        .is_some_and(|n| n.starts_with("synced")),
                    "{:?}",
                    harness.state().notice()
                );
                assert!(frames > 10, "the window kept drawing: {frames} frames");
                total += slowest;
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, sync);
criterion_main!(benches);
