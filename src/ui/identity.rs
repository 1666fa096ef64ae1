//! "Who am I": the person's name and roles on this machine, recorded with every change.

use egui::RichText;

use crate::model::{DeskSettings, Role};
use crate::ui::theme;
use crate::workflow::Actor;

/// UI state of the dialog.
#[derive(Debug, Default)]
pub struct IdentityDialog {
    name: String,
    roles: Vec<Role>,
}

impl IdentityDialog {
    /// A dialog filled in with the current identity, if any.
    #[must_use]
    pub fn new(current: Option<&Actor>) -> Self {
        current.map_or_else(Self::default, |actor| Self {
            name: actor.name.clone(),
            roles: actor.roles.clone(),
        })
    }

    /// Shows the dialog; returns the identity once the person saves it. `required` hides
    /// Cancel (on first start the app needs a name before anyone can work).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        settings: Option<&DeskSettings>,
        required: bool,
        closed: &mut bool,
    ) -> Option<Actor> {
        let mut chosen = None;
        egui::Window::new("Who are you?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(
                    "Your name and roles on this computer. Every change you make is recorded with your name.",
                );
                if let Some(settings) = settings.filter(|s| !s.staff.is_empty()) {
                    ui.label(RichText::new(format!("On the roster of {}:", settings.name)).weak());
                    ui.horizontal_wrapped(|ui| {
                        for member in &settings.staff {
                            if ui.button(&member.name).clicked() {
                                self.name.clone_from(&member.name);
                                self.roles.clone_from(&member.roles);
                            }
                        }
                    });
                }
                let label = ui.label("Your name");
                ui.text_edit_singleline(&mut self.name).labelled_by(label.id);
                // A person on the roster has the roster's roles, as on the command line.
                let on_roster = settings.and_then(|s| s.staff_member(&self.name));
                if let Some(member) = on_roster {
                    self.roles.clone_from(&member.roles);
                }
                ui.label(if on_roster.is_some() {
                    "Your roles (from the desk's roster)"
                } else {
                    "Your roles"
                });
                ui.horizontal(|ui| {
                    for role in [Role::Reporter, Role::Translator, Role::Writer, Role::Editor] {
                        let mut on = self.roles.contains(&role);
                        if ui
                            .add_enabled(on_roster.is_none(), egui::Checkbox::new(&mut on, role.label()))
                            .changed()
                        {
                            if on {
                                self.roles.push(role);
                                self.roles.sort();
                            } else {
                                self.roles.retain(|r| *r != role);
                            }
                        }
                    }
                });
                let problem = if self.name.trim().is_empty() {
                    Some("Type your name as it should appear in the history.")
                } else if self.roles.is_empty() {
                    Some("Tick at least one role.")
                } else {
                    None
                };
                if let Some(problem) = problem {
                    ui.label(RichText::new(problem).color(theme::warning_color()));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Save identity"))
                        .clicked()
                    {
                        chosen = Some(Actor::new(&self.name, &self.roles));
                    }
                    if !required && ui.button("Cancel").clicked() {
                        *closed = true;
                    }
                });
            });
        chosen
    }
}
