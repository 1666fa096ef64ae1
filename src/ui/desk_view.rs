//! The desk view: the desk's stories with stage, progress and last change, a filter, and
//! the files that could not be read.

use chrono::Local;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::app::Command;
use crate::session::Session;
use crate::ui::theme;

/// UI state of the desk view.
#[derive(Debug, Default)]
pub struct DeskView {
    filter: String,
    /// Source counts per story, recomputed only when the story changes.
    counts: std::collections::HashMap<String, (u64, crate::script::TextCounts, usize)>,
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
                .is_none_or(|(revision, _, _)| *revision != doc.revision);
            if stale {
                let counts = crate::script::source_counts(&doc.story, language);
                let words = doc.story.english_word_count();
                self.counts
                    .insert(doc.story.slug.clone(), (doc.revision, counts, words));
            }
        }
        let counts = &self.counts;
        let unit = crate::script::Script::for_language(language).unit_name();
        let header = |ui: &mut Ui, text: &str| {
            ui.label(RichText::new(text).strong());
        };
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Open comes first, so it is on screen however narrow the window.
            .column(Column::exact(60.0))
            .column(Column::remainder().at_least(280.0).clip(true))
            .column(Column::exact(170.0))
            .column(Column::exact(160.0))
            .column(Column::exact(130.0))
            .column(Column::exact(190.0))
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
                                    RichText::new(title).font(theme::source_font())
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
                                let (source, words) = counts
                                    .get(&story.slug)
                                    .map(|(_, c, w)| (*c, *w))
                                    .unwrap_or_default();
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
                            attention_ui(ui, doc);
                        });
                    });
                }
            });
    }
}

/// What needs someone's attention: open comments, re-filed rows, and the sign-off state.
fn attention_ui(ui: &mut Ui, doc: &crate::session::StoryDoc) {
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
        if !parts.is_empty() {
            ui.label(
                RichText::new(parts.join(", "))
                    .small()
                    .color(theme::warning_color()),
            );
        }
    });
}
