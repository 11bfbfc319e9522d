//! Which standards a PDF claims: PDF/A-2 (level u or a) and/or PDF/UA-1, or none.
//!
//! Every document is built the same way — tagged, fonts embedded with ToUnicode, reproducible —
//! whatever is chosen; the choice decides what is *claimed* and what a claim needs: the XMP
//! identification schemas and, for PDF/A, the sRGB output intent.

use std::fmt;
use std::str::FromStr;

/// The PDF/A-2 conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfA {
    /// PDF/A-2u: visual appearance preserved, and all text maps to Unicode.
    U,
    /// PDF/A-2a: 2u plus a logical structure (tagged PDF) and document language.
    A,
}

/// The standards a document claims. Parsed from `a-2u`, `a-2a`, `ua-1`, a comma-separated
/// combination (`a-2a,ua-1`) or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standard {
    pub pdfa: Option<PdfA>,
    pub ua: bool,
}

impl Standard {
    /// No claim: no XMP identification, no output intent.
    pub const NONE: Standard = Standard {
        pdfa: None,
        ua: false,
    };

    /// Whether the document carries an XMP metadata stream: every claim lives there.
    pub fn has_xmp(self) -> bool {
        self.pdfa.is_some() || self.ua
    }
}

/// PDF/A-2a and PDF/UA-1: the most the output is checked for.
impl Default for Standard {
    fn default() -> Standard {
        Standard {
            pdfa: Some(PdfA::A),
            ua: true,
        }
    }
}

impl FromStr for Standard {
    type Err = String;

    fn from_str(s: &str) -> Result<Standard, String> {
        let mut std = Standard::NONE;
        let mut none = false;
        for part in s.split([',', '+']).map(str::trim) {
            let level = match part.to_ascii_lowercase().as_str() {
                "none" => {
                    none = true;
                    continue;
                }
                "ua-1" | "ua1" => {
                    std.ua = true;
                    continue;
                }
                "a-2u" | "a2u" => PdfA::U,
                "a-2a" | "a2a" => PdfA::A,
                _ => {
                    return Err(format!(
                        "unknown PDF standard {part:?} (expected a-2u, a-2a, ua-1, a combination like a-2a,ua-1, or none)"
                    ))
                }
            };
            if std.pdfa.is_some_and(|l| l != level) {
                return Err("choose one PDF/A level: a-2u or a-2a".into());
            }
            std.pdfa = Some(level);
        }
        if none && std != Standard::NONE {
            return Err("`none` cannot be combined with a standard".into());
        }
        Ok(std)
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match self.pdfa {
            Some(PdfA::U) => parts.push("a-2u"),
            Some(PdfA::A) => parts.push("a-2a"),
            None => {}
        }
        if self.ua {
            parts.push("ua-1");
        }
        if parts.is_empty() {
            parts.push("none");
        }
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_combined_and_none() {
        let p = |s: &str| s.parse::<Standard>();
        assert_eq!(
            p("a-2u"),
            Ok(Standard {
                pdfa: Some(PdfA::U),
                ua: false
            })
        );
        assert_eq!(p("a-2a,ua-1"), Ok(Standard::default()));
        assert_eq!(p("ua-1+a-2a"), Ok(Standard::default()));
        assert_eq!(p("none"), Ok(Standard::NONE));
        assert!(p("a-2u,a-2a").is_err());
        assert!(p("none,ua-1").is_err());
        assert!(p("a-3b").is_err());
    }

    #[test]
    fn display_round_trips() {
        for s in ["a-2u", "a-2a", "ua-1", "a-2u,ua-1", "a-2a,ua-1", "none"] {
            assert_eq!(s.parse::<Standard>().unwrap().to_string(), s);
        }
    }
}
