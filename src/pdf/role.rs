//! Layout's structure roles as PDF structure types: the one place they are mapped. The
//! structure tree writes the type (`/S`), and tagged content is marked with the same name.

use crate::layout::StructRole as Role;
use pdf_writer::types::StructRole;

/// The standard structure type of `role` (PDF 1.7, 14.8.4).
pub fn pdf(role: Role) -> StructRole {
    match role {
        Role::H1 => StructRole::H1,
        Role::H2 => StructRole::H2,
        Role::H3 => StructRole::H3,
        Role::H4 => StructRole::H4,
        Role::P => StructRole::P,
        Role::BlockQuote => StructRole::BlockQuote,
        Role::L => StructRole::L,
        Role::LI => StructRole::LI,
        Role::Lbl => StructRole::Lbl,
        Role::LBody => StructRole::LBody,
        Role::Sect => StructRole::Sect,
        Role::Table => StructRole::Table,
        Role::THead => StructRole::THead,
        Role::TBody => StructRole::TBody,
        Role::TR => StructRole::TR,
        Role::TH => StructRole::TH,
        Role::TD => StructRole::TD,
        Role::Note => StructRole::Note,
        Role::Figure => StructRole::Figure,
        Role::Caption => StructRole::Caption,
    }
}

/// The name of `role`'s structure type, without the slash.
pub fn name(role: Role) -> &'static [u8] {
    pdf(role).to_name().0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_named_as_pdf_names_them() {
        assert_eq!(name(Role::H1), b"H1");
        assert_eq!(name(Role::BlockQuote), b"BlockQuote");
        assert_eq!(name(Role::LBody), b"LBody");
    }
}
