//! "Who am I": the person's name on this machine, recorded with every change. Their roles
//! come from the desk's roster and are shown here, never chosen here.

use egui::RichText;

use crate::command::Command;
use crate::model::DeskSettings;
use crate::ui::theme;
use crate::workflow::Actor;

/// UI state of the dialog: the name being typed or picked.
#[derive(Debug, Default)]
pub struct IdentityDialog {
    name: String,
    /// The SSH key to sign sign-offs with, as typed; empty: look for it.
    key: String,
}

impl IdentityDialog {
    /// A dialog filled in with the current name, if any.
    #[must_use]
    pub fn new(current: Option<&str>) -> Self {
        Self {
            name: current.unwrap_or_default().to_owned(),
            key: String::new(),
        }
    }

    /// The dialog with the signing key this machine has named, if any.
    #[must_use]
    pub fn with_key(mut self, key: Option<&std::path::Path>) -> Self {
        self.key = key.map(|k| k.display().to_string()).unwrap_or_default();
        self
    }

    /// Shows the dialog; returns `false` once it is closed. `required` hides Cancel (on
    /// first start the app needs a name before anyone can work).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        settings: Option<&DeskSettings>,
        required: bool,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut stays = true;
        egui::Window::new("Who are you?")
            .collapsible(false)
            .resizable(false)
            // A fixed size and a top anchor: the buttons stay where they are while the text
            // about the name typed so far changes.
            .fixed_size([460.0, 240.0])
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 120.0))
            .show(ctx, |ui| {
                ui.label(
                    "Your name on this computer. Every change you make is recorded with it.",
                );
                if let Some(settings) = settings.filter(|s| !s.staff.is_empty()) {
                    ui.label(RichText::new(format!("On the roster of {}:", settings.name)).weak());
                    ui.horizontal_wrapped(|ui| {
                        for member in &settings.staff {
                            let roles: Vec<&str> = member.roles.iter().map(|r| r.label()).collect();
                            if ui
                                .button(format!("{} ({})", member.name, roles.join(", ")))
                                .accessible_name(format!("I am {}", member.name))
                                .clicked()
                            {
                                self.name.clone_from(&member.name);
                            }
                        }
                    });
                }
                let label = ui.label("Your name");
                ui.text_edit_singleline(&mut self.name).labelled_by(label.id);
                let name = self.name.trim();
                if let Some(settings) = settings
                    && !name.is_empty()
                {
                    let actor = Actor::on_desk(settings, name);
                    if actor.on_roster() {
                        let roles: Vec<&str> = actor.roles().iter().map(|r| r.label()).collect();
                        ui.label(format!(
                            "Your roles on {}: {} (from the desk's roster).",
                            settings.name,
                            if roles.is_empty() { "none".to_owned() } else { roles.join(", ") }
                        ));
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "{name} is not on the roster of {}: you can read and comment, and an editor can add you with your roles in Desk > Settings.",
                                settings.name
                            ))
                            .color(theme::warning_color()),
                        );
                    }
                }
                let label = ui.label("SSH key to sign sign-offs with (optional)");
                ui.add(
                    egui::TextEdit::singleline(&mut self.key)
                        .hint_text("empty: found in the SSH agent or ~/.ssh"),
                )
                .labelled_by(label.id);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(!name.is_empty(), egui::Button::new("Save identity"))
                        .clicked()
                    {
                        let key = self.key.trim();
                        commands.push(Command::SetSigningKey(
                            (!key.is_empty()).then(|| std::path::PathBuf::from(key)),
                        ));
                        commands.push(Command::SetIdentity(name.to_owned()));
                        stays = false;
                    }
                    if !required && ui.button("Cancel").clicked() {
                        stays = false;
                    }
                });
            });
        stays
    }
}
