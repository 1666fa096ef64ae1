//! Design tokens: the fonts, colours and spacing every panel uses. No raw colours elsewhere.
#![expect(
    clippy::disallowed_methods,
    reason = "this is the one place where colours are defined"
)]

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId};

use crate::model::RowStatus;

/// The font family for the source side. The script's own font comes first, so line height
/// and mark placement come from it and stacked marks never collide between lines.
pub const SOURCE_FAMILY: &str = "source";

/// The bundled Myanmar font (Noto Sans Myanmar, OFL; licence in `assets/fonts/OFL.txt`).
const MYANMAR_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansMyanmar-Regular.ttf");

/// Body text size, in points.
pub const BODY_SIZE: f32 = 15.0;
/// Source text size: Myanmar glyphs are small for their line height, so one point larger.
pub const SOURCE_SIZE: f32 = 16.0;
/// Width of the gutter left of each row (row number, status, row menu).
pub const GUTTER_WIDTH: f32 = 92.0;
/// Space between the two sides and around rows.
pub const GAP: f32 = 10.0;
/// Vertical padding inside a row.
pub const ROW_PADDING: f32 = 6.0;
/// Height of a photo thumbnail in the editor.
pub const THUMBNAIL_HEIGHT: f32 = 120.0;

/// Installs Copydesk's fonts: the bundled Myanmar font first in the source family, and as a
/// fallback everywhere else so a Burmese title in a list never shows as boxes.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-myanmar".to_owned(),
        std::sync::Arc::new(FontData::from_static(MYANMAR_FONT)),
    );
    let proportional = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut source = vec!["noto-sans-myanmar".to_owned()];
    source.extend(proportional);
    fonts
        .families
        .insert(FontFamily::Name(SOURCE_FAMILY.into()), source);
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto-sans-myanmar".to_owned());
    }
    ctx.set_fonts(fonts);
    crate::ui::script_text::watch_font_coverage(ctx);
}

/// The font of source-side text.
#[must_use]
pub fn source_font() -> FontId {
    FontId::new(SOURCE_SIZE, FontFamily::Name(SOURCE_FAMILY.into()))
}

/// The font of English text in the editor.
#[must_use]
pub fn english_font() -> FontId {
    FontId::proportional(BODY_SIZE)
}

/// The font of the headline row.
#[must_use]
pub fn headline_font(source: bool) -> FontId {
    if source {
        FontId::new(SOURCE_SIZE + 3.0, FontFamily::Name(SOURCE_FAMILY.into()))
    } else {
        FontId::proportional(BODY_SIZE + 4.0)
    }
}

/// The fill behind the active row.
#[must_use]
pub fn active_row_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(38, 52, 72)
    } else {
        Color32::from_rgb(228, 238, 252)
    }
}

/// The colour of omitted rows' text.
#[must_use]
pub fn omitted_text(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// The colour of a row-status badge.
#[must_use]
pub fn status_color(status: RowStatus) -> Color32 {
    match status {
        RowStatus::Untranslated => Color32::from_rgb(150, 150, 150),
        RowStatus::Draft => Color32::from_rgb(214, 150, 40),
        RowStatus::Translated => Color32::from_rgb(60, 160, 90),
        RowStatus::Reviewed => Color32::from_rgb(70, 120, 210),
    }
}

/// The colour of error messages.
#[must_use]
pub fn error_color() -> Color32 {
    Color32::from_rgb(210, 70, 60)
}

/// The colour of text inserted between two versions.
#[must_use]
pub fn inserted_color() -> Color32 {
    Color32::from_rgb(60, 170, 90)
}

/// The colour of warnings.
#[must_use]
pub fn warning_color() -> Color32 {
    Color32::from_rgb(214, 150, 40)
}

/// The mark over a hit of the find bar (other than the current one), and over the matched
/// words in the desk search's list: translucent, so the text reads through it.
#[must_use]
pub fn find_hit_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(230, 190, 60, 70)
    } else {
        Color32::from_rgba_unmultiplied(250, 200, 40, 90)
    }
}

/// The mark over the find bar's current hit.
#[must_use]
pub fn find_current_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(255, 140, 30, 130)
    } else {
        Color32::from_rgba_unmultiplied(255, 140, 0, 140)
    }
}
