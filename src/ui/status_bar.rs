//! The status bar: save state, row progress and English word count of the open story.

use chrono::Local;
use egui::{RichText, Ui};

use crate::command::Command;
use crate::model::Progress;
use crate::session::StoryDoc;
use crate::ui::theme;

/// UI state of the status bar: the counts of the open story, worked out again only when it
/// changes, and then only for the rows whose text changed (segmenting a 5,000-row story
/// into syllables after every keystroke would cost more than drawing it).
#[derive(Debug, Default)]
pub struct StatusBar {
    counted: Option<Counts>,
    /// Counts of one row's text, by a hash of its source and English.
    rows: std::collections::HashMap<u64, RowCounts>,
}

/// What the status bar counts in one row.
#[derive(Debug, Clone)]
struct RowCounts {
    source: crate::script::TextCounts,
    english_words: usize,
    /// The distinct characters outside ASCII in the row.
    unusual: Vec<char>,
}

#[derive(Debug)]
struct Counts {
    slug: String,
    revision: u64,
    progress: Progress,
    english_words: usize,
    source: crate::script::TextCounts,
    unit: &'static str,
    /// Every distinct character outside ASCII in the story, to check against the fonts.
    unusual: String,
}

impl StatusBar {
    /// Shows the status bar for the open story (or just the notice on the desk view), into a
    /// horizontal layout the caller gives.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: Option<&StoryDoc>,
        sign_off: Option<crate::workflow::SignOffState>,
        source_language: &str,
        notice: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        if let Some(doc) = doc {
            save_state_ui(ui, doc, commands);
            ui.separator();
            let counts = self.counts(doc, source_language);
            ui.label(format!(
                "rows {}/{} confirmed",
                counts.progress.confirmed, counts.progress.total
            ));
            ui.separator();
            ui.label(format!(
                "source {} {}, {} characters",
                counts.source.units, counts.unit, counts.source.characters
            ));
            ui.separator();
            ui.label(format!("English words {}", counts.english_words));
            ui.separator();
            let unusual = counts.unusual.clone();
            font_hint_ui(ui, &unusual);
            ui.label(doc.story().stage.label());
            match sign_off.unwrap_or(crate::workflow::SignOffState::None) {
                crate::workflow::SignOffState::Current => {
                    ui.label("signed off");
                }
                crate::workflow::SignOffState::Stale => {
                    ui.colored_label(theme::error_color(), "sign-off stale");
                }
                crate::workflow::SignOffState::None => {}
            }
        }
        if let Some(notice) = notice {
            ui.separator();
            ui.label(RichText::new(notice).italics());
        }
    }

    fn counts(&mut self, doc: &StoryDoc, source_language: &str) -> &Counts {
        let stale = self
            .counted
            .as_ref()
            .is_none_or(|c| c.slug != doc.story().slug || c.revision != doc.revision());
        if stale {
            self.counted = None;
        }
        let rows = &mut self.rows;
        self.counted.get_or_insert_with(|| {
            let story = doc.story();
            let script = crate::script::Script::for_language(source_language);
            let mut source = crate::script::TextCounts::default();
            let mut english_words = 0;
            let mut unusual = std::collections::BTreeSet::new();
            let mut seen = std::collections::HashSet::new();
            let omitted: std::collections::HashSet<crate::model::BlockId> = story
                .blocks
                .iter()
                .filter(|b| b.omitted)
                .map(|b| b.id)
                .collect();
            for (row, text) in story.rows().zip(story.text_rows()) {
                let key = row_key(&text.source, &text.english);
                seen.insert(key);
                let counted = rows.entry(key).or_insert_with(|| count_row(script, text));
                source.units += counted.source.units;
                source.characters += counted.source.characters;
                // Rows left out of the copy have no English words in it.
                if !matches!(row, crate::model::RowRef::Block(id) if omitted.contains(&id)) {
                    english_words += counted.english_words;
                }
                unusual.extend(counted.unusual.iter().copied());
            }
            // Forget rows that are gone, so the cache stays the size of the story.
            rows.retain(|key, _| seen.contains(key));
            Counts {
                slug: story.slug.clone(),
                revision: doc.revision(),
                progress: story.progress(),
                english_words,
                source,
                unit: script.unit_name(),
                unusual: unusual.into_iter().collect(),
            }
        })
    }
}

fn row_key(source: &str, english: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    source.hash(&mut hasher);
    english.hash(&mut hasher);
    hasher.finish()
}

fn count_row(script: crate::script::Script, row: &crate::model::TextRow) -> RowCounts {
    let mut unusual: Vec<char> = row
        .source
        .chars()
        .chain(row.english.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    unusual.sort_unstable();
    unusual.dedup();
    RowCounts {
        source: script.count(&row.source),
        english_words: crate::model::count_words(&row.english),
        unusual,
    }
}

/// Names the characters of the story that no bundled font has, which egui draws as boxes.
fn font_hint_ui(ui: &mut Ui, unusual: &str) {
    let missing = crate::ui::script_text::without_font(ui.ctx(), unusual);
    if missing.is_empty() {
        return;
    }
    let mut scripts: Vec<&str> = missing
        .iter()
        .map(|&c| crate::script::script_name(c).unwrap_or("other"))
        .collect();
    scripts.dedup();
    let codes: Vec<String> = missing
        .iter()
        .map(|&c| format!("U+{:04X}", u32::from(c)))
        .collect();
    ui.colored_label(
        theme::warning_color(),
        format!("no font for {} text: shown as boxes", scripts.join(", ")),
    )
    .on_hover_text(format!(
        "Copydesk has no font for these characters: {}. The text is stored and exported correctly; only this screen cannot draw it.",
        codes.join(" ")
    ));
    ui.separator();
}

fn save_state_ui(ui: &mut Ui, doc: &StoryDoc, commands: &mut Vec<Command>) {
    if doc.in_conflict() {
        ui.colored_label(
            theme::error_color(),
            "Conflict: someone else saved this story. Your version is kept in backups.",
        )
        .on_hover_text(doc.save_error().unwrap_or("conflict"));
        if ui
            .button("Keep mine")
            .on_hover_text(
                "Write your version over the file someone else changed (theirs stays in backups/)",
            )
            .clicked()
        {
            commands.push(Command::ResolveConflict { keep_mine: true });
        }
        if ui
            .button("Load theirs")
            .on_hover_text("Replace your version with theirs (yours stays in backups/)")
            .clicked()
        {
            commands.push(Command::ResolveConflict { keep_mine: false });
        }
    } else if let Some(error) = doc.save_error() {
        ui.colored_label(theme::error_color(), format!("not saved: {error}"));
    } else if doc.is_saving() {
        ui.colored_label(theme::warning_color(), "saving…");
    } else if doc.is_dirty() {
        ui.colored_label(theme::warning_color(), "unsaved changes…");
    } else if let Some(at) = doc.saved_at() {
        ui.label(format!(
            "saved {}",
            at.with_timezone(&Local).format("%H:%M:%S")
        ));
    } else {
        ui.label(format!(
            "last changed {}",
            doc.story()
                .last_change()
                .0
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M")
        ));
    }
}

/// The team desk's part of the status bar: the sync state ("up to date", "2 changes to
/// send, 1 change to receive"), what a running sync is doing, who else was seen editing the
/// open story, and the Sync button.
pub fn sync_ui(
    ui: &mut Ui,
    state: &str,
    busy: Option<&str>,
    others: &[String],
    commands: &mut Vec<Command>,
) {
    // The button first, so it stays where the hand expects it whatever the state says.
    if ui
        .add_enabled(busy.is_none(), egui::Button::new("Sync"))
        .on_hover_text("Send your work to the team and receive theirs")
        .clicked()
    {
        commands.push(Command::Sync);
    }
    if let Some(step) = busy {
        ui.add(egui::Spinner::new());
        ui.label(format!("Sync: {step}"));
    } else {
        ui.label(format!("Team desk: {state}"));
    }
    if !others.is_empty() {
        ui.label(format!("last seen editing this: {}", others.join(", ")));
    }
    ui.separator();
}
