//! Burmese that wraps, edits and converts correctly: the wrap sweep, syllable-wise cursor
//! movement and deletion in the window, input methods, and Zawgyi detection measured on
//! the sample desk's own Burmese (written for this project).

use copydesk::app::CopydeskApp;
use copydesk::model::Story;
use copydesk::script::zawgyi::{self, Verdict};
use copydesk::script::{self, Script};
use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Every source paragraph of the sample desk, headlines and decks included.
fn sample_burmese() -> Vec<String> {
    let desk = copydesk::store::load_desk(&crate::sample_desk()).expect("the sample desk loads");
    let mut paragraphs = Vec::new();
    for loaded in &desk.stories {
        let story: &Story = &loaded.story;
        for row in [&story.headline, &story.deck]
            .into_iter()
            .chain(story.blocks.iter().map(|b| &b.row))
        {
            if row.source.chars().any(script::is_myanmar) {
                paragraphs.push(row.source.clone());
            }
        }
    }
    assert!(
        paragraphs.len() > 30,
        "the sample desk has Burmese to test on"
    );
    paragraphs
}

/// Char indices where each row of a galley starts, after the first. `exact`: the rows must
/// account for every character (egui's own wrapping can cut a shaped cluster in two and
/// repeat a glyph, so its galleys are counted as they are).
fn row_starts(galley: &egui::Galley, exact: bool) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for row in &galley.rows {
        if at > 0 {
            starts.push(at);
        }
        at += row.row.char_count_excluding_newline().0 + usize::from(row.ends_with_newline);
    }
    assert!(
        !exact || at == galley.text().chars().count(),
        "rows cover the text: {:?}",
        galley
            .rows
            .iter()
            .map(|r| (r.row.glyphs.len(), r.ends_with_newline))
            .collect::<Vec<_>>()
    );
    starts
}

/// How far a row's ink reaches: its width without the spaces at its end.
fn inked_width(row: &egui::epaint::text::PlacedRow) -> f32 {
    row.row
        .glyphs
        .iter()
        .filter(|g| !g.chr.is_whitespace() && g.advance_width > 0.0)
        .map(|g| g.pos.x + g.advance_width)
        .fold(0.0, f32::max)
}

fn char_boundaries(text: &str) -> Vec<usize> {
    script::cluster_boundaries(text)
        .into_iter()
        .map(|b| text[..b].chars().count())
        .collect()
}

#[test]
fn wrap_sweep_never_breaks_inside_a_syllable() {
    let ctx = egui::Context::default();
    copydesk::ui::theme::install_fonts(&ctx);
    let paragraphs = sample_burmese();
    let font = copydesk::ui::theme::source_font();
    let (mut egui_breaks, mut egui_inside) = (0, 0);
    let (mut our_breaks, mut our_inside, mut too_wide) = (0, 0, 0);
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        let format = egui::TextFormat::simple(font.clone(), egui::Color32::WHITE);
        for paragraph in &paragraphs {
            let boundaries = char_boundaries(paragraph);
            for width in (60..=660).step_by(15) {
                #[expect(clippy::cast_precision_loss, reason = "small widths")]
                let width = width as f32;
                let mut job =
                    egui::text::LayoutJob::single_section(paragraph.clone(), format.clone());
                job.wrap.max_width = width;
                let plain = ui.fonts_mut(|f| f.layout_job(job));
                for start in row_starts(&plain, false) {
                    egui_breaks += 1;
                    egui_inside += usize::from(boundaries.binary_search(&start).is_err());
                }
                let ours = copydesk::ui::script_text::layout(ui, paragraph, &format, width);
                assert_eq!(ours.text(), paragraph);
                for start in row_starts(&ours, true) {
                    our_breaks += 1;
                    our_inside += usize::from(boundaries.binary_search(&start).is_err());
                }
                for r in ours
                    .rows
                    .iter()
                    .filter(|r| inked_width(r) > width + 1.0 && r.row.glyphs.len() > 8)
                {
                    too_wide += 1;
                    let text: String = r.row.glyphs.iter().map(|g| g.chr).collect();
                    println!("too wide at {width}: {} {text:?}", inked_width(r));
                }
            }
        }
    });
    output.textures_delta.clear();
    #[expect(clippy::cast_precision_loss, reason = "counts")]
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    println!(
        "wrap sweep over {} paragraphs, widths 60-660 px: egui alone {egui_inside} of {egui_breaks} breaks inside a syllable ({:.1}%); Copydesk {our_inside} of {our_breaks} ({:.1}%)",
        paragraphs.len(),
        percent(egui_inside, egui_breaks),
        percent(our_inside, our_breaks),
    );
    assert!(our_breaks > 1000, "the sweep wrapped lines");
    assert_eq!(our_inside, 0, "a line started inside a syllable");
    assert_eq!(too_wide, 0, "a line is wider than the wrap width");
}

#[test]
fn english_wraps_exactly_as_egui_wraps_it() {
    let ctx = egui::Context::default();
    copydesk::ui::theme::install_fonts(&ctx);
    let text = "Floodwater from the Chindwin River rose above the danger mark on Tuesday, \
                forcing more than 4,000 people from their homes in Kani township.";
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        let format =
            egui::TextFormat::simple(copydesk::ui::theme::english_font(), egui::Color32::WHITE);
        for width in (80..=600).step_by(40) {
            #[expect(clippy::cast_precision_loss, reason = "small widths")]
            let width = width as f32;
            let mut job = egui::text::LayoutJob::single_section(text.to_owned(), format.clone());
            job.wrap.max_width = width;
            job.keep_trailing_whitespace = true;
            let plain = ui.fonts_mut(|f| f.layout_job(job));
            let ours = copydesk::ui::script_text::layout(ui, text, &format, width);
            assert_eq!(
                row_starts(&ours, true),
                row_starts(&plain, false),
                "width {width}"
            );
        }
    });
    output.textures_delta.clear();
}

/// Unicode sentences of the sample desk, and the same converted to Zawgyi.
fn sentence_pairs() -> Vec<(String, String)> {
    sample_burmese()
        .iter()
        .flat_map(|p| Script::Myanmar.sentences(p))
        .filter(|s| s.chars().filter(|&c| script::is_myanmar(c)).count() >= 12)
        .map(|unicode| {
            let zawgyi = zawgyi::to_zawgyi(&unicode).expect("converts");
            (unicode, zawgyi)
        })
        .collect()
}

#[test]
fn zawgyi_is_detected_and_unicode_is_never_called_zawgyi() {
    let pairs = sentence_pairs();
    let total = pairs.len();
    let zawgyi_found = pairs
        .iter()
        .filter(|(_, z)| zawgyi::detect(z).verdict == Verdict::Zawgyi)
        .count();
    let unicode_found = pairs
        .iter()
        .filter(|(u, _)| zawgyi::detect(u).verdict == Verdict::Unicode)
        .count();
    let unicode_as_zawgyi: Vec<&String> = pairs
        .iter()
        .map(|(u, _)| u)
        .filter(|u| zawgyi::detect(u).verdict == Verdict::Zawgyi)
        .collect();

    // Short lines: each word group of the Unicode sentences on its own.
    let short: Vec<&str> = pairs
        .iter()
        .flat_map(|(u, _)| u.split_whitespace())
        .filter(|w| w.chars().any(script::is_myanmar))
        .collect();
    let short_as_zawgyi: Vec<&&str> = short
        .iter()
        .filter(|w| zawgyi::detect(w).verdict == Verdict::Zawgyi)
        .collect();
    let short_zawgyi: Vec<String> = short
        .iter()
        .map(|w| zawgyi::to_zawgyi(w).expect("converts"))
        .filter(|z| short.iter().all(|w| w != z))
        .collect();
    let short_zawgyi_found = short_zawgyi
        .iter()
        .filter(|z| zawgyi::detect(z).verdict == Verdict::Zawgyi)
        .count();
    let short_zawgyi_as_unicode = short_zawgyi
        .iter()
        .filter(|z| zawgyi::detect(z).verdict == Verdict::Unicode)
        .count();

    println!(
        "Zawgyi detection on {total} sentences of the sample desk and their Zawgyi conversions:\n  \
         Zawgyi sentences called Zawgyi: {zawgyi_found}/{total}\n  \
         Unicode sentences called Unicode: {unicode_found}/{total}, called Zawgyi: {}/{total}\n  \
         short Unicode lines (single words) called Zawgyi: {}/{} (false-positive rate {:.2}%)\n  \
         short Zawgyi lines called Zawgyi: {short_zawgyi_found}/{}, called Unicode: {short_zawgyi_as_unicode}",
        unicode_as_zawgyi.len(),
        short_as_zawgyi.len(),
        short.len(),
        {
            #[expect(clippy::cast_precision_loss, reason = "counts")]
            let rate = 100.0 * short_as_zawgyi.len() as f64 / short.len().max(1) as f64;
            rate
        },
        short_zawgyi.len(),
    );
    assert!(total >= 40, "enough sentences to measure on: {total}");
    assert!(
        unicode_as_zawgyi.is_empty(),
        "Unicode called Zawgyi: {unicode_as_zawgyi:?}"
    );
    assert!(
        short_as_zawgyi.is_empty(),
        "short Unicode called Zawgyi: {short_as_zawgyi:?}"
    );
    assert!(
        zawgyi_found * 100 >= total * 95,
        "Zawgyi found in {zawgyi_found} of {total}"
    );
    assert!(
        unicode_found * 100 >= total * 90,
        "Unicode found in {unicode_found} of {total}"
    );
    assert!(
        short_zawgyi_as_unicode * 100 <= short_zawgyi.len(),
        "short Zawgyi called Unicode"
    );
}

#[test]
fn conversion_round_trips_our_sentences() {
    let pairs = sentence_pairs();
    let failed: Vec<&String> = pairs
        .iter()
        .filter(|(u, z)| zawgyi::to_unicode(z).ok().as_deref() != Some(u.as_str()))
        .map(|(u, _)| u)
        .collect();
    println!(
        "Unicode → Zawgyi → Unicode gave the sentence back for {} of {}",
        pairs.len() - failed.len(),
        pairs.len()
    );
    for u in &failed {
        let back = zawgyi::to_unicode(&zawgyi::to_zawgyi(u).expect("converts")).expect("converts");
        println!("  changed: {u}\n       to: {back}");
    }
    // The CLDR rules lose ၎င်း (Zawgyi writes it as one glyph) and reorder a medial ha
    // before a vowel e when the next syllable has a medial ra: a few sentences in a
    // hundred. Anything more means the conversion broke.
    assert!(
        failed.len() * 10 <= pairs.len(),
        "round trip changed {} of {}",
        failed.len(),
        pairs.len()
    );
    // Zawgyi converted to Unicode and back is the same Zawgyi for every sentence that
    // came through whole.
    for (unicode, zawgyi) in &pairs {
        if failed.contains(&unicode) {
            continue;
        }
        let back = zawgyi::to_zawgyi(&zawgyi::to_unicode(zawgyi).expect("converts"));
        assert_eq!(back.ok().as_ref(), Some(zawgyi), "{unicode}");
    }
}

/// The sample desk, the window open on a filed story, with a translator at the keyboard.
fn editor() -> (tempfile::TempDir, Harness<'static, CopydeskApp>) {
    let (dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    // An editor: at the Filed stage both the source and the English may be typed.
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    assert!(harness.state_mut().open("mandalay-rice-prices"));
    harness.run();
    (dir, harness)
}

/// Replaces row 1's source with `text`, typed, leaving the cursor in the field.
fn retype_source(harness: &mut Harness<'static, CopydeskApp>, text: &str) {
    harness.get_by_label("Row 1 source").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Row 1 source").type_text(text);
    harness.run();
}

fn press(harness: &mut Harness<'static, CopydeskApp>, key: Key, times: usize) {
    for _ in 0..times {
        harness.key_press(key);
        harness.run();
    }
}

fn type_here(harness: &mut Harness<'static, CopydeskApp>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

/// Row 1's source once the field is left, so the draft is committed.
fn source_after_leaving(harness: &mut Harness<'static, CopydeskApp>) -> String {
    harness.get_by_label("Row 1 English").click();
    harness.run();
    let session = harness.state().session().expect("open");
    let index = session.find("mandalay-rice-prices").expect("story");
    session.doc(index).expect("story").story().blocks[0]
        .row
        .source
        .clone()
}

#[test]
fn arrows_move_by_syllables_in_a_burmese_field() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "မြန်မာနိုင်ငံ");
    press(&mut harness, Key::Home, 1);
    // One step right passes the whole of မြန် (4 characters), not just မ.
    press(&mut harness, Key::ArrowRight, 1);
    type_here(&mut harness, "|");
    // One more: past မာ.
    press(&mut harness, Key::ArrowRight, 1);
    type_here(&mut harness, "|");
    // From the end, one step left passes ငံ.
    press(&mut harness, Key::End, 1);
    press(&mut harness, Key::ArrowLeft, 1);
    type_here(&mut harness, "|");
    assert_eq!(source_after_leaving(&mut harness), "မြန်|မာ|နိုင်|ငံ");
}

#[test]
fn shift_arrows_select_whole_syllables() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "ကျောင်းသား");
    press(&mut harness, Key::Home, 1);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    // The selection is ကျောင်း whole; typing replaces it.
    type_here(&mut harness, "X");
    assert_eq!(source_after_leaving(&mut harness), "Xသား");
}

#[test]
fn backspace_and_delete_remove_whole_syllables() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "ရေကြီးမှုနှင့်");
    press(&mut harness, Key::Home, 1);
    press(&mut harness, Key::End, 1);
    // Backspace at the end takes နှင့် whole (its dot below stored before the asat);
    // Delete at the start takes ရေ whole.
    press(&mut harness, Key::Backspace, 1);
    press(&mut harness, Key::Home, 1);
    press(&mut harness, Key::Delete, 1);
    assert_eq!(source_after_leaving(&mut harness), "ကြီးမှု");
}

#[test]
fn backspace_right_after_typing_takes_back_one_mark() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "ရေ");
    // Composing ကို, the typist sees the wrong vowel and takes back the last mark only.
    type_here(&mut harness, "က");
    type_here(&mut harness, "ိ");
    type_here(&mut harness, "ု");
    press(&mut harness, Key::Backspace, 1);
    type_here(&mut harness, "ူ");
    assert_eq!(source_after_leaving(&mut harness), "ရေကိူ");
}

#[test]
fn clicks_never_leave_the_cursor_inside_a_syllable() {
    let (_dir, mut harness) = editor();
    let text = "သင်္ချိုင်းကမ္ဘာမြို့ရွှေ့ပြောင်း".repeat(6);
    let mut inside_text = 0;
    for step in 1..12u8 {
        retype_source(&mut harness, &text);
        // Click along the first line of the field, as a person clicks into a word.
        let rect = harness.get_by_label("Row 1 source").rect();
        let pos = egui::pos2(
            rect.left() + rect.width() * f32::from(step) / 12.0,
            rect.top() + 12.0,
        );
        harness.hover_at(pos);
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        harness.run();
        type_here(&mut harness, "|");
        let typed = source_after_leaving(&mut harness);
        let at = typed.find('|').expect("typed");
        let without = typed.replace('|', "");
        assert_eq!(without, text);
        assert!(
            script::cluster_boundaries(&without).contains(&at),
            "a click put the cursor inside a syllable: {typed}"
        );
        inside_text += usize::from(at > 0 && at < without.len());
    }
    assert!(inside_text >= 8, "the clicks landed inside the text");
}

#[test]
fn an_input_method_composes_burmese_in_the_field() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "ရေ");
    let mut compose = |steps: &[&str], commit: &str| {
        for preedit in steps {
            harness.event(Event::Ime(ImeEvent::Preedit {
                text: (*preedit).to_owned(),
                active_range_chars: None,
            }));
            harness.run();
        }
        harness.event(Event::Ime(ImeEvent::Commit(commit.to_owned())));
        harness.run();
    };
    compose(&["က", "ကြ", "ကြီ"], "ကြီ");
    // A lone mark composed onto the syllable before it (the input method repeats itself):
    // nothing typed before it may be touched.
    compose(&["း", "း"], "း");
    // After the composition, the cursor keeps working by syllables.
    press(&mut harness, Key::ArrowLeft, 1);
    type_here(&mut harness, "|");
    assert_eq!(source_after_leaving(&mut harness), "ရေ|ကြီး");
}

const FLOOD_LINE: &str = "ရေကြီးမှုကြောင့် ကျေးရွာ ၁၂ ရွာမှ ရွာသားများ ထွက်ပြေးရသည်။";

#[test]
fn pasted_zawgyi_is_compared_and_converted_on_one_click() {
    let (_dir, mut harness) = editor();
    let zawgyi = zawgyi::to_zawgyi(FLOOD_LINE).expect("converts");
    for (choice, expected) in [
        ("Convert to Unicode", FLOOD_LINE.to_owned()),
        ("Keep as is", zawgyi.clone()),
    ] {
        retype_source(&mut harness, "ရေ ");
        harness.event(Event::Paste(zawgyi.clone()));
        harness.run();
        // The comparison shows the text as it came and as converted.
        assert!(harness.query_by_label("This looks like Zawgyi").is_some());
        assert!(
            harness.query_by_label(FLOOD_LINE).is_some(),
            "the conversion is shown"
        );
        harness.get_by_label(choice).click();
        harness.run();
        assert!(harness.query_by_label("This looks like Zawgyi").is_none());
        assert_eq!(source_after_leaving(&mut harness), format!("ရေ {expected}"));
    }
    // Cancel drops the paste; Unicode pastes go straight in.
    retype_source(&mut harness, "ရေ ");
    harness.event(Event::Paste(zawgyi));
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    harness.get_by_label("Row 1 source").click();
    harness.run();
    harness.event(Event::Paste(FLOOD_LINE.to_owned()));
    harness.run();
    assert!(harness.query_by_label("This looks like Zawgyi").is_none());
    assert_eq!(
        source_after_leaving(&mut harness),
        format!("ရေ {FLOOD_LINE}")
    );
}

#[test]
fn a_new_story_pasted_in_zawgyi_is_stored_as_unicode() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Ko Min Thu"));
    harness.run();
    let zawgyi = zawgyi::to_zawgyi(FLOOD_LINE).expect("converts");
    harness.get_by_label("New story…").click();
    harness.run();
    harness.get_by_label("Slug").type_text("zawgyi-filing");
    harness.get_by_label("Source text").click();
    harness.run();
    harness.event(Event::Paste(format!("{zawgyi}\n\n{zawgyi}")));
    harness.run();
    harness.get_by_label("Create story").click();
    harness.run();
    assert!(harness.query_by_label("This looks like Zawgyi").is_some());
    harness.get_by_label("Convert to Unicode").click();
    harness.run();
    let session = harness.state().session().expect("open");
    let index = session.find("zawgyi-filing").expect("created");
    let sources: Vec<&str> = session
        .doc(index)
        .expect("story")
        .story()
        .blocks
        .iter()
        .map(|b| b.row.source.as_str())
        .collect();
    assert_eq!(sources, [FLOOD_LINE, FLOOD_LINE]);
}

#[test]
fn an_imported_zawgyi_file_is_compared_before_it_becomes_a_story() {
    let (dir, desk) = crate::sample_copy();
    let zawgyi = zawgyi::to_zawgyi(FLOOD_LINE).expect("converts");
    let file = dir.path().join("kani-zawgyi.txt");
    let mut f = std::fs::File::create(&file).expect("create");
    std::io::Write::write_all(&mut f, format!("{zawgyi}\n\n{zawgyi}\n").as_bytes()).expect("write");
    drop(f);
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Ko Min Thu"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    crate::click(&mut harness, "Import…");
    crate::type_into(
        &mut harness,
        "File to import",
        file.to_str().expect("utf-8"),
    );
    crate::click(&mut harness, "Import this file");
    assert!(harness.query_by_label("This looks like Zawgyi").is_some());
    assert!(
        harness
            .state()
            .session()
            .expect("desk")
            .find("kani-zawgyi")
            .is_none(),
        "nothing is stored before the choice"
    );
    crate::click(&mut harness, "Convert to Unicode");
    let session = harness.state().session().expect("desk");
    let story = session.story("kani-zawgyi").expect("imported");
    assert_eq!(story.blocks[0].row.source, FLOOD_LINE);
}

#[test]
fn text_no_bundled_font_covers_is_named_not_shown_silently_as_boxes() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = Harness::builder()
        .with_size([1400.0, 950.0])
        .with_max_steps(12)
        // Boxes are what a person would see; the test checks that they are explained.
        .allow_missing_glyphs()
        .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(desk), None));
    harness.run();
    // An editor: at the Filed stage both the source and the English may be typed.
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    assert!(harness.state_mut().open("mandalay-rice-prices"));
    harness.run();
    assert!(
        harness.query_by_label_contains("no font for").is_none(),
        "Burmese and English have fonts"
    );
    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text(" (ภาษาไทย)");
    harness.run();
    harness.get_by_label("Row 1 source").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("no font for Thai text")
            .is_some(),
        "the status bar names the script it cannot draw"
    );
}

#[test]
fn a_double_click_selects_whole_syllables() {
    let (_dir, mut harness) = editor();
    let text = "ကျောင်းသားများ ပြောင်းရွှေ့ကြသည်".repeat(4);
    retype_source(&mut harness, &text);
    let rect = harness.get_by_label("Row 1 source").rect();
    let pos = egui::pos2(rect.left() + rect.width() * 0.4, rect.top() + 12.0);
    harness.hover_at(pos);
    harness.run();
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
    }
    harness.run();
    // Whatever egui took for a word, the selection is whole syllables: typing replaces it.
    type_here(&mut harness, "|");
    let typed = source_after_leaving(&mut harness);
    let start = typed.find('|').expect("typed");
    let end = text.len() - (typed.len() - start - 1);
    assert!(end > start, "the double-click selected something: {typed}");
    let boundaries = script::cluster_boundaries(&text);
    assert!(
        boundaries.contains(&start) && boundaries.contains(&end),
        "the selection {start}..{end} cut a syllable: {typed}"
    );
}

#[test]
fn ctrl_backspace_and_ctrl_delete_remove_whole_syllables() {
    let (_dir, mut harness) = editor();
    let text = "ကျောင်းသားများ ပြောင်းရွှေ့ကြသည်";
    retype_source(&mut harness, text);
    press(&mut harness, Key::Home, 1);
    press(&mut harness, Key::End, 1);
    harness.key_press_modifiers(Modifiers::CTRL, Key::Backspace);
    harness.run();
    press(&mut harness, Key::Home, 1);
    harness.key_press_modifiers(Modifiers::CTRL, Key::Delete);
    harness.run();
    let left = source_after_leaving(&mut harness);
    assert!(left.len() < text.len(), "something was deleted: {left}");
    let start = text
        .find(left.as_str())
        .expect("what is left is a run of the text");
    let boundaries = script::cluster_boundaries(text);
    assert!(start > 0, "Ctrl+Delete deleted from the start: {left}");
    assert!(
        boundaries.contains(&start) && boundaries.contains(&(start + left.len())),
        "a word deletion cut a syllable: {left}"
    );
}

/// Zawgyi typed by hand the way Zawgyi typists write it (the vowel e and medial ra before
/// the consonant, ႏ, ႀ, ၾ, ႔, ႐, ႈ glyph variants), beside the Unicode it stands for: not
/// produced by the converter under test, so detection and conversion are checked against
/// text they did not make themselves.
fn hand_typed_zawgyi() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/zawgyi/hand-typed.tsv");
    let text = std::fs::read_to_string(&path).expect("fixture");
    text.lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(z, u)| (z.to_owned(), u.to_owned()))
        .collect()
}

#[test]
fn hand_typed_zawgyi_is_found_and_converted() {
    let pairs = hand_typed_zawgyi();
    assert!(pairs.len() >= 12);
    let mut found = 0;
    for (zawgyi, unicode) in &pairs {
        let verdict = zawgyi::detect(zawgyi).verdict;
        assert_ne!(verdict, Verdict::Unicode, "Zawgyi called Unicode: {zawgyi}");
        found += usize::from(verdict == Verdict::Zawgyi);
        assert_eq!(&zawgyi::to_unicode(zawgyi).expect("converts"), unicode);
        assert_ne!(
            zawgyi::detect(unicode).verdict,
            Verdict::Zawgyi,
            "{unicode}"
        );
    }
    println!(
        "hand-typed Zawgyi called Zawgyi: {found}/{}, the rest unsure",
        pairs.len()
    );
    assert!(found + 2 >= pairs.len(), "found {found} of {}", pairs.len());
}

#[test]
fn mixed_burmese_and_english_breaks_neither_words_nor_syllables() {
    let ctx = egui::Context::default();
    copydesk::ui::theme::install_fonts(&ctx);
    let text = "ကုလသမဂ္ဂ၏ World Food Programme အဖွဲ့က ရေကြီးမှုကြောင့် အစားအစာ ပြတ်လပ်နေသော \
                ရွာသား ၄,၀၀၀ ကျော်ထံ emergency rations များ ပို့ဆောင်ပေးခဲ့ကြောင်း \
                Reuters သတင်းဌာနက ဖော်ပြသည်။";
    let boundaries = char_boundaries(text);
    let chars: Vec<char> = text.chars().collect();
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        let format =
            egui::TextFormat::simple(copydesk::ui::theme::source_font(), egui::Color32::WHITE);
        // From a width where the longest English word fits on a line of its own.
        for width in (160..=600).step_by(20) {
            #[expect(clippy::cast_precision_loss, reason = "small widths")]
            let ours = copydesk::ui::script_text::layout(ui, text, &format, width as f32);
            for start in row_starts(&ours, true) {
                assert!(boundaries.contains(&start), "inside a syllable at {width}");
                let inside_word = chars[start - 1].is_ascii_alphanumeric()
                    && chars[start].is_ascii_alphanumeric();
                assert!(!inside_word, "an English word cut at {width}: {start}");
            }
        }
    });
    output.textures_delta.clear();
}

#[test]
fn undo_waits_while_a_zawgyi_paste_is_being_compared() {
    let (_dir, mut harness) = editor();
    let zawgyi = zawgyi::to_zawgyi(FLOOD_LINE).expect("converts");
    retype_source(&mut harness, "ရေ ");
    // Committed, so there is an edit Ctrl+Z could undo.
    assert_eq!(source_after_leaving(&mut harness), "ရေ ");
    harness.get_by_label("Row 1 source").click();
    harness.run();
    press(&mut harness, Key::End, 1);
    harness.event(Event::Paste(zawgyi));
    harness.run();
    assert!(harness.query_by_label("This looks like Zawgyi").is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    // Typing goes nowhere while the comparison is open.
    type_here(&mut harness, "x");
    harness.get_by_label("Convert to Unicode").click();
    harness.run();
    assert_eq!(
        source_after_leaving(&mut harness),
        format!("ရေ {FLOOD_LINE}")
    );
}

#[test]
fn backspace_in_a_number_takes_one_digit() {
    let (_dir, mut harness) = editor();
    retype_source(&mut harness, "၂၀၂၆ ခုနှစ်");
    press(&mut harness, Key::Home, 1);
    press(&mut harness, Key::ArrowRight, 4);
    press(&mut harness, Key::Backspace, 1);
    type_here(&mut harness, "၅");
    assert_eq!(source_after_leaving(&mut harness), "၂၀၂၅ ခုနှစ်");
}

#[test]
fn zawgyi_kept_as_is_stays_flagged_until_converted() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    harness.run();
    let zawgyi = zawgyi::to_zawgyi(FLOOD_LINE).expect("converts");
    harness.get_by_label("New story…").click();
    harness.run();
    harness.get_by_label("Slug").type_text("kept-zawgyi");
    harness.get_by_label("Source text").click();
    harness.run();
    harness.event(Event::Paste(zawgyi.clone()));
    harness.run();
    harness.get_by_label("Create story").click();
    harness.run();
    crate::click(&mut harness, "Keep as is");
    // Kept as it came: the row says it looks like Zawgyi, and so does the desk view.
    assert!(
        harness
            .query_by_label("This source looks like Zawgyi, not Unicode.")
            .is_some()
    );
    crate::click(&mut harness, "Compare Row 1 source with Unicode");
    crate::click(&mut harness, "Convert to Unicode");
    assert_eq!(
        source_after_leaving_story(&mut harness, "kept-zawgyi"),
        FLOOD_LINE
    );
    assert!(
        harness
            .query_by_label("This source looks like Zawgyi, not Unicode.")
            .is_none()
    );
}

/// Row 1's source of `slug` once its field is left, so the draft is committed.
fn source_after_leaving_story(harness: &mut Harness<'static, CopydeskApp>, slug: &str) -> String {
    harness.get_by_label("Row 1 English").click();
    harness.run();
    let session = harness.state().session().expect("open");
    let index = session.find(slug).expect("story");
    session.doc(index).expect("story").story().blocks[0]
        .row
        .source
        .clone()
}

#[test]
fn long_burmese_titles_are_cut_between_words_or_syllables() {
    let ctx = egui::Context::default();
    copydesk::ui::theme::install_fonts(&ctx);
    let title = "မန္တလေးတွင် ဆန်ဈေး တစ်လအတွင်း ၂၀ ရာခိုင်နှုန်း မြင့်တက်";
    let font = copydesk::ui::theme::source_font();
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        for width in (60..=400).step_by(20) {
            #[expect(clippy::cast_precision_loss, reason = "small widths")]
            let width = width as f32;
            let shown = copydesk::ui::script_text::truncated(ui, title, &font, width);
            let kept = shown.trim_end_matches('…');
            assert!(title.starts_with(kept), "{shown}");
            let end = kept.len();
            let next = title[end..].trim_start().len();
            assert!(
                script::cluster_boundaries(title).contains(&end) || next == 0,
                "cut inside a syllable at {width}: {shown}"
            );
            assert!(!kept.ends_with('၂'), "a number was cut at {width}: {shown}");
        }
        assert_eq!(
            copydesk::ui::script_text::truncated(ui, title, &font, 2000.0),
            title
        );
    });
    output.textures_delta.clear();
}
