//! The workflow bar above the rows: the story's stage and sign-off, and a button for each
//! move the desk's rules allow from here (disabled, with the reason, for moves this person
//! may not make).

use chrono::Local;
use egui::{RichText, Ui};

use crate::app::Command;
use crate::model::{Stage, Story};
use crate::session::StoryDoc;
use crate::ui::theme;
use crate::workflow::{self, Actor, SignOffState, StageRule};

/// UI state of the bar: a send-back note being written.
#[derive(Debug, Default)]
pub struct WorkflowBar {
    sending_back: Option<(Stage, String)>,
}

impl WorkflowBar {
    /// Shows the bar for a story.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &StoryDoc,
        rules: &[StageRule],
        actor: Option<&Actor>,
        commands: &mut Vec<Command>,
    ) {
        let story = &doc.story;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Stage: {}", story.stage.label())).strong());
            sign_off_ui(ui, story, doc.sign_off_state());
            ui.separator();
            for to in workflow::next_stages(rules, story.stage) {
                let verdict = actor.map_or(Err(workflow::WorkflowError::NoIdentity), |a| {
                    // The note is asked for after the click, so check without it here.
                    workflow::check_move(rules, a, story.stage, to, Some("note"))
                });
                let button = egui::Button::new(move_label(story.stage, to));
                let response = ui.add_enabled(verdict.is_ok(), button);
                let response = match &verdict {
                    Err(why) => response.on_disabled_hover_text(why.to_string()),
                    Ok(()) => response,
                };
                if response.clicked() {
                    if matches!(to, Stage::SentBack { .. }) {
                        self.sending_back = Some((to, String::new()));
                    } else {
                        commands.push(Command::MoveStage {
                            slug: story.slug.clone(),
                            to,
                            note: None,
                        });
                    }
                }
            }
        });
        self.note_ui(ui, story, commands);
    }

    fn note_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        let Some((to, note)) = &mut self.sending_back else {
            return;
        };
        let mut done = false;
        ui.horizontal(|ui| {
            let label = ui.label(format!("{}: what should change?", to.label()));
            ui.add(egui::TextEdit::singleline(note).desired_width(420.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(!note.trim().is_empty(), egui::Button::new("Send back"))
                .clicked()
            {
                commands.push(Command::MoveStage {
                    slug: story.slug.clone(),
                    to: *to,
                    note: Some(note.trim().to_owned()),
                });
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            self.sending_back = None;
        }
    }
}

/// The button text for a move, in the words a desk uses.
fn move_label(from: Stage, to: Stage) -> String {
    match (from, to) {
        (_, Stage::Approved) => "Sign off".to_owned(),
        (_, Stage::Published) => "Publish".to_owned(),
        (_, Stage::Killed) => "Kill".to_owned(),
        (Stage::Killed, _) => "Revive".to_owned(),
        (Stage::Approved | Stage::Published, Stage::Editing) => "Reopen for editing".to_owned(),
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
