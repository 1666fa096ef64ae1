//! Closing with work that could not be saved: the stories and why, and the choices — try
//! again, keep copies outside the desk, or keep working. After copies are kept, the window
//! says where they are before it closes.

use std::path::PathBuf;

use crate::ui::theme;

/// What the person chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseChoice {
    /// Try saving again, and close if it works.
    TryAgain,
    /// Write copies to this computer's recovery folder.
    Rescue,
    /// Close now (after the copies were kept and shown).
    CloseNow,
}

/// UI state of the close check.
#[derive(Debug, Default)]
pub struct CloseDialog {
    /// Set when closing was refused because some work could not be saved.
    refused: bool,
    /// Set once the window may close.
    allowed: bool,
    /// Where unsaved work was copied, shown before closing.
    rescued: Option<Vec<PathBuf>>,
}

impl CloseDialog {
    /// Whether the window may close.
    #[must_use]
    pub fn allowed(&self) -> bool {
        self.allowed
    }

    /// Lets the window close.
    pub fn allow(&mut self) {
        self.allowed = true;
    }

    /// Closing was refused: ask the person.
    pub fn refused(&mut self) {
        self.refused = true;
    }

    /// The unsaved work was copied to these files: say so before closing.
    pub fn rescued(&mut self, paths: Vec<PathBuf>) {
        self.rescued = Some(paths);
    }

    /// Shows the question (or where the copies are), when closing was refused.
    pub fn ui(&mut self, ctx: &egui::Context, failures: &[String]) -> Option<CloseChoice> {
        let mut choice = None;
        if let Some(paths) = &self.rescued {
            egui::Window::new("Your unsaved work was copied")
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label("The desk could not be written, so your work is kept here:");
                    for path in paths {
                        ui.monospace(path.display().to_string());
                    }
                    ui.label("Open a copy with any text editor, or bring it back when the desk is reachable again.");
                    if ui.button("Close Copydesk").clicked() {
                        choice = Some(CloseChoice::CloseNow);
                    }
                });
            return choice;
        }
        if !self.refused {
            return None;
        }
        let mut keep_working = false;
        egui::Window::new("Some work is not saved")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("These stories could not be written to the desk:");
                for failure in failures {
                    ui.colored_label(theme::error_color(), failure);
                }
                ui.horizontal(|ui| {
                    if ui.button("Try again").clicked() {
                        choice = Some(CloseChoice::TryAgain);
                    }
                    if ui
                        .button("Save copies elsewhere and quit")
                        .on_hover_text(
                            "Write the unsaved stories to Copydesk's recovery folder on this computer",
                        )
                        .clicked()
                    {
                        choice = Some(CloseChoice::Rescue);
                    }
                    if ui.button("Keep working").clicked() {
                        keep_working = true;
                    }
                });
            });
        if keep_working {
            self.refused = false;
        }
        choice
    }
}
