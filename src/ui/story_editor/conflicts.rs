//! What a merge of two machines' versions left for a person: the other version shown beside
//! ours in its row, and the story's other merge notes above the rows, each settled by one
//! undoable edit (`merge::resolve`).

use egui::{RichText, Ui};

use super::StoryEditor;
use crate::command::Command;
use crate::merge::{Choice, resolve};
use crate::model::{ConflictKind, RowRef, Side, Story};
use crate::ui::{script_text, theme};

impl StoryEditor {
    /// The conflicts of one side of a row (and, on the English side, the row's photo and
    /// removal notes): the other machine's version and the three choices.
    pub(super) fn row_conflicts_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        row: RowRef,
        side: Side,
        label: &str,
        commands: &mut Vec<Command>,
    ) {
        for (index, conflict) in story.merge_conflicts.iter().enumerate() {
            let here = match &conflict.what {
                ConflictKind::Text { row: r, side: s } => *r == row && *s == side,
                ConflictKind::Photo { row: r, .. } | ConflictKind::Removed { row: r, .. } => {
                    *r == row && side == Side::English
                }
                _ => false,
            };
            if !here {
                continue;
            }
            let text_choice = !matches!(conflict.what, ConflictKind::Removed { .. });
            let side_name = match side {
                Side::Source => "source",
                Side::English => "English",
            };
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, theme::warning_color()))
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(conflict.describe())
                            .small()
                            .color(theme::warning_color()),
                    );
                    if text_choice {
                        ui.label(RichText::new("Their version:").small().weak());
                        let width = ui.available_width();
                        if side == Side::Source {
                            let color = ui.visuals().text_color();
                            script_text::label(
                                ui,
                                &conflict.theirs,
                                theme::source_font(),
                                color,
                                width,
                            );
                        } else {
                            // Its own text names it to a screen reader, after "Their version:".
                            ui.label(conflict.theirs.as_str());
                        }
                    }
                    ui.horizontal_wrapped(|ui| {
                        for (choice, name) in choices(text_choice) {
                            if ui
                                .small_button(*name)
                                .accessible_name(format!("{name}: {side_name} on {label}"))
                                .clicked()
                            {
                                self.commit_draft(story, commands);
                                if let Some(edit) = resolve(story, index, *choice) {
                                    commands.push(Command::Apply {
                                        slug: self.slug.clone(),
                                        edit,
                                        label: "settle a merge conflict".to_owned(),
                                        row: Some(row),
                                    });
                                }
                            }
                        }
                    });
                });
        }
    }

    /// The merge notes that belong to no row (stage, stale sign-off, comment, credit line,
    /// dateline), above the rows, each with its choices.
    pub(super) fn merge_notes_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        commands: &mut Vec<Command>,
    ) {
        for (index, conflict) in story.merge_conflicts.iter().enumerate() {
            if conflict.row().is_some() {
                continue;
            }
            let text_choice = matches!(
                conflict.what,
                ConflictKind::Comment { .. } | ConflictKind::CreditLine
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(conflict.describe()).color(theme::warning_color()));
                if text_choice {
                    ui.label(RichText::new(format!("Theirs: {}", conflict.theirs)).weak());
                }
                for (choice, name) in choices(text_choice) {
                    if ui
                        .small_button(*name)
                        .accessible_name(format!("{name}: merge note {}", index + 1))
                        .clicked()
                        && let Some(edit) = resolve(story, index, *choice)
                    {
                        commands.push(Command::Apply {
                            slug: self.slug.clone(),
                            edit,
                            label: "settle a merge conflict".to_owned(),
                            row: None,
                        });
                    }
                }
            });
        }
    }
}

/// The buttons for a conflict: a text to choose, or a note to dismiss.
fn choices(text_choice: bool) -> &'static [(Choice, &'static str)] {
    if text_choice {
        &[
            (Choice::Mine, "Keep mine"),
            (Choice::Theirs, "Use theirs"),
            (Choice::Both, "Combine"),
        ]
    } else {
        &[(Choice::Mine, "Dismiss")]
    }
}
