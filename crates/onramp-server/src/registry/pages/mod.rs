//! Partner registry pages: applying and activating accounts ([`register`]), the partner's own
//! organization ([`partner`]), the reviewers' queue and dossier ([`staff`]), agreement templates
//! ([`staff_agreements`]), evidence documents ([`documents`]), and public pages ([`public`]: the
//! directory and the signed-copy check).

pub mod documents;
pub mod partner;
pub mod public;
pub mod register;
pub mod staff;
pub mod staff_agreements;
