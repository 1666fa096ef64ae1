//! The status bar: save state, row progress and English word count of the open story.

use chrono::Local;
use egui::{RichText, Ui};

use crate::app::Command;
use crate::session::StoryDoc;
use crate::ui::theme;

/// Shows the status bar for the open story (or just the notice on the desk view).
pub fn ui(ui: &mut Ui, doc: Option<&StoryDoc>, notice: Option<&str>, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if let Some(doc) = doc {
            save_state_ui(ui, doc, commands);
            ui.separator();
            let progress = doc.story.progress();
            ui.label(format!(
                "rows {}/{} confirmed",
                progress.confirmed, progress.total
            ));
            ui.separator();
            ui.label(format!("English words {}", doc.story.english_word_count()));
            ui.separator();
            ui.label(doc.story.stage.label());
        }
        if let Some(notice) = notice {
            ui.separator();
            ui.label(RichText::new(notice).italics());
        }
    });
}

fn save_state_ui(ui: &mut Ui, doc: &StoryDoc, commands: &mut Vec<Command>) {
    if doc.conflict {
        ui.colored_label(
            theme::error_color(),
            doc.save_error.as_deref().unwrap_or("conflict"),
        );
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
    } else if let Some(error) = &doc.save_error {
        ui.colored_label(theme::error_color(), format!("not saved: {error}"));
    } else if doc.is_dirty() {
        ui.colored_label(theme::warning_color(), "unsaved changes…");
    } else if let Some(at) = doc.saved_at {
        ui.label(format!(
            "saved {}",
            at.with_timezone(&Local).format("%H:%M:%S")
        ));
    } else {
        ui.label(format!(
            "last changed {}",
            doc.story
                .modified
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M")
        ));
    }
}
