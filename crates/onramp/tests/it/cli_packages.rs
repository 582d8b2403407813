//! Tests of `onramp packages`.
