//! Stages: pure steps from one typed value to the next, reading input but committing nothing.

pub mod register;
