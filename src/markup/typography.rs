//! Per-language typography: quotes, apostrophes, spaces before punctuation.
