//! Onramp domain types and pure rules (roles, tiers, gates, timelines). No IO.
