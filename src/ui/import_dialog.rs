//! The import dialog: a reporter's file (and optionally its English counterpart) as a new
//! story of the desk.

use egui::RichText;

use crate::command::Command;
use crate::ui::path_field::{PathField, PathKind};

/// UI state of the dialog.
pub struct ImportDialog {
    file: PathField,
    english: PathField,
    slug: String,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            file: PathField::new(PathKind::Document, "Import a story"),
            english: PathField::new(PathKind::Document, "Its English counterpart"),
            slug: String::new(),
        }
    }
}

impl ImportDialog {
    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Import")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new(
                        ".txt, .md or .docx: blank lines (or Word paragraphs) become rows, ## lines and Word headings subheads. Copydesk's own Markdown brings the whole story back; a writer's Markdown draft becomes the English story, its *deck* and the photos beside it included.",
                    )
                    .weak(),
                );
                self.file.ui(ui, "File to import");
                self.english.ui(ui, "English counterpart (optional)");
                let label = ui.label("Slug (optional)");
                ui.text_edit_singleline(&mut self.slug).labelled_by(label.id);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(self.file.path().is_some(), egui::Button::new("Import this file"))
                        .clicked()
                        && let Some(file) = self.file.path()
                    {
                        commands.push(Command::Import {
                            file,
                            english: self.english.path(),
                            slug: Some(self.slug.trim().to_owned()).filter(|s| !s.is_empty()),
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
