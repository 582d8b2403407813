//! The accounts services: users and passwords ([`users`]), staff users managed by program admins
//! ([`staff`]), signing in ([`login`]), the second factor ([`second_factor`]), personal API tokens
//! ([`tokens`]) and email preferences ([`email_preferences`]).

pub mod email_preferences;
pub mod login;
pub mod second_factor;
pub mod staff;
pub mod tokens;
pub mod users;
