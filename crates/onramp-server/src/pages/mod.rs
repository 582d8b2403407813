//! Portal pages: server-rendered HTML (maud) that works without JavaScript. One module per area;
//! `layout` holds the shell (navigation by role) and the form helpers every page uses.

pub mod account;
pub mod admin;
pub mod audit;
pub mod errors;
pub mod home;
pub mod jobs;
pub mod layout;
pub mod login;
pub mod password_reset;
pub mod problems;
pub mod registry;
pub mod second_factor;
pub mod tokens;
pub mod webhooks;
