//! `communique schema release|brand|project`: the JSON Schemas of the file formats, shipped in
//! the repository (`schemas/`) and embedded here, for editors that complete and check TOML
//! keys (Taplo's `#:schema` directive, which `init` writes). tools/schemacheck.py and
//! tests/schema.rs check that they accept every example and good test case.

use clap::ValueEnum;

pub const RELEASE: &str = include_str!("../../schemas/release.schema.json");
pub const BRAND: &str = include_str!("../../schemas/brand.schema.json");
pub const PROJECT: &str = include_str!("../../schemas/project.schema.json");

/// The file name `init` gives the release schema beside a new release.
pub const RELEASE_FILE: &str = "release.schema.json";
/// The file name `init` writes the project schema to, beside its `communique.toml`.
pub const PROJECT_FILE: &str = "project.schema.json";

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Which {
    /// A press release (RELEASE.toml).
    Release,
    /// A brand file (brand.toml).
    Brand,
    /// A project's defaults (communique.toml).
    Project,
}

pub fn text(which: Which) -> &'static str {
    match which {
        Which::Release => RELEASE,
        Which::Brand => BRAND,
        Which::Project => PROJECT,
    }
}
