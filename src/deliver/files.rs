//! Writing a report set so that a cron job can trust it:
//!
//! - every file is first **staged** under a temporary name beside its target (a
//!   `tempfile::NamedTempFile`, unique per run) and flushed to disk; only when every file is
//!   staged are they renamed into place. A failure while staging (a full disk, say) leaves the
//!   previous report set whole and unmixed, and removes this run's temporary files;
//! - the staging and renaming happen under an exclusive lock on the output folder, so runs that
//!   write into the same folder at once take turns instead of breaking each other; under that
//!   lock a temporary file still present was left by a killed run and is removed.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::model::{Bundle, OutFile};

/// What temporary files are called: `.voc-<random>.tmp`.
const TMP_PREFIX: &str = ".voc-";
const TMP_SUFFIX: &str = ".tmp";

/// Write every file of the bundle under `dir`, all or none, and remove its stale files;
/// returns the paths written, in order.
pub fn write_bundle(dir: &Path, bundle: &Bundle) -> Result<Vec<PathBuf>> {
    write_bundle_then(dir, bundle, |_| Ok(Vec::new()))
}

/// [`write_bundle`], then, still under the folder's lock, the files `then` makes of the folder
/// as it now is (its index: runs that write at once cannot drop each other's entries).
pub fn write_bundle_then(dir: &Path, bundle: &Bundle, then: impl FnOnce(&Path) -> Result<Vec<OutFile>>) -> Result<Vec<PathBuf>> {
    let lock = lock(dir)?;
    let mut written = persist(dir, &bundle.files)?;
    for name in &bundle.stale {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove stale {}", path.display())),
        }
    }
    written.extend(persist(dir, &then(dir)?)?);
    drop(lock);
    Ok(written)
}

/// Write one file the same way (the tags export, the starter config).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out").to_string();
    let lock = lock(dir)?;
    persist(dir, &[OutFile { name, bytes: bytes.to_vec() }])?;
    drop(lock);
    Ok(())
}

/// The folder, made if needed and locked exclusively (released when the file is dropped); under
/// the lock, temporary files a killed run left are removed.
fn lock(dir: &Path) -> Result<File> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    let lock = File::open(dir).with_context(|| format!("cannot open folder {}", dir.display()))?;
    lock.lock().with_context(|| format!("cannot lock folder {}", dir.display()))?;
    remove_leftovers(dir);
    Ok(lock)
}

/// Stage every file, then rename them all into place (the caller holds the folder's lock).
fn persist(dir: &Path, files: &[OutFile]) -> Result<Vec<PathBuf>> {
    let targets: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.name)).collect();
    let mut folders: Vec<PathBuf> = targets.iter().filter_map(|p| p.parent().map(Path::to_path_buf)).collect();
    folders.sort();
    folders.dedup();
    for d in folders.iter().filter(|d| d.as_path() != dir) {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create folder {}", d.display()))?;
        remove_leftovers(d);
    }
    // stage everything; a staged file that is dropped (an error below) deletes itself
    let mut staged = Vec::with_capacity(files.len());
    for (f, target) in files.iter().zip(&targets) {
        let stage = || -> std::io::Result<tempfile::NamedTempFile> {
            let folder = target.parent().unwrap_or(dir);
            let mut tmp = tempfile::Builder::new().prefix(TMP_PREFIX).suffix(TMP_SUFFIX).tempfile_in(folder)?;
            // a temporary file is private (0600); a report is read by the team (and a web server)
            tmp.as_file().set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
            tmp.write_all(&f.bytes)?;
            tmp.as_file().sync_all()?;
            Ok(tmp)
        };
        staged.push(stage().with_context(|| format!("cannot write {}", target.display()))?);
    }
    for (tmp, target) in staged.into_iter().zip(&targets) {
        test_delay();
        tmp.persist(target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
    }
    for d in &folders {
        if let Ok(f) = File::open(d) {
            let _ = f.sync_all();
        }
    }
    Ok(targets)
}

/// `VOC_TEST_WRITE_DELAY_MS`: a pause before each staged file is renamed into place, so the
/// kill test can interrupt a run mid-write. Not for production use.
fn test_delay() {
    if let Some(ms) = std::env::var("VOC_TEST_WRITE_DELAY_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Remove temporary files a killed run left in `dir`. Called only under the folder's lock,
/// when no live run has temporary files there.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_whole_files_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(names(&dir.path().join("sub")), ["a.json"]);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644, "readable by the team, not 0600");
    }

    #[test]
    fn a_file_that_cannot_be_staged_leaves_the_previous_set_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, b: &[u8]| OutFile { name: name.into(), bytes: b.to_vec() };
        let old =
            Bundle { id: "r".into(), files: vec![file("r.json", b"old json"), file("r.html", b"old html")], ..Bundle::default() };
        write_bundle(dir.path(), &old).unwrap();
        // the second file's folder cannot be made: a file stands where it would be
        std::fs::write(dir.path().join("r.email"), b"in the way").unwrap();
        let new = Bundle {
            id: "r".into(),
            files: vec![file("r.json", b"new json"), file("r.email/chart.png", b"png"), file("r.html", b"new html")],
            stale: vec!["r.html".into()],
            ..Bundle::default()
        };
        assert!(write_bundle(dir.path(), &new).is_err());
        assert_eq!(std::fs::read(dir.path().join("r.json")).unwrap(), b"old json");
        assert_eq!(std::fs::read(dir.path().join("r.html")).unwrap(), b"old html");
        assert_eq!(names(dir.path()), ["r.email", "r.html", "r.json"]);
    }
}
