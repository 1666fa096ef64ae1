//! Comment threads as the desk's rules allow them: made, answered, edited, deleted and
//! resolved only by core functions that stamp the author and time, and every change to a
//! thread checked against who wrote what, whoever built the edit.

use chrono::{DateTime, Utc};

use super::{Actor, WorkflowError};
use crate::edit::Edit;
use crate::model::{Comment, Reply, Resolution, RowRef, Story};

/// What to do with a comment thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentAction {
    /// Start a thread on a row.
    Add {
        /// The row.
        anchor: RowRef,
        /// What it says.
        text: String,
    },
    /// Answer a thread.
    Reply {
        /// The thread.
        id: u32,
        /// What the answer says.
        text: String,
    },
    /// Change the text of one's own thread.
    Edit {
        /// The thread.
        id: u32,
        /// The new text.
        text: String,
    },
    /// Remove one's own unanswered thread.
    Delete {
        /// The thread.
        id: u32,
    },
    /// Resolve (`true`) or reopen a thread.
    Resolve {
        /// The thread.
        id: u32,
        /// Resolved or open.
        resolved: bool,
    },
}

impl CommentAction {
    /// The edit this action makes to `story`, in `actor`'s name, built and checked here.
    pub fn edit(
        &self,
        story: &Story,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Edit, WorkflowError> {
        match self {
            Self::Add { anchor, text } => new_thread(story, actor, *anchor, text, now),
            Self::Reply { id, text } => reply(story, actor, *id, text, now),
            Self::Edit { id, text } => edit_comment(story, actor, *id, text, now),
            Self::Delete { id } => delete_comment(story, actor, *id),
            Self::Resolve { id, resolved } => resolve(story, actor, *id, *resolved, now),
        }
    }

    /// What the action is, for the Edit menu.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::Add { .. } => "add comment",
            Self::Reply { .. } => "reply to comment",
            Self::Edit { .. } => "edit comment",
            Self::Delete { .. } => "delete comment",
            Self::Resolve { resolved: true, .. } => "resolve",
            Self::Resolve { .. } => "reopen",
        }
    }
}

fn refuse(why: &str) -> WorkflowError {
    WorkflowError::Comment(why.to_owned())
}

fn named(actor: &Actor) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        Err(WorkflowError::NoIdentity)
    } else {
        Ok(())
    }
}

fn thread(story: &Story, id: u32) -> Result<&Comment, WorkflowError> {
    story
        .comments
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| refuse("that comment is no longer in the story"))
}

fn set(comment: Comment) -> Edit {
    Edit::SetComment {
        id: comment.id,
        comment: Some(comment),
    }
}

/// A new thread on a row, by `actor`, with the story's next comment id.
pub fn new_thread(
    story: &Story,
    actor: &Actor,
    anchor: RowRef,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Edit, WorkflowError> {
    named(actor)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("a comment needs some text"));
    }
    if story.row(anchor).is_none() {
        return Err(WorkflowError::NoSuchRow);
    }
    Ok(set(Comment {
        id: story.next_free_comment_id(),
        anchor,
        author: actor.name.clone(),
        created: now,
        edited: None,
        text: text.to_owned(),
        replies: Vec::new(),
        resolved: None,
    }))
}

/// A reply by `actor` at the end of a thread.
pub fn reply(
    story: &Story,
    actor: &Actor,
    id: u32,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Edit, WorkflowError> {
    named(actor)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("a reply needs some text"));
    }
    let mut comment = thread(story, id)?.clone();
    comment.replies.push(Reply {
        author: actor.name.clone(),
        at: now,
        text: text.to_owned(),
    });
    Ok(set(comment))
}

/// The thread's opening text changed by its author.
pub fn edit_comment(
    story: &Story,
    actor: &Actor,
    id: u32,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Edit, WorkflowError> {
    named(actor)?;
    let mut comment = thread(story, id)?.clone();
    if comment.author != actor.name {
        return Err(refuse("only the author of a comment can change it"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("a comment needs some text; delete it instead"));
    }
    text.clone_into(&mut comment.text);
    comment.edited = Some(now);
    Ok(set(comment))
}

/// The thread removed by its author, while nobody else has answered it.
pub fn delete_comment(story: &Story, actor: &Actor, id: u32) -> Result<Edit, WorkflowError> {
    named(actor)?;
    let comment = thread(story, id)?;
    let edit = Edit::SetComment { id, comment: None };
    check_comment_change(actor, Some(comment), None)?;
    Ok(edit)
}

/// The thread resolved (`true`) or reopened by anyone with a name.
pub fn resolve(
    story: &Story,
    actor: &Actor,
    id: u32,
    resolved: bool,
    now: DateTime<Utc>,
) -> Result<Edit, WorkflowError> {
    named(actor)?;
    let mut comment = thread(story, id)?.clone();
    comment.resolved = resolved.then(|| Resolution {
        by: actor.name.clone(),
        at: now,
    });
    Ok(set(comment))
}

/// Whether `actor` may change a thread from `old` to `new` (`None`: absent). New threads
/// and replies carry the actor's own name; only the author edits or deletes a thread, and
/// not once someone else has answered it; anyone may resolve or reopen.
pub fn check_comment_change(
    actor: &Actor,
    old: Option<&Comment>,
    new: Option<&Comment>,
) -> Result<(), WorkflowError> {
    named(actor)?;
    match (old, new) {
        (None, None) => Ok(()),
        (None, Some(new)) => {
            // A new thread, or one of your own brought back by undoing its deletion: every
            // name in it is yours.
            if new.author != actor.name
                || new.replies.iter().any(|r| r.author != actor.name)
                || new.resolved.as_ref().is_some_and(|r| r.by != actor.name)
            {
                return Err(refuse("a new comment is written in your own name"));
            }
            Ok(())
        }
        (Some(old), None) => {
            if old.author != actor.name {
                return Err(refuse("only the author of a comment can delete it"));
            }
            if old.replies.iter().any(|r| r.author != old.author) {
                return Err(refuse(
                    "others have replied to this comment; resolve it instead of deleting it",
                ));
            }
            Ok(())
        }
        (Some(old), Some(new)) => {
            if new.anchor != old.anchor || new.author != old.author || new.created != old.created {
                return Err(refuse("a comment keeps its row, author and time"));
            }
            if (new.text != old.text || new.edited != old.edited) && old.author != actor.name {
                return Err(refuse("only the author of a comment can change it"));
            }
            let kept = new.replies.len() >= old.replies.len()
                && new.replies[..old.replies.len()] == old.replies[..];
            if !kept {
                return Err(refuse(
                    "replies already written cannot be changed or removed",
                ));
            }
            if new.replies[old.replies.len()..]
                .iter()
                .any(|r| r.author != actor.name)
            {
                return Err(refuse("a reply is written in your own name"));
            }
            if new.resolved != old.resolved
                && new.resolved.as_ref().is_some_and(|r| r.by != actor.name)
            {
                return Err(refuse("a thread is resolved in your own name"));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default()
    }

    fn apply(story: &mut Story, edit: Result<Edit, WorkflowError>) {
        edit.unwrap().apply(story).unwrap();
    }

    #[test]
    fn threads_get_fresh_ids_their_authors_name_and_the_time() {
        let mut story = Story::new("s", now());
        let aye = Actor::with_roles("Aye", &[Role::Translator]);
        let edit = new_thread(&story, &aye, RowRef::Headline, "  Which spelling? ", now());
        apply(&mut story, edit);
        let second = new_thread(&story, &aye, RowRef::Deck, "And here?", now());
        apply(&mut story, second);
        assert_eq!(story.comments[0].author, "Aye");
        assert_eq!(story.comments[0].text, "Which spelling?");
        assert_eq!(story.comments[0].created, now());
        // Deleting the newest thread does not free its id for the next one.
        let delete = delete_comment(&story, &aye, 2);
        apply(&mut story, delete);
        let third = new_thread(&story, &aye, RowRef::Deck, "Again.", now());
        apply(&mut story, third);
        let ids: Vec<u32> = story.comments.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![1, 3]);
    }

    #[test]
    fn only_authors_edit_and_delete_and_replies_block_deletion() {
        let mut story = Story::new("s", now());
        let aye = Actor::with_roles("Aye", &[Role::Translator]);
        let ko = Actor::with_roles("Ko", &[Role::Reporter]);
        let first = new_thread(&story, &aye, RowRef::Headline, "Check.", now());
        apply(&mut story, first);
        assert!(edit_comment(&story, &ko, 1, "Mine now.", now()).is_err());
        assert!(delete_comment(&story, &ko, 1).is_err());
        let answer = reply(&story, &ko, 1, "Checked.", now());
        apply(&mut story, answer);
        let err = delete_comment(&story, &aye, 1).unwrap_err();
        assert!(err.to_string().contains("resolve it instead"), "{err}");
        let resolution = resolve(&story, &ko, 1, true, now());
        apply(&mut story, resolution);
        assert_eq!(story.comments[0].resolved.as_ref().unwrap().by, "Ko");
        let changed = edit_comment(&story, &aye, 1, "Check again.", now());
        apply(&mut story, changed);
        assert_eq!(story.comments[0].edited, Some(now()));
    }

    #[test]
    fn forged_threads_and_replies_are_refused() {
        let story = Story::new("s", now());
        let aye = Actor::with_roles("Aye", &[Role::Translator]);
        let forged = Comment {
            id: 1,
            anchor: RowRef::Headline,
            author: "Clare".into(),
            created: now(),
            edited: None,
            text: "Approved by me.".into(),
            replies: vec![],
            resolved: None,
        };
        assert!(check_comment_change(&aye, None, Some(&forged)).is_err());
        let mut real = forged.clone();
        real.author = "Aye".into();
        let mut with_reply = real.clone();
        with_reply.replies.push(Reply {
            author: "Clare".into(),
            at: now(),
            text: "Agreed.".into(),
        });
        assert!(check_comment_change(&aye, Some(&real), Some(&with_reply)).is_err());
        let _ = story;
    }
}
