//! PLACEHOLDER
pub struct BreakPoint {
    pub offset: usize,
    pub needs_hyphen: bool,
}
pub fn break_points(_w: &str, _l: crate::lang::Lang) -> Vec<BreakPoint> {
    Vec::new()
}
