//! Knuth–Plass optimal line breaking on abstract widths.
