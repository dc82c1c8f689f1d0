//! A `cmi5` lesson's settings: one assignable unit (AU) of an imported cmi5 package (cmi5 §13.1.4).
//! Such lessons are made only by importing a package (`xapi::cmi5::import`); an edit may change a
//! cmi5 lesson's title, position and whether it is required, never its AU.

use serde::{Deserialize, Serialize};

use crate::{
    db::types::{Cmi5PackageId, LessonId},
    error::Result,
};

/// A `cmi5` lesson's settings (the lesson's `cmi5` column, JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cmi5Content {
    pub package_id: Cmi5PackageId,
    /// The AU's id in the course structure (its publisher's IRI).
    pub publisher_id: String,
    /// The activity id Lyceum generated for the AU: the `activityId` of its launches and the object
    /// of its cmi5 defined statements.
    pub activity_id: String,
    /// As the course structure gives it: an absolute URL, or a path within the package.
    pub url: String,
    /// `Passed`, `Completed`, `CompletedAndPassed`, `CompletedOrPassed` or `NotApplicable`.
    pub move_on: String,
    /// Between 0 and 1.
    pub mastery_score: Option<f64>,
    /// `AnyWindow` or `OwnWindow`.
    pub launch_method: String,
    pub launch_parameters: Option<String>,
    pub entitlement_key: Option<String>,
    /// The activity ids Lyceum generated for the blocks that hold the AU, outermost first.
    pub blocks: Vec<String>,
}

impl Cmi5Content {
    /// From a lesson row's `cmi5` column; `None` for other kinds.
    pub(crate) fn from_column(lesson: LessonId, column: Option<&str>) -> Result<Option<Self>> {
        column
            .map(|c| {
                serde_json::from_str(c)
                    .map_err(|e| crate::error::corrupt(format!("lesson {lesson} has unreadable cmi5 settings: {e}")))
            })
            .transpose()
    }

    /// Whether the AU is served from its package (rather than from a URL of its own).
    pub fn in_package(&self) -> bool {
        !(self.url.starts_with("https://") || self.url.starts_with("http://"))
    }
}
