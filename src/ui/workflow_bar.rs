//! The workflow bar above the rows: the story's stage, sign-off and assignment, an editor's
//! send-back note for the person it is for, and a button for each move the desk's rules
//! allow from here (disabled, with the reason, for moves this person may not make). Moves
//! that need a note or a correction ask for it; handing on or signing off with work still
//! open shows what is open first.

use chrono::Local;
use egui::{RichText, Ui};

use crate::command::Command;
use crate::model::{DeskSettings, Stage, Story};
use crate::session::StoryDoc;
use crate::ui::theme;
use crate::workflow::{self, Actor, Move, MoveAsks, SignOffState};

/// A move waiting for something from the person.
#[derive(Debug)]
enum Asking {
    /// A note (sending back, reopening).
    Note {
        to: Stage,
        prompt: &'static str,
        text: String,
    },
    /// The correction readers will see, for a published story.
    Correction { text: String },
    /// What is still open, to confirm or go back.
    OpenItems { request: Move, items: Vec<String> },
}

/// UI state of the bar.
#[derive(Debug, Default)]
pub struct WorkflowBar {
    asking: Option<Asking>,
    assign_to: String,
    /// Set when a note or correction is asked for: its field takes the keyboard once.
    focus: bool,
}

impl WorkflowBar {
    /// The move went through: nothing is asked any more.
    pub fn moved(&mut self) {
        self.asking = None;
    }

    /// The move was refused because work is still open: show it, to go ahead or go back.
    pub fn confirm_open_items(&mut self, _to: Stage, request: Move, items: Vec<String>) {
        self.asking = Some(Asking::OpenItems { request, items });
    }

    /// Shows the bar for a story.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &StoryDoc,
        sign_off: SignOffState,
        settings: &DeskSettings,
        actor: Option<&Actor>,
        commands: &mut Vec<Command>,
    ) {
        let story = doc.story();
        let rules = workflow::rules_for(settings);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Stage: {}", story.stage.label())).strong());
            sign_off_ui(ui, story, sign_off);
            ui.separator();
            for to in workflow::next_stages(&rules, story.stage) {
                let verdict = actor.map_or(Err(workflow::WorkflowError::NoIdentity), |a| {
                    workflow::precheck(story, settings, a, to)
                });
                let button = egui::Button::new(move_label(story.stage, to));
                let response = ui.add_enabled(verdict.is_ok(), button);
                let response = match &verdict {
                    Err(why) => response.on_disabled_hover_text(why.to_string()),
                    Ok(()) => response,
                };
                if response.clicked() {
                    self.focus = true;
                    self.asking = match workflow::move_asks(story.stage, to) {
                        MoveAsks::Nothing => {
                            commands.push(Command::MoveStage {
                                slug: story.slug.clone(),
                                request: Move::to(to),
                            });
                            None
                        }
                        MoveAsks::Note(prompt) => Some(Asking::Note {
                            to,
                            prompt,
                            text: String::new(),
                        }),
                        MoveAsks::Correction => Some(Asking::Correction {
                            text: String::new(),
                        }),
                    };
                }
            }
            ui.separator();
            self.assignment_ui(ui, story, settings, actor, commands);
        });
        sent_back_ui(ui, story, actor);
        correction_ui(ui, story);
        self.asking_ui(ui, story, commands);
    }

    fn assignment_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        settings: &DeskSettings,
        actor: Option<&Actor>,
        commands: &mut Vec<Command>,
    ) {
        let assigned = story.assignee.as_ref().map(|a| a.name.as_str());
        ui.label(match assigned {
            Some(name) => format!("Assigned to {name}"),
            None => "Unassigned".to_owned(),
        });
        let Some(actor) = actor else {
            return;
        };
        let mine = assigned.is_some_and(|n| n.eq_ignore_ascii_case(&actor.name));
        let owner = workflow::stage_owners(story.stage)
            .iter()
            .any(|r| actor.has(*r));
        let assign = |to: Option<String>| Command::Assign {
            slug: story.slug.clone(),
            to,
        };
        if mine {
            if ui.small_button("Give back").clicked() {
                commands.push(assign(None));
            }
        } else if owner && ui.small_button("Take it").clicked() {
            commands.push(assign(Some(actor.name.clone())));
        }
        if actor.has(crate::model::Role::Editor) {
            egui::ComboBox::from_id_salt("assign-to")
                .selected_text("Assign to…")
                .width(140.0)
                .show_ui(ui, |ui| {
                    for member in &settings.staff {
                        if ui
                            .selectable_value(
                                &mut self.assign_to,
                                member.name.clone(),
                                &member.name,
                            )
                            .clicked()
                        {
                            commands.push(assign(Some(member.name.clone())));
                        }
                    }
                    if assigned.is_some() && ui.selectable_label(false, "Nobody").clicked() {
                        commands.push(assign(None));
                    }
                })
                .response
                .accessible_name("Assign to");
        }
    }

    fn asking_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        let Some(asking) = &mut self.asking else {
            return;
        };
        let slug = story.slug.clone();
        let mut done = false;
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::warning_color()))
            .show(ui, |ui| match asking {
                Asking::Note { to, prompt, text } => {
                    ui.horizontal(|ui| {
                        let label = ui.label(format!("{}: {prompt}", to.label()));
                        let field = ui
                            .add(egui::TextEdit::singleline(text).desired_width(420.0))
                            .labelled_by(label.id);
                        // The note is what the person types next.
                        if std::mem::take(&mut self.focus) {
                            field.request_focus();
                        }
                        let action = match to {
                            Stage::SentBack { .. } => "Send back",
                            _ => "Reopen",
                        };
                        if ui
                            .add_enabled(!text.trim().is_empty(), egui::Button::new(action))
                            .clicked()
                        {
                            commands.push(Command::MoveStage {
                                slug: slug.clone(),
                                request: Move {
                                    note: Some(text.trim().to_owned()),
                                    ..Move::to(*to)
                                },
                            });
                            done = true;
                        }
                        if ui.button("Cancel").clicked() {
                            done = true;
                        }
                    });
                }
                Asking::Correction { text } => {
                    ui.label(
                        "The story comes back to Editing as a correction. What readers will be told, dated, in every later export:",
                    );
                    let label = ui.label("Correction");
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(text)
                                .hint_text("An earlier version of this story misstated …")
                                .desired_rows(2)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if std::mem::take(&mut self.focus) {
                        field.request_focus();
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(!text.trim().is_empty(), egui::Button::new("Start correction"))
                            .clicked()
                        {
                            commands.push(Command::MoveStage {
                                slug: slug.clone(),
                                request: Move {
                                    correction: Some(text.trim().to_owned()),
                                    ..Move::to(Stage::Editing)
                                },
                            });
                            done = true;
                        }
                        if ui.button("Cancel").clicked() {
                            done = true;
                        }
                    });
                }
                Asking::OpenItems { request, items } => {
                    let what = match request.to {
                        Some(Stage::Approved) => "Signing off",
                        _ => "Handing on",
                    };
                    ui.label(RichText::new(format!("{what} with work still open:")).strong());
                    for item in items.iter() {
                        ui.label(format!("• {item}"));
                    }
                    ui.horizontal(|ui| {
                        let go = match request.to {
                            Some(Stage::Approved) => "Sign off anyway",
                            _ => "Hand on anyway",
                        };
                        if ui
                            .button(go)
                            .on_hover_text("Go ahead; what was open is recorded in the history")
                            .clicked()
                        {
                            commands.push(Command::MoveStage {
                                slug: slug.clone(),
                                request: Move {
                                    go_ahead: true,
                                    ..request.clone()
                                },
                            });
                            done = true;
                        }
                        if ui.button("Go back").clicked() {
                            done = true;
                        }
                    });
                }
            });
        if done {
            self.asking = None;
        }
    }
}

/// The editor's send-back note, shown while the story waits for the person it is for.
fn sent_back_ui(ui: &mut Ui, story: &Story, actor: Option<&Actor>) {
    let Some(note) = &story.sent_back else {
        return;
    };
    let for_me = actor.is_some_and(|a| {
        story.assignee.as_ref().map_or_else(
            || {
                workflow::stage_owners(story.stage)
                    .iter()
                    .any(|r| a.has(*r))
            },
            |assigned| assigned.name.eq_ignore_ascii_case(&a.name),
        )
    });
    let when = note.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    let verb = if matches!(story.stage, Stage::SentBack { .. }) {
        "Sent back"
    } else {
        "Reopened"
    };
    let text = format!("{verb} by {} at {when}: {}", note.by, note.note);
    let color = if for_me {
        theme::warning_color()
    } else {
        ui.visuals().weak_text_color()
    };
    ui.label(RichText::new(text).color(color).strong())
        .on_hover_text("Stays here until the story moves on");
}

/// A published story back in the desk for a correction says so, with the correction.
fn correction_ui(ui: &mut Ui, story: &Story) {
    let Some(correction) = story.corrections.last() else {
        return;
    };
    if story.stage == Stage::Published || story.sign_off.is_some() {
        return;
    }
    ui.label(
        RichText::new(format!(
            "Correction in progress (begun by {} on {}): {}",
            correction.by,
            correction.at.with_timezone(&Local).format("%Y-%m-%d"),
            correction.text
        ))
        .color(theme::warning_color()),
    );
}

/// The button text for a move, in the words a desk uses.
fn move_label(from: Stage, to: Stage) -> String {
    match (from, to) {
        (_, Stage::Approved) => "Sign off".to_owned(),
        (_, Stage::Published) => "Publish".to_owned(),
        (_, Stage::Killed) => "Kill".to_owned(),
        (Stage::Killed, _) => "Revive".to_owned(),
        (Stage::Approved, Stage::Editing) => "Reopen for changes…".to_owned(),
        (Stage::Published, Stage::Editing) => "Correct…".to_owned(),
        (_, Stage::SentBack { .. }) => to.label().replace("Sent back", "Send back"),
        (_, to) => format!("Send to {}", to.label()),
    }
}

fn sign_off_ui(ui: &mut Ui, story: &Story, state: SignOffState) {
    let Some(sign_off) = &story.sign_off else {
        return;
    };
    let when = sign_off.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    match state {
        SignOffState::Current => {
            ui.label(format!("signed off by {} at {when}", sign_off.editor));
        }
        SignOffState::Stale => {
            ui.colored_label(
                theme::error_color(),
                format!(
                    "sign-off STALE: changed since {} signed off at {when}",
                    sign_off.editor
                ),
            );
        }
        SignOffState::None => {}
    }
}
