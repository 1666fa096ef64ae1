//! The desk view: the desk's stories with stage, progress, assignee and last change, a
//! filter, "assigned to me", and the files that could not be read.
//!
//! Everything shown comes from the desk index's summaries, worked out when a story changes;
//! only the rows in view are laid out, so a desk of thousands of stories costs the same
//! per frame as a desk of six.

use std::collections::HashMap;

use chrono::Local;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::Command;
use crate::session::Session;
use crate::summary::{SignOffSummary, StorySummary};
use crate::ui::{script_text, theme};

/// The height of one story's row.
const ROW_HEIGHT: f32 = 52.0;

/// UI state of the desk view.
#[derive(Debug, Default)]
pub struct DeskView {
    filter: String,
    mine: bool,
    /// The slugs shown for a filter, worked out again only when the filter or a summary
    /// changes: (filter, mine, index generation, slugs).
    shown: Option<(String, bool, u64, Vec<String>)>,
    /// Burmese titles cut to their column: (title, column width, what is shown), per slug,
    /// worked out again only when the title or the width changes.
    titles: HashMap<String, (String, f32, String)>,
}

impl DeskView {
    /// Shows the desk's stories; `me` is who works here, for "assigned to me".
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        me: Option<&str>,
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
        for problem in session.problems() {
            ui.colored_label(theme::error_color(), format!("Not loaded: {problem}"));
        }
        ui.add_space(6.0);
        if session.story_count() == 0 {
            ui.label("This desk has no stories yet. Use New story… to file one.");
            return;
        }
        self.refresh_shown(session, me);
        let shown: &[String] = self.shown.as_ref().map_or(&[], |(_, _, _, s)| s.as_slice());
        if shown.is_empty() {
            ui.label("No story matches the filter.");
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
