//! The open-desk dialog: a desk folder, typed or chosen with the native dialog.

use egui::RichText;

use crate::command::Command;
use crate::store;
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;

/// UI state of the dialog.
pub struct OpenDeskDialog {
    folder: PathField,
}

impl Default for OpenDeskDialog {
    fn default() -> Self {
        Self {
            folder: PathField::new(PathKind::Folder, "Open a desk folder"),
        }
    }
}

impl OpenDeskDialog {
    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Open desk")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                self.folder.ui(ui, "Desk folder");
                let problem = match self.folder.path() {
                    None => Some("Choose the folder that holds the desk's desk.ron.".to_owned()),
                    Some(path) if !store::is_desk(&path) => Some(format!(
                        "{} is not a Copydesk desk: it has no {}.",
                        path.display(),
                        store::DESK_FILE
                    )),
                    Some(_) => None,
                };
                if let Some(problem) = &problem {
                    ui.label(RichText::new(problem).color(theme::warning_color()));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Open this desk"))
                        .clicked()
                        && let Some(path) = self.folder.path()
                    {
                        commands.push(Command::OpenDesk(path));
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
