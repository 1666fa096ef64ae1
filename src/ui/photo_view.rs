//! Photos in the window (the editor's thumbnails and the preview): their bytes read only
//! through the store's reader for desk photos (a regular file in the desk's own media
//! folder, never through a link, at most 32 MB, JPEG or PNG by its bytes), their size
//! checked from the header before the image decoder sees them, and what was read kept per
//! file until the file changes. egui's own file loader, which follows links, has no size
//! limit and decodes with the image crate's defaults, is never given a photo.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use egui::load::Bytes;
use egui::{Id, RichText, Ui};

use crate::export::{PhotoProblem, photo_size};
use crate::store::{self, StoreError};
use crate::ui::theme;

/// A photo as it is shown: the desk's photo `file` at most `max_height` high and as wide as
/// there is room, described by `alt`; a line saying why instead when the file is not there
/// or is refused.
pub(crate) fn photo_ui(ui: &mut Ui, desk_root: &Path, file: &str, alt: &str, max_height: f32) {
    match look(ui.ctx(), desk_root, file) {
        Seen::Shown { uri, bytes } => {
            ui.add(
                egui::Image::from_bytes(uri, bytes)
                    .max_height(max_height)
                    .max_width(ui.available_width())
                    .maintain_aspect_ratio(true)
                    .alt_text(alt),
            );
        }
        Seen::Missing => {
            ui.colored_label(
                theme::error_color(),
                format!("Photo missing: {file} is not in the desk's media folder."),
            );
        }
        Seen::Refused(reason) => {
            ui.label(
                RichText::new(format!("Photo not shown: {file}: {reason}."))
                    .small()
                    .color(theme::error_color()),
            );
        }
    }
}

/// What the window made of a photo file.
#[derive(Clone)]
enum Seen {
    /// Its bytes, to be decoded under this URI (which names the file as it was read, so a
    /// changed file is never shown from an old decode).
    Shown {
        /// `bytes://…`, unique to the desk, the file and its length and time.
        uri: String,
        /// The photo's bytes, shared with egui's loader.
        bytes: Bytes,
    },
    /// No such file in the desk's media folder.
    Missing,
    /// Not shown, for this reason (in a person's words).
    Refused(String),
}

/// How a photo file looked when it was read: its length and time.
type Stamp = Option<(u64, Option<SystemTime>)>;

/// What has been read of each photo (by desk and file name), kept in egui's memory for the
/// window's life and shared by the editor and the preview.
#[derive(Clone, Default)]
struct PhotoCache(HashMap<(PathBuf, String), (Stamp, Seen)>);

/// The photo as the window shows it: from the cache while the file's length and time are
/// unchanged (a look at its metadata, no read), otherwise read, checked and cached anew.
fn look(ctx: &egui::Context, root: &Path, file: &str) -> Seen {
    let stamp = match store::media_stamp(root, file) {
        Ok(stamp) => stamp,
        Err(err) => return Seen::Refused(store_reason(&err)),
    };
    let id = Id::unique("copydesk photos");
    let key = (root.to_owned(), file.to_owned());
    let cached = ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<PhotoCache>(id)
            .0
            .get(&key)
            .filter(|(seen_at, _)| *seen_at == stamp)
            .map(|(_, seen)| seen.clone())
    });
    if let Some(seen) = cached {
        return seen;
    }
    let seen = match stamp {
        None => Seen::Missing,
        Some((len, modified)) => read(root, file, len, modified),
    };
    let replaced = ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<PhotoCache>(id)
            .0
            .insert(key, (stamp, seen.clone()))
    });
    // The old version's bytes, decoded image and texture are let go.
    if let Some((_, Seen::Shown { uri, .. })) = replaced {
        ctx.forget_image(&uri);
    }
    seen
}

/// Reads a photo through the store and checks the size its header claims.
fn read(root: &Path, file: &str, len: u64, modified: Option<SystemTime>) -> Seen {
    let bytes = match store::read_photo(root, file) {
        Ok(bytes) => bytes,
        Err(err) => return Seen::Refused(store_reason(&err)),
    };
    if let Err(problem) = photo_size(&bytes) {
        return Seen::Refused(match problem {
            PhotoProblem::Unreadable => "its size cannot be read; the file may be damaged".into(),
            problem @ PhotoProblem::TooLarge { .. } => problem.to_string(),
        });
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut hasher);
    let nanos = modified
        .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Seen::Shown {
        uri: format!(
            "bytes://copydesk-photo/{:016x}/{len}-{nanos}/{file}",
            hasher.finish()
        ),
        bytes: Bytes::from(bytes),
    }
}

/// Why the store refused a photo, in words that fit under a thumbnail (the path is the
/// desk's own business).
fn store_reason(err: &StoreError) -> String {
    match err {
        StoreError::NotAFile { .. } => {
            "it is a link, folder, pipe or device, not a file of the desk's media folder".into()
        }
        StoreError::NotADeskFolder { .. } => {
            "the desk's media folder is a link or a file, not a folder of the desk".into()
        }
        StoreError::TooLarge { limit, .. } => {
            format!(
                "larger than {} MB, more than a photo ever is",
                limit / (1024 * 1024)
            )
        }
        StoreError::NotAnImage { .. } => "not a JPEG or PNG image".into(),
        StoreError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}
