//! Signed sign-offs: what an editor's SSH signature covers, the public keys on the roster,
//! and what a verification found. Pure: running `ssh-keygen` is `store::signing`'s job.
//!
//! A desk that turns `signed_sign_offs` on has each sign-off signed with the editor's SSH
//! key in the form git uses for signed commits (`ssh-keygen -Y sign`, namespace
//! [`NAMESPACE`]). What is signed is [`signed_message`]: the story's slug, the editor, the
//! time of the sign-off and the fingerprint of the public content
//! (`workflow::public_fingerprint`: the English a reader sees, the credits, the printed
//! credit line and the corrections). Verifying recomputes the fingerprint from the story as
//! it is, so a text changed after signing — in Copydesk or by hand in the file — fails.

use base64::Engine as _;
use chrono::SecondsFormat;
use sha2::{Digest as _, Sha256};
use thiserror::Error;

use super::{WorkflowError, public_fingerprint};
use crate::model::{DeskSettings, Role, SignOff, Story};

/// The `ssh-keygen -Y` namespace of Copydesk's signatures, so a signature made for a git
/// commit or a file can never pass for a sign-off, nor one of ours for theirs.
pub const NAMESPACE: &str = "copydesk-sign-off";

/// The public key types the roster accepts (those `ssh-keygen -Y` signs with).
pub const KEY_TYPES: [&str; 7] = [
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// The longest public key line the roster takes (a 16,384-bit RSA key is about 2,800
/// characters).
pub const MAX_KEY_CHARS: usize = 8 * 1024;

/// The longest signature a story may carry (an RSA signature is about 1,300 characters).
pub const MAX_SIGNATURE_CHARS: usize = 16 * 1024;

/// Why a public key was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    /// Nothing given.
    #[error("the SSH public key is empty")]
    Empty,
    /// Longer than any public key.
    #[error("that is longer than any SSH public key ({MAX_KEY_CHARS} characters at most)")]
    TooLong,
    /// Several lines.
    #[error("give one public key, on one line")]
    NotOneLine,
    /// Not a key type we know (a private key pasted by mistake lands here too).
    #[error(
        "an SSH public key starts with its type (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, …), not \"{0}\"; copy the line from your .pub file"
    )]
    UnknownType(String),
    /// The key's data is not base64 or is cut short.
    #[error("the key's data is damaged (not base64, or cut short)")]
    BadData,
    /// The data says another type than the line.
    #[error("the key's data is a {inside} key, but the line says {declared}")]
    TypeMismatch {
        /// What the line says.
        declared: String,
        /// What the data says.
        inside: String,
    },
}

/// An SSH public key as the roster keeps it, checked: its type, its data and a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    kind: String,
    data: String,
    comment: String,
}

impl PublicKey {
    /// Reads one line of an OpenSSH `.pub` file: `TYPE BASE64 [COMMENT]`. The data must
    /// decode and name the same type as the line, so a damaged or mistyped key is refused
    /// when it is put on the roster, not when a sign-off fails.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        if text.len() > MAX_KEY_CHARS {
            return Err(KeyError::TooLong);
        }
        if text.contains(['\n', '\r']) {
            return Err(KeyError::NotOneLine);
        }
        let mut words = text.split_whitespace();
        let kind = words.next().unwrap_or_default();
        if !KEY_TYPES.contains(&kind) {
            let shown: String = kind.chars().take(40).collect();
            return Err(KeyError::UnknownType(shown));
        }
        let data = words.next().ok_or(KeyError::BadData)?;
        let blob = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|_| KeyError::BadData)?;
        let inside = blob_type(&blob).ok_or(KeyError::BadData)?;
        if inside != kind {
            return Err(KeyError::TypeMismatch {
                declared: kind.to_owned(),
                inside: String::from_utf8_lossy(inside.as_bytes()).into_owned(),
            });
        }
        let comment: String = words
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        Ok(Self {
            kind: kind.to_owned(),
            data: data.to_owned(),
            comment,
        })
    }

    /// The line as the roster stores it: type, data and comment.
    #[must_use]
    pub fn line(&self) -> String {
        if self.comment.is_empty() {
            self.key_only()
        } else {
            format!("{} {} {}", self.kind, self.data, self.comment)
        }
    }

    /// Type and data, without the comment: what `ssh-keygen` compares.
    #[must_use]
    pub fn key_only(&self) -> String {
        format!("{} {}", self.kind, self.data)
    }

    /// The key's fingerprint as `ssh-keygen -l` prints it: `SHA256:` and the unpadded
    /// base64 of the SHA-256 of the key's data.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let blob = base64::engine::general_purpose::STANDARD
            .decode(&self.data)
            .unwrap_or_default();
        let digest = Sha256::digest(&blob);
        format!(
            "SHA256:{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
        )
    }

    /// Whether two lines hold the same key (comments aside).
    #[must_use]
    pub fn same_key(&self, other: &Self) -> bool {
        self.kind == other.kind && self.data == other.data
    }
}

/// The type named at the start of a key's data (a length-prefixed string).
fn blob_type(blob: &[u8]) -> Option<&str> {
    let len = u32::from_be_bytes(blob.get(..4)?.try_into().ok()?) as usize;
    if len > 64 {
        return None;
    }
    let name = blob.get(4..4 + len)?;
    // A key has more than its type name.
    if blob.len() <= 4 + len {
        return None;
    }
    std::str::from_utf8(name).ok()
}

/// The roster's key for `name`, if they have one that reads.
#[must_use]
pub fn roster_key(settings: &DeskSettings, name: &str) -> Option<PublicKey> {
    settings
        .staff_member(name)?
        .ssh_key
        .as_deref()
        .and_then(|k| PublicKey::parse(k).ok())
}

/// Whether the editor `name` can sign a sign-off on this desk: always on a desk that does
/// not sign them; otherwise only with a public key on the roster. The workflow bar greys
/// Sign off with this reason.
pub fn check_can_sign(settings: &DeskSettings, name: &str) -> Result<(), WorkflowError> {
    if !settings.options.signed_sign_offs || settings.staff_member(name).is_none() {
        return Ok(());
    }
    if roster_key(settings, name).is_some() {
        return Ok(());
    }
    Err(WorkflowError::SignOffNeeded(format!(
        "this desk signs sign-offs, and {} has no SSH public key on the roster; an editor adds it in Desk > Settings (or with `copydesk staff set-key`)",
        name.trim()
    )))
}

/// The text an editor's SSH key signs for a sign-off: a fixed layout, one field a line,
/// names quoted. Changing it would fail every signature ever made, so it is versioned in
/// its first line.
#[must_use]
pub fn signed_message(
    slug: &str,
    editor: &str,
    at: chrono::DateTime<chrono::Utc>,
    fingerprint: &str,
) -> String {
    format!(
        "copydesk sign-off 1\nstory: {}\neditor: {}\nsigned-at: {}\npublic-content-sha256: {fingerprint}\n",
        quoted(slug),
        quoted(editor),
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    )
}

/// [`signed_message`] for a story's sign-off, with the fingerprint of the story's public
/// content as it is now (which equals the stored one while the sign-off is current).
#[must_use]
pub fn message_for(story: &Story, settings: &DeskSettings, sign_off: &SignOff) -> String {
    signed_message(
        &story.slug,
        &sign_off.editor,
        sign_off.at,
        &public_fingerprint(story, settings),
    )
}

/// A string in double quotes, with `\`, `"` and control characters escaped, so no name
/// can add a line to the message.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An `ssh-keygen` allowed-signers file made from the roster: one line for each person
/// with a key that reads, under a principal of our own (`staff-N`, so names with spaces or
/// commas need no quoting), limited to [`NAMESPACE`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedSigners {
    /// The file's text.
    pub text: String,
    /// Each principal and the roster name it stands for.
    pub principals: Vec<(String, String)>,
}

impl AllowedSigners {
    /// The roster name a principal stands for.
    #[must_use]
    pub fn name_of(&self, principal: &str) -> Option<&str> {
        self.principals
            .iter()
            .find(|(p, _)| p == principal.trim())
            .map(|(_, n)| n.as_str())
    }

    /// The principal of a roster name.
    #[must_use]
    pub fn principal_of(&self, name: &str) -> Option<&str> {
        self.principals
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(p, _)| p.as_str())
    }
}

/// The allowed-signers file for a desk's roster. Keys are read again here (a `desk.ron`
/// from elsewhere is not trusted), and written without their comments.
#[must_use]
pub fn allowed_signers(settings: &DeskSettings) -> AllowedSigners {
    let mut signers = AllowedSigners::default();
    for (i, member) in settings.staff.iter().enumerate() {
        let Some(key) = member
            .ssh_key
            .as_deref()
            .and_then(|k| PublicKey::parse(k).ok())
        else {
            continue;
        };
        let principal = format!("staff-{i}");
        signers.text.push_str(&format!(
            "{principal} namespaces=\"{NAMESPACE}\" {}\n",
            key.key_only()
        ));
        signers.principals.push((principal, member.name.clone()));
    }
    signers
}

/// A sign-off that verified: who signed it, when, with which key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The editor.
    pub editor: String,
    /// When they signed off.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Their key's fingerprint, as `ssh-keygen -l` prints it.
    pub key: String,
}

/// Which check of a sign-off failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum VerifyFailure {
    /// Nobody signed the story off.
    #[error("it has not been signed off")]
    NotSignedOff,
    /// A sign-off without a signature.
    #[error(
        "the sign-off by {editor} carries no signature (it was made while the desk did not sign sign-offs)"
    )]
    NoSignature {
        /// The editor named.
        editor: String,
    },
    /// The signature is not a readable SSH signature.
    #[error("the signature is damaged: {0}")]
    Damaged(String),
    /// Made with a key nobody on the roster has.
    #[error("the signature was made with a key that is not on the roster")]
    KeyNotOnRoster,
    /// Made with another person's key than the editor the sign-off names.
    #[error("the signature was made with {signer}'s key, but the sign-off names {editor}")]
    OtherSigner {
        /// Whose key signed.
        signer: String,
        /// Who the sign-off names.
        editor: String,
    },
    /// The signer is on the roster but not as an editor.
    #[error("{signer} signed it, but is not an editor on the roster")]
    NotAnEditor {
        /// Who signed.
        signer: String,
    },
    /// The public text differs from what was signed.
    #[error(
        "the signature does not match the text: the story's public text changed after it was signed"
    )]
    TextChanged,
    /// The text is as signed off, but the signature does not cover this sign-off (its
    /// editor, time or fingerprint were altered, or the signature was taken from another).
    #[error("the signature does not match the sign-off: its editor, time or story were altered")]
    BadSignature,
}

/// The first checks, before any key is tried: a sign-off, with a signature of a sane size.
pub fn signature_of(story: &Story) -> Result<(&SignOff, &str), VerifyFailure> {
    let sign_off = story.sign_off.as_ref().ok_or(VerifyFailure::NotSignedOff)?;
    let signature = sign_off
        .signature
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| VerifyFailure::NoSignature {
            editor: sign_off.editor.clone(),
        })?;
    if signature.len() > MAX_SIGNATURE_CHARS
        || !signature
            .trim_start()
            .starts_with("-----BEGIN SSH SIGNATURE-----")
    {
        return Err(VerifyFailure::Damaged(
            "it is not an SSH signature (-----BEGIN SSH SIGNATURE-----)".to_owned(),
        ));
    }
    Ok((sign_off, signature))
}

/// The verdict, given what `ssh-keygen` found: whose roster key made the signature
/// (`signer`, a roster name; `None` when no key on the roster did) and whether the signature
/// is good for [`message_for`] from that key. The checks run in the order a reader needs:
/// whose key, the right editor, an editor, then the text.
pub fn judge(
    story: &Story,
    settings: &DeskSettings,
    signer: Option<&str>,
    signature_good: bool,
) -> Result<Verified, VerifyFailure> {
    let (sign_off, _) = signature_of(story)?;
    let signer = signer.ok_or(VerifyFailure::KeyNotOnRoster)?;
    if !signer.trim().eq_ignore_ascii_case(sign_off.editor.trim()) {
        return Err(VerifyFailure::OtherSigner {
            signer: signer.to_owned(),
            editor: sign_off.editor.clone(),
        });
    }
    let member = settings
        .staff_member(signer)
        .ok_or(VerifyFailure::KeyNotOnRoster)?;
    if !member.roles.contains(&Role::Editor) {
        return Err(VerifyFailure::NotAnEditor {
            signer: member.name.clone(),
        });
    }
    if !signature_good {
        return Err(
            if sign_off.fingerprint == public_fingerprint(story, settings) {
                VerifyFailure::BadSignature
            } else {
                VerifyFailure::TextChanged
            },
        );
    }
    let key = roster_key(settings, signer).map_or_else(String::new, |k| k.fingerprint());
    Ok(Verified {
        editor: sign_off.editor.clone(),
        at: sign_off.at,
        key,
    })
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::StaffMember;

    // Made with `ssh-keygen -t ed25519 -C editor@desk`; its fingerprint is what
    // `ssh-keygen -l -f` printed for it (an independent oracle for `fingerprint`).
    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCYKBogGo4qXBvpryUQh5eYvt9EoAESMFL98xecWf+S editor@desk";
    const KEY_FINGERPRINT: &str = "SHA256:dLelx0igiEQoEZUgH+uK/E6bTM6V0C9vexnoqPdqJ44";

    #[test]
    fn a_public_key_reads_and_prints_its_ssh_keygen_fingerprint() {
        let key = PublicKey::parse(&format!("  {KEY}\n")).unwrap();
        assert_eq!(key.line(), KEY);
        assert_eq!(key.fingerprint(), KEY_FINGERPRINT);
        assert!(key.same_key(&PublicKey::parse(&KEY.replace("editor@desk", "other")).unwrap()));
    }

    #[test]
    fn damaged_or_wrong_keys_are_refused_with_the_reason() {
        assert_eq!(PublicKey::parse(" "), Err(KeyError::Empty));
        assert_eq!(
            PublicKey::parse(&format!("{KEY}\n{KEY}")),
            Err(KeyError::NotOneLine)
        );
        assert!(matches!(
            PublicKey::parse("-----BEGIN OPENSSH PRIVATE KEY-----"),
            Err(KeyError::UnknownType(_))
        ));
        assert_eq!(
            PublicKey::parse("ssh-ed25519 AAAA!!!"),
            Err(KeyError::BadData)
        );
        // The line says RSA, the data is an Ed25519 key.
        assert!(matches!(
            PublicKey::parse(&KEY.replace("ssh-ed25519 ", "ssh-rsa ")),
            Err(KeyError::TypeMismatch { .. })
        ));
        // Cut short: the type name alone.
        assert_eq!(
            PublicKey::parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"),
            Err(KeyError::BadData)
        );
    }

    proptest::proptest! {
        /// A key pasted or read from someone's `desk.ron` never panics the reader, and what
        /// it accepts prints back as a line it reads the same.
        #[test]
        fn any_text_reads_as_a_key_or_a_refusal(text in ".{0,200}", cut in 0usize..120, byte in 0u8..128) {
            for candidate in [
                text.clone(),
                format!("ssh-ed25519 {text}"),
                KEY.chars().take(cut).collect::<String>(),
                {
                    let mut bytes = KEY.as_bytes().to_vec();
                    let at = cut % bytes.len();
                    bytes[at] = byte;
                    String::from_utf8_lossy(&bytes).into_owned()
                },
            ] {
                if let Ok(key) = PublicKey::parse(&candidate) {
                    let again = PublicKey::parse(&key.line()).unwrap();
                    proptest::prop_assert_eq!(again, key);
                }
            }
        }
    }

    #[test]
    fn the_signed_message_is_fixed_and_names_cannot_add_lines() {
        let at = DateTime::from_timestamp(1_786_000_000, 0).unwrap();
        assert_eq!(
            signed_message("kani-flood", "Daw \"Su\"\nx", at, "ab12"),
            "copydesk sign-off 1\nstory: \"kani-flood\"\neditor: \"Daw \\\"Su\\\"\\u{000a}x\"\nsigned-at: 2026-08-06T07:06:40Z\npublic-content-sha256: ab12\n"
        );
    }

    fn desk_with(key: Option<&str>, roles: Vec<Role>) -> DeskSettings {
        let mut settings = DeskSettings::new("D", "my", "en", "S");
        settings.staff.push(StaffMember {
            name: "Ko Ko".into(),
            roles: vec![Role::Writer],
            ssh_key: None,
            email: None,
        });
        settings.staff.push(StaffMember {
            name: "Daw Su".into(),
            roles,
            ssh_key: key.map(str::to_owned),
            email: None,
        });
        settings
    }

    #[test]
    fn allowed_signers_name_only_readable_keys_in_our_namespace() {
        let mut settings = desk_with(Some(KEY), vec![Role::Editor]);
        settings.staff[0].ssh_key = Some("ssh-ed25519 broken".into());
        // A desk.ron from elsewhere cannot add a line (another principal) to the file.
        settings.staff.push(StaffMember {
            name: "Mallory".into(),
            roles: vec![Role::Editor],
            ssh_key: Some(format!("{KEY}\nstaff-1 {KEY}")),
            email: None,
        });
        let signers = allowed_signers(&settings);
        assert_eq!(
            signers.text,
            format!(
                "staff-1 namespaces=\"copydesk-sign-off\" {}\n",
                KEY.trim_end_matches(" editor@desk")
            )
        );
        assert_eq!(signers.name_of("staff-1"), Some("Daw Su"));
        assert_eq!(signers.principal_of("daw su"), Some("staff-1"));
    }

    #[test]
    fn a_signing_desk_refuses_a_sign_off_from_an_editor_without_a_key() {
        let mut settings = desk_with(None, vec![Role::Editor]);
        assert!(check_can_sign(&settings, "Daw Su").is_ok());
        settings.options.signed_sign_offs = true;
        let refusal = check_can_sign(&settings, "Daw Su").unwrap_err().to_string();
        assert!(refusal.contains("no SSH public key"), "{refusal}");
        settings.staff[1].ssh_key = Some(KEY.into());
        assert!(check_can_sign(&settings, "Daw Su").is_ok());
    }

    fn signed_story(settings: &DeskSettings) -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap());
        story.headline.english = "Floods".into();
        story.sign_off = Some(SignOff {
            editor: "Daw Su".into(),
            at: DateTime::from_timestamp(10, 0).unwrap(),
            fingerprint: public_fingerprint(&story, settings),
            signature: Some(
                "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n".into(),
            ),
        });
        story
    }

    #[test]
    fn each_failed_check_is_named() {
        let settings = desk_with(Some(KEY), vec![Role::Editor]);
        let mut story = signed_story(&settings);
        assert_eq!(
            judge(&story, &settings, Some("Daw Su"), true).map(|v| v.key),
            Ok(KEY_FINGERPRINT.to_owned())
        );
        assert_eq!(
            judge(&story, &settings, None, true),
            Err(VerifyFailure::KeyNotOnRoster)
        );
        assert!(matches!(
            judge(&story, &settings, Some("Ko Ko"), true),
            Err(VerifyFailure::OtherSigner { .. })
        ));
        assert_eq!(
            judge(&story, &settings, Some("Daw Su"), false),
            Err(VerifyFailure::BadSignature)
        );
        story.headline.english = "Floods recede".into();
        assert_eq!(
            judge(&story, &settings, Some("Daw Su"), false),
            Err(VerifyFailure::TextChanged)
        );
        let writer = desk_with(Some(KEY), vec![Role::Writer]);
        assert!(matches!(
            judge(&story, &writer, Some("Daw Su"), true),
            Err(VerifyFailure::NotAnEditor { .. })
        ));
        story.sign_off.as_mut().unwrap().signature = None;
        assert!(matches!(
            judge(&story, &settings, Some("Daw Su"), true),
            Err(VerifyFailure::NoSignature { .. })
        ));
        story.sign_off = None;
        assert_eq!(
            judge(&story, &settings, None, false),
            Err(VerifyFailure::NotSignedOff)
        );
    }
}
