//! The desk view: the desk's stories with stage, progress, assignee and last change, a
//! filter (slug, headline, stage), "assigned to me", the files that could not be read, and
//! the search of every story's text (Ctrl+Shift+F) with its hits in context.
//!
//! Everything the list shows comes from the desk index's summaries, worked out when a story
//! changes; only the rows in view are laid out, so a desk of thousands of stories costs the
//! same per frame as a desk of six. The index holds no text: the app runs the search on a
//! thread of its own (`app/search.rs`) and hands this view its hits as they come.

use std::collections::HashMap;

use chrono::Local;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::Command;
use crate::find::{DeskHit, Place, Query};
use crate::model::Side;
use crate::session::Session;
use crate::summary::{SignOffSummary, StorySummary};
use crate::ui::{script_text, theme};

/// The height of one story's row.
const ROW_HEIGHT: f32 = 52.0;

/// The height of one hit of the search.
const HIT_HEIGHT: f32 = 60.0;

/// What a desk search has found so far, for the desk view to show.
#[derive(Clone, Debug, Default)]
pub struct DeskSearchResults {
    /// What was searched for.
    pub query: Query,
    /// The hits, in slug order (a story's own in its order).
    pub hits: Vec<DeskHit>,
    /// Stories on the desk.
    pub total: usize,
    /// Stories searched so far.
    pub searched: usize,
    /// Whether the search has finished.
    pub done: bool,
    /// Whether it stopped at its limit with more hits left.
    pub truncated: bool,
    /// Stories that could not be read, each named with why.
    pub problems: Vec<String>,
}

impl DeskSearchResults {
    /// Adds one story's hits in slug order, keeping at most `limit` hits in all.
    pub fn add(&mut self, hits: Vec<DeskHit>, limit: usize) {
        let Some(first) = hits.first() else {
            return;
        };
        let at = self.hits.partition_point(|h| h.slug <= first.slug);
        let room = limit.saturating_sub(self.hits.len());
        if hits.len() > room {
            self.truncated = true;
        }
        self.hits.splice(at..at, hits.into_iter().take(room));
    }

    /// How many stories the hits are in.
    #[must_use]
    pub fn stories(&self) -> usize {
        let mut slugs: Vec<&str> = self.hits.iter().map(|h| h.slug.as_str()).collect();
        slugs.dedup();
        slugs.len()
    }
}

/// UI state of the desk view.
#[derive(Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches of the view (assigned to me, the search's two options, a focus request), each read by name"
)]
pub struct DeskView {
    filter: String,
    mine: bool,
    /// The slugs shown for a filter, worked out again only when the filter or a summary
    /// changes: (filter, mine, index generation, slugs).
    shown: Option<(String, bool, u64, Vec<String>)>,
    /// Burmese titles cut to their column: (title, column width, what is shown), per slug,
    /// worked out again only when the title or the width changes.
    titles: HashMap<String, (String, f32, String)>,
    /// The text search as typed, and its options.
    search: String,
    match_case: bool,
    whole_words: bool,
    /// Gives the search field the keyboard on the next frame.
    focus_search: bool,
    /// The query last handed to the app to run.
    asked: Query,
}

impl DeskView {
    /// Gives the search field the keyboard (Ctrl+Shift+F), with `text` in it if given.
    pub fn focus_search(&mut self, text: Option<&str>) {
        if let Some(text) = text {
            text.clone_into(&mut self.search);
        }
        self.focus_search = true;
    }

    /// Shows the desk's stories, or the search's hits while there is a search; `me` is who
    /// works here, for "assigned to me".
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        me: Option<&str>,
        results: &DeskSearchResults,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.heading(&session.settings().name);
            ui.label(RichText::new(session.root().display().to_string()).weak());
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter:");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("slug, headline or stage")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            ui.add_enabled(
                me.is_some(),
                egui::Checkbox::new(&mut self.mine, "Assigned to me"),
            );
            if ui.button("New story…").clicked() {
                commands.push(Command::ShowNewStory);
            }
        });
        self.search_bar_ui(ui, commands);
        for problem in session.problems() {
            ui.colored_label(theme::error_color(), format!("Not loaded: {problem}"));
        }
        ui.add_space(6.0);
        if session.story_count() == 0 {
            ui.label("This desk has no stories yet. Use New story… to file one.");
            return;
        }
        if !self.search.is_empty() {
            hits_ui(ui, session, results, commands);
            return;
        }
        self.refresh_shown(session, me);
        let shown: &[String] = self.shown.as_ref().map_or(&[], |(_, _, _, s)| s.as_slice());
        if shown.is_empty() {
            let filter = self.filter.trim().to_owned();
            ui.label(format!(
                "No story's slug, headline or stage matches “{filter}”."
            ));
            // The filter looks at the list only; the words may be in a story's text.
            if !filter.is_empty()
                && ui
                    .button(format!("Search the text for “{filter}”"))
                    .clicked()
            {
                self.search = filter;
                self.filter.clear();
                self.focus_search = true;
                self.ask(commands);
            }
            return;
        }
        let language = &session.settings().source_language;
        let unit = crate::script::Script::for_language(language).unit_name();
        let titles = &mut self.titles;
        let header = |ui: &mut Ui, text: &str| {
            ui.label(RichText::new(text).strong());
        };
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Open comes first, so it is on screen however narrow the window.
            .column(Column::exact(60.0))
            .column(Column::remainder().at_least(200.0).clip(true))
            .column(Column::exact(150.0))
            .column(Column::exact(160.0))
            .column(Column::exact(150.0))
            .column(Column::exact(170.0))
            .header(22.0, |mut row| {
                for heading in ["", "Story", "Stage", "Progress", "Last change", "Attention"] {
                    row.col(|ui| header(ui, heading));
                }
            })
            .body(|body| {
                // Only the rows in view are laid out.
                body.rows(ROW_HEIGHT, shown.len(), |mut row| {
                    let Some(story) = shown
                        .get(row.index())
                        .and_then(|slug| session.summary(slug))
                    else {
                        return;
                    };
                    row.col(|ui| {
                        if ui
                            .button("Open")
                            .accessible_name(format!("Open {}", story.slug))
                            .clicked()
                        {
                            commands.push(Command::OpenStory(story.slug.clone()));
                        }
                    });
                    row.col(|ui| title_ui(ui, story, titles));
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.label(story.stage.label());
                            if let Some(assignee) = &story.assignee {
                                ui.label(format!("for {assignee}"));
                            }
                        });
                    });
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.add(
                                egui::ProgressBar::new(story.progress().fraction())
                                    .desired_width(140.0)
                                    .text(format!("{}/{} rows", story.confirmed, story.total)),
                            );
                            ui.label(
                                RichText::new(format!(
                                    "{} {} · {} words",
                                    story.source_units, unit, story.english_words
                                ))
                                .small()
                                .weak(),
                            );
                        });
                    });
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.label(
                                story
                                    .modified
                                    .with_timezone(&Local)
                                    .format("%Y-%m-%d %H:%M")
                                    .to_string(),
                            );
                            if !story.modified_by.is_empty() {
                                ui.label(RichText::new(&story.modified_by).small().weak());
                            }
                        });
                    });
                    row.col(|ui| attention_ui(ui, story));
                });
            });
    }

    /// The search field and its options; a change asks the app to search again.
    fn search_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label("Search text:");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("words in any story: both sides, captions, comments")
                        .desired_width(360.0),
                )
                .labelled_by(label.id)
                .on_hover_text("Searches every story's text on the desk (Ctrl+Shift+F)");
            if std::mem::take(&mut self.focus_search) {
                response.request_focus();
            }
            ui.checkbox(&mut self.match_case, "Match case");
            ui.checkbox(&mut self.whole_words, "Whole words");
            if !self.search.is_empty() && ui.button("Clear search").clicked() {
                self.search.clear();
            }
        });
        self.ask(commands);
    }

    /// Asks the app to run the search when what is asked changed.
    fn ask(&mut self, commands: &mut Vec<Command>) {
        let query = Query {
            text: self.search.clone(),
            match_case: self.match_case,
            whole_words: self.whole_words,
        };
        if query != self.asked {
            self.asked = query.clone();
            commands.push(Command::SearchDesk(query));
        }
    }

    /// Works out the slugs that pass the filter, in slug order, when the filter or a
    /// summary changed.
    fn refresh_shown(&mut self, session: &Session, me: Option<&str>) {
        let generation = session.index_generation();
        let mine = self.mine && me.is_some();
        let fresh = self.shown.as_ref().is_some_and(|(filter, m, g, _)| {
            *filter == self.filter && *m == mine && *g == generation
        });
        if !fresh {
            let slugs = session
                .summaries()
                .filter(|s| s.matches(&self.filter))
                .filter(|s| {
                    !mine
                        || s.assignee
                            .as_deref()
                            .zip(me)
                            .is_some_and(|(a, me)| a.eq_ignore_ascii_case(me))
                })
                .map(|s| s.slug.clone())
                .collect();
            self.shown = Some((self.filter.clone(), mine, generation, slugs));
        }
    }
}

/// The story's title (a source headline cut between syllables to its column) and slug.
fn title_ui(
    ui: &mut Ui,
    story: &StorySummary,
    titles: &mut HashMap<String, (String, f32, String)>,
) {
    ui.vertical(|ui| {
        let text = if story.title_is_source {
            // Cut between syllables, not inside one or a number.
            let font = theme::source_font();
            let width = ui.available_width();
            let cached = titles
                .get(&story.slug)
                .filter(|(t, w, _)| *t == story.title && (w - width).abs() < 0.5);
            let shown = if let Some((_, _, shown)) = cached {
                shown.clone()
            } else {
                let shown = script_text::truncated(ui, &story.title, &font, width);
                titles.insert(
                    story.slug.clone(),
                    (story.title.clone(), width, shown.clone()),
                );
                shown
            };
            RichText::new(shown).font(font)
        } else {
            RichText::new(&story.title).strong()
        };
        ui.add(egui::Label::new(text).truncate());
        ui.label(RichText::new(&story.slug).small().weak());
    });
}

/// What needs someone's attention: open comments, re-filed rows, rows in Zawgyi, a
/// send-back note, and the sign-off state.
fn attention_ui(ui: &mut Ui, story: &StorySummary) {
    ui.vertical(|ui| {
        match story.sign_off {
            SignOffSummary::Stale => {
                ui.colored_label(theme::error_color(), "sign-off stale");
            }
            SignOffSummary::Current => {
                ui.label(RichText::new("signed off").small());
            }
            SignOffSummary::None => {}
        }
        let mut parts = Vec::new();
        if story.sent_back {
            parts.push("send-back note".to_owned());
        }
        if story.open_comments > 0 {
            parts.push(format!("{} open comment(s)", story.open_comments));
        }
        if story.refiled_rows > 0 {
            parts.push(format!("{} re-filed row(s)", story.refiled_rows));
        }
        if story.zawgyi_rows > 0 {
            parts.push(format!("{} row(s) in Zawgyi", story.zawgyi_rows));
        }
        if !parts.is_empty() {
            ui.label(
                RichText::new(parts.join(", "))
                    .small()
                    .color(theme::warning_color()),
            );
        }
    });
}

/// The search's hits: how far it is, then one line a hit (story, row, the words around it)
/// with a button that opens the story there. Only the hits in view are laid out.
fn hits_ui(
    ui: &mut Ui,
    session: &Session,
    results: &DeskSearchResults,
    commands: &mut Vec<Command>,
) {
    let query = &results.query.text;
    let count = results.hits.len();
    let summary = if count == 0 {
        if results.done {
            format!("No story's text has “{query}”.")
        } else {
            String::new()
        }
    } else {
        let stories = results.stories();
        format!(
            "{count} {} for “{query}” in {stories} {}",
            if count == 1 { "hit" } else { "hits" },
            if stories == 1 { "story" } else { "stories" }
        )
    };
    ui.horizontal(|ui| {
        if !results.done {
            ui.spinner();
            ui.label(format!(
                "Searching… {} of {} stories",
                results.searched, results.total
            ));
        }
        ui.label(RichText::new(summary).strong());
    });
    if results.truncated {
        ui.label(
            RichText::new(format!(
                "Showing the first {count} hits: add words to narrow the search."
            ))
            .color(theme::warning_color()),
        );
    }
    for problem in &results.problems {
        ui.colored_label(theme::error_color(), format!("Not searched: {problem}"));
    }
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("desk-search-hits")
        .auto_shrink([false, false])
        .show_rows(ui, HIT_HEIGHT, count, |ui, range| {
            for hit in &results.hits[range] {
                hit_ui(ui, session, hit, &results.query, commands);
            }
        });
}

fn hit_ui(
    ui: &mut Ui,
    session: &Session,
    hit: &DeskHit,
    query: &Query,
    commands: &mut Vec<Command>,
) {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), HIT_HEIGHT),
        egui::Sense::hover(),
    );
    let mut row = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(0.0, 3.0)))
            .layout(egui::Layout::left_to_right(egui::Align::Min)),
    );
    let location = hit.location();
    if row
        .button("Open")
        .accessible_name(format!("Open {} at {location}", hit.slug))
        .clicked()
    {
        commands.push(Command::OpenSearchHit {
            slug: hit.slug.clone(),
            place: hit.place,
            query: query.clone(),
        });
    }
    row.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&hit.slug).strong());
            ui.label(RichText::new(&location).weak());
            if let Some(summary) = session.summary(&hit.slug)
                && !summary.title_is_source
            {
                ui.add(egui::Label::new(RichText::new(&summary.title).weak().small()).truncate());
            }
        });
        let font = match hit.place {
            Place::Text {
                side: Side::Source, ..
            } => theme::source_font(),
            _ => theme::english_font(),
        };
        let color = ui.visuals().text_color();
        let plain = egui::TextFormat::simple(font.clone(), color);
        let marked = egui::TextFormat {
            background: theme::find_hit_fill(ui.visuals()),
            ..egui::TextFormat::simple(font, ui.visuals().strong_text_color())
        };
        let mut job = egui::text::LayoutJob::default();
        job.append(&hit.context.before, 0.0, plain.clone());
        job.append(&hit.context.matched, 0.0, marked);
        job.append(&hit.context.after, 0.0, plain);
        job.wrap.max_rows = 1;
        job.wrap.max_width = ui.available_width();
        ui.add(egui::Label::new(job).selectable(false));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::Context;
    use crate::model::RowRef;

    fn hit(slug: &str, n: usize) -> DeskHit {
        DeskHit {
            slug: slug.to_owned(),
            place: Place::Text {
                row: RowRef::Headline,
                side: Side::English,
            },
            row_name: format!("hit {n}"),
            context: Context {
                before: String::new(),
                matched: String::new(),
                after: String::new(),
            },
        }
    }

    #[test]
    fn hits_stay_in_slug_order_whatever_order_stories_arrive_in() {
        let mut results = DeskSearchResults::default();
        // The story the window holds comes first, then the thread's in slug order.
        results.add(vec![hit("m", 1), hit("m", 2)], 10);
        results.add(vec![hit("a", 1)], 10);
        results.add(vec![hit("z", 1)], 10);
        let order: Vec<(String, String)> = results
            .hits
            .iter()
            .map(|h| (h.slug.clone(), h.row_name.clone()))
            .collect();
        let expected = [
            ("a", "hit 1"),
            ("m", "hit 1"),
            ("m", "hit 2"),
            ("z", "hit 1"),
        ];
        assert_eq!(order, expected.map(|(s, n)| (s.to_owned(), n.to_owned())));
        assert_eq!(results.stories(), 3);
        assert!(!results.truncated);
    }

    #[test]
    fn hits_past_the_limit_are_dropped_and_said() {
        let mut results = DeskSearchResults::default();
        results.add(vec![hit("a", 1), hit("a", 2)], 3);
        results.add(vec![hit("b", 1), hit("b", 2)], 3);
        assert_eq!(results.hits.len(), 3);
        assert!(results.truncated);
    }
}
