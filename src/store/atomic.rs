//! Atomic file writes: a crash or power cut leaves either the old file or the new one, never half.

use std::io::Write as _;
use std::path::Path;

use super::StoreError;

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk and
/// then renamed over the target, so readers never see a partial file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomically_like(path, bytes, path)
}

/// Writes like [`write_atomically`], the new file taking `like`'s permissions from the start
/// (a backup is as private as its story from the moment it exists); the usual mode when
/// `like` does not exist.
pub fn write_atomically_like(path: &Path, bytes: &[u8], like: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".copydesk-").suffix(".tmp");
    // Temporary files are private by default; a desk on a shared drive must stay readable by
    // the colleagues who could read it before, so new files get the usual mode (less umask),
    // and a file being replaced keeps its permissions from the moment its copy is created.
    match std::fs::metadata(like) {
        Ok(existing) => {
            builder.permissions(existing.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
        }
    }
    let mut temp = builder.tempfile_in(dir).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    // Make the rename itself durable. Not every platform can open a folder; that is not fatal.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.ron")]);
    }

    #[cfg(unix)]
    #[test]
    fn files_stay_readable_by_colleagues() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomically(&path, b"one").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "group and others can read: {mode:o}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"two").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "a replaced file keeps its mode");
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no").join("a.ron");
        let err = write_atomically(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("a.ron"), "{err}");
    }
}
