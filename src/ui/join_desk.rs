//! File > Join team desk…: where the desk is (anything `git clone` takes: a server's
//! address, a shared folder) and the new folder to put it in on this computer.

use egui::RichText;

use crate::command::Command;
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;

/// UI state of the dialog.
pub struct JoinDeskDialog {
    url: String,
    folder: PathField,
}

impl Default for JoinDeskDialog {
    fn default() -> Self {
        Self {
            url: String::new(),
            folder: PathField::new(PathKind::Folder, "A new folder for the desk"),
        }
    }
}

impl JoinDeskDialog {
    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Join team desk")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "Copies a desk your team shares through git onto this computer. Passwords \
                     and keys are git's own (your SSH agent or credential helper).",
                );
                let label = ui.label("Remote (address or folder)");
                ui.add(
                    egui::TextEdit::singleline(&mut self.url)
                        .hint_text("git@server:desks/myanmar.git")
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                self.folder.ui(ui, "Folder on this computer");
                let problem = if self.url.trim().is_empty() {
                    Some("Type where the desk is.".to_owned())
                } else {
                    match self.folder.path() {
                        None => Some("Choose a new, empty folder for the desk.".to_owned()),
                        Some(path)
                            if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_some()) =>
                        {
                            Some(format!(
                                "{} is not empty: choose a new folder.",
                                path.display()
                            ))
                        }
                        Some(_) => None,
                    }
                };
                if let Some(problem) = &problem {
                    ui.label(RichText::new(problem).color(theme::warning_color()));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Join"))
                        .clicked()
                        && let Some(dir) = self.folder.path()
                    {
                        commands.push(Command::JoinDesk {
                            url: self.url.trim().to_owned(),
                            dir,
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
