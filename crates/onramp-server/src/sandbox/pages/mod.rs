//! The environment's page: its FHIR base and token URL, its clients with their registration,
//! rotation and suspension, and its message log with filters; and the forms that open one from
//! an enrollment's page.

pub mod environment;
