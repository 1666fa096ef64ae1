//! The preview: the story as a reader will see it, credit line included, with a draft banner
//! while it is not signed off. Built from the same `Publishable` the exporters use.

use std::path::Path;

use egui::{RichText, Ui};

use crate::export::{DRAFT_BANNER, PubBlock, Publishable};
use crate::model::{DeskSettings, Story};
use crate::ui::{photo_view, theme};
use crate::workflow::SignOffState;

/// The tallest a photo is shown in the preview.
const PHOTO_HEIGHT: f32 = 220.0;

/// Shows the preview of a story whose sign-off is in `state`.
pub fn ui(
    ui: &mut Ui,
    story: &Story,
    settings: &DeskSettings,
    desk_root: &Path,
    state: SignOffState,
) {
    let draft = state != SignOffState::Current;
    let public = Publishable::of(story, settings, draft);
    egui::ScrollArea::vertical()
        .id_salt("preview")
        .show(ui, |ui| {
            if public.draft {
                ui.label(
                    RichText::new(DRAFT_BANNER)
                        .strong()
                        .color(theme::error_color()),
                );
            }
            ui.label(RichText::new(&public.headline).heading().strong());
            if !public.deck.is_empty() {
                ui.label(RichText::new(&public.deck).italics());
            }
            let dateline = public.dateline();
            let mut first = true;
            for block in &public.blocks {
                ui.add_space(6.0);
                match block {
                    PubBlock::Paragraph(text) if first && !dateline.is_empty() => {
                        first = false;
                        ui.label(format!("{dateline} — {text}"));
                    }
                    PubBlock::Paragraph(text) => {
                        first = false;
                        ui.label(text);
                    }
                    PubBlock::Subhead(text) => {
                        ui.label(RichText::new(text).strong().size(theme::BODY_SIZE + 2.0));
                    }
                    PubBlock::Quote(text) => {
                        ui.indent("quote", |ui| ui.label(RichText::new(text).italics()));
                    }
                    PubBlock::Photo {
                        file,
                        caption,
                        credit,
                        alt,
                    } => {
                        photo_view::photo_ui(ui, desk_root, file, alt, PHOTO_HEIGHT);
                        ui.label(RichText::new(caption).small());
                        ui.label(RichText::new(credit).small().weak());
                    }
                }
            }
            for correction in &public.corrections {
                ui.label(RichText::new(correction).strong());
            }
            ui.add_space(10.0);
            ui.label(RichText::new(&public.credit_line).italics());
        });
}
