//! The credits and metadata panel: dateline and contributors of the open story.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::command::Command;
use crate::credits::credit_line;
use crate::edit::Edit;
use crate::model::{Contributor, CreditDisplay, Dateline, DeskSettings, Role, Story};
use crate::ui::theme;

/// UI state of the panel: working copies of the text fields being typed in. A copy exists
/// while its field has focus and becomes an edit when the field loses it, or when the app
/// asks (before closing the story or quitting), so nothing typed here is lost.
#[derive(Debug, Default)]
pub struct MetaPanel {
    place: Option<String>,
    date: Option<String>,
    names: Vec<Option<String>>,
    credit_line: Option<String>,
}

impl MetaPanel {
    /// Shows the panel for a story: editable where the person's rights allow, read-only
    /// otherwise (credits and the override for editors). `on_roster` is whether the person
    /// is on the desk's roster: to anyone else, a withheld name shows as "withheld".
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        settings: &DeskSettings,
        rights: &crate::workflow::Rights,
        on_roster: bool,
        commands: &mut Vec<Command>,
    ) {
        ui.heading("Credits and metadata");
        ui.label(RichText::new(format!("slug: {}", story.slug)).weak());
        ui.add_space(4.0);
        ui.add_enabled_ui(rights.metadata, |ui| {
            self.dateline_ui(ui, story, commands);
        });
        ui.separator();
        if on_roster {
            ui.add_enabled_ui(rights.credits, |ui| {
                self.contributors_ui(ui, story, commands);
            });
            if !rights.credits {
                ui.label(
                    RichText::new("Who is credited, and how, is changed by an editor.")
                        .small()
                        .weak(),
                );
            }
        } else {
            ui.label(RichText::new("Contributors").strong());
            for person in &story.contributors {
                let name = if person.display == CreditDisplay::Withheld {
                    "(withheld)"
                } else {
                    person.name.as_str()
                };
                ui.label(format!("{}: {name}", person.role.label()));
            }
        }
        ui.separator();
        self.credit_line_ui(ui, story, settings, rights.credit_override, commands);
    }

    /// The credit line as it will print, updated as contributors change, and the editor's
    /// override for this story.
    fn credit_line_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        settings: &DeskSettings,
        editor: bool,
        commands: &mut Vec<Command>,
    ) {
        ui.label(RichText::new("Credit line").strong());
        let line = credit_line(story, settings);
        ui.label(
            RichText::new(if line.is_empty() {
                "(nobody credited yet)"
            } else {
                &line
            })
            .italics(),
        )
        .on_hover_text("As it will print, from the contributors above");
        if story.credit_line_override.is_some() {
            ui.label(
                RichText::new("Set by hand for this story.")
                    .small()
                    .color(theme::warning_color()),
            );
        }
        if !editor {
            return;
        }
        let mut text = self
            .credit_line
            .clone()
            .unwrap_or_else(|| story.credit_line_override.clone().unwrap_or_default());
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .hint_text("Override for this story (editors only)")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .accessible_name("Credit line override");
        if response.changed() {
            self.credit_line = Some(text);
        }
        if response.lost_focus() {
            self.commit_credit_line(story, commands);
        }
        if story.credit_line_override.is_some() && ui.button("Use the generated line").clicked() {
            self.credit_line = None;
            commands.push(apply(
                story,
                Edit::SetCreditLine(None),
                "clear credit-line override",
            ));
        }
    }

    fn commit_credit_line(&mut self, story: &Story, commands: &mut Vec<Command>) {
        if let Some(text) = self.credit_line.take() {
            let line = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
            commands.push(apply(
                story,
                Edit::SetCreditLine(line),
                "set credit line by hand",
            ));
        }
    }

    /// Turns whatever is being typed into edits now.
    pub fn commit(&mut self, story: &Story, commands: &mut Vec<Command>) {
        self.commit_place(story, commands);
        self.commit_date(story, commands);
        self.commit_names(story, commands);
        self.commit_credit_line(story, commands);
    }

    fn commit_place(&mut self, story: &Story, commands: &mut Vec<Command>) {
        if let Some(place) = self.place.take() {
            let dateline = Dateline {
                place: place.trim().to_owned(),
                ..story.dateline.clone()
            };
            commands.push(apply(story, Edit::SetDateline(dateline), "change dateline"));
        }
    }

    fn commit_date(&mut self, story: &Story, commands: &mut Vec<Command>) {
        let Some(typed) = self.date.take() else {
            return;
        };
        let typed = typed.trim();
        let date = if typed.is_empty() {
            None
        } else if let Ok(day) = NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
            Some(day)
        } else {
            commands.push(Command::Notify(format!(
                "\"{typed}\" is not a date; write it as YYYY-MM-DD, for example 2026-08-03."
            )));
            return;
        };
        let dateline = Dateline {
            date,
            ..story.dateline.clone()
        };
        commands.push(apply(story, Edit::SetDateline(dateline), "change dateline"));
    }

    fn commit_names(&mut self, story: &Story, commands: &mut Vec<Command>) {
        let mut list = story.contributors.clone();
        if self.fold_typed_names(&mut list) {
            commands.push(apply(
                story,
                Edit::SetContributors(list),
                "change contributors",
            ));
        }
    }

    /// Moves names being typed into `list`; returns whether any name changed.
    fn fold_typed_names(&mut self, list: &mut [Contributor]) -> bool {
        let mut changed = false;
        for (person, typed) in list.iter_mut().zip(self.names.iter_mut()) {
            if let Some(name) = typed.take()
                && name.trim() != person.name
            {
                name.trim().clone_into(&mut person.name);
                changed = true;
            }
        }
        changed
    }

    fn dateline_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        ui.label(RichText::new("Dateline").strong());
        egui::Grid::new("dateline").num_columns(2).show(ui, |ui| {
            let label = ui.label("Place");
            let mut place = self
                .place
                .clone()
                .unwrap_or_else(|| story.dateline.place.clone());
            let response = ui.text_edit_singleline(&mut place).labelled_by(label.id);
            if response.changed() {
                self.place = Some(place);
            }
            if response.lost_focus() {
                self.commit_place(story, commands);
            }
            ui.end_row();

            let label = ui.label("Date");
            let mut date = self.date.clone().unwrap_or_else(|| {
                story
                    .dateline
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            });
            let response = ui
                .add(egui::TextEdit::singleline(&mut date).hint_text("YYYY-MM-DD"))
                .labelled_by(label.id);
            if response.changed() {
                self.date = Some(date.clone());
            }
            if response.lost_focus() {
                self.commit_date(story, commands);
            } else if response.has_focus()
                && !date.trim().is_empty()
                && NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err()
            {
                ui.end_row();
                ui.label("");
                ui.colored_label(theme::warning_color(), "YYYY-MM-DD");
            }
            ui.end_row();
        });
    }

    fn contributors_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        ui.label(RichText::new("Contributors").strong());
        let mut list = story.contributors.clone();
        let mut changed = false;
        let mut remove = None;
        let mut swap = None;
        let mut commit_names = false;
        self.names.resize(list.len(), None);
        for (i, person) in list.iter_mut().enumerate() {
            ui.push_id(i, |ui| {
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt("role")
                        .selected_text(person.role.label())
                        .width(96.0)
                        .show_ui(ui, |ui| {
                            for role in Role::ALL {
                                changed |= ui
                                    .selectable_value(&mut person.role, role, role.label())
                                    .changed();
                            }
                        })
                        .response
                        .accessible_name(format!("Role of contributor {}", i + 1));
                    if ui
                        .small_button("Remove")
                        .accessible_name(format!("Remove contributor {}", i + 1))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    if i > 0
                        && ui
                            .small_button("Up")
                            .accessible_name(format!("Move contributor {} up", i + 1))
                            .clicked()
                    {
                        swap = Some(i - 1);
                    }
                });
                let mut name = self.names[i].clone().unwrap_or_else(|| person.name.clone());
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut name)
                            .hint_text("Name")
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Name of contributor {}", i + 1));
                if response.changed() {
                    self.names[i] = Some(name);
                }
                commit_names |= response.lost_focus();
                egui::ComboBox::from_id_salt("display")
                    .selected_text(format!("credited {}", person.display.label()))
                    .show_ui(ui, |ui| {
                        for display in CreditDisplay::ALL {
                            changed |= ui
                                .selectable_value(&mut person.display, display, display.label())
                                .changed();
                        }
                    })
                    .response
                    .accessible_name(format!("Credit display of contributor {}", i + 1));
                if person.display == CreditDisplay::Withheld {
                    ui.label(
                        RichText::new("Withheld: this name never appears in anything published.")
                            .small()
                            .color(theme::warning_color()),
                    );
                }
                ui.add_space(6.0);
            });
        }
        if commit_names {
            self.commit_names(story, commands);
        }
        if let Some(i) = swap {
            self.fold_typed_names(&mut list);
            list.swap(i, i + 1);
            self.names.clear();
            changed = true;
        }
        if let Some(i) = remove {
            // Names being typed belong to the rows as they were: fold them in before removing.
            self.fold_typed_names(&mut list);
            list.remove(i);
            self.names.clear();
            changed = true;
        }
        if ui.button("Add contributor").clicked() {
            list.push(Contributor {
                role: Role::Translator,
                name: String::new(),
                display: CreditDisplay::Person,
            });
            changed = true;
        }
        if changed {
            // Keep names typed in other rows: they are committed separately, later.
            commands.push(apply(
                story,
                Edit::SetContributors(list),
                "change contributors",
            ));
        }
    }
}

fn apply(story: &Story, edit: Edit, label: &str) -> Command {
    Command::Apply {
        slug: story.slug.clone(),
        edit,
        label: label.to_owned(),
        row: None,
    }
}
