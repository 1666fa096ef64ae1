//! The new-story dialog: slug, headline and the pasted source text, split into rows at blank lines.

use chrono::Utc;
use egui::RichText;

use crate::command::Command;
use crate::model::{Story, is_valid_slug, slugify, split_paragraphs};
use crate::session::Session;
use crate::ui::zawgyi_dialog::{ZawgyiChoice, ZawgyiCompare};
use crate::ui::{script_text, theme};

/// UI state of the dialog.
#[derive(Debug, Default)]
pub struct NewStoryDialog {
    slug: String,
    headline: String,
    source: String,
    /// Whether the slug field has been given the keyboard once.
    focused: bool,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// A story whose source looks like Zawgyi, held while the person compares.
    held: Option<(Box<Story>, ZawgyiCompare, crate::import::ZawgyiPlan)>,
}

impl NewStoryDialog {
    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        if let Some((_, compare, _)) = &self.held
            && let Some(choice) = compare.ui(ctx)
            && let Some((mut story, _, plan)) = self.held.take()
        {
            match choice {
                ZawgyiChoice::Convert => {
                    plan.apply(&mut story, false);
                    commands.push(Command::CreateStory(story));
                }
                ZawgyiChoice::Keep => commands.push(Command::CreateStory(story)),
                ZawgyiChoice::Cancel => {}
            }
        }
        egui::Window::new("New story")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                let label = ui.label("Slug");
                let slug = ui
                    .add(egui::TextEdit::singleline(&mut self.slug).hint_text("monywa-floods"))
                    .labelled_by(label.id);
                if !self.focused {
                    slug.request_focus();
                    self.focused = true;
                }
                slug.on_hover_text("The story's file name: lowercase letters, digits and hyphens");
                let label = ui.label("Source headline");
                ui.add(
                    egui::TextEdit::singleline(&mut self.headline)
                        .font(theme::source_font())
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                let label = ui.label("Source text");
                ui.label(
                    RichText::new("Paste the story; each blank line starts a new row.").weak(),
                );
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        let format = script_text::field_format(ui, theme::source_font(), None);
                        let mut layouter =
                            |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
                                script_text::layout(ui, buf.as_str(), &format, wrap_width)
                            };
                        ui.add(
                            egui::TextEdit::multiline(&mut self.source)
                                .font(theme::source_font())
                                .desired_rows(10)
                                .desired_width(f32::INFINITY)
                                .layouter(&mut layouter),
                        )
                        .labelled_by(label.id);
                    });
                let rows = split_paragraphs(&self.source).len();
                ui.label(RichText::new(format!("{rows} row(s)")).weak());
                let problem = self.problem(session);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Create story"))
                        .clicked()
                    {
                        self.create(commands);
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                // Below the buttons, so they do not move as the message comes and goes;
                // before anything is typed it is a hint, not an error.
                if let Some(problem) = problem.as_ref().or(self.error.as_ref()) {
                    let color = if self.slug.is_empty() {
                        ui.visuals().weak_text_color()
                    } else {
                        theme::error_color()
                    };
                    ui.label(RichText::new(problem).color(color));
                }
            });
        crate::ui::dialog_stays(ctx, open, close)
    }

    /// Makes the story from what was typed (through the core, which limits the rows as
    /// an import does) and asks the app to file it, after a Zawgyi comparison if needed.
    fn create(&mut self, commands: &mut Vec<Command>) {
        let story = match crate::import::pasted_story(
            self.slug.trim(),
            self.headline.trim(),
            &self.source,
            Utc::now(),
        ) {
            Ok(story) => story,
            Err(err) => {
                self.error = Some(err.to_string());
                return;
            }
        };
        self.error = None;
        let plan = crate::import::ZawgyiPlan::for_story(&story);
        if plan.found() {
            let (original, converted) = plan.comparison(&story);
            let compare = ZawgyiCompare::from_parts("the pasted story", original, converted);
            self.held = Some((Box::new(story), compare, plan));
        } else {
            commands.push(Command::CreateStory(Box::new(story)));
        }
    }

    fn problem(&self, session: &Session) -> Option<String> {
        let slug = self.slug.trim();
        if slug.is_empty() {
            return Some("Give the story a slug.".to_owned());
        }
        if !is_valid_slug(slug) {
            let suggestion = slugify(slug);
            return Some(if suggestion.is_empty() {
                "A slug uses lowercase letters, digits and hyphens only.".to_owned()
            } else {
                format!(
                    "A slug uses lowercase letters, digits and hyphens only, for example \"{suggestion}\"."
                )
            });
        }
        if session.find(slug).is_some() {
            return Some(format!("The desk already has a story \"{slug}\"."));
        }
        None
    }
}
