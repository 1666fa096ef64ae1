//! Who may change what in a story at each stage: one table, asked by the window (to make a
//! field read-only, grey a button) and by every change the session or the command line
//! applies (to refuse it).
//!
//! The table, by stage:
//!
//! | change | who | when |
//! | --- | --- | --- |
//! | typing the source | reporter, editor | Filed only |
//! | fixing or re-filing the source (recorded) | reporter, editor | any unlocked stage |
//! | the English, and confirming rows | the stage's people who translate, write or edit | unlocked stages |
//! | marking rows reviewed | editor | Editing |
//! | rows and photos, the dateline | the stage's people | unlocked stages |
//! | who is credited and how | editor; the reporter while Filed | unlocked stages |
//! | the credit-line override | editor | unlocked stages |
//! | clearing a re-filed row's flag | translator, editor | unlocked stages |
//! | comments | anyone with a name, on the roster or not | always |
//!
//! The stage's people ([`stage_owners`]): Filed — reporter, translator, editor; Translating
//! — translator, editor; Writing — writer, editor; Editing — editor. Approved, Published
//! and Killed copy is locked for everyone until an editor reopens it.

use std::collections::BTreeSet;

use super::{Actor, WorkflowError, check_comment_change};
use crate::edit::{ChangeKind, Edit, kinds};
use crate::model::{Contributor, DeskSettings, Role, RowRef, SentBackTo, Side, Stage, Story};

/// The roles whose work a stage is.
#[must_use]
pub fn stage_owners(stage: Stage) -> &'static [Role] {
    use Role::{Editor, Reporter, Translator, Writer};
    match stage {
        Stage::Filed => &[Reporter, Translator, Editor],
        Stage::Translating
        | Stage::SentBack {
            to: SentBackTo::Translating,
        } => &[Translator, Editor],
        Stage::Writing
        | Stage::SentBack {
            to: SentBackTo::Writing,
        } => &[Writer, Editor],
        Stage::Editing => &[Editor],
        Stage::Approved | Stage::Published | Stage::Killed => &[],
    }
}

/// The roles that may make a kind of change at a stage (ignoring the lock).
fn allowed_roles(kind: ChangeKind, stage: Stage) -> Vec<Role> {
    use Role::{Editor, Reporter, Translator, Writer};
    let filed = stage == Stage::Filed;
    match kind {
        // A reporter says how they are credited when filing; after that, only an editor
        // changes credits: a withheld name must not be unmasked by a drop-down.
        ChangeKind::SourceText | ChangeKind::Credits if filed => vec![Reporter, Editor],
        ChangeKind::Review if stage == Stage::Editing => vec![Editor],
        ChangeKind::SourceText | ChangeKind::Review => Vec::new(),
        ChangeKind::SourceFix => vec![Reporter, Editor],
        ChangeKind::EnglishText => stage_owners(stage)
            .iter()
            .copied()
            .filter(|r| matches!(r, Translator | Writer | Editor))
            .collect(),
        ChangeKind::Structure | ChangeKind::Metadata => stage_owners(stage).to_vec(),
        ChangeKind::Credits | ChangeKind::CreditOverride => vec![Editor],
        ChangeKind::ClearSourceFlag => vec![Translator, Editor],
        ChangeKind::Comment => Role::ALL.to_vec(),
    }
}

/// Whether `actor` may make a change of `kind` to a story in `stage`; the refusal says why.
pub fn may(actor: &Actor, stage: Stage, kind: ChangeKind) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    // Anyone may comment, at any stage: that is how a reader of the desk is heard.
    if kind == ChangeKind::Comment {
        return Ok(());
    }
    if !actor.on_roster() {
        return Err(WorkflowError::NotOnRoster {
            who: actor.name.clone(),
        });
    }
    if stage.is_locked() {
        return Err(WorkflowError::Locked {
            stage: stage.label(),
        });
    }
    if kind == ChangeKind::SourceText && stage != Stage::Filed {
        return Err(WorkflowError::SourceProtected);
    }
    let allowed = allowed_roles(kind, stage);
    if allowed.iter().any(|r| actor.has(*r)) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|r| r.label()).collect();
    Err(WorkflowError::NotPermitted {
        who: actor.name.clone(),
        what: kind.label(),
        stage: stage.label(),
        allowed: if names.is_empty() {
            "nobody at this stage".to_owned()
        } else {
            format!("the {}", names.join(" or the "))
        },
    })
}

/// Checks an edit before it is applied: every kind of change it makes (or, for a step
/// allowed as one kind, such as a recorded source fix, that kind), and for comments, that
/// only their authors change or remove what they wrote.
pub fn check_edit(
    settings: &DeskSettings,
    actor: &Actor,
    story: &Story,
    edit: &Edit,
    allowed_as: Option<ChangeKind>,
) -> Result<(), WorkflowError> {
    let kinds = allowed_as.map_or_else(|| kinds(edit, story), |k| BTreeSet::from([k]));
    if kinds.contains(&ChangeKind::Credits) && settings.four_eyes_for(&actor.name) {
        check_own_credit(actor, story, edit)?;
    }
    for kind in kinds {
        may(actor, story.stage, kind)?;
    }
    check_comments(actor, story, edit)
}

/// Four eyes: an editor does not change or remove their own credit as translator or
/// writer (that would let them sign off their own work); another editor does.
fn check_own_credit(actor: &Actor, story: &Story, edit: &Edit) -> Result<(), WorkflowError> {
    let own = |c: &Contributor| {
        matches!(c.role, Role::Translator | Role::Writer)
            && c.name.trim().eq_ignore_ascii_case(&actor.name)
    };
    let mut after = story.clone();
    if edit.clone().apply(&mut after).is_err() {
        return Ok(());
    }
    let before: Vec<&Contributor> = story.contributors.iter().filter(|c| own(c)).collect();
    let kept = before.iter().all(|c| after.contributors.contains(c));
    match before.first() {
        Some(credit) if !kept => Err(WorkflowError::FourEyes {
            who: actor.name.clone(),
            role: credit.role.label(),
        }),
        _ => Ok(()),
    }
}

fn check_comments(actor: &Actor, story: &Story, edit: &Edit) -> Result<(), WorkflowError> {
    match edit {
        Edit::SetComment { id, comment } => {
            let old = story.comments.iter().find(|c| c.id == *id);
            check_comment_change(actor, old, comment.as_ref())
        }
        Edit::Batch(edits) => edits
            .iter()
            .try_for_each(|e| check_comments(actor, story, e)),
        _ => Ok(()),
    }
}

/// The edit that fixes one row's source after filing, and the old source, for the history.
/// A confirmed translation goes back to draft, and a body row is flagged with its old source
/// so the translator sees exactly what changed. Only a reporter or an editor may.
pub fn fix_source(
    actor: &Actor,
    story: &Story,
    row: RowRef,
    text: &str,
) -> Result<(Edit, String), WorkflowError> {
    may(actor, story.stage, ChangeKind::SourceFix)?;
    let Some(current) = story.row(row) else {
        return Err(WorkflowError::NoSuchRow);
    };
    let old = current.source.clone();
    let mut edits = vec![Edit::SetText {
        row,
        side: Side::Source,
        text: text.to_owned(),
    }];
    let status = current
        .status
        .after_change(Side::Source, current.english.trim().is_empty());
    if status != current.status {
        edits.push(Edit::SetStatus { row, status });
    }
    if let RowRef::Block(id) = row
        && story.stage != Stage::Filed
        && story.block(id).is_some_and(|b| b.previous_source.is_none())
    {
        edits.push(Edit::SetPreviousSource {
            id,
            previous: Some(old.clone()),
        });
    }
    Ok((Edit::Batch(edits), old))
}

/// What a person may do to a story now, for the window to show fields and buttons as they
/// are; each answer is [`may`]'s.
#[derive(Clone, Debug, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one answer per kind of change, each read by name where it is shown"
)]
pub struct Rights {
    /// Type in the source side.
    pub source: bool,
    /// Fix a row's source with a recorded change.
    pub fix_source: bool,
    /// Type and confirm English.
    pub english: bool,
    /// Mark rows reviewed.
    pub review: bool,
    /// Change rows and photos.
    pub structure: bool,
    /// Change the dateline.
    pub metadata: bool,
    /// Change who is credited and how.
    pub credits: bool,
    /// Set the credit line by hand.
    pub credit_override: bool,
    /// Clear re-filed rows' flags.
    pub clear_flag: bool,
    /// Why the English cannot be changed, when it cannot: the banner the editor shows.
    pub read_only_because: Option<String>,
}

/// What `actor` may do to `story` now.
#[must_use]
pub fn rights(actor: Option<&Actor>, story: &Story) -> Rights {
    let ok = |kind| actor.is_some_and(|a| may(a, story.stage, kind).is_ok());
    let read_only_because = match actor {
        None => Some(WorkflowError::NoIdentity.to_string()),
        Some(actor) => may(actor, story.stage, ChangeKind::EnglishText)
            .err()
            .map(|e| e.to_string()),
    };
    Rights {
        source: ok(ChangeKind::SourceText),
        fix_source: ok(ChangeKind::SourceFix),
        english: ok(ChangeKind::EnglishText),
        review: ok(ChangeKind::Review),
        structure: ok(ChangeKind::Structure),
        metadata: ok(ChangeKind::Metadata),
        credits: ok(ChangeKind::Credits),
        credit_override: ok(ChangeKind::CreditOverride),
        clear_flag: ok(ChangeKind::ClearSourceFlag),
        read_only_because,
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::{Comment, DeskSettings, StaffMember};

    /// The permission matrix, written out by hand from the product brief and the table in
    /// this module's docs: for each kind of change, the stages at which each role may make
    /// it. R reporter, T translator, W writer, E editor, P photographer.
    const MATRIX: &[(ChangeKind, &[(&str, &str)])] = &[
        (ChangeKind::SourceText, &[("Filed", "RE")]),
        (
            ChangeKind::SourceFix,
            &[
                ("Filed", "RE"),
                ("Translating", "RE"),
                ("Writing", "RE"),
                ("Editing", "RE"),
                ("Sent back to writing", "RE"),
                ("Sent back to translating", "RE"),
            ],
        ),
        (
            ChangeKind::EnglishText,
            &[
                ("Filed", "TE"),
                ("Translating", "TE"),
                ("Writing", "WE"),
                ("Editing", "E"),
                ("Sent back to writing", "WE"),
                ("Sent back to translating", "TE"),
            ],
        ),
        (ChangeKind::Review, &[("Editing", "E")]),
        (
            ChangeKind::Structure,
            &[
                ("Filed", "RTE"),
                ("Translating", "TE"),
                ("Writing", "WE"),
                ("Editing", "E"),
                ("Sent back to writing", "WE"),
                ("Sent back to translating", "TE"),
            ],
        ),
        (
            ChangeKind::Metadata,
            &[
                ("Filed", "RTE"),
                ("Translating", "TE"),
                ("Writing", "WE"),
                ("Editing", "E"),
                ("Sent back to writing", "WE"),
                ("Sent back to translating", "TE"),
            ],
        ),
        (
            ChangeKind::Credits,
            &[
                ("Filed", "RE"),
                ("Translating", "E"),
                ("Writing", "E"),
                ("Editing", "E"),
                ("Sent back to writing", "E"),
                ("Sent back to translating", "E"),
            ],
        ),
        (
            ChangeKind::CreditOverride,
            &[
                ("Filed", "E"),
                ("Translating", "E"),
                ("Writing", "E"),
                ("Editing", "E"),
                ("Sent back to writing", "E"),
                ("Sent back to translating", "E"),
            ],
        ),
        (
            ChangeKind::ClearSourceFlag,
            &[
                ("Filed", "TE"),
                ("Translating", "TE"),
                ("Writing", "TE"),
                ("Editing", "TE"),
                ("Sent back to writing", "TE"),
                ("Sent back to translating", "TE"),
            ],
        ),
        (
            ChangeKind::Comment,
            &[
                ("Filed", "RTWEP"),
                ("Translating", "RTWEP"),
                ("Writing", "RTWEP"),
                ("Editing", "RTWEP"),
                ("Sent back to writing", "RTWEP"),
                ("Sent back to translating", "RTWEP"),
                ("Approved", "RTWEP"),
                ("Published", "RTWEP"),
                ("Killed", "RTWEP"),
            ],
        ),
    ];

    fn letter(role: Role) -> char {
        match role {
            Role::Reporter => 'R',
            Role::Translator => 'T',
            Role::Writer => 'W',
            Role::Editor => 'E',
            Role::Photographer => 'P',
        }
    }

    #[test]
    fn the_permission_matrix_holds_for_every_role_stage_and_kind() {
        assert_eq!(
            MATRIX.len(),
            ChangeKind::ALL.len(),
            "every kind is in the table"
        );
        for (kind, allowed) in MATRIX {
            for stage in Stage::ALL {
                for role in Role::ALL {
                    let expected = allowed
                        .iter()
                        .any(|(s, roles)| *s == stage.label() && roles.contains(letter(role)));
                    let actor = Actor::with_roles(role.label(), &[role]);
                    let result = may(&actor, stage, *kind);
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{role:?} {kind:?} at {stage:?}: {result:?}"
                    );
                    if let Err(why) = result {
                        assert!(!why.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn people_off_the_roster_only_comment() {
        let settings = DeskSettings::new("D", "my", "en", "S");
        let stranger = Actor::on_desk(&settings, "Stranger");
        for kind in ChangeKind::ALL {
            assert_eq!(
                may(&stranger, Stage::Translating, kind).is_ok(),
                kind == ChangeKind::Comment,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn refusals_name_the_reason() {
        let translator = Actor::with_roles("Thiri Htet", &[Role::Translator]);
        assert_eq!(
            may(&translator, Stage::Published, ChangeKind::EnglishText)
                .unwrap_err()
                .to_string(),
            "Published copy is locked; an editor reopens it first"
        );
        assert!(
            may(&translator, Stage::Translating, ChangeKind::SourceText)
                .unwrap_err()
                .to_string()
                .contains("Edit source")
        );
        assert_eq!(
            may(&translator, Stage::Writing, ChangeKind::EnglishText)
                .unwrap_err()
                .to_string(),
            "Thiri Htet may not change the English while the story is Writing; that is for the writer or the editor"
        );
    }

    fn story_with_comment() -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.stage = Stage::Approved;
        story.comments.push(Comment {
            id: 1,
            anchor: RowRef::Headline,
            author: "Aye".into(),
            created: story.created,
            edited: None,
            text: "Is this the right spelling?".into(),
            replies: vec![],
            resolved: None,
        });
        story
    }

    #[test]
    fn comments_are_checked_against_their_authors_even_in_locked_copy() {
        let story = story_with_comment();
        let aye = Actor::with_roles("Aye", &[Role::Translator]);
        let ko = Actor::with_roles("Ko", &[Role::Reporter]);
        let mut edited = story.comments[0].clone();
        edited.text = "Changed.".into();
        let edit = Edit::SetComment {
            id: 1,
            comment: Some(edited),
        };
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &aye,
                &story,
                &edit,
                None
            )
            .is_ok()
        );
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &ko,
                &story,
                &edit,
                None
            )
            .is_err()
        );
        let delete = Edit::SetComment {
            id: 1,
            comment: None,
        };
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &ko,
                &story,
                &delete,
                None
            )
            .is_err()
        );
        // A comment smuggled into a batch with a locked change is refused as a whole.
        let batch = Edit::Batch(vec![delete.clone(), Edit::SetCreditLine(Some("x".into()))]);
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &aye,
                &story,
                &batch,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn an_editor_cannot_remove_their_own_writing_credit_where_another_editor_could_sign() {
        let mut settings = DeskSettings::new("D", "my", "en", "S");
        for (name, roles) in [
            ("Daniel", vec![Role::Writer, Role::Editor]),
            ("Clare", vec![Role::Editor]),
        ] {
            settings.staff.push(StaffMember {
                name: name.into(),
                roles,
                ssh_key: None,
                email: None,
            });
        }
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.stage = Stage::Editing;
        story.contributors.push(Contributor {
            role: Role::Writer,
            name: "Daniel".into(),
            display: crate::model::CreditDisplay::Person,
        });
        let remove = Edit::SetContributors(Vec::new());
        let daniel = Actor::on_desk(&settings, "Daniel");
        let err = check_edit(&settings, &daniel, &story, &remove, None).unwrap_err();
        assert!(err.to_string().starts_with("four eyes"), "{err}");
        let clare = Actor::on_desk(&settings, "Clare");
        assert!(check_edit(&settings, &clare, &story, &remove, None).is_ok());
        // With no other editor on the roster, the rule does not apply.
        settings.staff.retain(|m| m.name == "Daniel");
        let daniel = Actor::on_desk(&settings, "Daniel");
        assert!(check_edit(&settings, &daniel, &story, &remove, None).is_ok());
    }

    #[test]
    fn a_source_fix_flags_the_row_and_is_allowed_as_a_fix() {
        let mut settings = DeskSettings::new("D", "my", "en", "S");
        settings.staff.push(StaffMember {
            name: "Ko".into(),
            roles: vec![Role::Reporter],
            ssh_key: None,
            email: None,
        });
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.append_source_paragraphs("က");
        story.blocks[0].row.english = "Done.".into();
        story.blocks[0].row.status = crate::model::RowStatus::Translated;
        story.stage = Stage::Translating;
        let row = RowRef::Block(story.blocks[0].id);
        let ko = Actor::on_desk(&settings, "Ko");
        let (edit, old) = fix_source(&ko, &story, row, "ခ").unwrap();
        assert_eq!(old, "က");
        // Typed, it would be refused; as a fix it is allowed.
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &ko,
                &story,
                &edit,
                None
            )
            .is_err()
        );
        assert!(
            check_edit(
                &DeskSettings::new("D", "my", "en", "S"),
                &ko,
                &story,
                &edit,
                Some(ChangeKind::SourceFix)
            )
            .is_ok()
        );
        edit.apply(&mut story).unwrap();
        assert_eq!(story.blocks[0].row.source, "ခ");
        assert_eq!(story.blocks[0].previous_source.as_deref(), Some("က"));
        assert_eq!(story.blocks[0].row.status, crate::model::RowStatus::Draft);
        let translator = Actor::with_roles("T", &[Role::Translator]);
        assert!(fix_source(&translator, &story, row, "ဂ").is_err());
    }
}
