//! Desk > Settings: the roster, the service name, credit-line words and options, the web
//! footer, four eyes and the stage rules, with the record of every change. Editors change
//! them (each change goes through the core's checks and is recorded); everyone else reads.

use std::collections::HashMap;

use chrono::Local;
use egui::{RichText, Ui};

use crate::command::Command;
use crate::model::{DeskChange, DeskSettings, Role, Stage};
use crate::session::Session;
use crate::ui::theme;
use crate::workflow::{self, DeskKey, SettingsChange};

/// UI state of the dialog.
#[derive(Debug, Default)]
pub struct SettingsDialog {
    /// Text settings being typed, by key, until saved.
    drafts: HashMap<DeskKey, String>,
    new_name: String,
    new_roles: Vec<Role>,
    new_from: Option<Stage>,
    new_to: Option<Stage>,
    /// The recorded changes, read when the dialog opens and after each change.
    history: Option<Vec<DeskChange>>,
    /// Why the last change was refused.
    error: Option<String>,
    /// The person whose removal from the roster is being confirmed.
    removing: Option<String>,
    /// The person whose SSH public key or email address is being typed or pasted, which of
    /// the two, and the text so far.
    member_edit: Option<(String, MemberField, String)>,
}

/// What of a person's roster entry is being typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MemberField {
    Key,
    Email,
}

impl MemberField {
    fn label(self) -> &'static str {
        match self {
            Self::Key => "SSH public key",
            Self::Email => "Email address",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Self::Key => "ssh-ed25519 AAAA… (the line in their .pub file)",
            Self::Email => "name@example.org (their commits on a team desk carry it)",
        }
    }

    /// Why `text` cannot be set, checked by the core's own rule.
    fn problem(self, text: &str) -> Option<String> {
        match self {
            Self::Key => workflow::signing::PublicKey::parse(text)
                .err()
                .map(|e| e.to_string()),
            Self::Email => workflow::check_email(text).err(),
        }
    }

    fn change(self, name: &str, value: Option<String>) -> SettingsChange {
        match self {
            Self::Key => SettingsChange::SetKey {
                name: name.to_owned(),
                key: value,
            },
            Self::Email => SettingsChange::SetEmail {
                name: name.to_owned(),
                email: value,
            },
        }
    }
}

const ROSTER_ROLES: [Role; 5] = [
    Role::Reporter,
    Role::Translator,
    Role::Writer,
    Role::Editor,
    Role::Photographer,
];

impl SettingsDialog {
    /// A change went through: read the record again, forget what was typed.
    pub fn changed(&mut self) {
        self.history = None;
        self.error = None;
        self.drafts.clear();
    }

    /// A change was refused: say why in the dialog.
    pub fn refused(&mut self, why: String) {
        self.error = Some(why);
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let settings = session.settings();
        let editor = session.actor().is_some_and(|a| {
            a.has(Role::Editor) || (settings.staff.is_empty() && !a.name.is_empty())
        });
        if self.history.is_none() {
            self.history = Some(session.desk_history().map(|(c, _)| c).unwrap_or_default());
        }
        egui::Window::new("Desk settings")
            .open(&mut open)
            .collapsible(false)
            .default_width(620.0)
            .default_height(560.0)
            .show(ctx, |ui| {
                if !editor {
                    ui.label(
                        RichText::new(
                            "Only an editor of this desk changes its settings; you can read them.",
                        )
                        .color(theme::warning_color()),
                    );
                }
                if let Some(error) = &self.error {
                    ui.colored_label(theme::error_color(), error);
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add_enabled_ui(editor, |ui| {
                        egui::CollapsingHeader::new("Roster")
                            .default_open(true)
                            .show(ui, |ui| self.roster_ui(ui, settings, commands));
                        egui::CollapsingHeader::new("Desk and credits")
                            .default_open(true)
                            .show(ui, |ui| self.keys_ui(ui, settings, commands));
                        egui::CollapsingHeader::new("Stage rules")
                            .default_open(false)
                            .show(ui, |ui| self.rules_ui(ui, settings, commands));
                    });
                    egui::CollapsingHeader::new("History of changes")
                        .default_open(false)
                        .show(ui, |ui| self.history_ui(ui));
                });
            });
        open && !ctx.input(|i| i.key_pressed(egui::Key::Escape))
    }

    fn roster_ui(&mut self, ui: &mut Ui, settings: &DeskSettings, commands: &mut Vec<Command>) {
        egui::Grid::new("roster").striped(true).show(ui, |ui| {
            ui.label(RichText::new("Name").strong());
            for role in ROSTER_ROLES {
                ui.label(RichText::new(role.label()).strong());
            }
            ui.label(RichText::new("SSH key").strong());
            ui.label(RichText::new("Email").strong());
            ui.label("");
            ui.end_row();
            for member in &settings.staff {
                ui.label(&member.name);
                for role in ROSTER_ROLES {
                    let mut on = member.roles.contains(&role);
                    if ui
                        .checkbox(&mut on, "")
                        .on_hover_text(format!("{} as {}", member.name, role.label()))
                        .accessible_name(format!("{} {}", member.name, role.label()))
                        .changed()
                    {
                        let mut roles = member.roles.clone();
                        if on {
                            roles.push(role);
                        } else {
                            roles.retain(|r| *r != role);
                        }
                        commands.push(Command::ChangeSettings(SettingsChange::SetRoles {
                            name: member.name.clone(),
                            roles,
                        }));
                    }
                }
                let key = member
                    .ssh_key
                    .as_deref()
                    .and_then(|k| workflow::signing::PublicKey::parse(k).ok());
                // The fingerprint's first characters are enough to tell keys apart here;
                // the whole one is in the tooltip and in `copydesk staff list`.
                let shown = key.as_ref().map_or_else(
                    || "no key".to_owned(),
                    |k| k.fingerprint().chars().take(17).collect::<String>() + "…",
                );
                if ui
                    .small_button(shown)
                    .on_hover_text(key.as_ref().map_or_else(
                        || "No SSH public key: on a desk that signs sign-offs, this person cannot sign off".to_owned(),
                        |k| format!("{} — verifies this person's signed sign-offs", k.fingerprint()),
                    ))
                    .accessible_name(format!("SSH key of {}", member.name))
                    .clicked()
                {
                    self.member_edit = Some((
                        member.name.clone(),
                        MemberField::Key,
                        member.ssh_key.clone().unwrap_or_default(),
                    ));
                }
                if ui
                    .small_button(member.email.as_deref().unwrap_or("no address"))
                    .on_hover_text("The address the commits of this person's work carry on a team desk; without one, the address git has on the computer they work at")
                    .accessible_name(format!("Email of {}", member.name))
                    .clicked()
                {
                    self.member_edit = Some((
                        member.name.clone(),
                        MemberField::Email,
                        member.email.clone().unwrap_or_default(),
                    ));
                }
                if self.removing.as_deref() == Some(member.name.as_str()) {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Remove now")
                            .accessible_name(format!("Remove {} now", member.name))
                            .clicked()
                        {
                            commands.push(Command::ChangeSettings(SettingsChange::RemoveStaff {
                                name: member.name.clone(),
                            }));
                            self.removing = None;
                        }
                        if ui.small_button("Keep").clicked() {
                            self.removing = None;
                        }
                    });
                } else if ui
                    .small_button("Remove…")
                    .accessible_name(format!("Remove {}", member.name))
                    .on_hover_text("Take this person off the roster: they keep their name in histories and credits, and lose their roles on this desk")
                    .clicked()
                {
                    self.removing = Some(member.name.clone());
                }
                ui.end_row();
            }
        });
        self.member_edit_ui(ui, commands);
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Add");
            ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .hint_text("name as credited")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            for role in ROSTER_ROLES {
                let mut on = self.new_roles.contains(&role);
                if ui
                    .checkbox(&mut on, role.label())
                    .accessible_name(format!("New person: {}", role.label()))
                    .changed()
                {
                    if on {
                        self.new_roles.push(role);
                    } else {
                        self.new_roles.retain(|r| *r != role);
                    }
                }
            }
            if ui
                .add_enabled(
                    !self.new_name.trim().is_empty(),
                    egui::Button::new("Add to roster"),
                )
                .clicked()
            {
                commands.push(Command::ChangeSettings(SettingsChange::AddStaff {
                    name: std::mem::take(&mut self.new_name).trim().to_owned(),
                    roles: std::mem::take(&mut self.new_roles),
                }));
            }
        });
    }

    /// The SSH public key being set for one person: pasted from their `.pub` file, checked
    /// by the core as it is typed.
    fn member_edit_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Some((name, field, text)) = &mut self.member_edit else {
            return;
        };
        let field = *field;
        let mut done = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(format!("{} of {name}", field.label()));
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(field.hint())
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            let problem = field.problem(text);
            let (set, remove) = match field {
                MemberField::Key => ("Set key", "Remove key"),
                MemberField::Email => ("Set address", "Remove address"),
            };
            if ui
                .add_enabled(problem.is_none(), egui::Button::new(set))
                .clicked()
            {
                let change = field.change(name, Some(text.trim().to_owned()));
                commands.push(Command::ChangeSettings(change));
                done = true;
            }
            if ui.button(remove).clicked() {
                commands.push(Command::ChangeSettings(field.change(name, None)));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
            if let Some(why) = problem
                && !text.trim().is_empty()
            {
                ui.label(RichText::new(why).color(theme::warning_color()));
            }
        });
        if done {
            self.member_edit = None;
        }
    }

    fn keys_ui(&mut self, ui: &mut Ui, settings: &DeskSettings, commands: &mut Vec<Command>) {
        egui::Grid::new("keys").num_columns(3).show(ui, |ui| {
            for key in DeskKey::ALL {
                let current = key.get(settings);
                let label = ui.label(key.label());
                if key.is_switch() {
                    let mut on = current == "on";
                    if ui.checkbox(&mut on, "").labelled_by(label.id).changed() {
                        commands.push(Command::ChangeSettings(SettingsChange::Set {
                            key,
                            value: if on { "on" } else { "off" }.to_owned(),
                        }));
                    }
                    ui.label("");
                } else {
                    let draft = self.drafts.entry(key).or_insert_with(|| current.clone());
                    // Sized, not just "desired": a grid shrinks a field to its column.
                    let (field, height) = if key == DeskKey::WebFooter {
                        (egui::TextEdit::multiline(draft).desired_rows(3), 60.0)
                    } else {
                        (egui::TextEdit::singleline(draft), 20.0)
                    };
                    ui.add_sized([320.0, height], field).labelled_by(label.id);
                    let changed = *draft != current;
                    if ui
                        .add_enabled(changed, egui::Button::new("Save"))
                        .accessible_name(format!("Save {}", key.label()))
                        .clicked()
                    {
                        commands.push(Command::ChangeSettings(SettingsChange::Set {
                            key,
                            value: draft.clone(),
                        }));
                    }
                }
                ui.end_row();
            }
        });
        ui.label(
            RichText::new("A change to the service name or credit words makes the sign-off of every signed-off story whose credit line it changes stale; those stories go back to Editing.")
                .small()
                .weak(),
        );
    }

    fn rules_ui(&mut self, ui: &mut Ui, settings: &DeskSettings, commands: &mut Vec<Command>) {
        let rules = workflow::rules_for(settings);
        egui::Grid::new("rules").striped(true).show(ui, |ui| {
            ui.label(RichText::new("Move").strong());
            for role in ROSTER_ROLES {
                ui.label(RichText::new(role.label()).strong());
            }
            ui.end_row();
            for rule in &rules {
                let name = format!("{} to {}", rule.from.label(), rule.to.label());
                ui.label(&name);
                for role in ROSTER_ROLES {
                    let mut on = rule.roles.contains(&role);
                    if ui
                        .checkbox(&mut on, "")
                        .accessible_name(format!("{name}: {}", role.label()))
                        .changed()
                    {
                        let mut allowed = rule.roles.clone();
                        if on {
                            allowed.push(role);
                        } else {
                            allowed.retain(|r| *r != role);
                        }
                        commands.push(Command::ChangeSettings(SettingsChange::SetRule {
                            from: rule.from,
                            to: rule.to,
                            roles: allowed,
                        }));
                    }
                }
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            ui.label("Allow a new move:");
            for (id, value) in [("from", &mut self.new_from), ("to", &mut self.new_to)] {
                egui::ComboBox::from_id_salt(("new-rule", id))
                    .selected_text(value.map_or_else(|| id.to_owned(), |s| s.label().to_owned()))
                    .show_ui(ui, |ui| {
                        for stage in Stage::ALL {
                            ui.selectable_value(value, Some(stage), stage.label());
                        }
                    });
            }
            if let (Some(from), Some(to)) = (self.new_from, self.new_to)
                && ui.button("Allow for editors").clicked()
            {
                commands.push(Command::ChangeSettings(SettingsChange::SetRule {
                    from,
                    to,
                    roles: vec![Role::Editor],
                }));
            }
        });
    }

    fn history_ui(&self, ui: &mut Ui) {
        let changes = self.history.as_deref().unwrap_or_default();
        if changes.is_empty() {
            ui.label(RichText::new("No changes recorded yet.").weak());
        }
        for change in changes.iter().rev() {
            let mut line = format!(
                "{} · {} · {}",
                change.at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                change.by,
                change.what
            );
            match (change.old.is_empty(), change.new.is_empty()) {
                (true, true) => {}
                (true, false) => line.push_str(&format!(" ({})", change.new)),
                (false, true) => line.push_str(&format!(" (was {})", change.old)),
                (false, false) => {
                    line.push_str(&format!(" (was {}, now {})", change.old, change.new));
                }
            }
            ui.label(line);
        }
    }
}
