//! The Terms tab of the side panel: the glossary terms found in the active row's source
//! (on syllable boundaries for Burmese), with their English, note and the variants not to
//! use; a click puts the English into the row at the cursor. "Add term…" (Ctrl+Shift+T)
//! adds one from a selection.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::glossary::TermHit;
use crate::model::{RowRef, Story};
use crate::qa::DeskChecks;
use crate::ui::theme;

/// The panel's state: the terms found for which row and source.
#[derive(Debug, Default)]
pub struct TermsPanel {
    found_for: Option<(RowRef, String, u64)>,
    hits: Vec<TermHit>,
}

impl TermsPanel {
    /// The terms of the active row's source, found again when the row, its source or the
    /// glossary changed.
    pub fn hits(
        &mut self,
        checks: &DeskChecks,
        generation: u64,
        story: &Story,
        row: RowRef,
    ) -> &[TermHit] {
        let source = story.row(row).map(|r| r.source.clone()).unwrap_or_default();
        let key = (row, source, generation);
        if self.found_for.as_ref() != Some(&key) {
            self.hits = checks.terms.find(&key.1);
            self.found_for = Some(key);
        }
        &self.hits
    }

    /// The panel. `can_type` is whether the person may change the row's English now.
    #[expect(clippy::too_many_arguments, reason = "what the panel shows, passed in")]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        checks: &DeskChecks,
        generation: u64,
        story: &Story,
        row: RowRef,
        can_type: bool,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Glossary: {} terms", checks.glossary.terms.len()))
                    .small()
                    .weak(),
            );
            if ui
                .button("Add term… (Ctrl+Shift+T)")
                .on_hover_text("Add a term from the selection in the source (and English)")
                .clicked()
            {
                commands.push(Command::ShowAddTerm);
            }
        });
        let source = story.row(row).map(|r| r.source.clone()).unwrap_or_default();
        let hits = self.hits(checks, generation, story, row).to_vec();
        if hits.is_empty() {
            ui.label("No glossary term in this row's source.");
            return;
        }
        for hit in hits {
            let Some(term) = checks.glossary.terms.get(hit.term) else {
                continue;
            };
            ui.separator();
            ui.label(
                RichText::new(source.get(hit.range.clone()).unwrap_or(&term.source))
                    .font(theme::source_font()),
            );
            ui.horizontal(|ui| {
                let insert = ui
                    .add_enabled(
                        can_type,
                        egui::Button::new(RichText::new(&term.english).font(theme::english_font())),
                    )
                    .on_hover_text("Put this English into the row at the cursor");
                if insert.clicked() {
                    commands.push(Command::InsertTerm(term.english.clone()));
                }
            });
            if !term.forbidden.is_empty() {
                ui.label(
                    RichText::new(format!("not: {}", term.forbidden.join(", ")))
                        .small()
                        .color(theme::error_color()),
                );
            }
            if !term.note.is_empty() {
                ui.label(RichText::new(&term.note).small());
            }
            ui.label(
                RichText::new(format!(
                    "added by {}, {}",
                    term.added_by,
                    term.added_at.format("%Y-%m-%d")
                ))
                .small()
                .weak(),
            );
        }
    }
}
