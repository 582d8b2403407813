//! The shared web kernel every feature's routes, pages and API handlers use: errors and their two
//! presenters ([`error`], [`error_page`]) with the catalogue of problem types ([`problems`]), the
//! input boundary ([`extract`]), who is asking ([`actor`]) and whether they may ([`access`]), CSRF
//! ([`csrf`]), secrets and hashes ([`secret`]), the page layout ([`layout`]) and form helpers
//! ([`forms`]), list paging ([`paging`]), CSV downloads ([`csv`]), the problem types' pages
//! ([`problem_pages`]) and the OpenAPI document assembled from every feature's part ([`openapi`]).

pub mod access;
pub mod actor;
pub mod csrf;
pub mod csv;
pub mod error;
pub mod error_page;
pub mod extract;
pub mod forms;
pub mod layout;
pub mod openapi;
pub mod paging;
pub mod problem_pages;
pub mod problems;
pub mod secret;
