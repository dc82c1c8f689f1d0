//! cmi5 (the xAPI profile for packaging and launching content from an LMS): course packages, whose
//! `cmi5.xml` describes a course of blocks and assignable units (AUs), become Lyceum courses.
//!
//! - [`package`]: reading and checking a package's course structure (cmi5 §13).
pub mod package;
