//! cmi5 (the xAPI profile for packaging and launching content from an LMS): course packages, whose
//! `cmi5.xml` describes a course of blocks and assignable units (AUs), become Lyceum courses.
//!
//! - [`package`]: reading and checking a package's course structure (cmi5 §13).
//! - [`import`]: a package (zip) becomes a draft course of `cmi5` lessons, its files kept in storage.
//! - [`launch`]: launching an AU (cmi5 §8): the session, `LMS.LaunchData`, the `launched`
//!   statement and the launch URL; the one-time fetch URL and its auth-token; the package's files
//!   served under signed URLs.
//! - [`session`]: what an AU session's token may do on the LRS, and the cmi5 rules its statements
//!   must follow (cmi5 §9), checked in the transaction that stores them.
//! - [`outcomes`]: moveOn, satisfaction of AUs, blocks and the course (`satisfied`, `waived`,
//!   `abandoned`), and the Lyceum lesson progress they drive.

pub mod import;
pub mod launch;
pub mod outcomes;
pub mod package;
pub mod session;

/// The cmi5 verbs (cmi5 §9.3).
pub mod verbs {
    pub const LAUNCHED: &str = "http://adlnet.gov/expapi/verbs/launched";
    pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
    pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
    pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
    pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
    pub const ABANDONED: &str = "https://w3id.org/xapi/adl/verbs/abandoned";
    pub const WAIVED: &str = "https://w3id.org/xapi/adl/verbs/waived";
    pub const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
    pub const SATISFIED: &str = "https://w3id.org/xapi/adl/verbs/satisfied";
}

/// Context and result extensions and categories (cmi5 §9.5.5, §9.6).
pub mod ext {
    pub const CATEGORY_CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
    pub const CATEGORY_MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
    pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
    pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
    pub const LAUNCH_MODE: &str = "https://w3id.org/xapi/cmi5/context/extensions/launchmode";
    pub const LAUNCH_URL: &str = "https://w3id.org/xapi/cmi5/context/extensions/launchurl";
    pub const MOVE_ON: &str = "https://w3id.org/xapi/cmi5/context/extensions/moveon";
    pub const LAUNCH_PARAMETERS: &str = "https://w3id.org/xapi/cmi5/context/extensions/launchparameters";
    pub const PROGRESS: &str = "https://w3id.org/xapi/cmi5/result/extensions/progress";
    pub const REASON: &str = "https://w3id.org/xapi/cmi5/result/extensions/reason";
    pub const BLOCK_TYPE: &str = "https://w3id.org/xapi/cmi5/activitytype/block";
    pub const COURSE_TYPE: &str = "https://w3id.org/xapi/cmi5/activitytype/course";
}

/// The state document an LMS writes before each launch (cmi5 §10).
pub const LAUNCH_DATA: &str = "LMS.LaunchData";
/// The agent profile document of learner preferences (cmi5 §11).
pub const LEARNER_PREFERENCES: &str = "cmi5LearnerPreferences";
