//! `communique init NAME`: a commented bilingual skeleton that builds at once, whose first
//! line is Taplo's `#:schema ./release.schema.json`; that schema is written beside it unless
//! a file of that name is already there (editors then complete and check keys offline).

use std::io::Write;
use std::path::{Path, PathBuf};

const SKELETON: &str = include_str!("skeleton.toml");

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
    let schema = file
        .parent()
        .unwrap_or(Path::new(""))
        .join(super::schema::RELEASE_FILE);
    // One already there (the user's, or an earlier init's) is left as it is.
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&schema)
    {
        f.write_all(super::schema::RELEASE.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", super::shown::path(&schema)))?;
        written.push(schema);
    }
    Ok(written)
}
