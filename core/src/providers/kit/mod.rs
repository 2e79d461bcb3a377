//! The provider kit: every rule that holds for all providers, written once.
//!
//! A provider folder holds what is specific to its protocol (envelope, codes, fields); anything
//! a second provider would need too belongs here, so that a fix reaches all five.

pub(crate) mod phrases;
