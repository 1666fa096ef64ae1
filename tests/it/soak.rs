//! The kill soak: a child process edits and saves stories as fast as it can (`copydesk dev
//! soak`) and is killed with SIGKILL at random moments. After every kill, every file of the
//! desk parses and every save the child reported done is on disk. 50 kills here; more with
//! `COPYDESK_SOAK_KILLS=1000 cargo test --test it soak -- --nocapture` (figures in
//! RELIABILITY.md).

use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::model::Story;

const EDITOR: &str = "Daniel Ross";
const STORIES: [&str; 2] = ["kani-chindwin-flood", "pathein-fertiliser-prices"];

/// What the child said it saved: the newest (run, n) written to each row.
type Reported = HashMap<(String, u32), (u64, u64)>;

/// Every file the desk's readers read must parse; temporary files of interrupted writes
/// are counted (they are the window's to sweep). Returns their count and largest size.
fn check_desk(desk: &Path, reported: &Reported) -> (usize, u64) {
    let loaded = copydesk::store::load_desk(desk).expect("desk opens");
    assert!(
        loaded.problems.is_empty(),
        "a story file broke: {:?}",
        loaded.problems
    );
    for story in &loaded.stories {
        copydesk::store::load_history(desk, &story.story.slug, &[])
            .unwrap_or_else(|e| panic!("history of {}: {e}", story.story.slug));
    }
    copydesk::store::refresh_index(desk, &loaded.settings).expect("index reads and updates");
    // Backups too: each is a whole story.
    let backups = desk.join("backups");
    for dir in std::fs::read_dir(&backups).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path()).expect("backups").flatten() {
            if file.path().extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(file.path()).expect("utf-8 backup");
                let _: Story = ron::from_str(&text)
                    .unwrap_or_else(|e| panic!("backup {}: {e}", file.path().display()));
            }
        }
    }
    // Every save reported done is there (or a later one over it).
    for ((slug, id), (run, n)) in reported {
        let story = loaded
            .stories
            .iter()
            .find(|s| &s.story.slug == slug)
            .expect("story");
        let block = story
            .story
            .blocks
            .iter()
            .find(|b| b.id.0 == *id)
            .expect("row");
        let found: Vec<u64> = block
            .row
            .english
            .strip_prefix("soak ")
            .map(|rest| rest.split(' ').filter_map(|x| x.parse().ok()).collect())
            .unwrap_or_default();
        assert!(
            matches!(found.as_slice(), [r, m] if (*r, *m) >= (*run, *n)),
            "{slug} row {id}: reported soak {run} {n}, found {:?}",
            block.row.english
        );
    }
    let mut orphans = 0;
    let mut largest = 0;
    for entry in walk(desk) {
        let temporary = entry.extension().is_some_and(|e| e == "tmp")
            && entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".copydesk-"));
        if temporary {
            orphans += 1;
            largest = largest.max(std::fs::metadata(&entry).map_or(0, |m| m.len()));
        }
    }
    (orphans, largest)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn killed_at_random_moments_a_desk_loses_no_reported_save_and_no_file() {
    let kills: u64 = std::env::var("COPYDESK_SOAK_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(50);
    let (_dir, desk) = crate::sample_copy();
    let mut reported = Reported::new();
    let mut saves = 0usize;
    let mut random: u64 = 0x2545_f491_4f6c_dd1d;
    let started = Instant::now();
    let mut most_orphans = (0, 0);
    for run in 1..=kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["dev", "soak", "--as", EDITOR, "--seed", &run.to_string()])
            .arg(&desk)
            .args(STORIES)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        // Between 5 and 300 ms: some kills land before the first save, most in the middle
        // of one of many.
        std::thread::sleep(Duration::from_millis(5 + random % 296));
        child.kill().expect("kill -9");
        let status = child.wait().expect("wait");
        let lines = reader.join().expect("reader");
        if status.code().is_some() {
            // It stopped by itself: a bug, shown with what it said.
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err)
                .expect("stderr");
            panic!("the soak child exited by itself ({status}): {err}");
        }
        for line in &lines {
            let parts: Vec<&str> = line.split(' ').collect();
            let ["saved", slug, id, n] = parts.as_slice() else {
                panic!("unexpected line from the child: {line}");
            };
            let key = ((*slug).to_owned(), id.parse().expect("id"));
            reported.insert(key, (run, n.parse().expect("n")));
            saves += 1;
        }
        let orphans = check_desk(&desk, &reported);
        most_orphans = most_orphans.max(orphans);
    }
    // Temporary files of interrupted writes are swept when a window opens the desk (once
    // they are old enough to be nobody's write in progress).
    let later = std::time::SystemTime::now() + copydesk::store::ORPHAN_AGE;
    let swept = copydesk::store::sweep_orphans(&desk, later);
    let (left, _) = check_desk(&desk, &reported);
    assert_eq!(left, 0, "no temporary file left after the sweep");
    eprintln!(
        "soak: {kills} kills, {saves} saves reported, all present; at most {} temporary \
         files at once (largest {} bytes), {} swept; {:.1} s",
        most_orphans.0,
        most_orphans.1,
        swept.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(saves > 0, "the child saved something");
}
