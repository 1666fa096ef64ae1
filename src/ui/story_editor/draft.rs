//! What is being typed and the edit it becomes. Pure functions of the story and the draft,
//! so they are tested without a window: a draft that changes nothing is no edit, typing the
//! first English makes a draft row, clearing it makes the row untranslated again.

use std::borrow::Cow;

use super::Field;
use crate::edit::Edit;
use crate::model::{BlockKind, RowRef, Side, Story};

/// Text being typed that is not yet an edit.
#[derive(Clone, Debug)]
pub(super) struct Draft {
    pub field: Field,
    pub text: String,
    pub changed_at: f64,
}

pub(super) fn field_text(story: &Story, field: Field) -> &str {
    let block = match field.row() {
        RowRef::Block(id) => story.block(id),
        _ => None,
    };
    field_text_in(story.row(field.row()), block, field)
}

/// What a field holds, given its row's text and its block (a body row's), however the
/// caller found them.
pub(super) fn field_text_in<'s>(
    row: Option<&'s crate::model::TextRow>,
    block: Option<&'s crate::model::Block>,
    field: Field,
) -> &'s str {
    match field {
        Field::Text(_, side) => row.map_or("", |r| r.text(side)),
        Field::Credit(_) | Field::Alt(_) => match block.map(|b| &b.kind) {
            Some(BlockKind::Photo(photo)) => {
                if matches!(field, Field::Credit(_)) {
                    &photo.credit
                } else {
                    &photo.alt
                }
            }
            _ => "",
        },
    }
}

/// The edit that a draft stands for, or `None` if it changes nothing.
pub(super) fn draft_edit(story: &Story, draft: &Draft) -> Option<Edit> {
    if field_text(story, draft.field) == draft.text {
        return None;
    }
    match draft.field {
        Field::Text(row, side) => {
            let set = Edit::SetText {
                row,
                side,
                text: draft.text.clone(),
            };
            let Some(current) = story.row(row) else {
                return Some(set);
            };
            let english_empty = match side {
                Side::English => draft.text.trim().is_empty(),
                Side::Source => current.english.trim().is_empty(),
            };
            let status = current.status.after_change(side, english_empty);
            Some(if status == current.status {
                set
            } else {
                Edit::Batch(vec![set, Edit::SetStatus { row, status }])
            })
        }
        Field::Credit(row) | Field::Alt(row) => {
            let RowRef::Block(id) = row else {
                return None;
            };
            let Some(BlockKind::Photo(photo)) = story.block(id).map(|b| &b.kind) else {
                return None;
            };
            let mut photo = photo.clone();
            if matches!(draft.field, Field::Credit(_)) {
                photo.credit.clone_from(&draft.text);
            } else {
                photo.alt.clone_from(&draft.text);
            }
            Some(Edit::SetKind {
                id,
                kind: BlockKind::Photo(photo),
            })
        }
    }
}

/// The story as the person sees it: with the text being typed applied.
pub(super) fn with_draft<'a>(story: &'a Story, draft: Option<&Draft>) -> Cow<'a, Story> {
    match draft.and_then(|d| draft_edit(story, d)) {
        Some(edit) => {
            let mut current = story.clone();
            // A draft's edit names a row of this story; if it fails, the stored text is used.
            let _ = edit.apply(&mut current);
            Cow::Owned(current)
        }
        None => Cow::Borrowed(story),
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::{Photo, RowStatus};

    fn story() -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.append_source_paragraphs("က\n\nခ");
        story
    }

    fn draft(field: Field, text: &str) -> Draft {
        Draft {
            field,
            text: text.to_owned(),
            changed_at: 0.0,
        }
    }

    #[test]
    fn a_draft_that_changes_nothing_is_no_edit() {
        let story = story();
        let row = RowRef::Block(story.blocks[0].id);
        assert_eq!(
            draft_edit(&story, &draft(Field::Text(row, Side::English), "")),
            None
        );
    }

    #[test]
    fn the_first_english_makes_a_draft_row_and_clearing_it_makes_it_untranslated() {
        let mut story = story();
        let row = RowRef::Block(story.blocks[0].id);
        let typed = draft(Field::Text(row, Side::English), "Water rose.");
        assert_eq!(
            draft_edit(&story, &typed),
            Some(Edit::Batch(vec![
                Edit::SetText {
                    row,
                    side: Side::English,
                    text: "Water rose.".to_owned(),
                },
                Edit::SetStatus {
                    row,
                    status: RowStatus::Draft,
                },
            ]))
        );
        story.blocks[0].row.english = "Water rose.".into();
        story.blocks[0].row.status = RowStatus::Translated;
        // Changing confirmed English keeps it confirmed: the status does not move.
        assert_eq!(
            draft_edit(
                &story,
                &draft(Field::Text(row, Side::English), "Water rose fast.")
            ),
            Some(Edit::SetText {
                row,
                side: Side::English,
                text: "Water rose fast.".to_owned(),
            })
        );
        assert_eq!(
            draft_edit(&story, &draft(Field::Text(row, Side::English), "  ")),
            Some(Edit::Batch(vec![
                Edit::SetText {
                    row,
                    side: Side::English,
                    text: "  ".to_owned(),
                },
                Edit::SetStatus {
                    row,
                    status: RowStatus::Untranslated,
                },
            ]))
        );
    }

    #[test]
    fn a_photo_credit_draft_changes_only_the_credit() {
        let mut story = story();
        let id = story.blocks[1].id;
        story.blocks[1].kind = BlockKind::Photo(Photo {
            file: "a.png".into(),
            credit: "Old".into(),
            alt: "A street".into(),
        });
        let edit = draft_edit(
            &story,
            &draft(Field::Credit(RowRef::Block(id)), "New / RFA"),
        );
        assert_eq!(
            edit,
            Some(Edit::SetKind {
                id,
                kind: BlockKind::Photo(Photo {
                    file: "a.png".into(),
                    credit: "New / RFA".into(),
                    alt: "A street".into(),
                }),
            })
        );
        // The story as the person sees it includes the text being typed.
        let typed = draft(Field::Alt(RowRef::Block(id)), "A flooded street");
        let seen = with_draft(&story, Some(&typed));
        let BlockKind::Photo(photo) = &seen.blocks[1].kind else {
            panic!("a photo");
        };
        assert_eq!(photo.alt, "A flooded street");
        assert_eq!(
            field_text(&seen, Field::Alt(RowRef::Block(id))),
            "A flooded street"
        );
    }
}
