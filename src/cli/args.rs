//! Command-line arguments.

use super::color::Choice;
use super::shard::Shard;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  communique build examples/persbericht-wilmes.toml
  communique build archive/ -o out/ --jobs 2 --report out/report.json
  communique build releases/*.toml -o out/ --layout parallel
  communique build archive/ -o out/ --shard 2/4      # the second of four machines
  communique build archive/ -o out/ --verify         # rebuild in memory, compare with out/
  communique build release.toml --split --brand mybrand/brand.toml
  communique build archive/ -o out/ --format pdf,txt,eml   # the wire text and the e-mail too
  communique check archive/ --diagnostic-format short
  communique check release.toml --layout parallel --deny-warnings   # what build would make
  communique init persbericht-2026-12-01             # writes persbericht-2026-12-01.toml
  SOURCE_DATE_EPOCH=1624867200 communique build release.toml   # fixes the PDF dates

Exit codes: 0 all inputs succeeded, 1 some input failed (or differs, with --verify),
2 usage error or bad brand/templates/fonts, 130/143 stopped by SIGINT/SIGTERM (what was
built is written and recorded).";

/// `--version`: the version and the source digest that every manifest key includes (build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (source sha256 ",
    env!("COMMUNIQUE_SOURCE_SHA256"),
    ")"
);

/// Typesets press releases written in TOML into branded, bilingual PDFs.
#[derive(Debug, Parser)]
#[command(name = "communique", version = VERSION, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in diagnostics: auto (only on a terminal, and not when NO_COLOR is set),
    /// always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Choice::Auto)]
    pub color: Choice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build PDFs: writes <stem>.pdf (or <stem>.<lang>.pdf with --split) for each release,
    /// and the other formats asked for with --format.
    #[command(after_help = EXAMPLES)]
    Build(Build),
    /// Validate releases through the whole pipeline, writing nothing.
    #[command(after_help = EXAMPLES)]
    Check(Common),
    /// Build, then rebuild on every save (of a release, the brand, templates, fonts or photos);
    /// a release that became invalid keeps its last good PDF.
    #[command(after_help = LIVE_EXAMPLES)]
    Watch(Watch),
    /// Live preview: like watch, and serves the PDFs with their problems on
    /// http://127.0.0.1:3000/ (or the first free port after it); the page reloads itself.
    #[command(after_help = LIVE_EXAMPLES)]
    Serve(Serve),
    /// Write a new release file (a commented Dutch/French skeleton that builds at once).
    Init(Init),
    /// Work with the manifests that `build -o DIR` keeps.
    #[command(subcommand)]
    Manifest(ManifestCommand),
    /// Print a completion script for a shell, e.g.
    /// `communique completions bash > ~/.local/share/bash-completion/completions/communique`.
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of the release format or the brand file (for editors: Taplo's
    /// `#:schema` directive), e.g. `communique schema release > release.schema.json`.
    Schema {
        #[arg(value_enum, value_name = "FORMAT")]
        which: super::schema::Which,
    },
    /// Print the manual page (roff) of communique, or of one subcommand, e.g.
    /// `communique man | man -l -` or `communique man build > communique-build.1`.
    Man {
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct Build {
    #[command(flatten)]
    pub common: Common,
    /// Directory for the PDFs, created if missing; folder inputs are mirrored beneath it, and
    /// it holds the manifest that makes rebuilds incremental (default: PDFs next to each
    /// input, no manifest).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// PDF standards to claim: a-2u, a-2a, ua-1, a combination (a-2u,ua-1) or none.
    #[arg(long, value_name = "STANDARD", default_value = "a-2a,ua-1")]
    pub pdf_standard: communique::pdf::Standard,
    /// Rebuild every input, even those the manifest says are up to date.
    #[arg(long)]
    pub force: bool,
    /// Rebuild in memory and report every PDF whose bytes differ from the one on disk;
    /// writes nothing.
    #[arg(long, conflicts_with = "force")]
    pub verify: bool,
    /// The largest PDF one document may make, in MiB: past it the release fails and its
    /// PDF is not written.
    #[arg(long, value_name = "MIB", default_value_t = super::write::DEFAULT_MAX_OUTPUT_MIB,
          value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_output_mib: u64,
    /// The web address of the output folder (https://example.org/press/): the links of the
    /// web pages, index pages and Atom feeds become absolute under it, and each page names
    /// its address (canonical). Without it they stay relative, so the folder works wherever
    /// it is served.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<communique::channel::html::BaseUrl>,
}

// Clone: `watch` and `serve` keep the command line as given, to apply the project file to
// it again when that changes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Release files (TOML), or folders searched recursively for them.
    #[arg(required = true, value_name = "RELEASE.toml|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Brand file (TOML) replacing the embedded default brand.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<PathBuf>,
    /// Directory of brands, one sub-folder NAME/brand.toml each; a release picks one with
    /// brand = "NAME" (or several, brand = ["a", "b"], for a joint release). --brand stays
    /// the default for releases that name none.
    #[arg(long, value_name = "DIR")]
    pub brands: Option<PathBuf>,
    /// Directory of .hbs templates; each replaces the embedded template of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Directory with the eight font files (NotoSerif-Regular.ttf, …) replacing the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Project defaults to use instead of the communique.toml found beside the inputs or in
    /// a folder above them (options given here still win over it).
    #[arg(long, value_name = "FILE", conflicts_with = "no_project")]
    pub project: Option<PathBuf>,
    /// Use no communique.toml, only these options and the built-in defaults.
    #[arg(long)]
    pub no_project: bool,
    /// How problems are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub diagnostic_format: Format,
    /// Print the JSON report on stdout (same as --diagnostic-format json).
    #[arg(long)]
    pub json: bool,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Number of releases built at once (default: one per core; at most the number of inputs,
    /// and 256).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Take only shard K of N (1 ≤ K ≤ N), a stable subset of the inputs chosen by the hash of
    /// each input's path, so that N machines can share one archive.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Print only problems, not the files written, and no progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// How the languages are arranged in one PDF (`check` lays them out the same way).
    #[arg(long, value_enum, default_value_t = Layout::Sequential)]
    pub layout: Layout,
    /// Write one PDF per language (<stem>.<lang>.pdf) instead of one multilingual PDF
    /// (`check` checks those documents); an e-mail too (<stem>.<lang>.eml).
    #[arg(long)]
    pub split: bool,
    /// The formats to make, a comma list: pdf (<stem>.pdf), txt (<stem>.<lang>.txt, plain
    /// UTF-8 text for the wire), eml (<stem>.eml, the e-mail to journalists with the PDF
    /// attached), html (<stem>.<lang>.html). `check` checks those renditions.
    #[arg(long = "format", value_name = "FORMATS", default_value = "pdf")]
    pub formats: communique::channel::Formats,
    /// Treat warnings (an overfull line, …) as errors: the release fails (exit 1) and none
    /// of its PDFs is written.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Resolution of photos in the PDF, in dots per inch at their size on the page: a photo
    /// with more than 1.5 times that is downsampled to it (a JPEG re-encoded at quality 90);
    /// 0 keeps every photo as it is.
    #[arg(long, value_name = "N", default_value_t = communique::engine::DEFAULT_IMAGE_DPI,
          value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub image_dpi: u32,
    /// Embed the PDF's faces in each web page (`@font-face`, subset to the faces and
    /// characters the page shows, as data: URIs) instead of naming system fonts: the page
    /// looks like the PDF, and is larger. Wins over `web_fonts` in communique.toml and the
    /// brand's `[html] web_fonts`.
    #[arg(long, conflicts_with = "no_web_fonts")]
    pub web_fonts: bool,
    /// Name system fonts in the web pages, whatever communique.toml or the brand says.
    #[arg(long)]
    pub no_web_fonts: bool,
}

impl Common {
    /// `--web-fonts` / `--no-web-fonts` (or the project's key, filled in as one of them):
    /// `None` leaves it to each release's brand.
    pub fn web_fonts(&self) -> Option<bool> {
        match (self.web_fonts, self.no_web_fonts) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }

    /// The output format, `--json` included.
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.diagnostic_format
        }
    }
}

const LIVE_EXAMPLES: &str = "\
Examples:
  communique watch persbericht.toml                 # rebuilds persbericht.pdf on every save
  communique watch releases/ -o out/ --brand mybrand/brand.toml
  communique serve persbericht.toml --open          # preview in the browser
  communique serve releases/ --port 8080";

#[derive(Debug, Clone, Args)]
pub struct Watch {
    #[command(flatten)]
    pub common: Common,
    /// Directory for the PDFs (default: next to each input).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// PDF standards to claim: a-2u, a-2a, ua-1, a combination (a-2u,ua-1) or none.
    #[arg(long, value_name = "STANDARD", default_value = "a-2a,ua-1")]
    pub pdf_standard: communique::pdf::Standard,
    /// The web address the output folder will be published at, as for `build`: the web
    /// pages' links become absolute under it, so what is previewed is what `build
    /// --base-url` writes.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<communique::channel::html::BaseUrl>,
}

#[derive(Debug, Args)]
pub struct Serve {
    #[command(flatten)]
    pub watch: Watch,
    /// Port to listen on (default: 3000, or the first free one after it; 0: any free port).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Address to listen on. Only this machine can connect unless you name another address
    /// (0.0.0.0: every network the machine is on).
    #[arg(long, value_name = "H", default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct Init {
    /// Name of the new release: writes NAME.toml (or NAME itself if it ends in .toml).
    #[arg(value_name = "NAME")]
    pub name: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// Merge the per-shard manifests (communique.manifest.K-of-N.json) in DIR into
    /// communique.manifest.json, and remove them.
    Merge {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Layout {
    /// Each language starts on a new page.
    Sequential,
    /// Languages side by side in columns (refused when the columns would be too narrow).
    Parallel,
    /// Each language after the previous one on the same page, below a rule.
    Continuous,
}

impl From<communique::LayoutMode> for Layout {
    fn from(l: communique::LayoutMode) -> Self {
        match l {
            communique::LayoutMode::Sequential => Layout::Sequential,
            communique::LayoutMode::Parallel => Layout::Parallel,
            communique::LayoutMode::Continuous => Layout::Continuous,
        }
    }
}

impl From<Layout> for communique::LayoutMode {
    fn from(l: Layout) -> Self {
        match l {
            Layout::Sequential => communique::LayoutMode::Sequential,
            Layout::Parallel => communique::LayoutMode::Parallel,
            Layout::Continuous => communique::LayoutMode::Continuous,
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
