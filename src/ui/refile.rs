//! The re-file dialog: the reporter's changed source, pasted over the story's source side.

use egui::RichText;

use crate::command::Command;
use crate::ui::theme;

/// UI state of the dialog.
#[derive(Debug)]
pub struct RefileDialog {
    slug: String,
    text: String,
}

impl RefileDialog {
    /// A dialog for re-filing the source of story `slug`.
    #[must_use]
    pub fn new(slug: String) -> Self {
        Self {
            slug,
            text: String::new(),
        }
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Re-file source")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(
                    "Paste the reporter's new version of the whole story. The English is kept; rows whose source changed are flagged for the translator with the old source beside the new.",
                );
                let label = ui.label("New source");
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut self.text)
                            .font(theme::source_font())
                            .desired_rows(10)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(!self.text.trim().is_empty(), egui::Button::new("Re-file"))
                        .clicked()
                    {
                        commands.push(Command::Refile {
                            slug: self.slug.clone(),
                            text: std::mem::take(&mut self.text),
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                ui.label(RichText::new("Blank lines separate paragraphs.").weak());
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
