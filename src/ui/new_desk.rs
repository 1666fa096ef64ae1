//! The new-desk dialog: folder, name, languages and service name.

use egui::RichText;

use crate::command::Command;
use crate::model::{DeskSettings, is_language_tag};
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;

/// UI state of the dialog.
pub struct NewDeskDialog {
    folder: PathField,
    name: String,
    source: String,
    target: String,
    service: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

impl Default for NewDeskDialog {
    fn default() -> Self {
        Self {
            folder: PathField::new(PathKind::Folder, "Folder for the new desk"),
            name: String::new(),
            source: "my".to_owned(),
            target: "en".to_owned(),
            service: String::new(),
            error: None,
        }
    }
}

impl NewDeskDialog {
    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("New desk")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("new-desk").num_columns(2).show(ui, |ui| {
                    self.folder.ui(ui, "Folder");
                    ui.end_row();
                    for (label, value, hint) in [
                        ("Desk name", &mut self.name, "Myanmar Desk"),
                        ("Source language", &mut self.source, "my"),
                        ("Target language", &mut self.target, "en"),
                        ("Service name", &mut self.service, "RFA's Myanmar Service"),
                    ] {
                        let label = ui.label(label);
                        ui.add(egui::TextEdit::singleline(value).hint_text(hint))
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                });
                let problem = self.problem();
                if let Some(problem) = problem.as_ref().or(self.error.as_ref()) {
                    ui.label(RichText::new(problem).color(theme::error_color()));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Create desk"))
                        .clicked()
                    {
                        commands.push(Command::CreateDesk {
                            root: self.folder.path().unwrap_or_default(),
                            settings: DeskSettings::new(
                                self.name.trim(),
                                self.source.trim(),
                                self.target.trim(),
                                self.service.trim(),
                            ),
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        crate::ui::dialog_stays(ctx, open, close)
    }

    fn problem(&self) -> Option<String> {
        if self.folder.path().is_none() {
            return Some("Choose a folder for the desk.".to_owned());
        }
        if self.name.trim().is_empty() {
            return Some("Give the desk a name.".to_owned());
        }
        for (what, tag) in [("source", &self.source), ("target", &self.target)] {
            if !is_language_tag(tag.trim()) {
                return Some(format!(
                    "The {what} language must be a language tag such as \"my\" or \"en\"."
                ));
            }
        }
        None
    }
}
