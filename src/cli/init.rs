//! `communique init NAME`: a commented bilingual skeleton that builds at once, whose first
//! line is Taplo's `#:schema ./release.schema.json`; that schema is written beside it unless
//! a file of that name is already there (editors then complete and check keys offline).
//! Unless the release already belongs to a project, a `communique.toml` is written beside
//! it too, every key commented out (so it changes nothing until one is used), with its
//! `project.schema.json`.

use std::io::Write;
use std::path::{Path, PathBuf};

const SKELETON: &str = include_str!("skeleton.toml");

/// The commented `communique.toml` init writes: every key, none in use.
const PROJECT: &str = include_str!("project-skeleton.toml");

/// Writes the skeleton and, if missing, the schema; never replaces an existing file. Returns
/// the files written.
pub fn init(name: &Path, today: chrono::NaiveDate) -> Result<Vec<PathBuf>, String> {
    let file = if name.extension().is_some_and(|e| e == "toml") {
        name.to_path_buf()
    } else {
        let mut s = name.as_os_str().to_owned();
        s.push(".toml");
        PathBuf::from(s)
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = SKELETON
        .replace("{{file}}", &super::shown::path(&file).to_string())
        .replace("{{date}}", &today.format("%Y-%m-%d").to_string())
        .replace("{{name}}", &stem.replace(['"', '\\'], ""));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!(
                    "{} already exists; choose another name",
                    super::shown::path(&file)
                )
            }
            _ => format!("cannot create {}: {e}", super::shown::path(&file)),
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", super::shown::path(&file)))?;
    let mut written = vec![file.clone()];
    let dir = file.parent().unwrap_or(Path::new(""));
    let schema = dir.join(super::schema::RELEASE_FILE);
    written.extend(write_new(&schema, super::schema::RELEASE)?);
    // A project file here or above already sets this release's defaults: another one
    // beside it would silently replace them.
    if super::project::nearest(&file).is_none() {
        let project = dir.join(communique::project::FILE_NAME);
        written.extend(write_new(&project, PROJECT)?);
        let schema = dir.join(super::schema::PROJECT_FILE);
        written.extend(write_new(&schema, super::schema::PROJECT)?);
    }
    Ok(written)
}

/// Writes `text` to `path` unless a file is there already (the user's, or an earlier
/// init's: left as it is); the path, if written.
fn write_new(path: &Path, text: &str) -> Result<Option<PathBuf>, String> {
    let Ok(mut f) = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    else {
        return Ok(None);
    };
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", super::shown::path(path)))?;
    Ok(Some(path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    /// The commented project file reads as an empty project, and with every key's "# "
    /// removed as a project setting each key: it names no key the loader refuses.
    #[test]
    fn the_commented_project_file_loads_with_and_without_its_keys() {
        let p = communique::project::parse("communique.toml", super::PROJECT).unwrap();
        assert_eq!(p, communique::project::Project::default());
        let used: String = (super::PROJECT.lines())
            .map(|l| match l.strip_prefix("# ") {
                Some(key) if key.contains(" = ") => format!("{key}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        let p = communique::project::parse("communique.toml", &used).unwrap();
        let keys = used.lines().filter(|l| l.contains(" = ")).count();
        assert_eq!(keys, communique::project::KEYS.len(), "{used}");
        assert!(p.brand.is_some() && p.image_dpi == Some(300), "{p:?}");
    }
}
