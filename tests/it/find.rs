//! Find and replace in the open story, the desk's search, and `copydesk search`, used the
//! way a person uses them: keys, labels, clicks, and the files and output they leave.

use std::path::Path;

use copydesk::app::CopydeskApp;
use copydesk::find::{Matcher, Query, Target, replace};
use copydesk::model::{RowRef, RowStatus, Stage, Story};
use copydesk::session::Session;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::cli::{copydesk, text};

const YANGON: &str = "yangon-power-cuts";
const LONG: &str = "long-story";

fn window_as(desk: &Path, name: &str) -> Harness<'static, CopydeskApp> {
    let mut harness = crate::window_on(desk);
    harness.state_mut().set_identity(Some(name));
    harness.run();
    harness
}

/// Steps the window until `done` holds (a thread's answer arriving), or fails.
fn run_until(
    harness: &mut Harness<'_, CopydeskApp>,
    what: &str,
    done: impl Fn(&Harness<'_, CopydeskApp>) -> bool,
) {
    for _ in 0..300 {
        // Stepped, not run to rest: a spinner repaints while the search runs.
        harness.step();
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("waited in vain for {what}");
}

/// Whether the desk search has finished (its spinner and progress gone).
fn searched(harness: &Harness<'_, CopydeskApp>) -> bool {
    harness.query_by_label_contains("Searching…").is_none()
}

/// Adds a 60-row story, every row translated, "diesel" in rows 30 and 55 only.
fn add_long_story(desk: &Path) -> Story {
    let settings = copydesk::store::load_settings(desk).expect("settings");
    let mut story = Story::new(LONG, chrono::Utc::now());
    story.stage = Stage::Translating;
    let source: Vec<String> = (1..=60).map(|n| format!("အပိုဒ် {n}")).collect();
    story.append_source_paragraphs(&source.join("\n\n"));
    for (n, block) in story.blocks.iter_mut().enumerate() {
        let n = n + 1;
        block.row.english = match n {
            30 => "Diesel ran short in row thirty.".to_owned(),
            55 => format!("Paragraph {n}: diesel again."),
            _ => format!("Paragraph {n}: nothing to see."),
        };
        block.row.status = RowStatus::Translated;
    }
    copydesk::store::create_story(desk, &story, &[]).expect("story");
    let _ = settings;
    story
}

fn row(story: &Story, n: usize) -> RowRef {
    RowRef::Block(story.blocks[n - 1].id)
}

fn active_row(harness: &Harness<'_, CopydeskApp>) -> Option<RowRef> {
    harness.state().open_story().map(|(_, row)| row)
}

#[test]
fn ctrl_f_finds_and_enter_brings_the_next_hit_into_view() {
    let (_dir, desk) = crate::sample_copy();
    let story = add_long_story(&desk);
    let mut harness = window_as(&desk, "Thiri Htet");
    crate::click(&mut harness, &format!("Open {LONG}"));
    // Every row is translated: the story opens on its headline.
    assert_eq!(active_row(&harness), Some(RowRef::Headline));
    assert!(
        harness.query_by_label("Row 55 English").is_none(),
        "row 55 is far below the view, not laid out"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text("diesel");
    harness.run();
    // Found from the active row on, ignoring case: row 30's "Diesel" first.
    assert_eq!(active_row(&harness), Some(row(&story, 30)));
    assert!(
        harness
            .query_by_label_contains("1 of 2 · Row 30, English")
            .is_some()
    );

    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(active_row(&harness), Some(row(&story, 55)));
    assert!(
        harness
            .query_by_label_contains("2 of 2 · Row 55, English")
            .is_some()
    );
    let field = harness
        .get_by_label("Row 55 English")
        .accesskit_node()
        .bounding_box()
        .expect("placed");
    assert!(
        field.y0 >= 0.0 && field.y1 <= 950.0,
        "row 55 is in the window: {field:?}"
    );

    // Shift+Enter goes back, round the end.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(active_row(&harness), Some(row(&story, 30)));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(active_row(&harness), Some(row(&story, 55)));

    // Escape closes the bar with the hit selected in its field: typing replaces it.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("Find").is_none(),
        "the bar is closed"
    );
    harness.event(egui::Event::Text("petrol".to_owned()));
    harness.run_steps(60);
    harness.run();
    let now = crate::story_now(&harness, LONG);
    assert_eq!(now.blocks[54].row.english, "Paragraph 55: petrol again.");
}

#[test]
fn ctrl_h_replaces_all_in_the_english_as_one_change_and_ctrl_z_restores_it() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = window_as(&desk, "Thiri Htet");
    crate::click(&mut harness, &format!("Open {YANGON}"));
    let before = crate::story_now(&harness, YANGON);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label("Find").type_text("power");
    harness.run();
    crate::type_into(&mut harness, "Replace with", "electricity");
    crate::click(&mut harness, "Replace all");

    let after = crate::story_now(&harness, YANGON);
    // Every row's English, as an independent replace of the same word would have it (the
    // story says "power" in lower case only).
    let rows = |s: &Story| -> Vec<(String, String)> {
        s.text_rows()
            .map(|r| (r.source.clone(), r.english.clone()))
            .collect()
    };
    let expected: Vec<(String, String)> = rows(&before)
        .into_iter()
        .map(|(source, english)| (source, english.replace("power", "electricity")))
        .collect();
    assert!(!before.headline.english.contains("Power"));
    assert_eq!(
        rows(&after),
        expected,
        "the English replaced, the source as it was"
    );
    assert_ne!(
        rows(&after),
        rows(&before),
        "there was something to replace"
    );
    assert!(
        harness.query_by_label_contains("as one change").is_some(),
        "the bar says what it did"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let undone = crate::story_now(&harness, YANGON);
    assert_eq!(
        rows(&undone),
        rows(&before),
        "one Ctrl+Z restores every row"
    );
    let statuses = |s: &Story| -> Vec<RowStatus> { s.text_rows().map(|r| r.status).collect() };
    assert_eq!(statuses(&undone), statuses(&before));
}

#[test]
fn a_locked_story_refuses_replacement_in_the_window_and_in_the_core() {
    let (_dir, desk) = crate::sample_copy();
    let slug = "hpakant-jade-mine-landslide";
    // In the window, an editor sees the replace buttons greyed on approved copy.
    let mut harness = window_as(&desk, "Clare Whitfield");
    crate::click(&mut harness, &format!("Open {slug}"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label("Find").type_text("the");
    harness.run();
    assert!(
        harness
            .get_by_label("Replace all")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        harness
            .get_by_label("Replace")
            .accesskit_node()
            .is_disabled()
    );
    drop(harness);

    // The session refuses the edit itself, whoever builds it.
    let mut session = Session::open(&desk).expect("desk");
    session.set_me(Some("Clare Whitfield"));
    let index = session.load(slug).expect("story");
    let story = session.doc(index).expect("doc").story().clone();
    assert_eq!(story.stage, Stage::Approved);
    let matcher = Matcher::new(&Query::new("the")).expect("query");
    let done = replace(&story, &matcher, "THE", Target::All).expect("hits to replace");
    let refused = session.apply(index, done.edit, "replace all", None, 0.0);
    assert!(refused.is_err(), "approved copy is locked");
    assert_eq!(session.doc(index).expect("doc").story(), &story);
}

#[test]
fn the_desk_search_finds_text_the_filter_cannot_and_opens_the_row() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = window_as(&desk, "Thiri Htet");
    // The filter looks at slugs, headlines and stages: it offers to search the text.
    crate::type_into(&mut harness, "Filter:", "diesel");
    assert!(
        harness
            .query_by_label_contains("No story's slug, headline or stage matches")
            .is_some()
    );
    // Clicked and stepped, not run to rest: a spinner turns while the search runs.
    harness.get_by_label("Search the text for “diesel”").click();
    harness.step();
    let label = "Open yangon-power-cuts at Row 4, English";
    run_until(&mut harness, "the hit", |h| {
        h.query_by_label(label).is_some() && searched(h)
    });
    assert!(
        harness
            .query_by_label_contains("1 hit for “diesel” in 1 story")
            .is_some()
    );

    crate::click(&mut harness, label);
    let yangon = crate::story_now(&harness, YANGON);
    assert_eq!(
        harness.state().open_story().map(|(s, r)| (s.to_owned(), r)),
        Some((YANGON.to_owned(), row(&yangon, 4)))
    );
    // The story opens with the find bar on the hit.
    assert!(
        harness
            .query_by_label_contains("1 of 1 · Row 4, English")
            .is_some()
    );
}

#[test]
fn ctrl_shift_f_searches_both_sides_and_comments_of_every_story() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = window_as(&desk, "Thiri Htet");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    // The keyboard is in the search field. (Stepped, not run to rest, from here on: a
    // spinner turns while the search runs.)
    harness.event(egui::Event::Text("ဒီဇယ်".to_owned()));
    // Burmese "diesel": the Yangon and Mandalay sources say it.
    for label in [
        "Open mandalay-power-cuts at Row 5, source",
        "Open yangon-power-cuts at Row 4, source",
    ] {
        run_until(&mut harness, label, |h| {
            h.query_by_label(label).is_some() && searched(h)
        });
    }
    // "ဒီဇ" is in both stories' bytes, but ends inside the syllable ဇယ်: no hit.
    crate::click(&mut harness, "Clear search");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.event(egui::Event::Text("ဒီဇ".to_owned()));
    run_until(&mut harness, "the search to end", |h| {
        h.query_by_label_contains("No story's text has").is_some() && searched(h)
    });
}

#[test]
fn the_desk_search_stops_at_its_limit_and_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    let desk = dir.path().join("big");
    let settings = copydesk::generate::settings();
    copydesk::store::create_desk(&desk, &settings).expect("desk");
    for n in 0..40 {
        let (story, _) = copydesk::generate::story(n, 30, &settings);
        copydesk::store::create_story(&desk, &story, &[]).expect("story");
    }
    let mut harness = window_as(&desk, "Editor One");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.event(egui::Event::Text("the".to_owned()));
    run_until(&mut harness, "the limit", |h| {
        h.query_by_label_contains("Showing the first 500 hits")
            .is_some()
    });
    assert!(
        harness
            .query_by_label_contains("500 hits for “the”")
            .is_some()
    );
}

#[test]
fn copydesk_search_prints_one_hit_a_line() {
    let (_dir, desk) = crate::sample_copy();
    let out = copydesk(&["search".as_ref(), desk.as_os_str(), "DIESEL".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "yangon-power-cuts\tRow 4\tEnglish\t…about about extra costs at a time when diesel for generators is getting more…\n"
    );
    // Case matters when asked: nothing says "DIESEL".
    let out = copydesk(&[
        "search".as_ref(),
        desk.as_os_str(),
        "DIESEL".as_ref(),
        "--match-case".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1), "nothing found");
    assert!(out.stdout.is_empty());
}

#[test]
fn copydesk_search_json_has_the_hit_and_its_context() {
    let (_dir, desk) = crate::sample_copy();
    let out = copydesk(&[
        "search".as_ref(),
        desk.as_os_str(),
        "ဒီဇယ်".as_ref(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let hits = hits.as_array().expect("an array");
    let places: Vec<(String, String, String)> = hits
        .iter()
        .map(|h| {
            (
                h["slug"].as_str().unwrap_or_default().to_owned(),
                h["row"].as_str().unwrap_or_default().to_owned(),
                h["field"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (
                "mandalay-power-cuts".into(),
                "Row 5".into(),
                "source".into()
            ),
            ("yangon-power-cuts".into(), "Row 4".into(), "source".into()),
        ]
    );
    assert!(hits.iter().all(|h| h["match"] == "ဒီဇယ်"));
    assert!(
        hits[1]["before"]
            .as_str()
            .is_some_and(|b| b.ends_with("မီးစက်သုံး ")),
        "{}",
        hits[1]
    );
}

#[test]
fn copydesk_search_names_a_broken_story_and_searches_the_rest() {
    let (_dir, desk) = crate::sample_copy();
    std::fs::write(
        desk.join("stories").join("x.ron"),
        "(format_version: 2,\n slug: \"x\",\n stage: Fileed,\n)",
    )
    .expect("write");
    let out = copydesk(&["search".as_ref(), desk.as_os_str(), "diesel".as_ref()]);
    assert_eq!(out.status.code(), Some(2), "a story could not be searched");
    assert!(text(&out.stdout).starts_with("yangon-power-cuts\tRow 4\t"));
    assert!(text(&out.stderr).contains("x.ron"), "{}", text(&out.stderr));
}

#[test]
fn a_hit_in_a_comment_opens_the_row_with_its_thread() {
    let (_dir, desk) = crate::sample_copy();
    let yangon = {
        let mut session = Session::open(&desk).expect("desk");
        session.set_me(Some("Clare Whitfield"));
        let index = session.load(YANGON).expect("story");
        let story = session.doc(index).expect("doc").story().clone();
        let action = copydesk::workflow::CommentAction::Add {
            anchor: row(&story, 2),
            text: "Check the township names against the glossary.".to_owned(),
        };
        session.comment(index, &action, 0.0).expect("comment");
        assert!(session.save_all(), "saved");
        story
    };
    let mut harness = window_as(&desk, "Thiri Htet");
    // Through the Edit menu this time.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Search the desk…").click();
    harness.run();
    harness.event(egui::Event::Text("glossary".to_owned()));
    let label = "Open yangon-power-cuts at Row 2, comment";
    run_until(&mut harness, "the comment's hit", |h| {
        h.query_by_label(label).is_some() && searched(h)
    });
    crate::click(&mut harness, label);
    assert_eq!(active_row(&harness), Some(row(&yangon, 2)));
    assert!(
        harness
            .query_by_label_contains("Check the township names against the glossary.")
            .is_some(),
        "the Comments tab shows the thread"
    );
}
