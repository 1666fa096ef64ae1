//! The desk view: the desk's stories with stage, progress and last change, a filter, and
//! the files that could not be read.

use chrono::Local;
use egui::{RichText, Ui};

use crate::app::Command;
use crate::session::Session;
use crate::ui::theme;

/// UI state of the desk view.
#[derive(Debug, Default)]
pub struct DeskView {
    filter: String,
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
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("stories")
                    .striped(true)
                    .num_columns(5)
                    .spacing([16.0, 8.0])
                    .show(ui, |ui| {
                        for heading in ["Story", "Stage", "Progress", "Last change", ""] {
                            ui.label(RichText::new(heading).strong());
                        }
                        ui.end_row();
                        for doc in shown {
                            let story = &doc.story;
                            ui.vertical(|ui| {
                                let title = story.display_title();
                                let text = if story.headline.english.trim().is_empty() {
                                    RichText::new(title).font(theme::source_font())
                                } else {
                                    RichText::new(title).strong()
                                };
                                ui.label(text);
                                ui.label(RichText::new(&story.slug).small().weak());
                            });
                            ui.label(story.stage.label());
                            let progress = story.progress();
                            ui.add(
                                egui::ProgressBar::new(progress.fraction())
                                    .desired_width(140.0)
                                    .text(format!(
                                        "{}/{} rows",
                                        progress.confirmed, progress.total
                                    )),
                            );
                            ui.label(
                                story
                                    .modified
                                    .with_timezone(&Local)
                                    .format("%Y-%m-%d %H:%M")
                                    .to_string(),
                            );
                            if ui
                                .button("Open")
                                .accessible_name(format!("Open {}", story.slug))
                                .clicked()
                            {
                                commands.push(Command::OpenStory(story.slug.clone()));
                            }
                            ui.end_row();
                        }
                    });
            });
    }
}
