//! The comparison shown when pasted or imported Burmese looks like Zawgyi: the text as it
//! is and as converted to Unicode, side by side, and the person's choice.

use egui::RichText;

use crate::script::zawgyi;
use crate::ui::{script_text, theme};

/// What the person chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZawgyiChoice {
    /// Store the converted (Unicode) text.
    Convert,
    /// Store the text as it is: the person says it is Unicode.
    Keep,
    /// Neither: drop the paste or the import.
    Cancel,
}

/// A Zawgyi-looking text and its conversion, waiting for the person to choose.
#[derive(Clone, Debug)]
pub struct ZawgyiCompare {
    /// Where the text came from, for the title: "the pasted text", "filed.txt".
    pub what: String,
    /// The text as it came.
    pub original: String,
    /// The text converted from Zawgyi to Unicode.
    pub converted: String,
    /// Whether the detector found Zawgyi (else the person asked for the comparison).
    pub detected: bool,
}

/// How much of each side to show: enough to judge, not a whole story.
const SHOWN_CHARS: usize = 700;

impl ZawgyiCompare {
    /// A comparison for `original` when it looks like Zawgyi, or `None` when it does not
    /// (or cannot be converted: it is then stored as it is, as before).
    #[must_use]
    pub fn if_zawgyi(what: &str, original: &str) -> Option<Self> {
        let (found, converted) = zawgyi::detect_with_conversion(original);
        if found.verdict != zawgyi::Verdict::Zawgyi {
            return None;
        }
        Some(Self::from_parts(what, original.to_owned(), converted?))
    }

    /// A comparison whatever the detector says, for a person who knows better.
    #[must_use]
    pub fn new(what: &str, original: &str) -> Option<Self> {
        let (found, converted) = zawgyi::detect_with_conversion(original);
        Some(Self {
            detected: found.verdict == zawgyi::Verdict::Zawgyi,
            ..Self::from_parts(what, original.to_owned(), converted?)
        })
    }

    /// A comparison of text the detector found to be Zawgyi and its conversion.
    #[must_use]
    pub fn from_parts(what: &str, original: String, converted: String) -> Self {
        Self {
            what: what.to_owned(),
            original,
            converted,
            detected: true,
        }
    }

    /// The chosen text: converted, or as it came.
    #[must_use]
    pub fn text(&self, choice: ZawgyiChoice) -> &str {
        match choice {
            ZawgyiChoice::Convert => &self.converted,
            ZawgyiChoice::Keep | ZawgyiChoice::Cancel => &self.original,
        }
    }

    /// Shows the comparison; returns the choice once made.
    #[must_use]
    pub fn ui(&self, ctx: &egui::Context) -> Option<ZawgyiChoice> {
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("zawgyi comparison")).show(ctx, |ui| {
            ui.set_max_width(760.0);
            if self.detected {
                ui.heading("This looks like Zawgyi");
                ui.label(format!(
                    "The Burmese in {} seems to be typed in Zawgyi, the old font encoding. \
                     Copydesk stores Unicode, so it can be searched, counted and published. \
                     Compare, then choose.",
                    self.what
                ));
            } else {
                ui.heading("Convert from Zawgyi?");
                ui.label(format!(
                    "Copydesk cannot tell whether {} is Zawgyi or Unicode. \
                     If the converted side reads correctly, it was Zawgyi.",
                    self.what
                ));
            }
            ui.add_space(6.0);
            ui.columns(2, |columns| {
                let sides = [
                    ("As it came (shown as Unicode)", &self.original),
                    ("Converted to Unicode", &self.converted),
                ];
                for (ui, (title, text)) in columns.iter_mut().zip(sides) {
                    ui.label(RichText::new(title).strong());
                    // Measured here: inside the scroll area the width is not the column's.
                    let width = ui.available_width();
                    let shown: String = text.chars().take(SHOWN_CHARS).collect();
                    let more = text.chars().count() > SHOWN_CHARS;
                    egui::ScrollArea::vertical()
                        .id_salt(title)
                        .max_height(260.0)
                        .show(ui, |ui| {
                            let color = ui.visuals().text_color();
                            script_text::label(ui, &shown, theme::source_font(), color, width);
                            if more {
                                ui.label(RichText::new("…").weak());
                            }
                        });
                }
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Convert to Unicode")
                    .on_hover_text("Store the converted text")
                    .clicked()
                {
                    choice = Some(ZawgyiChoice::Convert);
                }
                if ui
                    .button("Keep as is")
                    .on_hover_text("It is Unicode already: store it unchanged")
                    .clicked()
                {
                    choice = Some(ZawgyiChoice::Keep);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(ZawgyiChoice::Cancel);
                }
            });
        });
        if modal.should_close() && choice.is_none() {
            choice = Some(ZawgyiChoice::Cancel);
        }
        choice
    }
}
