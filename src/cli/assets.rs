//! Loads the assets (fonts, templates, brand, named brands) once per process, from the embedded defaults or
//! from the files the user named.

use super::args::Common;
use super::read::{self, Kind};
use super::shown;
use communique::font::FACE_FILES;
use communique::{Assets, Diagnostic};
use std::path::Path;

pub fn load(common: &Common) -> Result<Assets, Vec<Diagnostic>> {
    let mut assets = Assets::embedded();
    assets.files = Some(std::sync::Arc::new(super::files::Disk));
    if let Some(dir) = &common.fonts {
        assets.fonts = fonts(dir)?;
    }
    if let Some(dir) = &common.templates {
        templates(dir, &mut assets)?;
    }
    if let Some(file) = &common.brand {
        let (path, source, logo) = brand(file)?;
        (assets.brand_path, assets.brand, assets.logo) = (path, source, logo);
    }
    if let Some(dir) = &common.brands {
        assets.brands = brands(dir)?;
    }
    Ok(assets)
}

/// Every sub-folder of `dir` with a `brand.toml`, by folder name, in name order.
fn brands(dir: &Path) -> Result<Vec<communique::NamedBrand>, Vec<Diagnostic>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![Diagnostic::error(
            dir.display().to_string(),
            format!("cannot read the brands directory: {e}"),
        )
        .with_hint("--brands names a folder with one NAME/brand.toml per brand")]
    })?;
    let mut folders: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("brand.toml").is_file())
        .collect();
    folders.sort();
    if folders.is_empty() {
        return Err(vec![Diagnostic::error(
            dir.display().to_string(),
            "no brand in the brands directory",
        )
        .with_hint(
            "put each brand in a sub-folder of its own: NAME/brand.toml with its logo",
        )]);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for folder in folders {
        let name = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match brand(&folder.join("brand.toml")) {
            Ok((path, source, logo)) => out.push(communique::NamedBrand {
                name,
                path,
                source,
                logo,
            }),
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, Vec<Diagnostic>> {
    read::bounded(path, kind).map_err(|r| vec![r.diagnostic(path)])
}

fn read_text(path: &Path, kind: Kind) -> Result<String, Vec<Diagnostic>> {
    read::bounded_text(path, kind).map_err(|r| vec![r.diagnostic(path)])
}

/// Font files are read once and live for the whole process, so shaping can borrow them.
fn fonts(dir: &Path) -> Result<[&'static [u8]; 8], Vec<Diagnostic>> {
    let mut out = communique::font::embedded_faces();
    for (slot, name) in out.iter_mut().zip(FACE_FILES) {
        let bytes = read(&dir.join(name), Kind::Font).map_err(|mut d| {
            d[0].hint = Some(format!(
                "--fonts needs all eight faces: {}",
                FACE_FILES.join(", ")
            ));
            d
        })?;
        *slot = Box::leak(bytes.into_boxed_slice());
    }
    Ok(out)
}

fn templates(dir: &Path, assets: &mut Assets) -> Result<(), Vec<Diagnostic>> {
    assets.templates.extend(hbs_files(dir, "")?);
    // The channels' templates (`html/page`, `text/page`, …) live in sub-folders, as they do
    // among the shipped ones: DIR/html/page.hbs replaces `html/page`, DIR/text/page.hbs
    // `text/page` (that one was once left unread, the embedded one used silently).
    for channel in ["html", "text"] {
        let sub = dir.join(channel);
        if sub.is_dir() {
            assets
                .templates
                .extend(hbs_files(&sub, &format!("{channel}/"))?);
        }
    }
    Ok(())
}

/// The `*.hbs` files of `dir`, sorted, each named `prefix` + its stem.
fn hbs_files(dir: &Path, prefix: &str) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![Diagnostic::error(
            dir.display().to_string(),
            format!("cannot read template directory: {e}"),
        )]
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let stem = p.file_stem().unwrap_or_default().to_string_lossy();
        out.push((format!("{prefix}{stem}"), read_text(&p, Kind::Template)?));
    }
    Ok(out)
}

/// Where `logo` really is, if a symbolic link (of the file or a folder on its way) takes it
/// out of `folder`. The brand checks the path as written (relative, no `..`); only the
/// file system knows where it leads. A logo that cannot be resolved is left to the read,
/// which names the problem.
fn leaves_folder(folder: &Path, logo: &Path) -> Option<std::path::PathBuf> {
    let real_folder = std::fs::canonicalize(folder).ok()?;
    let real_logo = std::fs::canonicalize(logo).ok()?;
    (!real_logo.starts_with(&real_folder)).then_some(real_logo)
}

/// A brand file's name (for diagnostics), its text and its logo's bytes.
type BrandFiles = (String, String, Option<Vec<u8>>);

fn brand(file: &Path) -> Result<BrandFiles, Vec<Diagnostic>> {
    use communique::brand::BrandFile;
    let text = read_text(file, Kind::Brand)?;
    let name = file.display().to_string();
    let logo = BrandFile::checked_logo_path(&name, &text).map_err(|d| vec![d])?;
    let logo = match logo {
        Some(rel) => {
            let folder = file.parent().unwrap_or(Path::new("."));
            let p = folder.join(&rel);
            if let Some(outside) = leaves_folder(folder, &p) {
                return Err(vec![BrandFile::logo_error(
                    &name,
                    &text,
                    format!(
                        "the logo file {} is a symbolic link to {}, outside the brand's folder",
                        shown::path(&p),
                        shown::path(&outside)
                    ),
                )
                .with_hint(
                    "copy the logo into the brand's folder: a brand folder must be self-contained",
                )]);
            }
            let bytes = read::bounded(&p, Kind::Logo).map_err(|r| {
                let hint = r
                    .hint
                    .clone()
                    .unwrap_or_else(|| "the logo's path is relative to the brand file".into());
                vec![BrandFile::logo_error(
                    &name,
                    &text,
                    format!("cannot read logo file {}: {}", shown::path(&p), r.reason),
                )
                .with_hint(hint)]
            })?;
            Some(bytes)
        }
        None => None,
    };
    Ok((name, text, logo))
}
