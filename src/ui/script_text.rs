//! Text in scripts egui does not wrap or edit well by itself (Burmese first): line wrapping
//! only at the script's break opportunities, and a cursor that moves, selects and deletes
//! whole syllables. The rules live in [`crate::script`]; this is the egui side.
//!
//! Wrapping: egui breaks a line without spaces at any glyph. Here a layouter cuts each
//! paragraph into lines at [`script::line_breaks`] (see [`script::wrap_paragraph`]),
//! lays out each line unwrapped, and joins them with [`Galley::concat`], marking the joins
//! as soft breaks so every character still maps to one cursor position. Text with nothing
//! egui gets wrong is laid out by egui as before, so English wrapping is unchanged.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex};

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Event, FontId, Galley, Id, ImeEvent, Key, Response, Ui};

use crate::script::{self, Direction};

/// Laid-out paragraphs by content, width and scale, kept while they are in use.
#[derive(Default)]
struct WrapCache {
    galleys: HashMap<u64, (Arc<Galley>, u64)>,
}

type SharedCache = Arc<Mutex<WrapCache>>;

fn cache_id() -> Id {
    Id::unique("copydesk script wrap cache")
}

/// The text format egui gives a text field's text, for a layouter that must match it.
#[must_use]
pub fn field_format(ui: &Ui, font: FontId, color: Option<egui::Color32>) -> TextFormat {
    let color = color
        .or(ui.visuals().override_text_color)
        .unwrap_or_else(|| ui.visuals().widgets.inactive.text_color());
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    TextFormat {
        line_height: Some(row_height + ui.spacing().extra_text_line_spacing),
        ..TextFormat::simple(font, color)
    }
}

/// Lays out `text` in one format, wrapped at `wrap_width` where its scripts allow a break.
#[must_use]
pub fn layout(ui: &Ui, text: &str, format: &TextFormat, wrap_width: f32) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(text.to_owned(), format.clone());
    job.wrap.max_width = wrap_width;
    job.keep_trailing_whitespace = true;
    if !script::needs_script_rules(text) {
        return ui.fonts_mut(|f| f.layout_job(job));
    }
    let ctx = ui.ctx();
    let pixels_per_point = ctx.pixels_per_point();
    let key = {
        let mut hasher = std::hash::DefaultHasher::new();
        job.hash(&mut hasher);
        pixels_per_point.to_bits().hash(&mut hasher);
        hasher.finish()
    };
    let frame = ctx.cumulative_frame_nr();
    let cache: SharedCache =
        ctx.data_mut(|d| d.get_temp_mut_or_default::<SharedCache>(cache_id()).clone());
    if let Ok(mut cache) = cache.lock()
        && let Some((galley, used)) = cache.galleys.get_mut(&key)
    {
        *used = frame;
        return Arc::clone(galley);
    }
    // Should egui ever lay out a line with more glyphs than characters in a way we do not
    // repair, its own layout is safer than cursor positions that drift.
    let galley = if let Some(galley) = wrap(ui, job.clone(), format, pixels_per_point) {
        Arc::new(galley)
    } else {
        log::debug!("script wrapping fell back to egui's for {:?}", job.text);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    if let Ok(mut cache) = cache.lock() {
        // Forget what has not been drawn for a while (a story closed, a width changed).
        cache.galleys.retain(|_, (_, used)| *used + 30 >= frame);
        cache.galleys.insert(key, (Arc::clone(&galley), frame));
    }
    galley
}

/// The wrapping itself: lines cut by the script rules, laid out unwrapped, joined.
fn wrap(ui: &Ui, job: LayoutJob, format: &TextFormat, pixels_per_point: f32) -> Option<Galley> {
    let unwrapped = |piece: &str| {
        let mut line = LayoutJob::single_section(piece.to_owned(), format.clone());
        line.wrap.max_width = f32::INFINITY;
        line.keep_trailing_whitespace = true;
        ui.fonts_mut(|f| f.layout_job(line))
    };
    let mut lines = Vec::new();
    let mut hard_ends = Vec::new();
    for paragraph in job.text.split('\n') {
        let ranges = script::wrap_paragraph(paragraph, job.wrap.max_width, |piece| {
            unwrapped(piece).rect.width()
        });
        for range in ranges {
            let piece = &paragraph[range];
            let line = one_glyph_per_char(unwrapped(piece), piece);
            let glyphs: usize = line.rows.iter().map(|r| r.row.glyphs.len()).sum();
            if line.rows.len() != 1 || glyphs != piece.chars().count() {
                return None;
            }
            lines.push(line);
            hard_ends.push(false);
        }
        if let Some(last) = hard_ends.last_mut() {
            *last = true;
        }
    }
    if let Some(last) = hard_ends.last_mut() {
        // The end of the text is not a line break.
        *last = false;
    }
    let mut galley = Galley::concat(Arc::new(job), &lines, pixels_per_point);
    if galley.rows.len() != hard_ends.len() {
        return None;
    }
    for (row, hard) in galley.rows.iter_mut().zip(hard_ends) {
        row.ends_with_newline = hard;
    }
    Some(galley)
}

/// egui's shaping can leave one glyph more than there are characters when the font adds
/// an invisible spacing glyph between two Burmese syllables (after `န့်` or `တုံ့`, for
/// example). egui's cursor counts glyphs as characters, so every position after it would be
/// one off. Such a glyph draws nothing: dropping it puts cursor and text back in step.
fn one_glyph_per_char(galley: Arc<Galley>, text: &str) -> Arc<Galley> {
    let chars = text.chars().count();
    let glyphs: usize = galley.rows.iter().map(|r| r.row.glyphs.len()).sum();
    if glyphs <= chars || galley.rows.len() != 1 {
        return galley;
    }
    let mut galley = Arc::unwrap_or_clone(galley);
    let mut extra = glyphs - chars;
    if let Some(placed) = galley.rows.first_mut() {
        Arc::make_mut(&mut placed.row).glyphs.retain(|glyph| {
            let invisible_spacer = script::is_myanmar(glyph.chr)
                && glyph.uv_rect.is_nothing()
                && glyph.advance_width > 0.0;
            let drop = extra > 0 && invisible_spacer;
            extra -= usize::from(drop);
            !drop
        });
    }
    Arc::new(galley)
}

/// `text` cut at a syllable so that it and an ellipsis fit in `width` on one line (egui's
/// own truncation cuts at any glyph, leaving half a syllable or half a number).
#[must_use]
pub fn truncated(ui: &Ui, text: &str, font: &FontId, width: f32) -> String {
    let measure = |s: &str| {
        ui.fonts_mut(|f| f.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE))
            .rect
            .width()
    };
    if !text.contains('\n') && measure(text) <= width {
        return text.to_owned();
    }
    let first_line = text.lines().next().unwrap_or_default();
    // The longest prefix that fits with the ellipsis, ending where a line could break (so a
    // word or a number stays whole), else between clusters.
    let fits = |end: usize| measure(&format!("{}…", first_line[..end].trim_end())) <= width;
    let longest = |stops: &[usize]| {
        let (mut low, mut high) = (0, stops.len());
        while low + 1 < high {
            let middle = usize::midpoint(low, high);
            if fits(stops[middle]) {
                low = middle;
            } else {
                high = middle;
            }
        }
        stops[low]
    };
    let mut breaks = vec![0];
    breaks.extend(script::line_breaks(first_line));
    let mut end = longest(&breaks);
    if end == 0 {
        end = longest(&script::cluster_boundaries(first_line));
    }
    format!("{}…", first_line[..end].trim_end())
}

/// A read-only paragraph in the source font, wrapped at `width` by its script's rules.
pub fn label(ui: &mut Ui, text: &str, font: FontId, color: egui::Color32, width: f32) -> Response {
    let format = TextFormat::simple(font, color);
    let galley = layout(ui, text, &format, width);
    ui.label(galley)
}

/// Characters no installed font could draw, as egui asked for them. egui draws such a
/// character as a box ("tofu"); the status bar names them so it never happens silently.
#[derive(Clone, Default)]
struct MissingGlyphs(Arc<Mutex<std::collections::BTreeSet<char>>>);

fn missing_glyphs_id() -> Id {
    Id::unique("copydesk missing glyphs")
}

/// Starts noting every character that no bundled font covers. egui asks its font providers
/// for a font once per character and family when every installed font misses; this one
/// never has one to offer, and only records the question.
pub fn watch_font_coverage(ctx: &egui::Context) {
    let missing = MissingGlyphs::default();
    let record = missing.clone();
    ctx.add_font_provider(Arc::new(
        move |request: &egui::epaint::text::FallbackRequest<'_>| {
            if let Some(c) = request.cluster.chars().next()
                && !c.is_whitespace()
                && let Ok(mut set) = record.0.lock()
            {
                set.insert(c);
            }
            None
        },
    ));
    ctx.data_mut(|d| d.insert_temp(missing_glyphs_id(), missing));
}

/// The characters of `text` that have been drawn as boxes for want of a font, once each.
#[must_use]
pub fn without_font(ctx: &egui::Context, text: &str) -> Vec<char> {
    let Some(missing) = ctx.data(|d| d.get_temp::<MissingGlyphs>(missing_glyphs_id())) else {
        return Vec::new();
    };
    let Ok(set) = missing.0.lock() else {
        return Vec::new();
    };
    if set.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<char> = text.chars().filter(|c| set.contains(c)).collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// What a text field needs remembered between frames to edit by syllables.
#[derive(Debug, Default)]
pub struct ClusterEditing {
    /// Characters just typed, as a char range of the focused field: Backspace takes them
    /// back one at a time, as a Burmese keyboard user composing a syllable expects.
    typed: Option<(Id, usize, usize)>,
    /// The field in which an input method is composing text: its cursor is left alone.
    composing: Option<Id>,
}

/// The char indices where a cursor may stand in `text`.
fn char_boundaries(text: &str) -> Vec<usize> {
    let bytes = script::cluster_boundaries(text);
    let mut chars = Vec::with_capacity(bytes.len());
    let mut next = bytes.iter().peekable();
    let ends = text.char_indices().map(|(at, _)| at).chain([text.len()]);
    for (count, at) in ends.enumerate() {
        while next.peek().is_some_and(|&&b| b <= at) {
            if next.next() == Some(&at) {
                chars.push(count);
            }
        }
    }
    chars
}

impl ClusterEditing {
    /// Call before adding the text field `id` showing `text`: turns a Backspace or Delete
    /// into a selection of the whole cluster (with Ctrl or Alt, of egui's word widened to
    /// whole clusters), which the field then deletes.
    pub fn before(&mut self, ui: &Ui, id: Id, text: &str) {
        if !ui.memory(|m| m.has_focus(id)) || !script::needs_script_rules(text) {
            return;
        }
        // Which deletion this frame asks for; a held key can repeat it within one frame.
        let deletion = |e: &Event| match e {
            Event::Key {
                key: key @ (Key::Backspace | Key::Delete),
                pressed: true,
                modifiers,
                ..
            } if !modifiers.mac_cmd => {
                let word = modifiers.ctrl || modifiers.alt;
                // Shift+Delete is cut on Windows: egui's business.
                let cut = *key == Key::Delete && modifiers.shift && !word;
                (!cut).then_some((*key, word))
            }
            _ => None,
        };
        let Some((key, word)) = ui.input(|i| i.events.iter().find_map(deletion)) else {
            return;
        };
        if self.composing == Some(id) {
            return;
        }
        let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) else {
            return;
        };
        let Some(range) = state.cursor.char_range() else {
            return;
        };
        let Some(cursor) = range.single() else {
            return;
        };
        // Repeats become one deletion over as many syllables (or words).
        let mut repeats = 0;
        ui.input_mut(|i| {
            i.events.retain(|e| {
                if deletion(e) != Some((key, word)) {
                    return true;
                }
                repeats += 1;
                repeats == 1
            });
        });
        let at = cursor.index.0;
        let boundaries = char_boundaries(text);
        let mut target = at;
        for _ in 0..repeats {
            target = if word {
                // egui's word, as it would delete it, but never ending inside a syllable.
                let from = CCursor::new(target);
                let (word, direction) = if key == Key::Backspace {
                    let w =
                        egui::text_selection::text_cursor_state::ccursor_previous_word(text, from);
                    (w.index.0, Direction::Backward)
                } else {
                    let w = egui::text_selection::text_cursor_state::ccursor_next_word(text, from);
                    (w.index.0, Direction::Forward)
                };
                script::snap(&boundaries, word, direction)
            } else if key == Key::Backspace
                && let Some((typed_id, start, end)) = self.typed
                && typed_id == id
                && end == target
                && start < end
            {
                // Taking back what was just typed, one character at a time.
                self.typed = Some((id, start, end - 1));
                end - 1
            } else {
                let (before, after) = script::clusters_around(&boundaries, target);
                if key == Key::Backspace {
                    before.start
                } else {
                    after.end
                }
            };
        }
        if target != at {
            state.cursor.set_char_range(Some(CCursorRange::two(
                CCursor::new(target.min(at)),
                CCursor::new(target.max(at)),
            )));
            state.store(ui.ctx(), id);
        }
    }

    /// Call after adding the text field: snaps the cursor and selection onto cluster
    /// boundaries, in the direction the cursor moved.
    pub fn after(
        &mut self,
        ui: &Ui,
        id: Id,
        text_before: &str,
        text: &str,
        before: Option<CCursorRange>,
        response: &Response,
    ) {
        if !response.has_focus() {
            if self.typed.is_some_and(|(typed_id, ..)| typed_id == id) {
                self.typed = None;
            }
            if self.composing == Some(id) {
                self.composing = None;
            }
            return;
        }
        ui.input(|i| {
            for event in &i.events {
                if let Event::Ime(ime) = event {
                    let composing =
                        matches!(ime, ImeEvent::Preedit { text, .. } if !text.is_empty());
                    self.composing = composing.then_some(id);
                }
            }
        });
        let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) else {
            return;
        };
        let Some(range) = state.cursor.char_range() else {
            return;
        };
        let before_cursor = before.and_then(|b| b.single()).map(|c| c.index.0);
        if text != text_before {
            // Keys typed, or text an input method committed (Keyman-style methods commit
            // each keystroke): either can be taken back one character at a time.
            let typed = ui.input(|i| {
                i.events.iter().any(|e| match e {
                    Event::Text(_) => true,
                    Event::Ime(ImeEvent::Commit(t)) => !t.is_empty(),
                    _ => false,
                })
            });
            let cursor = range.primary.index.0;
            self.typed = match self.typed.filter(|(typed_id, ..)| *typed_id == id) {
                // Typing on from where the last typing ended.
                Some((_, start, end)) if typed && before_cursor == Some(end) => {
                    Some((id, start, cursor))
                }
                _ if typed => {
                    let start =
                        before.map_or(cursor, |b| b.primary.index.0.min(b.secondary.index.0));
                    Some((id, start.min(cursor), cursor))
                }
                // A character just taken back with Backspace.
                Some((_, start, end)) if end == cursor => Some((id, start, end)),
                _ => None,
            };
            return;
        }
        if before == Some(range) || self.composing == Some(id) || !script::needs_script_rules(text)
        {
            return;
        }
        self.typed = None;
        let boundaries = char_boundaries(text);
        let pointer =
            response.clicked() || response.dragged() || response.is_pointer_button_down_on();
        let primary_direction = if response.double_clicked() {
            if range.primary.index.0 >= range.secondary.index.0 {
                Direction::Forward
            } else {
                Direction::Backward
            }
        } else if pointer {
            Direction::Nearest
        } else {
            match before.map(|b| b.primary.index.0) {
                Some(old) if range.primary.index.0 > old => Direction::Forward,
                Some(old) if range.primary.index.0 < old => Direction::Backward,
                _ => Direction::Nearest,
            }
        };
        let secondary_direction = match range.secondary.index.0.cmp(&range.primary.index.0) {
            std::cmp::Ordering::Less => Direction::Backward,
            std::cmp::Ordering::Greater => Direction::Forward,
            std::cmp::Ordering::Equal => primary_direction,
        };
        let primary = script::snap(&boundaries, range.primary.index.0, primary_direction);
        let secondary = script::snap(&boundaries, range.secondary.index.0, secondary_direction);
        if (primary, secondary) != (range.primary.index.0, range.secondary.index.0) {
            state.cursor.set_char_range(Some(CCursorRange::two(
                CCursor::new(secondary),
                CCursor::new(primary),
            )));
            state.store(ui.ctx(), id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_boundaries_count_characters_not_bytes() {
        assert_eq!(char_boundaries("မြန်မာ"), [0, 4, 6]);
        assert_eq!(char_boundaries("ab"), [0, 1, 2]);
        assert_eq!(char_boundaries(""), [0]);
    }
}
