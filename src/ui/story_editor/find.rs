//! The find bar above the rows (Ctrl+F; Ctrl+H with replacing): hits on both sides marked
//! in the fields, Enter and Shift+Enter step through them (the row scrolls into view and the
//! hit is marked; Escape puts the cursor in its field with the hit selected), and Replace or
//! Replace all change the English side as one undoable edit each. The matching and the edit
//! come from `crate::find`; the session checks the edit like typing.

use std::collections::HashMap;
use std::ops::Range;

use egui::text::{CCursor, CCursorRange};
use egui::{Id, Key, Modifiers, RichText, Ui};

use super::{Field, StoryEditor};
use crate::command::Command;
use crate::find::{Hit, Matcher, Place, Query, Target, find_in_story, replace};
use crate::model::{RowRef, Side, Story};
use crate::session::StoryDoc;
use crate::ui::theme;

/// Where a hit stands in the editor: its row's position, the side (source first), its start.
type Position = (usize, u8, usize);

/// The keys the bar's fields keep while they have the keyboard: the arrows, as every field
/// does, and Escape, which closes the bar (egui would otherwise just take the keyboard away).
const KEEP_ESCAPE: egui::EventFilter = egui::EventFilter {
    tab: false,
    horizontal_arrows: true,
    vertical_arrows: true,
    escape: true,
};

/// Which of the bar's fields gets the keyboard next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Find,
    Replace,
}

/// UI state of the find bar.
#[derive(Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the bar's two options and two switches, each read by name"
)]
pub(super) struct FindBar {
    text: String,
    replacement: String,
    match_case: bool,
    whole_words: bool,
    show_replace: bool,
    focus: Option<Focus>,
    /// The query and story revision the hits are for.
    worked_out: Option<(Query, u64)>,
    hits: Vec<Hit>,
    positions: Vec<Position>,
    /// The hits of each field, by index into `hits`.
    by_field: HashMap<(RowRef, Side), Vec<usize>>,
    current: Option<usize>,
    /// Where the current hit is picked from when the hits are worked out again: the first
    /// hit at or after it.
    from: Option<Position>,
    /// Whether the current hit was moved to since the last frame (to bring its row in).
    moved: bool,
    message: Option<String>,
}

impl FindBar {
    fn query(&self) -> Query {
        Query {
            text: self.text.clone(),
            match_case: self.match_case,
            whole_words: self.whole_words,
        }
    }

    /// The hits in one field and whether each is the current one, as byte ranges.
    pub(super) fn marks(&self, row: RowRef, side: Side) -> Vec<(Range<usize>, bool)> {
        self.by_field
            .get(&(row, side))
            .map(|list| {
                list.iter()
                    .filter_map(|&i| {
                        self.hits
                            .get(i)
                            .map(|h| (h.range.clone(), Some(i) == self.current))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl StoryEditor {
    /// Shows the find bar with the keyboard in its Find field (all of it selected, so typing
    /// replaces it); `replace` shows the Replace row too. A short selection in the active
    /// row becomes what is looked for.
    pub fn open_find(&mut self, replace: bool, selected: Option<String>) {
        let bar = self.find.get_or_insert_with(FindBar::default);
        if let Some(text) = selected.filter(|t| !t.contains('\n') && t.chars().count() <= 200) {
            bar.text = text;
        }
        bar.show_replace |= replace;
        bar.focus = Some(if replace && !bar.text.is_empty() {
            Focus::Replace
        } else {
            Focus::Find
        });
        // Hits are looked for from the active row on.
        bar.worked_out = None;
        bar.from = None;
    }

    /// Shows the find bar looking for `query` without taking the keyboard (a desk search's
    /// hit opened): the first hit from the active row on is marked.
    pub fn show_find(&mut self, query: &Query) {
        let bar = self.find.get_or_insert_with(FindBar::default);
        bar.text.clone_from(&query.text);
        bar.match_case = query.match_case;
        bar.whole_words = query.whole_words;
        bar.worked_out = None;
        bar.from = None;
    }

    /// What the find bar is looking for, if it is open (for the desk search, Ctrl+Shift+F).
    #[must_use]
    pub fn find_text(&self) -> Option<&str> {
        self.find
            .as_ref()
            .map(|f| f.text.as_str())
            .filter(|t| !t.is_empty())
    }

    fn find_ids(&self) -> (Id, Id) {
        (
            Id::unique(("copydesk-find", &self.slug)),
            Id::unique(("copydesk-replace", &self.slug)),
        )
    }

    /// The bar, when open: the fields, the options, the count, and the replace row.
    pub(super) fn find_ui(&mut self, ui: &mut Ui, doc: &StoryDoc, commands: &mut Vec<Command>) {
        let Some(mut bar) = self.find.take() else {
            return;
        };
        let story = doc.story();
        let (find_id, replace_id) = self.find_ids();
        let in_bar = ui.memory(|m| m.has_focus(find_id) || m.has_focus(replace_id));
        // Keys the fields would otherwise take: Enter would end the line, Escape nothing.
        let (previous, next, escape) = if in_bar {
            ui.input_mut(|i| {
                let previous = i.consume_key(Modifiers::SHIFT, Key::Enter);
                let next = i.consume_key(Modifiers::NONE, Key::Enter);
                (previous, next, i.consume_key(Modifiers::NONE, Key::Escape))
            })
        } else {
            (false, false, false)
        };
        let in_replace = ui.memory(|m| m.has_focus(replace_id));
        let may_replace = self.may(|r| r.english);

        let mut close = escape;
        let mut step: i32 = 0;
        let mut replace_one = next && in_replace;
        let mut replace_all = false;
        if !in_replace {
            step = i32::from(next) - i32::from(previous);
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let focus = bar.focus.take_if(|f| *f == Focus::Find).is_some();
                let (name, hint) = ("Find", "words on either side");
                field_ui(ui, name, hint, &mut bar.text, find_id, focus);
                ui.checkbox(&mut bar.match_case, "Match case");
                ui.checkbox(&mut bar.whole_words, "Whole words");
                if ui
                    .button("Previous")
                    .on_hover_text("Previous hit (Shift+Enter)")
                    .accessible_name("Previous hit")
                    .clicked()
                {
                    step = -1;
                }
                if ui
                    .button("Next")
                    .on_hover_text("Next hit (Enter)")
                    .accessible_name("Next hit")
                    .clicked()
                {
                    step = 1;
                }
                ui.label(count_text(&bar, story));
                if !bar.show_replace
                    && ui
                        .button("Replace…")
                        .on_hover_text("Replace in the English side (Ctrl+H)")
                        .clicked()
                {
                    bar.show_replace = true;
                    bar.focus = Some(Focus::Replace);
                }
                if ui
                    .button("Close")
                    .on_hover_text("Close (Escape)")
                    .accessible_name("Close find")
                    .clicked()
                {
                    close = true;
                }
            });
            if bar.show_replace {
                ui.horizontal_wrapped(|ui| {
                    let focus = bar.focus.take_if(|f| *f == Focus::Replace).is_some();
                    let (name, hint) = ("Replace with", "new English");
                    field_ui(ui, name, hint, &mut bar.replacement, replace_id, focus);
                    let why_not = "You may not change this story's English now";
                    ui.add_enabled_ui(may_replace, |ui| {
                        if ui
                            .button("Replace")
                            .on_hover_text("Replace the current hit and go to the next (Enter)")
                            .on_disabled_hover_text(why_not)
                            .clicked()
                        {
                            replace_one = true;
                        }
                        if ui
                            .button("Replace all")
                            .on_hover_text(
                                "Every hit in the English side, as one change (Ctrl+Z undoes it)",
                            )
                            .on_disabled_hover_text(why_not)
                            .clicked()
                        {
                            replace_all = true;
                        }
                    });
                    ui.label(
                        RichText::new("English side only: the source is the reporter's.")
                            .small()
                            .weak(),
                    );
                });
            }
            if let Some(message) = &bar.message {
                ui.label(RichText::new(message).small());
            }
        });

        self.refresh_hits(&mut bar, doc);
        if step != 0 {
            bar.message = None;
            step_hit(&mut bar, step);
        }
        if may_replace && (replace_one || replace_all) {
            self.replace_ui(&mut bar, story, replace_all, commands);
        }
        if bar.moved {
            bar.moved = false;
            if let Some(hit) = bar.current.and_then(|i| bar.hits.get(i)) {
                self.reveal(hit.place.row());
            }
        }
        if close {
            self.close_find(&bar, story, ui);
            return;
        }
        self.find = Some(bar);
    }

    /// Works the hits out again when the query or the story changed, keeping the current
    /// hit where it was (or the next one after it).
    fn refresh_hits(&self, bar: &mut FindBar, doc: &StoryDoc) {
        let key = (bar.query(), doc.revision());
        if bar.worked_out.as_ref() == Some(&key) {
            return;
        }
        let story = doc.story();
        let query_changed = bar.worked_out.as_ref().is_none_or(|(q, _)| *q != key.0);
        let here = (self.position_of(story, self.active).unwrap_or(0), 0, 0);
        let current = bar.current.and_then(|i| bar.positions.get(i).copied());
        // A new query looks from the active row on; after a replacement, from what was put
        // in; after any other change, the current hit stays current.
        let jump = query_changed || bar.from.is_some();
        let from = if query_changed {
            here
        } else {
            bar.from.or(current).unwrap_or(here)
        };
        bar.hits = Matcher::new(&key.0).map_or_else(Vec::new, |m| find_in_story(story, &m));
        bar.positions = bar
            .hits
            .iter()
            .map(|h| self.hit_position(story, h))
            .collect();
        bar.by_field.clear();
        for (i, hit) in bar.hits.iter().enumerate() {
            if let Place::Text { row, side } = hit.place {
                bar.by_field.entry((row, side)).or_default().push(i);
            }
        }
        bar.current = if bar.hits.is_empty() {
            None
        } else {
            Some(bar.positions.partition_point(|p| *p < from) % bar.hits.len())
        };
        bar.from = None;
        bar.moved = jump;
        bar.worked_out = Some(key);
    }

    fn position_of(&self, story: &Story, row: RowRef) -> Option<usize> {
        match row {
            RowRef::Headline => Some(0),
            RowRef::Deck => Some(1),
            RowRef::Block(id) => self
                .positions
                .1
                .get(&id)
                .map(|i| i + 2)
                .or_else(|| story.row_index(row)),
        }
    }

    fn hit_position(&self, story: &Story, hit: &Hit) -> Position {
        let side = match hit.place {
            Place::Text {
                side: Side::English,
                ..
            } => 1,
            _ => 0,
        };
        (
            self.position_of(story, hit.place.row()).unwrap_or(0),
            side,
            hit.range.start,
        )
    }

    /// Replaces the current hit (when it is on the English side; otherwise moves on to the
    /// next one that is) or every hit, as one edit the session checks like typing.
    fn replace_ui(
        &mut self,
        bar: &mut FindBar,
        story: &Story,
        all: bool,
        commands: &mut Vec<Command>,
    ) {
        let Some(matcher) = Matcher::new(&bar.query()) else {
            return;
        };
        let current = bar.current.and_then(|i| bar.hits.get(i)).cloned();
        let target = if all {
            Target::All
        } else {
            let Some(hit) = current.as_ref() else {
                return;
            };
            if !matches!(
                hit.place,
                Place::Text {
                    side: Side::English,
                    ..
                }
            ) {
                // Move on to the next English hit; the source is not replaced.
                let english = (1..=bar.hits.len())
                    .filter_map(|k| bar.current.map(|c| (c + k) % bar.hits.len()))
                    .find(|&i| {
                        matches!(
                            bar.hits[i].place,
                            Place::Text {
                                side: Side::English,
                                ..
                            }
                        )
                    });
                bar.message = Some(
                    "The source is the reporter's: it is not replaced. Moved to the next hit in the English."
                        .to_owned(),
                );
                if english.is_some() {
                    bar.current = english;
                    bar.moved = true;
                }
                return;
            }
            Target::One(hit)
        };
        let Some(done) = replace(story, &matcher, &bar.replacement, target) else {
            bar.message = Some("Nothing to replace in the English side.".to_owned());
            return;
        };
        if let Some(hit) = &current
            && !all
        {
            // The next hit is the first after what was just put in.
            let (row, side, start) = self.hit_position(story, hit);
            bar.from = Some((row, side, start + bar.replacement.len()));
        }
        bar.message = Some(if all {
            format!(
                "Replaced {} in the English of {} row(s), as one change: Ctrl+Z undoes it.",
                done.count, done.rows
            )
        } else {
            "Replaced 1.".to_owned()
        });
        commands.push(Command::Apply {
            slug: self.slug.clone(),
            edit: done.edit,
            label: if all { "replace all" } else { "replace" }.to_owned(),
            row: current.map(|h| h.place.row()),
        });
    }

    /// Closes the bar; the current hit's field gets the keyboard with the hit selected.
    fn close_find(&mut self, bar: &FindBar, story: &Story, ui: &Ui) {
        let Some(hit) = bar.current.and_then(|i| bar.hits.get(i)) else {
            return;
        };
        let Place::Text { row, side } = hit.place else {
            return;
        };
        let field = Field::Text(row, side);
        let text = super::draft::field_text(story, field);
        let (Some(start), Some(end)) = (
            text.get(..hit.range.start).map(|t| t.chars().count()),
            text.get(..hit.range.end).map(|t| t.chars().count()),
        ) else {
            return;
        };
        self.reveal(row);
        self.focus_request = Some(field);
        self.select_on_focus = Some((field, start, end));
        ui.ctx().request_repaint();
    }
}

/// One of the bar's text fields, named by the label before it; `focus` gives it the keyboard
/// with all its text selected (so typing replaces it).
fn field_ui(ui: &mut Ui, name: &str, hint: &str, text: &mut String, id: Id, focus: bool) {
    let label = ui.label(name);
    let response = ui
        .add(
            egui::TextEdit::singleline(text)
                .id(id)
                .event_filter(KEEP_ESCAPE)
                .hint_text(hint)
                .desired_width(240.0),
        )
        .labelled_by(label.id);
    if !focus {
        return;
    }
    response.request_focus();
    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
        let end = CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(0), end)));
        state.store(ui.ctx(), id);
    }
}

/// Moves the current hit by `step`, round the ends.
fn step_hit(bar: &mut FindBar, step: i32) {
    let count = bar.hits.len();
    if count == 0 {
        return;
    }
    let current = bar.current.unwrap_or(0);
    bar.current = Some(if step > 0 {
        (current + 1) % count
    } else {
        (current + count - 1) % count
    });
    bar.moved = true;
}

/// "3 of 12 · Row 4, English", "No hits", or nothing while the field is empty.
fn count_text(bar: &FindBar, story: &Story) -> String {
    if bar.text.is_empty() {
        return String::new();
    }
    match bar.current.and_then(|i| bar.hits.get(i).map(|h| (i, h))) {
        Some((i, hit)) => format!(
            "{} of {} · {}, {}",
            i + 1,
            bar.hits.len(),
            crate::model::row_name(story, hit.place.row()),
            hit.place.field_name()
        ),
        None => "No hits".to_owned(),
    }
}

/// Marks `marks` (byte ranges of `text`, the current one stronger) over a field's galley.
pub(super) fn paint_marks(
    ui: &Ui,
    text: &str,
    output: &egui::text_edit::TextEditOutput,
    marks: &[(Range<usize>, bool)],
) {
    let galley = &output.galley;
    let painter = ui.painter().with_clip_rect(output.text_clip_rect);
    for (range, current) in marks {
        let (Some(start), Some(end)) = (
            text.get(..range.start).map(|t| t.chars().count()),
            text.get(..range.end).map(|t| t.chars().count()),
        ) else {
            continue;
        };
        let from = galley.layout_from_cursor(CCursor::new(start));
        let to = galley.layout_from_cursor(CCursor::new(end));
        let fill = if *current {
            theme::find_current_fill(ui.visuals())
        } else {
            theme::find_hit_fill(ui.visuals())
        };
        for r in from.row..=to.row {
            let Some(placed) = galley.rows.get(r) else {
                continue;
            };
            let left = if r == from.row {
                placed.row.x_offset(from.column)
            } else {
                0.0
            };
            let right = if r == to.row {
                placed.row.x_offset(to.column)
            } else {
                placed.row.size.x
            };
            let rect = egui::Rect::from_min_max(
                placed.pos + egui::vec2(left, 0.0),
                placed.pos + egui::vec2(right, placed.row.size.y),
            )
            .translate(output.galley_pos.to_vec2());
            painter.rect_filled(rect, 2.0, fill);
        }
    }
}
