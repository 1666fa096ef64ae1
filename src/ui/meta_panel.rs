//! The credits and metadata panel: dateline and contributors of the open story.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::app::Command;
use crate::edit::Edit;
use crate::model::{Contributor, CreditDisplay, Dateline, Role, Story};
use crate::ui::theme;

/// UI state of the panel: working copies of the fields being typed in.
#[derive(Debug, Default)]
pub struct MetaPanel {
    place: Option<String>,
    date: Option<String>,
    names: Vec<Option<String>>,
}

impl MetaPanel {
    /// Shows the panel for a story.
    pub fn ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        ui.heading("Credits and metadata");
        ui.label(RichText::new(format!("slug: {}", story.slug)).weak());
        ui.add_space(4.0);
        self.dateline_ui(ui, story, commands);
        ui.separator();
        self.contributors_ui(ui, story, commands);
    }

    fn dateline_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        ui.label(RichText::new("Dateline").strong());
        egui::Grid::new("dateline").num_columns(2).show(ui, |ui| {
            let label = ui.label("Place");
            let place = self
                .place
                .get_or_insert_with(|| story.dateline.place.clone());
            let response = ui.text_edit_singleline(place).labelled_by(label.id);
            if response.lost_focus() {
                let dateline = Dateline {
                    place: place.trim().to_owned(),
                    ..story.dateline.clone()
                };
                if dateline != story.dateline {
                    commands.push(apply(Edit::SetDateline(dateline), "change dateline"));
                }
                self.place = None;
            } else if !response.has_focus() {
                self.place = None;
            }
            ui.end_row();

            let label = ui.label("Date");
            let date = self.date.get_or_insert_with(|| {
                story
                    .dateline
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            });
            let response = ui
                .add(egui::TextEdit::singleline(date).hint_text("YYYY-MM-DD"))
                .labelled_by(label.id);
            let typed = date.trim().to_owned();
            let parsed = NaiveDate::parse_from_str(&typed, "%Y-%m-%d");
            if response.lost_focus() {
                match (typed.is_empty(), parsed) {
                    (true, _) => commands.push(apply(
                        Edit::SetDateline(Dateline {
                            date: None,
                            ..story.dateline.clone()
                        }),
                        "change dateline",
                    )),
                    (false, Ok(day)) => commands.push(apply(
                        Edit::SetDateline(Dateline {
                            date: Some(day),
                            ..story.dateline.clone()
                        }),
                        "change dateline",
                    )),
                    (false, Err(_)) => commands.push(Command::Notify(format!(
                        "\"{typed}\" is not a date; write it as YYYY-MM-DD, for example 2026-08-03."
                    ))),
                }
                self.date = None;
            } else if !response.has_focus() {
                self.date = None;
            } else if !typed.is_empty() && parsed.is_err() {
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
                });
                let name = self.names[i].get_or_insert_with(|| person.name.clone());
                let response = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .hint_text("Name")
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Name of contributor {}", i + 1));
                if response.lost_focus() {
                    if name.trim() != person.name {
                        name.trim().clone_into(&mut person.name);
                        changed = true;
                    }
                    self.names[i] = None;
                } else if !response.has_focus() {
                    self.names[i] = None;
                }
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
        if let Some(i) = remove {
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
            commands.push(apply(Edit::SetContributors(list), "change contributors"));
        }
    }
}

fn apply(edit: Edit, label: &str) -> Command {
    Command::Apply {
        edit,
        label: label.to_owned(),
        row: None,
    }
}
