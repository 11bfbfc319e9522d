//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  communique build examples/persbericht-wilmes.toml
  communique build releases/*.toml -o out/ --layout parallel
  communique build release.toml --split --brand mybrand/brand.toml
  communique check releases/*.toml --diagnostic-format short
  SOURCE_DATE_EPOCH=1624867200 communique build release.toml   # fixes the PDF dates

Exit codes: 0 all inputs succeeded, 1 some input failed, 2 usage error or bad brand/templates/fonts.";

/// Typesets press releases written in TOML into branded, bilingual PDFs.
#[derive(Debug, Parser)]
#[command(name = "communique", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build PDFs: writes <stem>.pdf (or <stem>.<lang>.pdf with --split) for each release.
    #[command(after_help = EXAMPLES)]
    Build(Build),
    /// Validate releases through the whole pipeline, writing nothing.
    #[command(after_help = EXAMPLES)]
    Check(Common),
}

#[derive(Debug, Args)]
pub struct Build {
    #[command(flatten)]
    pub common: Common,
    /// Directory for the PDFs (default: next to each input). Must exist.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// How the languages are arranged in one PDF.
    #[arg(long, value_enum, default_value_t = Layout::Sequential)]
    pub layout: Layout,
    /// Write one PDF per language (<stem>.<lang>.pdf) instead of one multilingual PDF.
    #[arg(long)]
    pub split: bool,
    /// PDF standards to claim: a-2u, a-2a, ua-1, a combination (a-2u,ua-1) or none.
    #[arg(long, value_name = "STANDARD", default_value = "a-2a,ua-1")]
    pub pdf_standard: communique::pdf::Standard,
}

#[derive(Debug, Args)]
pub struct Common {
    /// Release files (TOML).
    #[arg(required = true, value_name = "RELEASE.toml")]
    pub inputs: Vec<PathBuf>,
    /// Brand file (TOML) replacing the embedded default brand.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<PathBuf>,
    /// Directory of .hbs templates; each replaces the embedded template of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Directory with the eight font files (NotoSerif-Regular.ttf, …) replacing the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// How problems are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub diagnostic_format: Format,
    /// Print only problems, not the files written.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Layout {
    /// Each language starts on a new page.
    Sequential,
    /// Languages side by side in columns.
    Parallel,
}

impl From<Layout> for communique::LayoutMode {
    fn from(l: Layout) -> Self {
        match l {
            Layout::Sequential => communique::LayoutMode::Sequential,
            Layout::Parallel => communique::LayoutMode::Parallel,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Message, location and hint on separate lines.
    Human,
    /// One `file:line:col: severity: message` line per problem.
    Short,
    /// One JSON report on stdout, for CI.
    Json,
}
