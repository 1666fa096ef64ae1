//! The desk view: the desk's stories with stage, progress and last change, a filter, and
//! the files that could not be read.

use chrono::Local;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::app::Command;
use crate::session::Session;
use crate::ui::{script_text, theme};

/// UI state of the desk view.
#[derive(Debug, Default)]
pub struct DeskView {
    filter: String,
    /// Source counts per story, recomputed only when the story changes.
    counts: std::collections::HashMap<String, StoryCounts>,
    /// Burmese titles cut to their column: (title, column width, what is shown), per slug,
    /// worked out again only when the title or the width changes.
    titles: std::collections::HashMap<String, (String, f32, String)>,
}

/// What the desk view counts in a story, at one revision.
#[derive(Debug, Clone, Copy, Default)]
struct StoryCounts {
    revision: u64,
    source: crate::script::TextCounts,
    english_words: usize,
    /// Source rows that read as Zawgyi.
    zawgyi_rows: usize,
}

impl DeskView {
    /// Shows the desk's stories.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading(&session.settings.name);
            ui.label(RichText::new(session.root.display().to_string()).weak());
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter:");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("slug, headline or stage")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            if ui.button("New story…").clicked() {
                commands.push(Command::ShowNewStory);
            }
        });
        for problem in &session.problems {
            ui.colored_label(theme::error_color(), format!("Not loaded: {problem}"));
        }
        ui.add_space(6.0);

        let needle = self.filter.trim().to_lowercase();
        let shown: Vec<_> = session
            .docs
            .iter()
            .filter(|doc| {
                let story = &doc.story;
                needle.is_empty()
                    || [
                        story.slug.as_str(),
                        story.headline.english.as_str(),
                        story.headline.source.as_str(),
                        story.stage.label(),
                    ]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
            })
            .collect();
        if session.docs.is_empty() {
            ui.label("This desk has no stories yet. Use New story… to file one.");
            return;
        }
        if shown.is_empty() {
            ui.label("No story matches the filter.");
            return;
        }
        // Counting a story's syllables is work: done again only when the story changed.
        let language = &session.settings.source_language;
        for doc in &session.docs {
            let stale = self
                .counts
                .get(&doc.story.slug)
                .is_none_or(|c| c.revision != doc.revision);
            if stale {
                let story = &doc.story;
                let zawgyi_rows = story
                    .text_rows()
                    .filter(|r| crate::script::zawgyi::looks_like_zawgyi(&r.source))
                    .count();
                let counts = StoryCounts {
                    revision: doc.revision,
                    source: crate::script::source_counts(story, language),
                    english_words: story.english_word_count(),
                    zawgyi_rows,
                };
                self.counts.insert(story.slug.clone(), counts);
            }
        }
        let counts = &self.counts;
        let titles = &mut self.titles;
        let unit = crate::script::Script::for_language(language).unit_name();
        let header = |ui: &mut Ui, text: &str| {
            ui.label(RichText::new(text).strong());
        };
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Open comes first, so it is on screen however narrow the window.
            .column(Column::exact(60.0))
            .column(Column::remainder().at_least(200.0).clip(true))
            .column(Column::exact(150.0))
            .column(Column::exact(160.0))
            .column(Column::exact(130.0))
            .column(Column::exact(170.0))
            .header(22.0, |mut row| {
                for heading in ["", "Story", "Stage", "Progress", "Last change", "Attention"] {
                    row.col(|ui| header(ui, heading));
                }
            })
            .body(|mut body| {
                for doc in shown {
                    let story = &doc.story;
                    body.row(52.0, |mut row| {
                        row.col(|ui| {
                            if ui
                                .button("Open")
                                .accessible_name(format!("Open {}", story.slug))
                                .clicked()
                            {
                                commands.push(Command::OpenStory(story.slug.clone()));
                            }
                        });
                        row.col(|ui| {
                            ui.vertical(|ui| {
                                let title = story.display_title();
                                let text = if story.headline.english.trim().is_empty() {
                                    // Cut between syllables, not inside one or a number.
                                    let font = theme::source_font();
                                    let width = ui.available_width();
                                    let cached = titles
                                        .get(&story.slug)
                                        .filter(|(t, w, _)| t == title && (w - width).abs() < 0.5);
                                    let shown = if let Some((_, _, shown)) = cached {
                                        shown.clone()
                                    } else {
                                        let shown = script_text::truncated(ui, title, &font, width);
                                        titles.insert(
                                            story.slug.clone(),
                                            (title.to_owned(), width, shown.clone()),
                                        );
                                        shown
                                    };
                                    RichText::new(shown).font(font)
                                } else {
                                    RichText::new(title).strong()
                                };
                                ui.add(egui::Label::new(text).truncate());
                                ui.label(RichText::new(&story.slug).small().weak());
                            });
                        });
                        row.col(|ui| {
                            ui.label(story.stage.label());
                        });
                        row.col(|ui| {
                            let progress = story.progress();
                            ui.vertical(|ui| {
                                ui.add(
                                    egui::ProgressBar::new(progress.fraction())
                                        .desired_width(140.0)
                                        .text(format!(
                                            "{}/{} rows",
                                            progress.confirmed, progress.total
                                        )),
                                );
                                let c = counts.get(&story.slug).copied().unwrap_or_default();
                                let (source, words) = (c.source, c.english_words);
                                ui.label(
                                    RichText::new(format!(
                                        "{} {} · {} words",
                                        source.units, unit, words
                                    ))
                                    .small()
                                    .weak(),
                                );
                            });
                        });
                        row.col(|ui| {
                            ui.label(
                                story
                                    .modified
                                    .with_timezone(&Local)
                                    .format("%Y-%m-%d %H:%M")
                                    .to_string(),
                            );
                        });
                        row.col(|ui| {
                            let zawgyi = counts.get(&story.slug).map_or(0, |c| c.zawgyi_rows);
                            attention_ui(ui, doc, zawgyi);
                        });
                    });
                }
            });
    }
}

/// What needs someone's attention: open comments, re-filed rows, rows in Zawgyi, and the
/// sign-off state.
fn attention_ui(ui: &mut Ui, doc: &crate::session::StoryDoc, zawgyi_rows: usize) {
    let story = &doc.story;
    ui.vertical(|ui| {
        match doc.sign_off_state() {
            crate::workflow::SignOffState::Stale => {
                ui.colored_label(theme::error_color(), "sign-off stale");
            }
            crate::workflow::SignOffState::Current => {
                ui.label(RichText::new("signed off").small());
            }
            crate::workflow::SignOffState::None => {}
        }
        let comments = story.open_comments();
        let flagged = story
            .blocks
            .iter()
            .filter(|b| b.previous_source.is_some())
            .count();
        let mut parts = Vec::new();
        if comments > 0 {
            parts.push(format!("{comments} open comment(s)"));
        }
        if flagged > 0 {
            parts.push(format!("{flagged} re-filed row(s)"));
        }
        if zawgyi_rows > 0 {
            parts.push(format!("{zawgyi_rows} row(s) in Zawgyi"));
        }
        if !parts.is_empty() {
            ui.label(
                RichText::new(parts.join(", "))
                    .small()
                    .color(theme::warning_color()),
            );
        }
    });
}
