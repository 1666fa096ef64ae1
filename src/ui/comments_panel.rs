//! The comments panel: threads anchored to rows, to add, answer, edit, delete, resolve and
//! reopen; clicking a thread's row name jumps to the row.

use std::collections::HashMap;

use chrono::Local;
use egui::{RichText, Ui};

use crate::command::{Command, CommentAction};
use crate::model::{Comment, RowRef, Story};
use crate::ui::{row_label, theme};
use crate::workflow::Actor;

/// UI state of the panel: text being written.
#[derive(Debug, Default)]
pub struct CommentsPanel {
    new_text: String,
    replies: HashMap<u32, String>,
    editing: Option<(u32, String)>,
    /// Set when editing begins, so the text field takes the keyboard once.
    focus_edit: bool,
    show_resolved: bool,
}

impl CommentsPanel {
    /// Shows the threads of a story; new comments go on the active row.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        active: RowRef,
        actor: Option<&Actor>,
        commands: &mut Vec<Command>,
    ) {
        let me = actor.map(|a| a.name.clone());

        let label = ui.label(format!("Comment on {}", row_label(story, active)));
        ui.add(
            egui::TextEdit::multiline(&mut self.new_text)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let can_add = me.is_some() && !self.new_text.trim().is_empty();
        if ui
            .add_enabled(can_add, egui::Button::new("Add comment"))
            .clicked()
        {
            commands.push(Command::Comment {
                slug: story.slug.clone(),
                action: CommentAction::Add {
                    anchor: active,
                    text: std::mem::take(&mut self.new_text),
                },
            });
        }
        ui.checkbox(&mut self.show_resolved, "Show resolved threads");
        ui.separator();

        let mut threads: Vec<&Comment> = story
            .comments
            .iter()
            .filter(|c| self.show_resolved || c.is_open())
            .collect();
        threads.sort_by_key(|c| (story.row_index(c.anchor).unwrap_or(usize::MAX), c.id));
        if threads.is_empty() {
            ui.label(RichText::new("No open comments.").weak());
        }
        egui::ScrollArea::vertical()
            .id_salt("comments")
            .show(ui, |ui| {
                for comment in threads {
                    ui.push_id(comment.id, |ui| {
                        self.thread_ui(ui, story, comment, me.as_deref(), commands);
                    });
                    ui.separator();
                }
            });
    }

    fn thread_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        comment: &Comment,
        me: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        let act = |action: CommentAction| Command::Comment {
            slug: story.slug.clone(),
            action,
        };
        let anchor = row_label(story, comment.anchor);
        ui.horizontal(|ui| {
            if ui
                .link(RichText::new(&anchor).strong())
                .on_hover_text("Go to this row")
                .accessible_name(format!("Go to {anchor}"))
                .clicked()
            {
                commands.push(Command::JumpTo(comment.anchor));
            }
            let status = if comment.is_open() {
                "open"
            } else {
                "resolved"
            };
            ui.label(RichText::new(status).small().weak());
        });
        ui.label(
            RichText::new(format!(
                "{} · {}{}",
                comment.author,
                comment
                    .created
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M"),
                if comment.edited.is_some() {
                    " · edited"
                } else {
                    ""
                }
            ))
            .small()
            .weak(),
        );
        let mine = me == Some(comment.author.as_str());
        let editing_this = matches!(&self.editing, Some((id, _)) if *id == comment.id);
        if editing_this {
            if let Some((_, text)) = &mut self.editing {
                let field = ui
                    .add(egui::TextEdit::multiline(text).desired_width(f32::INFINITY))
                    .accessible_name(format!("Comment text on {anchor}"));
                if std::mem::take(&mut self.focus_edit) {
                    field.request_focus();
                }
            }
            let (mut save, mut cancel) = (false, false);
            ui.horizontal(|ui| {
                save = ui.button("Save").clicked();
                cancel = ui.button("Cancel").clicked();
            });
            if save && let Some((_, text)) = self.editing.take() {
                commands.push(act(CommentAction::Edit {
                    id: comment.id,
                    text,
                }));
            } else if cancel {
                self.editing = None;
            }
        } else {
            ui.label(&comment.text);
        }
        for reply in &comment.replies {
            ui.indent("reply", |ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        reply.author,
                        reply.at.with_timezone(&Local).format("%Y-%m-%d %H:%M")
                    ))
                    .small()
                    .weak(),
                );
                ui.label(&reply.text);
            });
        }
        if me.is_none() {
            return;
        }
        if comment.is_open() {
            let reply = self.replies.entry(comment.id).or_default();
            ui.add(
                egui::TextEdit::singleline(reply)
                    .hint_text("Reply")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(format!("Reply to the comment on {anchor}"));
        }
        ui.horizontal(|ui| {
            let reply_text = self.replies.get(&comment.id).map_or("", |r| r.trim());
            if comment.is_open()
                && ui
                    .add_enabled(!reply_text.is_empty(), egui::Button::new("Reply"))
                    .accessible_name(format!("Send reply on {anchor}"))
                    .clicked()
            {
                commands.push(act(CommentAction::Reply {
                    id: comment.id,
                    text: reply_text.to_owned(),
                }));
                self.replies.remove(&comment.id);
            }
            let (name, resolved) = if comment.is_open() {
                ("Resolve", true)
            } else {
                ("Reopen", false)
            };
            if ui
                .button(name)
                .accessible_name(format!("{name} comment on {anchor}"))
                .clicked()
            {
                commands.push(act(CommentAction::Resolve {
                    id: comment.id,
                    resolved,
                }));
            }
            // Only the author may change or remove what they wrote.
            if mine
                && ui
                    .button("Edit")
                    .accessible_name(format!("Edit comment on {anchor}"))
                    .clicked()
            {
                self.editing = Some((comment.id, comment.text.clone()));
                self.focus_edit = true;
            }
            // A thread others have answered is theirs too: it can be resolved, not deleted.
            let answered_by_others = comment.replies.iter().any(|r| r.author != comment.author);
            if mine
                && ui
                    .add_enabled(!answered_by_others, egui::Button::new("Delete"))
                    .on_disabled_hover_text("Others have replied; resolve the thread instead")
                    .accessible_name(format!("Delete comment on {anchor}"))
                    .clicked()
            {
                commands.push(act(CommentAction::Delete { id: comment.id }));
            }
        });
        if !comment.is_open()
            && let Some(resolution) = &comment.resolved
        {
            ui.label(
                RichText::new(format!("resolved by {}", resolution.by))
                    .small()
                    .color(theme::status_color(crate::model::RowStatus::Translated)),
            );
        }
    }
}
