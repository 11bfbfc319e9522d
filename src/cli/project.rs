//! `communique.toml`, a project's defaults: found in the folder of the inputs or the nearest
//! folder above it, read by [`communique::project`], and filled into the options that the
//! command line left unset. An option given on the command line always wins.
//!
//! All inputs of one run must find the same file (or none): a run that mixed two projects'
//! brands or output folders would build something neither of them describes.

use super::args::Common;
use super::read::{self, Kind};
use super::shown;
use communique::project::{self, Project};
use communique::Diagnostic;
use std::path::{Path, PathBuf};

/// The project file the inputs belong to, if any. `-` (standard input) belongs to the
/// working folder.
pub fn find(inputs: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let found: Vec<(&PathBuf, Option<PathBuf>)> = inputs.iter().map(|i| (i, nearest(i))).collect();
    let Some((first_input, first)) = found.first() else {
        return Ok(None);
    };
    if let Some((input, other)) = found.iter().find(|(_, f)| f != first) {
        let name = |f: &Option<PathBuf>| f.as_deref().map_or("none".into(), shown::path);
        return Err(format!(
            "{} and {} belong to different projects ({} and {})\n  \
             hint: build each project's releases in a run of their own, or choose one with --project FILE",
            shown::path(first_input),
            shown::path(input),
            name(first),
            name(other)
        ));
    }
    Ok(first.clone())
}

/// The `communique.toml` in the input's folder (a folder input: the folder itself) or the
/// nearest one above it, named relative to the working folder where it lies beneath it.
pub fn nearest(input: &Path) -> Option<PathBuf> {
    let start = if input.as_os_str() == "-" || input.is_dir() {
        input
    } else {
        input.parent().unwrap_or(Path::new(""))
    };
    let start = if start.as_os_str().is_empty() || start.as_os_str() == "-" {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    let file = absolute
        .ancestors()
        .map(|dir| dir.join(project::FILE_NAME))
        .find(|f| f.is_file())?;
    Some(relative_to_cwd(file))
}

/// `path` (absolute) as seen from the working folder (`../communique.toml`), so that
/// diagnostics and the paths the project sets read as the user would type them; absolute
/// when the two share no folder but the root.
fn relative_to_cwd(path: PathBuf) -> PathBuf {
    let Some(cwd) = std::env::current_dir().ok() else {
        return path;
    };
    let shared = cwd
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared <= 1 {
        return path;
    }
    let up = cwd.components().count() - shared;
    let mut rel: PathBuf = std::iter::repeat_n(std::path::Component::ParentDir, up).collect();
    rel.extend(path.components().skip(shared));
    rel
}

/// Reads the project file.
pub fn load(file: &Path) -> Result<Project, Vec<Diagnostic>> {
    let text = read::bounded_text(file, Kind::Project).map_err(|r| vec![r.diagnostic(file)])?;
    project::parse(&shown::path(file), &text)
}

/// The options a project sets, as paths beside its file, and which the command line left
/// unset (`explicit` says whether an option with a default was given).
pub struct Defaults {
    pub output: Option<PathBuf>,
    pub layout: Option<communique::LayoutMode>,
    pub formats: Option<communique::channel::Formats>,
    pub pdf_standard: Option<communique::pdf::Standard>,
    pub image_dpi: Option<u32>,
    pub web_fonts: Option<bool>,
}

/// Fills `common`'s unset paths from `project` (relative to `file`'s folder) and returns the
/// rest for the caller, which knows its own options.
pub fn apply(file: &Path, project: Project, common: &mut Common) -> Defaults {
    let dir = file.parent().unwrap_or(Path::new(""));
    let beside = |p: Option<String>| p.map(|p| dir.join(p));
    fill(&mut common.brand, beside(project.brand));
    fill(&mut common.brands, beside(project.brands));
    fill(&mut common.templates, beside(project.templates));
    fill(&mut common.fonts, beside(project.fonts));
    Defaults {
        output: beside(project.output),
        layout: project.layout,
        formats: project.formats,
        pdf_standard: project.pdf_standard,
        image_dpi: project.image_dpi,
        web_fonts: project.web_fonts,
    }
}

fn fill(option: &mut Option<PathBuf>, default: Option<PathBuf>) {
    if option.is_none() {
        *option = default;
    }
}
