//! The translation memory as a translator and an editor use it: the command line on copies
//! of the sample desk (whose Mandalay power-cuts story repeats sentences the desk translated
//! for Yangon), and the Matches panel in the window.

use std::process::{Command, Output};

use copydesk::model::{RowRef, RowStatus};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const STORY: &str = "mandalay-power-cuts";
/// A paragraph of the Yangon story, confirmed by its translator, not reviewed.
const YANGON_SOURCE: &str = "ဇယားသစ်အရ မြို့နယ်အများစုတွင် လေးနာရီ မီးလာပြီး လေးနာရီ မီးပြတ်မည်ဖြစ်ကာ စက်မှုဇုန်များနှင့် ဆေးရုံများကို ချန်လှပ်ထားမည် ဖြစ်သည်။";
const YANGON_ENGLISH: &str = "Under the new schedule, most townships will have four hours of power followed by four hours without. Industrial zones and hospitals will be exempt.";

#[test]
fn lookup_finds_an_earlier_translation_with_its_score_and_penalty() {
    let (_dir, desk) = crate::sample_copy();
    let desk = desk.to_str().expect("utf-8 path");
    let out = copydesk(&["tm", "lookup", desk, YANGON_SOURCE]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let first: Vec<&str> = stdout
        .lines()
        .next()
        .expect("a match")
        .split('\t')
        .collect();
    // Identical source (100) from a row confirmed but not reviewed (−1).
    assert_eq!(&first[..3], &["99", "100", "unreviewed -1"], "{stdout}");
    assert_eq!(first[3], YANGON_SOURCE);
    assert_eq!(first[4], YANGON_ENGLISH);
    assert!(first[5].starts_with("yangon-power-cuts#"), "{stdout}");

    // The same, with the space inside a word gone: only spacing differs, so 99 − 1.
    let squeezed = YANGON_SOURCE.replacen("လေးနာရီ မီးလာ", "လေးနာရီမီးလာ", 1);
    let out = copydesk(&["tm", "lookup", desk, &squeezed, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["raw"], 99);
    assert_eq!(json[0]["score"], 98);

    // Nothing like it: exit 1, nothing printed.
    let out = copydesk(&["tm", "lookup", desk, "ကျောက်မျက်ရတနာ"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn concordance_lists_every_place_a_phrase_was_translated() {
    let (_dir, desk) = crate::sample_copy();
    let desk = desk.to_str().expect("utf-8 path");
    let out = copydesk(&["tm", "concordance", desk, "ဓာတ်အားပေးရေး"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Two confirmed Yangon rows hold the phrase (the deck and the first paragraph).
    let mut places: Vec<&str> = stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    places.sort_unstable();
    assert_eq!(
        places,
        ["yangon-power-cuts#1", "yangon-power-cuts#deck"],
        "{stdout}"
    );
    for line in stdout.lines() {
        assert_eq!(line.split('\t').nth(1), Some("source"), "{line}");
    }
    let out = copydesk(&["tm", "concordance", desk, "industrial zones"]);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\tenglish\t"), "{stdout}");
}

/// A TMX in the shape OmegaT writes, by hand: tuvs tagged `MY` and `EN-US`.
const OMEGAT_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="6.0.0" segtype="sentence" srclang="MY"/>
  <body>
    <tu>
      <tuv lang="MY">
        <seg>ကျောက်မျက်ရတနာ ဈေးကွက် ပြန်ဖွင့်သည်။</seg>
      </tuv>
      <tuv lang="EN-US" changeid="Aye Aye Mon" changedate="20260301T101500Z">
        <seg>The gem market reopened.</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn an_editor_imports_a_tmx_as_a_named_memory_with_a_penalty() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("agency.tmx");
    std::fs::write(&file, OMEGAT_TMX).expect("write");
    let desk_s = desk.to_str().expect("utf-8 path");
    let file_s = file.to_str().expect("utf-8 path");

    // A translator may not change the desk's memories.
    let out = copydesk(&["tm", "import", desk_s, file_s, "--as", "Thiri Htet"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("only an editor"),
        "{}",
        text(&out.stderr)
    );
    assert!(!desk.join("memory").exists());

    let out = copydesk(&[
        "tm",
        "import",
        desk_s,
        file_s,
        "--name",
        "Gem agency",
        "--penalty",
        "8",
        "--as",
        "Clare Whitfield",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("Gem agency\t1 unit(s)\t0 skipped"),
        "{}",
        text(&out.stdout)
    );

    let out = copydesk(&["tm", "list", desk_s]);
    let line = text(&out.stdout);
    assert!(
        line.starts_with("Gem agency\t8\t1\tagency.tmx\tClare Whitfield\t"),
        "{line}"
    );

    let out = copydesk(&["tm", "lookup", desk_s, "ကျောက်မျက်ရတနာ ဈေးကွက် ပြန်ဖွင့်သည်။"]);
    let first = text(&out.stdout);
    let fields: Vec<&str> = first.lines().next().expect("match").split('\t').collect();
    assert_eq!(
        &fields[..3],
        &["92", "100", "imported Gem agency -8"],
        "{first}"
    );
    assert_eq!(fields[4], "The gem market reopened.");
    assert_eq!(fields[5], "file:Gem agency");
    assert_eq!(fields[6], "Aye Aye Mon");

    // The editor lowers the penalty, then removes the memory.
    let out = copydesk(&[
        "tm",
        "penalty",
        desk_s,
        "Gem agency",
        "2",
        "--as",
        "Clare Whitfield",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = copydesk(&["tm", "lookup", desk_s, "ကျောက်မျက်ရတနာ ဈေးကွက် ပြန်ဖွင့်သည်။"]);
    assert!(
        text(&out.stdout).starts_with("98\t100\t"),
        "{}",
        text(&out.stdout)
    );
    let out = copydesk(&[
        "tm",
        "remove",
        desk_s,
        "Gem agency",
        "--as",
        "Clare Whitfield",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = copydesk(&["tm", "lookup", desk_s, "ကျောက်မျက်ရတနာ ဈေးကွက် ပြန်ဖွင့်သည်။"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn two_memory_names_that_make_one_file_name_never_replace_each_other() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("agency.tmx");
    std::fs::write(&file, OMEGAT_TMX).expect("write");
    let (desk_s, file_s) = (desk.to_str().expect("path"), file.to_str().expect("path"));
    let import = |name: &str| {
        copydesk(&[
            "tm",
            "import",
            desk_s,
            file_s,
            "--name",
            name,
            "--as",
            "Clare Whitfield",
        ])
    };
    assert!(import("Gem agency").status.success());
    let out = import("gem-agency");
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("already has a memory called \"Gem agency\""),
        "{}",
        text(&out.stderr)
    );
    // The same name again replaces it (a newer file from the same agency).
    assert!(import("GEM AGENCY").status.success());
    let list = text(&copydesk(&["tm", "list", desk_s]).stdout);
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn a_broken_tmx_changes_nothing_and_is_named() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("broken.tmx");
    std::fs::write(&file, &OMEGAT_TMX[..OMEGAT_TMX.len() / 2]).expect("write");
    let out = copydesk(&[
        "tm",
        "import",
        desk.to_str().expect("path"),
        file.to_str().expect("path"),
        "--as",
        "Clare Whitfield",
    ]);
    assert_ne!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.tmx"), "names the file: {stderr}");
    assert!(!desk.join("memory").exists(), "nothing written");
}

#[test]
fn the_desks_memory_exported_as_tmx_imports_back_the_same() {
    let (dir, desk) = crate::sample_copy();
    let desk_s = desk.to_str().expect("path");
    let file = dir.path().join("desk.tmx");
    let out = copydesk(&["tm", "export", desk_s, "-o", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported: usize = text(&out.stdout)
        .split('\t')
        .nth(1)
        .and_then(|n| n.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    // Every confirmed row with source and English in the sample desk: counted by hand from
    // the story files (Hpakant 11, Kani 9, Magway 7, Pathein 8, Yangon 5; the Mandalay
    // stories have none).
    assert_eq!(exported, 40);
    let out = copydesk(&[
        "tm",
        "import",
        desk_s,
        file.to_str().expect("path"),
        "--name",
        "again",
        "--penalty",
        "0",
        "--as",
        "Clare Whitfield",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("again\t40 unit(s)\t0 skipped"),
        "{}",
        text(&out.stdout)
    );
    // Each exported unit comes back: the Yangon paragraph now has a second, imported entry
    // with the same English.
    let out = copydesk(&["tm", "lookup", desk_s, YANGON_SOURCE, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // One match per English: the imported copy says nothing new, so the story's is shown.
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json[0]["english"], YANGON_ENGLISH);
}

#[test]
fn analysis_counts_a_story_and_a_file_by_band() {
    let (dir, desk) = crate::sample_copy();
    let desk_s = desk.to_str().expect("path");
    let out = copydesk(&["tm", "analyze", desk_s, STORY, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["unit"], "syllables");
    // The headline and six paragraphs.
    assert_eq!(json["total"]["rows"], 7);
    // The paragraph of gas and maintenance differs from Yangon's by two edits (ဖြစ်သည်ဟု
    // for ဖြစ်ကြောင်း: one syllable changed, one added) in 57 syllables, counted by hand:
    // floor(100 × 55/57) = 96, less 1 for unreviewed: 95.
    let bands = json["bands"].as_array().expect("bands");
    let rows = |label: &str| {
        bands
            .iter()
            .find(|b| b["band"] == label)
            .map(|b| b["rows"].as_u64().unwrap_or(0))
    };
    assert_eq!(rows("95–99%"), Some(1), "{json}");
    assert_eq!(rows("100%"), Some(0), "{json}");
    // Before it is a story: a file of two paragraphs, one a Yangon row.
    let file = dir.path().join("new.txt");
    std::fs::write(
        &file,
        format!("{YANGON_SOURCE}\n\n{YANGON_SOURCE}\n\nမိုးရွာသည်။\n"),
    )
    .expect("write");
    let out = copydesk(&["tm", "analyze", desk_s, file.to_str().expect("path")]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("95–99%\t1\t"), "{stdout}");
    assert!(stdout.contains("repetitions\t1\t"), "{stdout}");
    assert!(stdout.contains("no match\t1\t"), "{stdout}");
}

#[test]
fn pretranslation_fills_drafts_and_never_confirms() {
    let (_dir, desk) = crate::sample_copy();
    let desk_s = desk.to_str().expect("path");
    // The reporter may not translate.
    let out = copydesk(&["tm", "pretranslate", desk_s, STORY, "--as", "Ko Min Thu"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = copydesk(&[
        "tm",
        "pretranslate",
        desk_s,
        STORY,
        "--min",
        "75",
        "--as",
        "Thiri Htet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let settings = copydesk::store::load_settings(&desk).expect("settings");
    let story = copydesk::store::load_story(&desk, STORY, &settings)
        .expect("story")
        .story;
    let rows: Vec<(RowRef, &copydesk::model::TextRow)> = [
        (RowRef::Headline, &story.headline),
        (RowRef::Deck, &story.deck),
    ]
    .into_iter()
    .chain(story.blocks.iter().map(|b| (RowRef::Block(b.id), &b.row)))
    .collect();
    let filled: Vec<_> = rows.iter().filter(|(_, r)| !r.english.is_empty()).collect();
    assert!(!filled.is_empty());
    for (row, r) in &filled {
        assert_eq!(r.status, RowStatus::Draft, "{row:?} never confirmed");
        assert!(
            r.pretranslated.is_some_and(|s| s >= 75),
            "{row:?} marked with its score"
        );
    }
    // The headline matched Yangon's at 84 (85 less 1 for unreviewed).
    assert_eq!(
        story.headline.english,
        "Yangon announces new rolling power-cut schedule"
    );
    assert_eq!(story.headline.pretranslated, Some(84));
}

#[test]
fn the_matches_panel_shows_an_earlier_translation_and_ctrl_1_puts_it_in() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Thiri Htet"));
    harness.run();
    crate::click(&mut harness, &format!("Open {STORY}"));
    // The memory is read off the window's thread: wait for its first match.
    let mut shown = false;
    for _ in 0..200 {
        harness.run();
        if harness.query_by_label("Use (Ctrl+1)").is_some() {
            shown = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(shown, "the Matches panel lists a match for the headline");
    assert!(
        harness
            .query_by_label_contains("Yangon announces new rolling power-cut schedule")
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    let story = crate::story_now(&harness, STORY);
    assert_eq!(
        story.headline.english,
        "Yangon announces new rolling power-cut schedule"
    );
    assert_eq!(story.headline.status, RowStatus::Draft);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let story = crate::story_now(&harness, STORY);
    assert_eq!(story.headline.english, "");
    assert_eq!(story.headline.status, RowStatus::Untranslated);
}

#[test]
fn concordance_in_the_window_opens_the_story_at_the_row() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Thiri Htet"));
    harness.run();
    crate::click(&mut harness, &format!("Open {STORY}"));
    for _ in 0..200 {
        harness.run();
        if harness.query_by_label("Use (Ctrl+1)").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    crate::type_into(&mut harness, "Search the memory", "industrial zones");
    harness.run();
    // One place: the Yangon paragraph, its English with the phrase; a click opens it there.
    crate::click(
        &mut harness,
        "Open yangon-power-cuts · Aye Aye Mon · 2026-08-09",
    );
    let open = harness
        .state()
        .open_story()
        .map(|(slug, row)| (slug.to_owned(), row));
    let yangon = crate::story_now(&harness, "yangon-power-cuts");
    let row = yangon
        .blocks
        .iter()
        .find(|b| b.row.english.contains("Industrial zones"))
        .map(|b| RowRef::Block(b.id));
    assert_eq!(open, row.map(|row| ("yangon-power-cuts".to_owned(), row)));
}

#[test]
fn the_memory_is_read_only_once_something_needs_it() {
    let (_dir, desk) = crate::sample_copy();
    let cache = desk.join(".copydesk").join("memory.ron");
    let _ = std::fs::remove_file(&cache);
    let mut harness = crate::window_on(&desk);
    // An editor opening a story to review it sees the credits: nothing is read.
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    harness.run();
    crate::click(&mut harness, "Open kani-chindwin-flood");
    for _ in 0..20 {
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!cache.exists(), "the memory was read without being needed");
    // The Matches tab reads it (and writes its cache).
    crate::click(&mut harness, "Matches");
    let mut read = false;
    for _ in 0..200 {
        harness.run();
        if cache.exists() && harness.query_by_label_contains("Memory: ").is_some() {
            read = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(read, "the Matches tab reads the memory");
}
