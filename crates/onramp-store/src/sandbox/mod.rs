//! Environments and their machine access: `environments` (an enrollment's sandbox or production
//! endpoint, with its pinned packages and validation policy), `clients` (OAuth2 clients, their
//! secrets' hashes and the assertion ids seen), `tokens` (access tokens by hash), `resources`
//! (the sandbox's FHIR resources, every version, and their search index), `search` (the index
//! queried) and `messages` (the message log kept as evidence).

pub mod clients;
pub mod environments;
pub mod messages;
pub mod resources;
pub mod search;
pub mod tokens;
