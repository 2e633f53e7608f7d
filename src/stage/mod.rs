//! Stages: pure steps from one typed value to the next, reading input but committing nothing.

pub(crate) mod decide;
pub mod extract;
pub mod identify;
pub(crate) mod matcher;
pub mod register;
pub(crate) mod validate;
