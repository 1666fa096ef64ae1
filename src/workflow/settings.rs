//! Changes to a desk's settings: the roster, the service name, credit-line words and
//! options, the web footer and the stage rules. Only an editor changes them (a new desk's
//! first person may put themselves on its empty roster), every change is recorded as a
//! [`DeskChange`], and the desk never loses its last editor.

use chrono::{DateTime, Utc};

use super::{Actor, WorkflowError, rules_for};
use crate::model::{DeskChange, DeskSettings, Role, StaffMember, Stage, StageRule};

/// The settings a desk sets by name, on the command line (`copydesk desk set DIR KEY
/// VALUE`) and in the settings screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeskKey {
    /// The desk's display name.
    Name,
    /// The service credited for withheld reporters.
    Service,
    /// The source language tag.
    SourceLanguage,
    /// The target language tag.
    TargetLanguage,
    /// "Reported".
    CreditReported,
    /// "Translated".
    CreditTranslated,
    /// "Written in English".
    CreditWritten,
    /// "Edited".
    CreditEdited,
    /// "by".
    CreditBy,
    /// "and".
    CreditAnd,
    /// Whether an "Edited by" sentence is printed.
    IncludeEditors,
    /// Whether one person in two consecutive roles gets one sentence.
    MergeConsecutive,
    /// The four-eyes rule.
    FourEyes,
    /// The standing footer of web exports.
    WebFooter,
    /// The address stories are published under on the desk's site.
    SiteUrl,
    /// Whether sign-offs are signed with the editor's SSH key.
    SignedSignOffs,
}

impl DeskKey {
    /// Every key, in the order the settings screen shows them.
    pub const ALL: [Self; 16] = [
        Self::Name,
        Self::Service,
        Self::SourceLanguage,
        Self::TargetLanguage,
        Self::CreditReported,
        Self::CreditTranslated,
        Self::CreditWritten,
        Self::CreditEdited,
        Self::CreditBy,
        Self::CreditAnd,
        Self::IncludeEditors,
        Self::MergeConsecutive,
        Self::FourEyes,
        Self::WebFooter,
        Self::SiteUrl,
        Self::SignedSignOffs,
    ];

    /// The key's name on the command line.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Service => "service",
            Self::SourceLanguage => "source-language",
            Self::TargetLanguage => "target-language",
            Self::CreditReported => "credits.reported",
            Self::CreditTranslated => "credits.translated",
            Self::CreditWritten => "credits.written",
            Self::CreditEdited => "credits.edited",
            Self::CreditBy => "credits.by",
            Self::CreditAnd => "credits.and",
            Self::IncludeEditors => "credits.include-editors",
            Self::MergeConsecutive => "credits.merge-consecutive",
            Self::FourEyes => "four-eyes",
            Self::WebFooter => "web-footer",
            Self::SiteUrl => "site-url",
            Self::SignedSignOffs => "signed-sign-offs",
        }
    }

    /// The key named `key`.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase();
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The name a person reads in the settings screen.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Desk name",
            Self::Service => "Service name",
            Self::SourceLanguage => "Source language",
            Self::TargetLanguage => "Target language",
            Self::CreditReported => "Credit word: reported",
            Self::CreditTranslated => "Credit word: translated",
            Self::CreditWritten => "Credit word: written",
            Self::CreditEdited => "Credit word: edited",
            Self::CreditBy => "Credit word: by",
            Self::CreditAnd => "Credit word: and",
            Self::IncludeEditors => "Print an \"Edited by\" sentence",
            Self::MergeConsecutive => "Merge one person's consecutive roles",
            Self::FourEyes => "Four eyes (no sign-off of one's own writing)",
            Self::WebFooter => "Web footer",
            Self::SiteUrl => "Site base URL",
            Self::SignedSignOffs => "Sign sign-offs with the editor's SSH key",
        }
    }

    /// Whether the setting is on or off rather than text.
    #[must_use]
    pub fn is_switch(self) -> bool {
        matches!(
            self,
            Self::IncludeEditors | Self::MergeConsecutive | Self::FourEyes | Self::SignedSignOffs
        )
    }

    /// The setting's value as text ("on"/"off" for switches).
    #[must_use]
    pub fn get(self, settings: &DeskSettings) -> String {
        let switch = |on: bool| if on { "on" } else { "off" }.to_owned();
        let c = &settings.credits;
        match self {
            Self::Name => settings.name.clone(),
            Self::Service => settings.service_name.clone(),
            Self::SourceLanguage => settings.source_language.clone(),
            Self::TargetLanguage => settings.target_language.clone(),
            Self::CreditReported => c.reported.clone(),
            Self::CreditTranslated => c.translated.clone(),
            Self::CreditWritten => c.written.clone(),
            Self::CreditEdited => c.edited.clone(),
            Self::CreditBy => c.by.clone(),
            Self::CreditAnd => c.and.clone(),
            Self::IncludeEditors => switch(c.include_editors),
            Self::MergeConsecutive => switch(c.merge_consecutive),
            Self::FourEyes => switch(settings.options.four_eyes),
            Self::WebFooter => settings.web_footer.clone(),
            Self::SiteUrl => settings.site_url.clone(),
            Self::SignedSignOffs => switch(settings.options.signed_sign_offs),
        }
    }

    fn set(self, settings: &mut DeskSettings, value: &str) -> Result<(), WorkflowError> {
        let bad = |why: String| WorkflowError::Settings(why);
        let value = value.trim();
        let switch = || match value.to_lowercase().as_str() {
            "on" | "yes" | "true" | "1" => Ok(true),
            "off" | "no" | "false" | "0" => Ok(false),
            _ => Err(bad(format!("{} is on or off, not \"{value}\"", self.key()))),
        };
        let text = || {
            if value.is_empty() && !matches!(self, Self::WebFooter) {
                Err(bad(format!("{} cannot be empty", self.key())))
            } else {
                Ok(value.to_owned())
            }
        };
        let tag = || {
            if crate::model::is_language_tag(value) {
                Ok(value.to_owned())
            } else {
                Err(bad(format!(
                    "\"{value}\" is not a language tag (for example \"my\" or \"en\")"
                )))
            }
        };
        let c = &mut settings.credits;
        match self {
            Self::Name => settings.name = text()?,
            Self::Service => settings.service_name = text()?,
            Self::SourceLanguage => settings.source_language = tag()?,
            Self::TargetLanguage => settings.target_language = tag()?,
            Self::CreditReported => c.reported = text()?,
            Self::CreditTranslated => c.translated = text()?,
            Self::CreditWritten => c.written = text()?,
            Self::CreditEdited => c.edited = text()?,
            Self::CreditBy => c.by = text()?,
            Self::CreditAnd => c.and = text()?,
            Self::IncludeEditors => c.include_editors = switch()?,
            Self::MergeConsecutive => c.merge_consecutive = switch()?,
            Self::FourEyes => settings.options.four_eyes = switch()?,
            Self::WebFooter => settings.web_footer = text()?,
            Self::SiteUrl => settings.site_url = site_url(value).map_err(bad)?,
            Self::SignedSignOffs => settings.options.signed_sign_offs = switch()?,
        }
        Ok(())
    }
}

/// A site's base URL as the desk keeps it: empty (no site), or an `http` or `https` address
/// with a host and nothing a URL cannot hold (spaces, quotes, angle brackets, control
/// characters, a query or a fragment), ending in `/` so a story's slug follows it.
fn site_url(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    let refuse = || {
        format!(
            "\"{value}\" is not a site address; give one like \"https://www.example.org/news/\""
        )
    };
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(refuse)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || value.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#' | '`')
        })
    {
        return Err(refuse());
    }
    let mut url = value.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// One change to a desk's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsChange {
    /// Puts a person on the roster.
    AddStaff {
        /// Their name as printed in credits.
        name: String,
        /// Their roles.
        roles: Vec<Role>,
    },
    /// Takes a person off the roster.
    RemoveStaff {
        /// Their name.
        name: String,
    },
    /// Changes a person's roles.
    SetRoles {
        /// Their name.
        name: String,
        /// Their roles from now on.
        roles: Vec<Role>,
    },
    /// Puts a person's SSH public key on the roster (`None` takes it off): the key their
    /// sign-offs are verified with.
    SetKey {
        /// Their name.
        name: String,
        /// One line of their `.pub` file.
        key: Option<String>,
    },
    /// Puts a person's email address on the roster (`None` takes it off): the address
    /// their commits carry on a team desk.
    SetEmail {
        /// Their name.
        name: String,
        /// The address.
        email: Option<String>,
    },
    /// Sets a named setting.
    Set {
        /// Which.
        key: DeskKey,
        /// The new value ("on"/"off" for switches).
        value: String,
    },
    /// Sets who may make one stage move; no roles removes the move.
    SetRule {
        /// From.
        from: Stage,
        /// To.
        to: Stage,
        /// Who may.
        roles: Vec<Role>,
    },
}

/// The roster entry of the person named `name` (case aside), for changing.
fn member_mut<'a>(
    settings: &'a mut DeskSettings,
    name: &str,
) -> Result<&'a mut StaffMember, WorkflowError> {
    settings
        .staff
        .iter_mut()
        .find(|m| m.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| WorkflowError::Settings(format!("{} is not on the roster", name.trim())))
}

/// An email address as a commit can carry it: one `@` with something either side, no spaces,
/// angle brackets, commas or control characters, at most 254 characters. Returns it trimmed,
/// or why it cannot be used.
pub fn check_email(text: &str) -> Result<String, String> {
    let email = text.trim();
    if email.chars().count() > 254 {
        return Err("an email address has at most 254 characters".to_owned());
    }
    if let Some(c) = email
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | '"'))
    {
        return Err(format!("an email address cannot hold {c:?}"));
    }
    match email.split_once('@') {
        Some((user, host)) if !user.is_empty() && !host.is_empty() && !host.contains('@') => {
            Ok(email.to_owned())
        }
        _ => Err(format!(
            "{email:?} is not an email address (name@example.org)"
        )),
    }
}

fn roles_text(roles: &[Role]) -> String {
    if roles.is_empty() {
        "no roles".to_owned()
    } else {
        let names: Vec<&str> = roles.iter().map(|r| r.label()).collect();
        names.join(", ")
    }
}

fn has_editor(settings: &DeskSettings) -> bool {
    settings
        .staff
        .iter()
        .any(|m| m.roles.contains(&Role::Editor))
}

/// Applies a change to a copy of `settings` as `actor`, and returns the new settings with
/// the record of the change. Only an editor may; on a desk whose roster is empty, anyone may
/// put themselves on it (so a new desk gets its first editor).
pub fn change_settings(
    settings: &DeskSettings,
    actor: &Actor,
    change: &SettingsChange,
    now: DateTime<Utc>,
) -> Result<(DeskSettings, DeskChange), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    let bootstrap = settings.staff.is_empty()
        && matches!(change, SettingsChange::AddStaff { name, .. }
            if name.trim().eq_ignore_ascii_case(&actor.name));
    if !bootstrap && !actor.has(Role::Editor) {
        return Err(WorkflowError::NotEditor {
            who: actor.name.clone(),
            has: actor.roles_text(),
        });
    }
    let bad = |why: String| WorkflowError::Settings(why);
    let mut new = settings.clone();
    let record = |what: String, old: String, new_value: String| DeskChange {
        at: now,
        by: actor.name.clone(),
        what,
        old,
        new: new_value,
    };
    let record = match change {
        SettingsChange::AddStaff { name, roles } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(bad("a person on the roster needs a name".to_owned()));
            }
            if settings.staff_member(name).is_some() {
                return Err(bad(format!("{name} is already on the roster")));
            }
            let mut roles = roles.clone();
            roles.sort();
            roles.dedup();
            new.staff.push(StaffMember {
                name: name.to_owned(),
                roles: roles.clone(),
                ssh_key: None,
                email: None,
            });
            record(
                format!("added {name} to the roster"),
                String::new(),
                roles_text(&roles),
            )
        }
        SettingsChange::RemoveStaff { name } => {
            let Some(member) = settings.staff_member(name) else {
                return Err(bad(format!("{} is not on the roster", name.trim())));
            };
            let old = roles_text(&member.roles);
            let removed = member.name.clone();
            new.staff.retain(|m| m.name != removed);
            record(
                format!("removed {removed} from the roster"),
                old,
                String::new(),
            )
        }
        SettingsChange::SetRoles { name, roles } => {
            let member = member_mut(&mut new, name)?;
            let old = roles_text(&member.roles);
            let mut roles = roles.clone();
            roles.sort();
            roles.dedup();
            member.roles.clone_from(&roles);
            let who = member.name.clone();
            record(format!("roles of {who}"), old, roles_text(&roles))
        }
        SettingsChange::SetKey { name, key } => {
            let key = match key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                None => None,
                Some(text) => Some(
                    super::signing::PublicKey::parse(text)
                        .map_err(|e| bad(format!("{}: {e}", name.trim())))?,
                ),
            };
            let member = member_mut(&mut new, name)?;
            let shown = |line: Option<&str>| {
                line.and_then(|l| super::signing::PublicKey::parse(l).ok())
                    .map_or_else(|| "no key".to_owned(), |k| k.fingerprint())
            };
            let old = shown(member.ssh_key.as_deref());
            member.ssh_key = key.map(|k| k.line());
            let now_shown = shown(member.ssh_key.as_deref());
            if old == now_shown {
                return Err(bad(format!("{} has {old} already", member.name)));
            }
            let who = member.name.clone();
            record(format!("SSH key of {who}"), old, now_shown)
        }
        SettingsChange::SetEmail { name, email } => {
            let email = match email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                None => None,
                Some(text) => {
                    Some(check_email(text).map_err(|e| bad(format!("{}: {e}", name.trim())))?)
                }
            };
            let member = member_mut(&mut new, name)?;
            let shown = |e: Option<&str>| e.unwrap_or("no address").to_owned();
            let old = shown(member.email.as_deref());
            if member.email == email {
                return Err(bad(format!("{} has {old} already", member.name)));
            }
            member.email = email;
            let who = member.name.clone();
            record(
                format!("email address of {who}"),
                old,
                shown(member.email.as_deref()),
            )
        }
        SettingsChange::Set { key, value } => {
            let old = key.get(settings);
            key.set(&mut new, value)?;
            if key.get(&new) == old {
                return Err(bad(format!("{} is {old} already", key.key())));
            }
            record(key.label().to_owned(), old, key.get(&new))
        }
        SettingsChange::SetRule { from, to, roles } => {
            // The moves are the workflow's own; a desk decides who makes them. Signing off
            // and publishing stay an editor's (the sign-off records an editor), and neither
            // can be left to nobody.
            if !super::default_rules()
                .iter()
                .any(|r| r.from == *from && r.to == *to)
            {
                return Err(bad(format!(
                    "a story does not move from {} to {} in Copydesk's workflow",
                    from.label(),
                    to.label()
                )));
            }
            if matches!(to, Stage::Approved | Stage::Published) {
                if roles.iter().any(|r| *r != Role::Editor) {
                    return Err(bad(format!(
                        "only editors sign off and publish; {} to {} cannot be given to others",
                        from.label(),
                        to.label()
                    )));
                }
                if roles.is_empty() {
                    return Err(bad(format!(
                        "someone must be able to move a story from {} to {}",
                        from.label(),
                        to.label()
                    )));
                }
            }
            let mut rules = rules_for(settings);
            let old = rules
                .iter()
                .find(|r| r.from == *from && r.to == *to)
                .map_or_else(|| "not allowed".to_owned(), |r| roles_text(&r.roles));
            rules.retain(|r| !(r.from == *from && r.to == *to));
            if !roles.is_empty() {
                rules.push(StageRule {
                    from: *from,
                    to: *to,
                    roles: roles.clone(),
                });
            }
            new.stage_rules = Some(rules);
            let now_text = if roles.is_empty() {
                "not allowed".to_owned()
            } else {
                roles_text(roles)
            };
            record(
                format!("who may move {} to {}", from.label(), to.label()),
                old,
                now_text,
            )
        }
    };
    if has_editor(settings) && !has_editor(&new) {
        return Err(bad(
            "the desk would have no editor left to change its settings; add another editor first"
                .to_owned(),
        ));
    }
    Ok((new, record))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn a_site_address_is_an_http_url_ending_in_a_slash_or_nothing() {
        assert_eq!(
            site_url("https://news.example.org/myanmar"),
            Ok("https://news.example.org/myanmar/".to_owned())
        );
        assert_eq!(
            site_url("http://example.org/"),
            Ok("http://example.org/".to_owned())
        );
        assert_eq!(site_url(""), Ok(String::new()));
        for bad in [
            "news.example.org",
            "ftp://example.org/",
            "https://",
            "https:///path",
            "https://example.org/a b",
            "https://example.org/?q=1",
            "https://example.org/#top",
            "https://example.org/\"onload",
            "javascript:alert(1)",
        ] {
            assert!(site_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_first_person_adds_themselves_then_only_editors_change_anything() {
        let empty = DeskSettings::new("D", "my", "en", "S");
        let first = Actor::on_desk(&empty, "Clare");
        let change = SettingsChange::AddStaff {
            name: "Clare".into(),
            roles: vec![Role::Editor],
        };
        let (desk, record) = change_settings(&empty, &first, &change, now()).unwrap();
        assert_eq!(record.what, "added Clare to the roster");
        assert_eq!(record.new, "editor");
        assert_eq!(record.by, "Clare");
        // Nobody else bootstraps a desk that has a roster.
        let stranger = Actor::on_desk(&desk, "Mallory");
        let grab = SettingsChange::AddStaff {
            name: "Mallory".into(),
            roles: vec![Role::Editor],
        };
        assert!(change_settings(&desk, &stranger, &grab, now()).is_err());
        // A translator cannot give themselves a role.
        let clare = Actor::on_desk(&desk, "Clare");
        let (desk, _) = change_settings(
            &desk,
            &clare,
            &SettingsChange::AddStaff {
                name: "Aye".into(),
                roles: vec![Role::Translator],
            },
            now(),
        )
        .unwrap();
        let aye = Actor::on_desk(&desk, "Aye");
        let promote = SettingsChange::SetRoles {
            name: "Aye".into(),
            roles: vec![Role::Translator, Role::Editor],
        };
        assert!(change_settings(&desk, &aye, &promote, now()).is_err());
        let (desk, record) = change_settings(&desk, &clare, &promote, now()).unwrap();
        assert_eq!(
            (record.old.as_str(), record.new.as_str()),
            ("translator", "translator, editor")
        );
        assert!(Actor::on_desk(&desk, "aye").has(Role::Editor));
    }

    #[test]
    fn an_email_address_needs_one_at_sign_and_no_spaces() {
        for good in ["aye@example.org", "  d.ross+desk@mail.example.org ", "x@y"] {
            assert_eq!(check_email(good), Ok(good.trim().to_owned()), "{good}");
        }
        for bad in [
            "",
            "aye",
            "@example.org",
            "aye@",
            "aye@@example.org",
            "a@b@c",
            "aye mon@example.org",
            "Aye <aye@example.org>",
            "aye@example.org,bob@example.org",
            "aye@example.org\nX-Injected: yes",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(check_email(&long).is_err());
    }

    #[test]
    fn only_an_editor_sets_an_email_address_and_the_change_is_recorded() {
        let mut desk = DeskSettings::new("D", "my", "en", "S");
        for (name, role) in [("Clare", Role::Editor), ("Aye", Role::Translator)] {
            desk.staff.push(StaffMember {
                name: name.into(),
                roles: vec![role],
                ssh_key: None,
                email: None,
            });
        }
        let set = |email: Option<&str>| SettingsChange::SetEmail {
            name: "aye".into(),
            email: email.map(str::to_owned),
        };
        let aye = Actor::on_desk(&desk, "Aye");
        assert!(change_settings(&desk, &aye, &set(Some("aye@example.org")), now()).is_err());
        let clare = Actor::on_desk(&desk, "Clare");
        assert!(change_settings(&desk, &clare, &set(Some("aye at example")), now()).is_err());
        let (desk, record) =
            change_settings(&desk, &clare, &set(Some(" aye@example.org ")), now()).unwrap();
        assert_eq!(desk.staff[1].email.as_deref(), Some("aye@example.org"));
        assert_eq!(record.what, "email address of Aye");
        assert_eq!(
            (record.old.as_str(), record.new.as_str()),
            ("no address", "aye@example.org")
        );
        assert!(
            change_settings(&desk, &clare, &set(Some("aye@example.org")), now()).is_err(),
            "no change is not a change"
        );
        let (desk, record) = change_settings(&desk, &clare, &set(None), now()).unwrap();
        assert_eq!(desk.staff[1].email, None);
        assert_eq!(record.new, "no address");
    }

    #[test]
    fn the_last_editor_stays() {
        let mut desk = DeskSettings::new("D", "my", "en", "S");
        desk.staff.push(StaffMember {
            name: "Clare".into(),
            roles: vec![Role::Editor],
            ssh_key: None,
            email: None,
        });
        let clare = Actor::on_desk(&desk, "Clare");
        for change in [
            SettingsChange::RemoveStaff {
                name: "Clare".into(),
            },
            SettingsChange::SetRoles {
                name: "Clare".into(),
                roles: vec![Role::Writer],
            },
        ] {
            let err = change_settings(&desk, &clare, &change, now()).unwrap_err();
            assert!(err.to_string().contains("no editor left"), "{err}");
        }
    }

    #[test]
    fn named_settings_are_checked_and_recorded_with_old_and_new() {
        let mut desk = DeskSettings::new("D", "my", "en", "Old Service");
        desk.staff.push(StaffMember {
            name: "Clare".into(),
            roles: vec![Role::Editor],
            ssh_key: None,
            email: None,
        });
        let clare = Actor::on_desk(&desk, "Clare");
        let set = |key, value: &str| SettingsChange::Set {
            key,
            value: value.into(),
        };
        let (new, record) = change_settings(
            &desk,
            &clare,
            &set(DeskKey::Service, " New Service "),
            now(),
        )
        .unwrap();
        assert_eq!(new.service_name, "New Service");
        assert_eq!(
            (record.old.as_str(), record.new.as_str()),
            ("Old Service", "New Service")
        );
        let (new, _) =
            change_settings(&desk, &clare, &set(DeskKey::FourEyes, "off"), now()).unwrap();
        assert!(!new.options.four_eyes);
        for (key, value) in [
            (DeskKey::FourEyes, "maybe"),
            (DeskKey::SourceLanguage, "Burmese!"),
            (DeskKey::Service, "  "),
        ] {
            assert!(change_settings(&desk, &clare, &set(key, value), now()).is_err());
        }
        for key in DeskKey::ALL {
            assert_eq!(DeskKey::from_key(key.key()), Some(key));
        }
    }

    #[test]
    fn a_stage_rule_can_be_widened_and_removed() {
        let mut desk = DeskSettings::new("D", "my", "en", "S");
        desk.staff.push(StaffMember {
            name: "Clare".into(),
            roles: vec![Role::Editor],
            ssh_key: None,
            email: None,
        });
        let clare = Actor::on_desk(&desk, "Clare");
        let change = SettingsChange::SetRule {
            from: Stage::Writing,
            to: Stage::Editing,
            roles: vec![Role::Translator],
        };
        let (new, record) = change_settings(&desk, &clare, &change, now()).unwrap();
        assert_eq!(record.old, "writer, editor");
        let rules = rules_for(&new);
        let rule = rules
            .iter()
            .find(|r| r.from == Stage::Writing && r.to == Stage::Editing)
            .unwrap();
        assert_eq!(rule.roles, vec![Role::Translator]);
        let remove = SettingsChange::SetRule {
            from: Stage::Writing,
            to: Stage::Editing,
            roles: vec![],
        };
        let (new, _) = change_settings(&new, &clare, &remove, now()).unwrap();
        assert!(
            !rules_for(&new)
                .iter()
                .any(|r| r.from == Stage::Writing && r.to == Stage::Editing)
        );
    }
}
