//! `communique schema release|brand`: the JSON Schemas of the two file formats, shipped in
//! the repository (`schemas/`) and embedded here, for editors that complete and check TOML
//! keys (Taplo's `#:schema` directive, which `init` writes). tools/schemacheck.py and
//! tests/schema.rs check that they accept every example and good test case.

use clap::ValueEnum;

pub const RELEASE: &str = include_str!("../../schemas/release.schema.json");
pub const BRAND: &str = include_str!("../../schemas/brand.schema.json");

/// The file name `init` gives the release schema beside a new release.
pub const RELEASE_FILE: &str = "release.schema.json";

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Which {
    /// A press release (RELEASE.toml).
    Release,
    /// A brand file (brand.toml).
    Brand,
}

pub fn text(which: Which) -> &'static str {
    match which {
        Which::Release => RELEASE,
        Which::Brand => BRAND,
    }
}
