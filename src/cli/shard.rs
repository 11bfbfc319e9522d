//! `--shard K/N`: a stable subset of the inputs, so that N machines can share one archive.
//!
//! An input belongs to shard `hash(path) mod N`, where the path is the one mirrored under
//! the output folder (relative to the folder named on the command line). So a release stays
//! in its shard when others are added or removed, and each shard's manifest stays valid;
//! the shards of one N are disjoint and together hold every input.

use sha2::{Digest, Sha256};
use std::path::Path;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based, as in `--shard 1/4` … `--shard 4/4`.
    pub index: u32,
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 1 ≤ K ≤ N, like 2/4, found {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the input mirrored at `rel` belongs to this shard.
    pub fn contains(&self, rel: &Path) -> bool {
        let digest = Sha256::digest(portable(rel).as_bytes());
        let head = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        head % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// `K-of-N`, for file names.
    pub fn label(&self) -> String {
        format!("{}-of-{}", self.index, self.count)
    }
}

/// A relative path with `/` separators, the same on every machine.
pub fn portable(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_valid_shards() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard() {
        for i in 0..200 {
            let rel = format!("2021/release-{i}.toml");
            let hits = (1..=3)
                .filter(|&k| Shard { index: k, count: 3 }.contains(Path::new(&rel)))
                .count();
            assert_eq!(hits, 1, "{rel}");
        }
    }
}
