//! Signing and verifying sign-offs with `ssh-keygen -Y`, the way git signs commits with SSH
//! keys. What is signed and how a result reads are the core's (`workflow::signing`); this
//! module finds the key, runs the program and hands its answers back.
//!
//! The key is found as git finds a signing key: an explicit path first (the machine's
//! identity in the window, `--key` on the command line; a private key file, or a `.pub`
//! whose private half is in the SSH agent); else a key in the agent that is the one the
//! roster lists for the editor; else `~/.ssh/id_ed25519`, `id_ecdsa` or `id_rsa` whose `.pub`
//! is that key. `ssh-keygen` itself uses the agent when it holds the key, and otherwise asks
//! for a passphrase the way it always does (on the terminal, or through `ssh-askpass`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use thiserror::Error;

use crate::model::{DeskSettings, Story};
use crate::workflow::signing::{
    self, NAMESPACE, PublicKey, Verified, VerifyFailure, allowed_signers, message_for,
};

/// The largest public key file read from a path someone gives.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// Why signing or verifying could not be done.
#[derive(Debug, Error)]
pub enum SignError {
    /// `ssh-keygen` is not installed.
    #[error(
        "ssh-keygen was not found: signed sign-offs need OpenSSH's client (the openssh-client package, or Git for Windows)"
    )]
    Missing,
    /// It ran and failed.
    #[error("ssh-keygen could not {what}: {message}")]
    Failed {
        /// What it was asked to do.
        what: &'static str,
        /// What it said.
        message: String,
    },
    /// No key of this person's matches the roster.
    #[error(
        "no SSH key for {name} was found that matches the roster's ({fingerprint}): looked in the SSH agent and at {looked}; say which key to use (--key, or Who am I in the window)"
    )]
    NoKey {
        /// The editor.
        name: String,
        /// The roster key's fingerprint.
        fingerprint: String,
        /// Where we looked.
        looked: String,
    },
    /// The key the editor has on the roster does not read.
    #[error("{name} has no SSH public key on the roster that reads")]
    NoRosterKey {
        /// The editor.
        name: String,
    },
    /// A key file named explicitly is not there or cannot be read.
    #[error("{}: {problem}", path.display())]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The signature made does not verify against the roster (the key used is not the
    /// roster's, for example): nothing is signed.
    #[error("the signature made does not verify: {0}")]
    Check(VerifyFailure),
    /// A temporary file could not be written.
    #[error("a temporary file for ssh-keygen could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// A key to sign with: a file `ssh-keygen -f` takes, held in a temporary folder when it came
/// from the agent.
#[derive(Debug)]
pub struct SigningKey {
    path: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl SigningKey {
    /// The file given to `ssh-keygen -f`.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Runs `ssh-keygen` with `args`, `input` on its standard input; returns whether it
/// succeeded, its output and its error text.
fn ssh_keygen(
    args: &[&std::ffi::OsStr],
    input: &[u8],
) -> Result<(bool, String, String), SignError> {
    let mut child = Command::new("ssh-keygen")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                SignError::Missing
            } else {
                SignError::Io(e)
            }
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A program that exits early (a bad key) closes its input: that is its answer,
        // not an error of ours.
        let _ = stdin.write_all(input);
    }
    let output = child.wait_with_output()?;
    Ok((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    ))
}

/// Reads a public key file someone names (`copydesk staff set-key --file`, the settings
/// screen): a regular file of at most 64 KB, its first non-empty line.
pub fn read_public_key_file(path: &Path) -> Result<String, SignError> {
    let problem = |problem: &str| SignError::KeyFile {
        path: path.to_owned(),
        problem: problem.to_owned(),
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(&e.to_string()))?;
    if !meta.is_file() {
        return Err(problem("not a file"));
    }
    if meta.len() > MAX_KEY_FILE_BYTES {
        return Err(problem("too large for a public key file"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| problem(&e.to_string()))?;
    Ok(text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// The key `name` signs with (see the module's notes for the order).
pub fn find_signing_key(
    settings: &DeskSettings,
    name: &str,
    configured: Option<&Path>,
) -> Result<SigningKey, SignError> {
    if let Some(path) = configured {
        if !path.is_file() {
            return Err(SignError::KeyFile {
                path: path.to_owned(),
                problem: "no key file there".to_owned(),
            });
        }
        return Ok(SigningKey {
            path: path.to_owned(),
            _temp: None,
        });
    }
    let Some(wanted) = signing::roster_key(settings, name) else {
        return Err(SignError::NoRosterKey {
            name: name.trim().to_owned(),
        });
    };
    if std::env::var_os("SSH_AUTH_SOCK").is_some()
        && let Ok(output) = Command::new("ssh-add")
            .arg("-L")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
        && output.status.success()
    {
        let listed = String::from_utf8_lossy(&output.stdout);
        if let Some(key) = listed
            .lines()
            .filter_map(|l| PublicKey::parse(l).ok())
            .find(|k| k.same_key(&wanted))
        {
            let temp = tempfile::tempdir()?;
            let path = temp.path().join("agent-key.pub");
            let mut file = std::fs::File::create(&path)?;
            writeln!(file, "{}", key.key_only())?;
            return Ok(SigningKey {
                path,
                _temp: Some(temp),
            });
        }
    }
    let ssh = std::env::home_dir().map(|home| home.join(".ssh"));
    let names = ["id_ed25519", "id_ecdsa", "id_rsa"];
    if let Some(ssh) = &ssh {
        for file in names {
            let private = ssh.join(file);
            let public = ssh.join(format!("{file}.pub"));
            let matches = read_public_key_file(&public)
                .ok()
                .and_then(|line| PublicKey::parse(&line).ok())
                .is_some_and(|k| k.same_key(&wanted));
            if matches && private.is_file() {
                return Ok(SigningKey {
                    path: private,
                    _temp: None,
                });
            }
        }
    }
    Err(SignError::NoKey {
        name: name.trim().to_owned(),
        fingerprint: wanted.fingerprint(),
        looked: ssh.map_or_else(
            || "no home folder".to_owned(),
            |s| format!("{}/{{{}}}", s.display(), names.join(",")),
        ),
    })
}

/// Signs `message` with `key` in Copydesk's namespace; returns the armoured signature.
pub fn sign(message: &str, key: &SigningKey) -> Result<String, SignError> {
    let (ok, out, err) = ssh_keygen(
        &[
            "-Y".as_ref(),
            "sign".as_ref(),
            "-n".as_ref(),
            NAMESPACE.as_ref(),
            "-f".as_ref(),
            key.path.as_os_str(),
        ],
        message.as_bytes(),
    )?;
    if !ok || !out.starts_with("-----BEGIN SSH SIGNATURE-----") {
        return Err(SignError::Failed {
            what: "sign",
            message: if err.is_empty() { out } else { err },
        });
    }
    Ok(out)
}

/// Signs the story's sign-off (made just now by `workflow::move_stage`) with the editor's
/// key, and checks the signature as `copydesk verify` will before keeping it: a signature
/// that would not verify is never stored.
pub fn sign_sign_off(
    story: &mut Story,
    settings: &DeskSettings,
    configured: Option<&Path>,
) -> Result<(), SignError> {
    let Some(sign_off) = story.sign_off.clone() else {
        return Ok(());
    };
    let key = find_signing_key(settings, &sign_off.editor, configured)?;
    let message = message_for(story, settings, &sign_off);
    let signature = sign(&message, &key)?;
    if let Some(kept) = &mut story.sign_off {
        kept.signature = Some(signature);
    }
    match verify_sign_off(story, settings)? {
        Ok(_) => Ok(()),
        Err(failure) => {
            if let Some(kept) = &mut story.sign_off {
                kept.signature = None;
            }
            Err(SignError::Check(failure))
        }
    }
}

/// Verifies a story's sign-off: a signature, made by a key on the roster, of the editor
/// the sign-off names, who is an editor, over the story's public text as it is now. The
/// outer error is `ssh-keygen` failing to run; the inner one names the check that failed.
pub fn verify_sign_off(
    story: &Story,
    settings: &DeskSettings,
) -> Result<Result<Verified, VerifyFailure>, SignError> {
    let (sign_off, signature) = match signing::signature_of(story) {
        Ok(found) => found,
        Err(failure) => return Ok(Err(failure)),
    };
    let signers = allowed_signers(settings);
    if signers.principals.is_empty() {
        return Ok(signing::judge(story, settings, None, false));
    }
    let temp = tempfile::tempdir()?;
    let allowed = temp.path().join("allowed_signers");
    std::fs::File::create(&allowed)?.write_all(signers.text.as_bytes())?;
    let sig = temp.path().join("sign-off.sig");
    std::fs::File::create(&sig)?.write_all(signature.as_bytes())?;
    // Whose roster key made the signature.
    let (found, out, err) = ssh_keygen(
        &[
            "-Y".as_ref(),
            "find-principals".as_ref(),
            "-s".as_ref(),
            sig.as_os_str(),
            "-f".as_ref(),
            allowed.as_os_str(),
        ],
        b"",
    )?;
    if !found && err.contains("parse") {
        return Ok(Err(VerifyFailure::Damaged(err)));
    }
    // One principal a line, or several joined by commas (older OpenSSH).
    let principals: Vec<&str> = out
        .split(['\n', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // One key can be on the roster twice; prefer the editor the sign-off names.
    let signer = signers
        .principal_of(&sign_off.editor)
        .filter(|p| principals.contains(p))
        .or_else(|| principals.first().copied())
        .and_then(|p| signers.name_of(p))
        .map(str::to_owned);
    let Some(signer) = signer.filter(|_| found) else {
        return Ok(signing::judge(story, settings, None, false));
    };
    let principal = signers.principal_of(&signer).unwrap_or_default().to_owned();
    let message = message_for(story, settings, sign_off);
    let (good, _, _) = ssh_keygen(
        &[
            "-Y".as_ref(),
            "verify".as_ref(),
            "-f".as_ref(),
            allowed.as_os_str(),
            "-I".as_ref(),
            principal.as_ref(),
            "-n".as_ref(),
            NAMESPACE.as_ref(),
            "-s".as_ref(),
            sig.as_os_str(),
        ],
        message.as_bytes(),
    )?;
    Ok(signing::judge(story, settings, Some(&signer), good))
}
