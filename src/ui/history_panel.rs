//! The history panel: the story's revisions, and the differences between any two of them
//! (or a revision and now), word by word, source and English apart.

use chrono::Local;
use egui::text::LayoutJob;
use egui::{RichText, TextFormat, Ui};

use crate::model::{Content, Revision, Story};
use crate::ui::theme;
use crate::workflow::{self, DiffPart, DiffSpan};

/// Which version: a revision by index, or the story as it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    Revision(usize),
    Now,
}

/// UI state of the panel: the two versions compared.
#[derive(Debug)]
pub struct HistoryPanel {
    from: Option<Version>,
    to: Version,
}

impl Default for HistoryPanel {
    fn default() -> Self {
        Self {
            from: None,
            to: Version::Now,
        }
    }
}

impl HistoryPanel {
    /// Compares the translator's handover with now: the editor's most used view.
    /// Returns `false` when the story has no handover yet.
    pub fn since_translation(&mut self, revisions: &[&Revision]) -> bool {
        match workflow::translation_handover(revisions) {
            Some(index) => {
                self.from = Some(Version::Revision(index));
                self.to = Version::Now;
                true
            }
            None => false,
        }
    }

    /// Shows the revisions (oldest first) and the chosen comparison.
    pub fn ui(&mut self, ui: &mut Ui, story: &Story, revisions: &[&Revision]) {
        if revisions.is_empty() {
            ui.label(
                RichText::new("No revisions yet: one is kept at every stage change and sign-off.")
                    .weak(),
            );
            return;
        }
        let handover = workflow::translation_handover(revisions).is_some();
        if ui
            .add_enabled(handover, egui::Button::new("Changes since translation"))
            .on_disabled_hover_text("The translator has not handed this story over yet")
            .clicked()
        {
            self.since_translation(revisions);
        }
        let name = |v: Version| match v {
            Version::Now => "now".to_owned(),
            Version::Revision(i) => revisions.get(i).map_or_else(String::new, |r| {
                format!(
                    "{} · {} · {}",
                    r.at.with_timezone(&Local).format("%m-%d %H:%M"),
                    r.by,
                    r.event
                )
            }),
        };
        let choices: Vec<Version> = (0..revisions.len())
            .map(Version::Revision)
            .chain([Version::Now])
            .collect();
        let from = self
            .from
            .get_or_insert(Version::Revision(revisions.len() - 1));
        for (label, value) in [("From", from), ("To", &mut self.to)] {
            ui.horizontal(|ui| {
                ui.label(label);
                egui::ComboBox::from_id_salt(label)
                    .selected_text(name(*value))
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        for choice in &choices {
                            ui.selectable_value(value, *choice, name(*choice));
                        }
                    })
                    .response
                    .accessible_name(format!("Compare {}", label.to_lowercase()));
            });
        }
        let content = |v: Version| -> Content {
            match v {
                Version::Now => story.content(),
                Version::Revision(i) => revisions
                    .get(i)
                    .map(|r| r.content.clone())
                    .unwrap_or_default(),
            }
        };
        let (source, english) = workflow::diff_content(
            &content(self.from.unwrap_or(Version::Now)),
            &content(self.to),
        );
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("history")
            .show(ui, |ui| {
                ui.label(RichText::new("English").strong());
                diff_ui(ui, &english, false);
                ui.add_space(8.0);
                ui.label(RichText::new("Source").strong());
                diff_ui(ui, &source, true);
                ui.separator();
                ui.label(RichText::new("Revisions").strong());
                for revision in revisions.iter().rev() {
                    ui.label(format!(
                        "{} · {} · {}",
                        revision.at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                        revision.by,
                        revision.event
                    ));
                    if let Some(note) = &revision.note {
                        ui.label(RichText::new(format!("note: {note}")).italics());
                    }
                    if !revision.open_items.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "went ahead with: {}",
                                revision.open_items.join("; ")
                            ))
                            .italics(),
                        );
                    }
                    if let Some(old) = &revision.old_text {
                        ui.label(RichText::new(format!("source before: {old}")).italics());
                    }
                }
                if revisions.first().is_none_or(|r| r.event != "filed") {
                    ui.label(
                        RichText::new("filed: unknown (before Copydesk recorded filing)").weak(),
                    );
                }
            });
    }
}

/// Text with deletions struck through in red and insertions underlined in green.
fn diff_ui(ui: &mut Ui, spans: &[DiffSpan], source: bool) {
    if spans.iter().all(|s| s.part == DiffPart::Same) {
        ui.label(RichText::new("No differences.").weak());
        return;
    }
    let font = if source {
        theme::source_font()
    } else {
        theme::english_font()
    };
    let mut job = LayoutJob::default();
    let normal = ui.visuals().text_color();
    for span in spans {
        let mut format = TextFormat::simple(font.clone(), normal);
        match span.part {
            DiffPart::Same => {}
            DiffPart::Deleted => {
                format.color = theme::error_color();
                format.strikethrough = egui::Stroke::new(1.0, theme::error_color());
            }
            DiffPart::Inserted => {
                format.color = theme::inserted_color();
                format.underline = egui::Stroke::new(1.0, theme::inserted_color());
            }
        }
        job.append(&span.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}
