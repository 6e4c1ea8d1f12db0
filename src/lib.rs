//! Workspace root: tests and examples that use `generated` as a downstream crate would.
