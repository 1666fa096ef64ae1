//! The rows: laid out only where they are in view (heights remembered once measured,
//! estimated before), each with its gutter, its source and English fields, photos and the
//! re-filed flag; and the fields themselves, read-only where the person may not change them.

use std::path::Path;

use egui::text::{CCursor, CCursorRange};
use egui::{Align, Id, Layout, Rect, RichText, Sense, Ui, UiBuilder, vec2};

use super::draft::Draft;
use super::{Field, StoryEditor};
use crate::command::Command;
use crate::edit::Edit;
use crate::model::{BlockKind, Photo, RowRef, Side, Story, TextRow};
use crate::ui::{photo_view, script_text, theme};

impl StoryEditor {
    pub(super) fn column_headings_ui(ui: &mut Ui) {
        let width = ui.available_width();
        let col = column_width(width);
        let (rect, _) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
        let painter = ui.painter();
        let color = ui.visuals().weak_text_color();
        let font = egui::FontId::proportional(12.0);
        painter.text(
            rect.left_top() + vec2(theme::GUTTER_WIDTH + theme::GAP, 0.0),
            egui::Align2::LEFT_TOP,
            "SOURCE",
            font.clone(),
            color,
        );
        painter.text(
            rect.left_top() + vec2(theme::GUTTER_WIDTH + 2.0 * theme::GAP + col, 0.0),
            egui::Align2::LEFT_TOP,
            "ENGLISH",
            font,
            color,
        );
    }

    pub(super) fn rows_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        desk_root: &Path,
        now: f64,
        commands: &mut Vec<Command>,
    ) {
        let scroll_to_active = std::mem::take(&mut self.scroll_to_active);
        egui::ScrollArea::vertical()
            .id_salt(("rows", &self.slug))
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let width = ui.available_width();
                if (width - self.heights_width).abs() > 0.5 {
                    self.heights.clear();
                    self.heights_width = width;
                }
                let origin = ui.max_rect().min;
                // Lay out a margin beyond the view so fast scrolling does not show gaps.
                let margin = 300.0;
                let mut y = 0.0;
                // Rows with their data in one pass: looking each block up by id would make
                // every frame quadratic in the story's length.
                let rows = [
                    (RowRef::Headline, &story.headline, false),
                    (RowRef::Deck, &story.deck, false),
                ]
                .into_iter()
                .chain(story.blocks.iter().map(|b| {
                    let photo = matches!(b.kind, BlockKind::Photo(_));
                    (RowRef::Block(b.id), &b.row, photo)
                }));
                for (row, text_row, photo) in rows {
                    let height = self
                        .heights
                        .get(&row)
                        .copied()
                        .unwrap_or_else(|| estimate_height(text_row, photo, width));
                    let top = y;
                    let wanted = self.focus_request.is_some_and(|f| f.row() == row);
                    let in_view =
                        top + height >= viewport.min.y - margin && top <= viewport.max.y + margin;
                    // A field outside the view cannot take the keyboard; the request waits
                    // until scrolling has brought the row in.
                    self.focusable = top + height > viewport.min.y && top < viewport.max.y;
                    let mut actual = height;
                    if in_view || wanted {
                        actual = self.row_ui(
                            ui,
                            story,
                            row,
                            origin + vec2(0.0, top),
                            width,
                            desk_root,
                            now,
                            commands,
                        );
                        if (actual - height).abs() > 0.5 {
                            self.heights.insert(row, actual);
                            ui.ctx().request_repaint();
                        }
                    }
                    if (scroll_to_active && row == self.active) || (wanted && !self.focusable) {
                        let rect =
                            Rect::from_min_size(origin + vec2(0.0, top), vec2(width, actual));
                        ui.scroll_to_rect(rect, None);
                    }
                    y += actual;
                }
                ui.allocate_rect(Rect::from_min_size(origin, vec2(width, y)), Sense::hover());
            });
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one row needs its story, place and context"
    )]
    pub(super) fn row_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        row: RowRef,
        top_left: egui::Pos2,
        width: f32,
        desk_root: &Path,
        now: f64,
        commands: &mut Vec<Command>,
    ) -> f32 {
        let Some(text_row) = self.row_of(story, row) else {
            return 0.0;
        };
        let block = match row {
            RowRef::Block(id) => self.block_of(story, id),
            _ => None,
        };
        let omitted = block.is_some_and(|b| b.omitted);
        if omitted && self.focus_request == Some(Field::Text(row, Side::English)) {
            // An omitted row has no English field; put the cursor in its source instead.
            self.focus_request = Some(Field::Text(row, Side::Source));
        }
        let col = column_width(width);
        let pad = theme::ROW_PADDING;
        let background = ui.painter().add(egui::Shape::Noop);
        // A click on the row's blank space (beside a short text, between the fields) puts
        // the cursor in its English side, so what is typed next lands in this row. Sensed
        // before the fields, so the fields themselves stay on top and keep their clicks.
        let known_height = self
            .heights
            .get(&row)
            .copied()
            .unwrap_or_else(|| estimate_height(text_row, false, width));
        let blank = ui.interact(
            Rect::from_min_size(top_left, vec2(width, known_height)),
            Id::unique(("row-blank", &self.slug, row)),
            Sense::click(),
        );
        if blank.clicked() {
            self.commit_draft(story, commands);
            self.activate(row);
        }
        let label = self.label_of(story, row);

        // Gutter: row name, kind, status and the row menu.
        let gutter_rect =
            Rect::from_min_size(top_left + vec2(0.0, pad), vec2(theme::GUTTER_WIDTH, 200.0));
        let mut gutter = ui.new_child(
            UiBuilder::new()
                .max_rect(gutter_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        gutter.spacing_mut().item_spacing.y = 2.0;
        let name =
            gutter.add(egui::Label::new(RichText::new(&label).strong()).sense(Sense::click()));
        if name.clicked() {
            self.commit_draft(story, commands);
            self.activate(row);
        }
        if let Some(block) = block {
            let kind = if omitted {
                format!("{} · omitted", block.kind.label())
            } else {
                block.kind.label().to_owned()
            };
            gutter.label(RichText::new(kind).small().weak());
        }
        let status = text_row.status;
        gutter
            .label(
                RichText::new(format!("• {}", status.label()))
                    .small()
                    .color(theme::status_color(status)),
            )
            .on_hover_text(format!("{label}: {}", status.label()));
        if let Some(score) = text_row.pretranslated {
            gutter
                .label(
                    RichText::new(format!("pre-translated {score}%"))
                        .small()
                        .color(theme::warning_color()),
                )
                .on_hover_text(
                    "Filled from the translation memory; check it, then confirm (Ctrl+Enter)",
                );
        }
        let open_comments = story
            .comments
            .iter()
            .filter(|c| c.anchor == row && c.is_open())
            .count();
        if open_comments > 0 {
            gutter.label(
                RichText::new(format!("{open_comments} comment(s)"))
                    .small()
                    .color(theme::warning_color()),
            );
        }
        gutter
            .menu_button("Row…", |ui| {
                self.row_actions_ui(ui, story, row, true, commands);
            })
            .response
            .accessible_name(format!("{label} actions"));
        let gutter_height = gutter.min_rect().height();

        // Source side.
        let source_rect = Rect::from_min_size(
            top_left + vec2(theme::GUTTER_WIDTH + theme::GAP, pad),
            vec2(col, 10_000.0),
        );
        let mut source_ui = ui.new_child(
            UiBuilder::new()
                .max_rect(source_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        if let Some(BlockKind::Photo(photo)) = block.map(|b| &b.kind) {
            Self::photo_ui(&mut source_ui, photo, desk_root);
        }
        if let Some(block) = block
            && let Some(previous) = &block.previous_source
        {
            self.refiled_ui(&mut source_ui, block.id, previous, &label, commands);
        }
        self.text_field_ui(
            &mut source_ui,
            story,
            Field::Text(row, Side::Source),
            col,
            omitted,
            now,
            commands,
        );
        self.zawgyi_flag_ui(&mut source_ui, story, row, &text_row.source);
        self.row_conflicts_ui(&mut source_ui, story, row, Side::Source, &label, commands);
        let source_height = source_ui.min_rect().height();

        // English side.
        let english_rect = Rect::from_min_size(
            top_left + vec2(theme::GUTTER_WIDTH + 2.0 * theme::GAP + col, pad),
            vec2(col, 10_000.0),
        );
        let mut english_ui = ui.new_child(
            UiBuilder::new()
                .max_rect(english_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        if omitted {
            english_ui.label(
                RichText::new("Not running: left out of the English copy.")
                    .italics()
                    .weak(),
            );
        } else if matches!(block.map(|b| &b.kind), Some(BlockKind::Photo(_))) {
            // Three fields: each keeps a visible name once its hint is gone.
            for (field, name) in [
                (Field::Text(row, Side::English), "Caption"),
                (Field::Credit(row), "Credit"),
                (Field::Alt(row), "Alt text"),
            ] {
                english_ui.label(RichText::new(name).small().weak());
                self.text_field_ui(&mut english_ui, story, field, col, false, now, commands);
            }
        } else {
            self.text_field_ui(
                &mut english_ui,
                story,
                Field::Text(row, Side::English),
                col,
                false,
                now,
                commands,
            );
        }
        self.row_conflicts_ui(&mut english_ui, story, row, Side::English, &label, commands);
        let english_height = english_ui.min_rect().height();

        let height = gutter_height.max(source_height).max(english_height) + 2.0 * pad;
        let rect = Rect::from_min_size(top_left, vec2(width, height));
        let visuals = ui.visuals();
        if row == self.active {
            ui.painter().set(
                background,
                egui::epaint::RectShape::filled(rect, 4.0, theme::active_row_fill(visuals)),
            );
        } else {
            ui.painter().set(
                background,
                egui::Shape::line_segment(
                    [rect.left_bottom(), rect.right_bottom()],
                    visuals.widgets.noninteractive.bg_stroke,
                ),
            );
        }
        height
    }

    /// The re-filed-source flag: the source as it was, for the translator to compare, and a
    /// button to clear the flag once the English has been checked.
    pub(super) fn refiled_ui(
        &mut self,
        ui: &mut Ui,
        id: crate::model::BlockId,
        previous: &str,
        label: &str,
        commands: &mut Vec<Command>,
    ) {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::warning_color()))
            .show(ui, |ui| {
                ui.label(
                    RichText::new("The source of this row changed (re-filed or fixed). Before:")
                        .small()
                        .color(theme::warning_color()),
                );
                if previous.is_empty() {
                    ui.label(RichText::new("(a new paragraph)").italics().weak());
                } else {
                    let color = ui.visuals().weak_text_color();
                    let width = ui.available_width();
                    script_text::label(ui, previous, theme::source_font(), color, width);
                }
                let may_clear = self.may(|r| r.clear_flag);
                if ui
                    .add_enabled(may_clear, egui::Button::new("Checked: clear flag").small())
                    .accessible_name(format!("Clear source flag on {label}"))
                    .clicked()
                {
                    commands.push(Command::Apply {
                        slug: self.slug.clone(),
                        edit: Edit::SetPreviousSource { id, previous: None },
                        label: "clear source flag".to_owned(),
                        row: Some(RowRef::Block(id)),
                    });
                }
            });
    }

    pub(super) fn photo_ui(ui: &mut Ui, photo: &Photo, desk_root: &Path) {
        photo_view::photo_ui(
            ui,
            desk_root,
            &photo.file,
            &photo.alt,
            theme::THUMBNAIL_HEIGHT,
        );
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a field needs its story, place and context"
    )]
    pub(super) fn text_field_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        field: Field,
        width: f32,
        greyed: bool,
        now: f64,
        commands: &mut Vec<Command>,
    ) {
        let label = self.label_of(story, field.row());
        let (name, hint, font, multiline) = match field {
            Field::Text(row, side) => {
                let is_photo = matches!(row, RowRef::Block(id) if self.block_of(story, id).is_some_and(|b| matches!(b.kind, BlockKind::Photo(_))));
                let side_name = match side {
                    Side::Source => "source",
                    Side::English => "English",
                };
                let name = if is_photo {
                    format!("{label} caption {side_name}")
                } else {
                    format!("{label} {side_name}")
                };
                let hint = match (side, is_photo) {
                    (Side::Source, true) => "Caption in the source language",
                    (Side::English, true) => "Caption in English",
                    (Side::Source, false) => match row {
                        RowRef::Headline => "Headline in the source language",
                        RowRef::Deck => "Deck in the source language",
                        RowRef::Block(_) => "No source: an English-only row",
                    },
                    (Side::English, false) => "English translation",
                };
                let font = match (row, side) {
                    (RowRef::Headline, Side::Source) => theme::headline_font(true),
                    (RowRef::Headline, Side::English) => theme::headline_font(false),
                    (_, Side::Source) => theme::source_font(),
                    (_, Side::English) => theme::english_font(),
                };
                (name, hint, font, true)
            }
            Field::Credit(_) => (
                format!("{label} credit"),
                "Photo credit",
                theme::english_font(),
                false,
            ),
            Field::Alt(_) => (
                format!("{label} alt text"),
                "Description for readers who cannot see the photo",
                theme::english_font(),
                true,
            ),
        };
        let stored = self.field_text_of(story, field);
        let mut text = match &self.draft {
            Some(d) if d.field == field => d.text.clone(),
            _ => stored.to_owned(),
        };
        let id = field.id(&self.slug);
        self.hold_zawgyi_paste(ui, field, id, &text);
        // Syllable-wise wrapping and editing, for text in a script that needs them.
        let script_rules = crate::script::needs_script_rules(&text);
        let text_before = script_rules.then(|| text.clone());
        self.clusters.before(ui, id, &text);
        let cursor_before =
            egui::TextEdit::load_state(ui.ctx(), id).and_then(|s| s.cursor.char_range());
        let color = greyed.then(|| theme::omitted_text(ui.visuals()));
        let format =
            (script_rules && multiline).then(|| script_text::field_format(ui, font.clone(), color));
        let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let format = format.clone().unwrap_or_default();
            script_text::layout(ui, buf.as_str(), &format, wrap_width)
        };
        // Misspelled words in English fields are underlined as the person types.
        let spelling = match field {
            Field::Text(_, Side::English) if !script_rules && multiline => {
                self.checks.clone().filter(|c| c.speller.has_dictionary())
            }
            _ => None,
        };
        let facts = crate::qa::StoryFacts::contributors_of(story);
        let spell_format = spelling
            .as_ref()
            .map(|_| script_text::field_format(ui, font.clone(), color));
        let mut spell_layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let text = buf.as_str();
            let base = spell_format.clone().unwrap_or_default();
            let wrong = spelling.as_ref().map_or_else(Vec::new, |c| {
                crate::qa::spelling::misspelled(text, &c.speller, &facts)
            });
            let mut job = egui::text::LayoutJob::default();
            let mut at = 0;
            for range in wrong {
                job.append(&text[at..range.start], 0.0, base.clone());
                job.append(
                    &text[range.clone()],
                    0.0,
                    egui::TextFormat {
                        underline: egui::Stroke::new(1.5, theme::error_color()),
                        ..base.clone()
                    },
                );
                at = range.end;
            }
            job.append(&text[at..], 0.0, base);
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        // A field the person may not change is read-only: its text can still be selected and
        // copied, and typing into it goes nowhere (never into the story).
        let editable = self.field_editable(field);
        let read_only_copy = text.clone();
        let mut read_only: &str = &read_only_copy;
        let buffer: &mut dyn egui::TextBuffer = if editable { &mut text } else { &mut read_only };
        let mut edit = if multiline {
            egui::TextEdit::multiline(buffer).desired_rows(1)
        } else {
            egui::TextEdit::singleline(buffer)
        };
        edit = edit.id(id).font(font).desired_width(width).hint_text(hint);
        if let Some(color) = color {
            edit = edit.text_color(color);
        }
        if format.is_some() {
            edit = edit.layouter(&mut layouter);
        } else if spell_format.is_some() {
            edit = edit.layouter(&mut spell_layouter);
        }
        let output = edit.show(ui);
        // The find bar's hits, over the stored text (not over text being typed, which has
        // moved on from it).
        if let (Some(bar), Field::Text(row, side)) = (&self.find, field) {
            let typing = self.draft.as_ref().is_some_and(|d| d.field == field);
            let marks = bar.marks(row, side);
            if !typing && !marks.is_empty() {
                super::find::paint_marks(ui, stored, &output, &marks);
            }
        }
        let mut response = output.response.response.accessible_name(name);
        if matches!(field, Field::Text(_, Side::Source)) {
            self.underline_terms(ui, &text, &output.galley, output.galley_pos, &response);
        }
        if spell_format.is_some() {
            self.spelling_menu(
                field,
                &text,
                &output.galley,
                output.galley_pos,
                &response,
                editable,
                commands,
                story,
            );
        }
        if !editable && matches!(field, Field::Text(_, Side::Source)) {
            response = response.on_hover_text(
                "The reporter's source is read-only after filing: a reporter or an editor fixes it with Row… > Edit source…",
            );
        }
        if let Some(text_before) = &text_before {
            self.clusters
                .after(ui, id, text_before, &text, cursor_before, &response);
        }
        if response.changed() {
            // Typing in another field first commits the previous field's draft.
            if self.draft.as_ref().is_some_and(|d| d.field != field) {
                self.commit_draft(story, commands);
            }
            self.draft = Some(Draft {
                field,
                text,
                changed_at: now,
            });
        }
        if response.gained_focus() {
            // Tab can reach a field below the view: bring it into sight before typing.
            response.scroll_to_me(None);
        }
        if response.gained_focus() || response.clicked() || response.changed() {
            if self.active != field.row() {
                self.touched.clear();
            }
            self.active = field.row();
            self.touched.insert(field);
        }
        if self.focus_request == Some(field) && self.focusable {
            self.focus_request = None;
            response.request_focus();
            let end = CCursor::new(self.field_text_of(story, field).chars().count());
            let range = match self.select_on_focus.take() {
                Some((f, start, stop)) if f == field => {
                    CCursorRange::two(CCursor::new(start), CCursor::new(stop))
                }
                _ => CCursorRange::one(end),
            };
            let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
            state.cursor.set_char_range(Some(range));
            state.store(ui.ctx(), id);
        }
    }
}

impl StoryEditor {
    /// Underlines the glossary terms of a source field (found on syllable boundaries) and
    /// shows a term's English when the pointer rests on it.
    fn underline_terms(
        &self,
        ui: &Ui,
        text: &str,
        galley: &std::sync::Arc<egui::Galley>,
        galley_pos: egui::Pos2,
        response: &egui::Response,
    ) {
        let Some(checks) = &self.checks else {
            return;
        };
        if checks.terms.is_empty() {
            return;
        }
        let stroke = egui::Stroke::new(1.5, theme::inserted_color());
        let hover = response.hover_pos();
        let mut hovered: Option<String> = None;
        for hit in checks.terms.find(text) {
            let (Some(before), Some(inside)) =
                (text.get(..hit.range.start), text.get(hit.range.clone()))
            else {
                continue;
            };
            let start = before.chars().count();
            let end = start + inside.chars().count();
            let a = galley.pos_from_cursor(CCursor::new(start));
            let b = galley.pos_from_cursor(CCursor::new(end));
            // One segment per line the term spans.
            let mut segments = Vec::new();
            if (a.bottom() - b.bottom()).abs() < 1.0 {
                segments.push((a.left(), b.left(), a.bottom()));
            } else {
                for row in &galley.rows {
                    let rect = row.rect();
                    if rect.bottom() < a.bottom() - 1.0 || rect.bottom() > b.bottom() + 1.0 {
                        continue;
                    }
                    let left = if (rect.bottom() - a.bottom()).abs() < 1.0 {
                        a.left()
                    } else {
                        rect.left()
                    };
                    let right = if (rect.bottom() - b.bottom()).abs() < 1.0 {
                        b.left()
                    } else {
                        rect.right()
                    };
                    segments.push((left, right, rect.bottom()));
                }
            }
            for (left, right, y) in segments {
                let from = galley_pos + vec2(left, y - 1.0);
                let to = galley_pos + vec2(right, y - 1.0);
                ui.painter().line_segment([from, to], stroke);
                if let Some(p) = hover
                    && p.x >= from.x
                    && p.x <= to.x
                    && p.y <= from.y + 2.0
                    && p.y >= from.y - (a.height() + 2.0)
                    && let Some(term) = checks.glossary.terms.get(hit.term)
                {
                    hovered = Some(if term.note.is_empty() {
                        term.english.clone()
                    } else {
                        format!("{} ({})", term.english, term.note)
                    });
                }
            }
        }
        if let Some(english) = hovered {
            response.clone().on_hover_text_at_pointer(english);
        }
    }

    /// Right-click on a misspelled word: the dictionary's suggestions (a click puts one in
    /// its place) and "Add to desk word list".
    #[expect(clippy::too_many_arguments, reason = "the field as it was just drawn")]
    fn spelling_menu(
        &mut self,
        field: Field,
        text: &str,
        galley: &std::sync::Arc<egui::Galley>,
        galley_pos: egui::Pos2,
        response: &egui::Response,
        editable: bool,
        commands: &mut Vec<Command>,
        story: &Story,
    ) {
        let Some(checks) = self.checks.clone() else {
            return;
        };
        if response.secondary_clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let cursor = galley.cursor_from_pos(pos - galley_pos);
            let at = text
                .char_indices()
                .nth(cursor.index.into())
                .map_or(text.len(), |(b, _)| b);
            let facts = crate::qa::StoryFacts::contributors_of(story);
            self.spell_menu = crate::qa::spelling::misspelled(text, &checks.speller, &facts)
                .into_iter()
                .find(|r| r.start <= at && at <= r.end)
                .map(|r| {
                    let suggestions = checks.speller.suggest(&text[r.clone()]);
                    (field, r, suggestions)
                });
        }
        let Some((menu_field, range, suggestions)) = self.spell_menu.clone() else {
            return;
        };
        if menu_field != field {
            return;
        }
        let Some(word) = text.get(range.clone()).map(str::to_owned) else {
            self.spell_menu = None;
            return;
        };
        let mut chosen: Option<String> = None;
        let mut add = false;
        response.context_menu(|ui| {
            ui.label(RichText::new(format!("\"{word}\"")).strong());
            if suggestions.is_empty() {
                ui.label("No suggestions");
            }
            for suggestion in &suggestions {
                if ui
                    .add_enabled(editable, egui::Button::new(suggestion))
                    .clicked()
                {
                    chosen = Some(suggestion.clone());
                    ui.close();
                }
            }
            ui.separator();
            if ui.button("Add to desk word list").clicked() {
                add = true;
                ui.close();
            }
        });
        if add {
            commands.push(Command::AddWord(word.clone()));
            self.spell_menu = None;
        }
        if let Some(suggestion) = chosen {
            let mut new_text = text.to_owned();
            new_text.replace_range(range, &suggestion);
            if self.draft.as_ref().is_some_and(|d| d.field != field) {
                self.commit_draft(story, commands);
            }
            self.draft = Some(Draft {
                field,
                text: new_text,
                changed_at: 0.0,
            });
            self.commit_draft(story, commands);
            self.spell_menu = None;
        }
    }
}

pub(super) fn column_width(width: f32) -> f32 {
    ((width - theme::GUTTER_WIDTH - 3.0 * theme::GAP) / 2.0).max(120.0)
}

/// A guess at a row's height before it has been laid out: enough lines for the longer side.
pub(super) fn estimate_height(text_row: &TextRow, photo: bool, width: f32) -> f32 {
    let col = column_width(width);
    // Bytes, not characters: this runs for every row on every frame and must stay O(1).
    // Myanmar letters take three bytes in UTF-8, Latin ones one.
    let chars_per_line = (col / 8.0).max(10.0);
    let lines = |bytes: usize| (bytes as f32 / chars_per_line).ceil().max(1.0);
    let source_lines = lines(text_row.source.len() / 3);
    let english_lines = lines(text_row.english.len());
    let mut height =
        (source_lines * 30.0).max(english_lines * 20.0) + 2.0 * theme::ROW_PADDING + 8.0;
    if photo {
        height += theme::THUMBNAIL_HEIGHT + 60.0;
    }
    height.max(70.0)
}
