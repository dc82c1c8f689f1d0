//! What a course write accepts: the input, its validation, the default slug, and the conflicts a
//! write can meet (slug, external id).

use super::{check_title, MAX_DESCRIPTION_CHARS};
use crate::{
    error::{Error, Result, Validator},
    tenants::validate_slug,
};

/// Lower-case words joined by hyphens: the default slug of a title.
pub(super) fn slugify(title: &str) -> String {
    let mut s = String::new();
    for ch in title.to_lowercase().chars() {
        if ch.is_ascii_alphanumeric() {
            s.push(ch);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').chars().take(50).collect::<String>();
    let suffix = &uuid::Uuid::now_v7().simple().to_string()[24..];
    if s.len() < 2 {
        format!("course-{suffix}")
    } else {
        format!("{s}-{suffix}")
    }
}

#[derive(Debug, Clone, Default)]
pub struct CourseInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    /// `Some(None)` clears it.
    pub external_id: Option<Option<String>>,
}

pub(super) fn validate_input(input: &CourseInput, creating: bool) -> Result<()> {
    let mut v = Validator::new();
    match &input.title {
        Some(t) => check_title(&mut v, "title", t),
        None if creating => v.push("title", "is required"),
        None => {}
    }
    if input.description.as_ref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS) {
        v.push("description", format!("must be at most {MAX_DESCRIPTION_CHARS} characters"));
    }
    if let Some(s) = &input.slug {
        if let Err(m) = validate_slug(s) {
            v.push("slug", m);
        }
    }
    if let Some(Some(x)) = &input.external_id {
        crate::error::check_external_id(&mut v, x);
    }
    v.finish()
}

pub(super) fn slug_conflict(e: diesel::result::Error, slug: &str) -> Error {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info)
            if format!("{} {}", info.constraint_name().unwrap_or_default(), info.message()).contains("external_id") =>
        {
            Error::Conflict {
                code: "external_id_taken",
                field: Some("external_id"),
                message: "another course of the institution has this external id".into(),
            }
        }
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            Error::Conflict {
                code: "slug_taken",
                field: Some("slug"),
                message: format!("another course already has the slug `{slug}`"),
            }
        }
        other => other.into(),
    }
}
