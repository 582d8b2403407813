//! The accounts pages: signing in ([`login`]), the account ([`account`]), password reset
//! ([`password_reset`]), the second factor ([`second_factor`]), API tokens ([`tokens`]), and the
//! program admin's users ([`users`]) and security policy ([`admin`]).

pub mod account;
pub mod admin;
pub mod login;
pub mod password_reset;
pub mod second_factor;
pub mod tokens;
pub mod users;
