//! An `lti` lesson's settings: the institution's tool it launches, custom parameters, and the tool's
//! URL for the lesson; their validation, and how an update merges them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::MAX_URL_LEN;
use crate::{
    db::types::{LessonId, LtiToolId},
    error::{Result, Validator},
};

/// An `lti` lesson's settings as sent.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct LtiInput {
    /// One of the institution's tools (`/v1/lti/tools`).
    pub tool_id: Option<LtiToolId>,
    /// Custom parameters of this lesson's launches (over the tool's own).
    pub custom: Option<BTreeMap<String, String>>,
    /// Where the tool shows this lesson (a deep-linking result's URL); `Some(None)`: the tool's target
    /// link URI.
    pub target_link_uri: Option<Option<String>>,
}

/// An `lti` lesson's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LtiContent {
    pub tool_id: LtiToolId,
    pub custom: BTreeMap<String, String>,
    pub target_link_uri: Option<String>,
}

/// What an `lti` lesson keeps besides its tool (the lesson's `lti` column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LtiSettings {
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
    #[serde(default)]
    pub target_link_uri: Option<String>,
}

/// At most this many custom parameters per lesson.
pub const MAX_LTI_CUSTOM: usize = 50;

impl LtiContent {
    /// From a lesson row's columns: its tool and its settings (JSON); `None` for other kinds.
    pub(crate) fn from_columns(
        lesson: LessonId,
        tool: Option<LtiToolId>,
        settings: Option<&str>,
    ) -> Result<Option<Self>> {
        let Some(tool_id) = tool else { return Ok(None) };
        let s: LtiSettings = serde_json::from_str(settings.unwrap_or("{}"))
            .map_err(|e| crate::error::corrupt(format!("lesson {lesson} has unreadable LTI settings: {e}")))?;
        Ok(Some(LtiContent { tool_id, custom: s.custom, target_link_uri: s.target_link_uri }))
    }
}

/// The settings of an `lti` lesson merged from `new` over `current` (an update), or `new` alone.
pub fn merge_lti(current: Option<&LtiContent>, new: Option<&LtiInput>) -> Option<LtiInput> {
    let Some(c) = current else { return new.cloned() };
    let n = new.cloned().unwrap_or_default();
    Some(LtiInput {
        tool_id: n.tool_id.or(Some(c.tool_id)),
        custom: n.custom.or(Some(c.custom.clone())),
        target_link_uri: n.target_link_uri.or(Some(c.target_link_uri.clone())),
    })
}

/// LTI custom parameters (a tool's or a lesson's): at most [`MAX_LTI_CUSTOM`], names of letters,
/// digits and `_` (LTI Core §5.4.6 substitutes `$` variables in values; names stay plain), values up to
/// 1,000 characters without control characters.
pub fn check_lti_custom(v: &mut Validator, field: &str, custom: &BTreeMap<String, String>) {
    if custom.len() > MAX_LTI_CUSTOM {
        v.push(field, format!("at most {MAX_LTI_CUSTOM} custom parameters"));
    }
    for (k, val) in custom {
        if k.is_empty() || k.len() > 64 || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            v.push(field, format!("{k:?}: names are 1-64 letters, digits or `_`"));
        }
        if val.chars().count() > 1000 || crate::error::has_unsafe_chars(val) {
            v.push(field, format!("{k:?}: values are at most 1,000 characters without control characters"));
        }
    }
}

pub(crate) fn validate_lti(v: &mut Validator, input: Option<&LtiInput>) -> Option<LtiContent> {
    let Some(l) = input else {
        v.push("lti", "is required for an lti lesson: {tool_id, custom, target_link_uri}");
        return None;
    };
    let Some(tool_id) = l.tool_id else {
        v.push("lti.tool_id", "is required: one of the institution's LTI tools");
        return None;
    };
    let custom = l.custom.clone().unwrap_or_default();
    check_lti_custom(v, "lti.custom", &custom);
    let target_link_uri = match l.target_link_uri.clone().flatten() {
        None => None,
        Some(u) => {
            let ok = u.len() <= MAX_URL_LEN
                && (u.starts_with("https://") || u.starts_with("http://"))
                && !u.chars().any(|c| c.is_whitespace() || c.is_control())
                && !u.contains('#');
            if !ok {
                v.push("lti.target_link_uri", "must be an http:// or https:// URL without fragment");
            }
            Some(u)
        }
    };
    Some(LtiContent { tool_id, custom, target_link_uri })
}
