//! Lesson content by kind, and its validation: `text` (Markdown), `video` (URL, duration), `file` (URL,
//! size, media type), `quiz` (questions with their answers, a passing score, an attempt limit) and
//! `assignment` (instructions, due date, points, what may be submitted, attempts, a late policy, a
//! rubric) and `lti` (an LTI 1.3 tool of the institution, launched from Lyceum: custom parameters and the
//! tool's URL for this lesson) and `cmi5` (an assignable unit of an imported cmi5 package; see
//! [`Cmi5Content`]). Quiz answers are kept server-side: [`QuizContent::for_learners`] removes
//! them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    db::types::{FileId, RubricId, Timestamp},
    error::Validator,
};

mod cmi5;
mod lti;
pub use cmi5::Cmi5Content;
pub(crate) use lti::validate_lti;
pub use lti::{check_lti_custom, merge_lti, LtiContent, LtiInput, LtiSettings, MAX_LTI_CUSTOM};

pub const MAX_MARKDOWN_CHARS: usize = 100_000;
pub const MAX_URL_LEN: usize = 2048;
pub const MAX_QUESTIONS: usize = 200;
pub const MAX_CHOICES: usize = 20;
pub const MAX_PROMPT_CHARS: usize = 2000;

/// Lesson fields as sent by a client (create or update); which apply depends on `kind`.
#[derive(Debug, Clone, Default)]
pub struct ContentInput {
    pub body: Option<String>,
    pub url: Option<String>,
    /// A `file` lesson's uploaded file (instead of a `url`).
    pub file_id: Option<FileId>,
    pub duration_seconds: Option<i64>,
    pub size_bytes: Option<i64>,
    pub media_type: Option<String>,
    pub passing_score: Option<i64>,
    pub max_attempts: Option<i64>,
    pub questions: Option<Vec<Value>>,
    /// An assignment's settings; on an update, the fields given replace the current ones.
    pub assignment: Option<AssignmentInput>,
    /// An `lti` lesson's tool and launch settings; on an update, the fields given replace the current ones.
    pub lti: Option<LtiInput>,
}

/// An assignment's settings as sent (all optional: an update merges them into the current ones).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct AssignmentInput {
    pub instructions: Option<String>,
    /// `Some(None)` clears it.
    pub due_at: Option<Option<Timestamp>>,
    pub points_possible: Option<f64>,
    pub passing_score: Option<i64>,
    pub submission_types: Option<Vec<String>>,
    pub allowed_file_types: Option<Vec<String>>,
    /// `Some(None)`: unlimited.
    pub max_attempts: Option<Option<i64>>,
    pub late_policy: Option<LatePolicy>,
    /// `Some(None)` detaches it.
    pub rubric_id: Option<Option<RubricId>>,
}

/// What happens to work handed in after the due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatePolicy {
    /// Late work is taken at all (otherwise a submission after the due date is refused).
    pub accept_late: bool,
    /// Points taken off per started day late, as a percentage of the points possible.
    pub deduct_percent_per_day: f64,
    /// Late work is taken for at most this many days after the due date (`None`: no limit).
    pub max_late_days: Option<i32>,
}

impl Default for LatePolicy {
    fn default() -> Self {
        LatePolicy { accept_late: true, deduct_percent_per_day: 0.0, max_late_days: None }
    }
}

impl LatePolicy {
    /// The points a grade loses for being `seconds_late` (never more than `points`).
    pub fn penalty(&self, points_possible: f64, points: f64, seconds_late: i64) -> f64 {
        if seconds_late <= 0 || self.deduct_percent_per_day <= 0.0 {
            return 0.0;
        }
        let days = (seconds_late + 86_399) / 86_400;
        let penalty = points_possible * self.deduct_percent_per_day / 100.0 * days as f64;
        round2(penalty.min(points.max(0.0)))
    }

    /// Whether work `seconds_late` is still taken.
    pub fn accepts(&self, seconds_late: i64) -> bool {
        seconds_late <= 0
            || (self.accept_late && self.max_late_days.is_none_or(|d| seconds_late <= i64::from(d) * 86_400))
    }
}

/// Rounds points to hundredths (grades are shown and stored so).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// An assignment as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentContent {
    /// Markdown.
    pub instructions: String,
    pub due_at: Option<Timestamp>,
    pub points_possible: f64,
    /// The percentage of the points possible a grade needs for the lesson to count as passed.
    pub passing_score: i32,
    /// What a submission may carry: `text`, `url` (and `file`).
    pub submission_types: Vec<String>,
    /// File extensions a file submission may have (lower case, no dot); empty: any.
    pub allowed_file_types: Vec<String>,
    pub max_attempts: Option<i32>,
    pub late_policy: LatePolicy,
    pub rubric_id: Option<RubricId>,
}

pub const SUBMISSION_TYPES: &[&str] = &["file", "text", "url"];
pub const MAX_POINTS: f64 = 10_000.0;

/// A quiz as stored (answers included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizContent {
    pub passing_score: i32,
    pub max_attempts: Option<i32>,
    pub questions: Vec<Value>,
}

impl QuizContent {
    /// The quiz as a learner may see it before answering: no correct answers, tolerances or accepted texts.
    pub fn for_learners(&self) -> QuizContent {
        let questions = self
            .questions
            .iter()
            .map(|q| {
                let mut q = q.clone();
                if let Some(o) = q.as_object_mut() {
                    for secret in ["correct", "answer", "tolerance", "accepted"] {
                        o.remove(secret);
                    }
                }
                q
            })
            .collect();
        QuizContent { passing_score: self.passing_score, max_attempts: self.max_attempts, questions }
    }
}

/// Validated content, ready for the lesson columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Content {
    pub body: Option<String>,
    pub url: Option<String>,
    /// A `file` lesson's uploaded file (`GET /v1/files/{id}` gives its download URL); its size and
    /// media type are the file's.
    pub file_id: Option<FileId>,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub media_type: Option<String>,
    pub quiz: Option<QuizContent>,
    pub assignment: Option<AssignmentContent>,
    pub lti: Option<LtiContent>,
    /// A `cmi5` lesson's assignable unit (set by a package import only).
    pub cmi5: Option<Cmi5Content>,
}

pub const KINDS: &[&str] = &["text", "video", "file", "quiz", "assignment", "lti", "cmi5"];

pub(crate) fn check_url(v: &mut Validator, url: Option<&String>) -> Option<String> {
    let Some(url) = url else {
        v.push("url", "is required for this kind of lesson");
        return None;
    };
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        _ if url.len() > MAX_URL_LEN => v.push("url", format!("must be at most {MAX_URL_LEN} characters")),
        Some(r)
            if !r.is_empty() && !r.starts_with('/') && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            return Some(url.clone());
        }
        _ => v.push("url", "must be an http:// or https:// URL"),
    }
    None
}

/// Reports every content field `input` gives that a `kind` lesson does not take.
pub(crate) fn reject_content(v: &mut Validator, kind: &str, input: &ContentInput) {
    unexpected(v, kind, input)
}

fn unexpected(v: &mut Validator, kind: &str, input: &ContentInput) {
    let given = [
        ("body", input.body.is_some()),
        ("url", input.url.is_some()),
        ("file_id", input.file_id.is_some()),
        ("duration_seconds", input.duration_seconds.is_some()),
        ("size_bytes", input.size_bytes.is_some()),
        ("media_type", input.media_type.is_some()),
        ("passing_score", input.passing_score.is_some()),
        ("max_attempts", input.max_attempts.is_some()),
        ("questions", input.questions.is_some()),
        ("assignment", input.assignment.is_some()),
        ("lti", input.lti.is_some()),
    ];
    let allowed: &[&str] = match kind {
        "text" => &["body"],
        "video" => &["url", "duration_seconds"],
        "file" => &["url", "file_id", "size_bytes", "media_type"],
        "assignment" => &["assignment"],
        "lti" => &["lti"],
        "cmi5" => &[],
        _ => &["passing_score", "max_attempts", "questions"],
    };
    for (field, present) in given {
        if present && !allowed.contains(&field) {
            v.push(field, format!("does not apply to a `{kind}` lesson"));
        }
    }
}

/// Validates `input` for `kind`, reporting every problem by field into `v`.
pub fn validate(v: &mut Validator, kind: &str, input: &ContentInput) -> Content {
    let mut c = Content::default();
    if !KINDS.contains(&kind) {
        v.push("kind", "must be one of: text, video, file, quiz, assignment, lti (cmi5 lessons come from a package)");
        return c;
    }
    if kind == "cmi5" {
        v.push("kind", "cmi5 lessons are made by importing a cmi5 package (POST /v1/cmi5-packages)");
        return c;
    }
    unexpected(v, kind, input);
    match kind {
        "text" => match &input.body {
            None => v.push("body", "is required for a text lesson (Markdown)"),
            Some(b) if b.chars().count() > MAX_MARKDOWN_CHARS => {
                v.push("body", format!("must be at most {MAX_MARKDOWN_CHARS} characters"))
            }
            Some(b) => c.body = Some(b.clone()),
        },
        "video" => {
            c.url = check_url(v, input.url.as_ref());
            match input.duration_seconds {
                Some(d) if !(1..=86_400).contains(&d) => v.push("duration_seconds", "must be between 1 and 86400"),
                d => c.duration_seconds = d.map(|d| d as i32),
            }
        }
        "file" if input.file_id.is_some() => {
            if input.url.is_some() {
                v.push("url", "give a url or a file_id, not both");
            }
            for (field, given) in
                [("size_bytes", input.size_bytes.is_some()), ("media_type", input.media_type.is_some())]
            {
                if given {
                    v.push(field, "comes from the uploaded file (file_id)");
                }
            }
            c.file_id = input.file_id;
        }
        "file" => {
            c.url = check_url(v, input.url.as_ref());
            match input.size_bytes {
                Some(s) if s < 0 => v.push("size_bytes", "must not be negative"),
                s => c.size_bytes = s,
            }
            match &input.media_type {
                Some(m) if !m.contains('/') || m.len() > 255 || m.chars().any(char::is_whitespace) => {
                    v.push("media_type", "must be a media type such as application/pdf")
                }
                m => c.media_type = m.clone(),
            }
        }
        "assignment" => c.assignment = validate_assignment(v, input.assignment.as_ref()),
        "lti" => c.lti = validate_lti(v, input.lti.as_ref()),
        _ => c.quiz = validate_quiz(v, input),
    }
    c
}

/// The settings of an assignment merged from `new` over `current` (an update), or `new` alone.
pub fn merge_assignment(current: Option<&AssignmentContent>, new: Option<&AssignmentInput>) -> Option<AssignmentInput> {
    let Some(c) = current else { return new.cloned() };
    let n = new.cloned().unwrap_or_default();
    Some(AssignmentInput {
        instructions: n.instructions.or(Some(c.instructions.clone())),
        due_at: n.due_at.or(Some(c.due_at)),
        points_possible: n.points_possible.or(Some(c.points_possible)),
        passing_score: n.passing_score.or(Some(i64::from(c.passing_score))),
        submission_types: n.submission_types.or(Some(c.submission_types.clone())),
        allowed_file_types: n.allowed_file_types.or(Some(c.allowed_file_types.clone())),
        max_attempts: n.max_attempts.or(Some(c.max_attempts.map(i64::from))),
        late_policy: n.late_policy.or(Some(c.late_policy.clone())),
        rubric_id: n.rubric_id.or(Some(c.rubric_id)),
    })
}

fn validate_assignment(v: &mut Validator, input: Option<&AssignmentInput>) -> Option<AssignmentContent> {
    let Some(a) = input else {
        v.push("assignment", "is required for an assignment: {instructions, points_possible, submission_types, ...}");
        return None;
    };
    let instructions = match &a.instructions {
        Some(t) if t.trim().is_empty() => {
            v.push("assignment.instructions", "must not be empty");
            String::new()
        }
        Some(t) if t.chars().count() > MAX_MARKDOWN_CHARS => {
            v.push("assignment.instructions", format!("must be at most {MAX_MARKDOWN_CHARS} characters"));
            String::new()
        }
        Some(t) => t.clone(),
        None => {
            v.push("assignment.instructions", "is required (Markdown)");
            String::new()
        }
    };
    let points_possible = match a.points_possible {
        Some(p) if p.is_finite() && p > 0.0 && p <= MAX_POINTS => round2(p),
        Some(_) => {
            v.push("assignment.points_possible", format!("must be more than 0 and at most {MAX_POINTS}"));
            1.0
        }
        None => {
            v.push("assignment.points_possible", "is required");
            1.0
        }
    };
    let passing_score = match a.passing_score {
        None => 0,
        Some(p) if (0..=100).contains(&p) => p as i32,
        Some(_) => {
            v.push("assignment.passing_score", "must be between 0 and 100 (a percentage of the points possible)");
            0
        }
    };
    let mut submission_types = a.submission_types.clone().unwrap_or_else(|| vec!["text".into()]);
    submission_types.sort();
    submission_types.dedup();
    if submission_types.is_empty() || submission_types.iter().any(|t| !SUBMISSION_TYPES.contains(&t.as_str())) {
        v.push("assignment.submission_types", format!("must list one or more of: {}", SUBMISSION_TYPES.join(", ")));
    }
    let mut allowed_file_types: Vec<String> = Vec::new();
    for (i, t) in a.allowed_file_types.clone().unwrap_or_default().iter().enumerate() {
        let ext = t.trim().trim_start_matches('.').to_ascii_lowercase();
        if ext.is_empty() || ext.len() > 16 || !ext.chars().all(|c| c.is_ascii_alphanumeric()) {
            v.push(&format!("assignment.allowed_file_types.{i}"), "must be a file extension such as pdf or docx");
        } else if !allowed_file_types.contains(&ext) {
            allowed_file_types.push(ext);
        }
    }
    let max_attempts = match a.max_attempts.flatten() {
        Some(m) if !(1..=100).contains(&m) => {
            v.push("assignment.max_attempts", "must be between 1 and 100 (or null for no limit)");
            None
        }
        m => m.map(|m| m as i32),
    };
    let late_policy = a.late_policy.clone().unwrap_or_default();
    if !(late_policy.deduct_percent_per_day.is_finite() && (0.0..=100.0).contains(&late_policy.deduct_percent_per_day))
    {
        v.push("assignment.late_policy.deduct_percent_per_day", "must be between 0 and 100");
    }
    if late_policy.max_late_days.is_some_and(|d| !(0..=365).contains(&d)) {
        v.push("assignment.late_policy.max_late_days", "must be between 0 and 365");
    }
    Some(AssignmentContent {
        instructions,
        due_at: a.due_at.flatten(),
        points_possible,
        passing_score,
        submission_types,
        allowed_file_types,
        max_attempts,
        late_policy,
        rubric_id: a.rubric_id.flatten(),
    })
}

fn validate_quiz(v: &mut Validator, input: &ContentInput) -> Option<QuizContent> {
    let passing_score = match input.passing_score {
        None => {
            v.push("passing_score", "is required for a quiz (0-100)");
            0
        }
        Some(p) if !(0..=100).contains(&p) => {
            v.push("passing_score", "must be between 0 and 100");
            0
        }
        Some(p) => p as i32,
    };
    let max_attempts = match input.max_attempts {
        Some(m) if !(1..=100).contains(&m) => {
            v.push("max_attempts", "must be between 1 and 100");
            None
        }
        m => m.map(|m| m as i32),
    };
    let questions = input.questions.clone().unwrap_or_default();
    if questions.is_empty() {
        v.push("questions", "a quiz needs at least one question");
    } else if questions.len() > MAX_QUESTIONS {
        v.push("questions", format!("at most {MAX_QUESTIONS} questions"));
    }
    for (i, q) in questions.iter().enumerate() {
        validate_question(v, i, q);
    }
    Some(QuizContent { passing_score, max_attempts, questions })
}

fn validate_question(v: &mut Validator, i: usize, q: &Value) {
    let f = |name: &str| format!("questions.{i}.{name}");
    let Some(o) = q.as_object() else {
        v.push(&format!("questions.{i}"), "must be an object");
        return;
    };
    match o.get("prompt").and_then(Value::as_str) {
        Some(p) if !p.trim().is_empty() && p.chars().count() <= MAX_PROMPT_CHARS => {}
        _ => v.push(&f("prompt"), format!("must be 1-{MAX_PROMPT_CHARS} characters")),
    }
    let choices = o.get("choices").and_then(Value::as_array);
    let check_choices = |v: &mut Validator| -> usize {
        match choices {
            Some(c)
                if (2..=MAX_CHOICES).contains(&c.len())
                    && c.iter().all(|x| x.as_str().is_some_and(|s| !s.trim().is_empty())) =>
            {
                c.len()
            }
            _ => {
                v.push(&f("choices"), format!("must be 2-{MAX_CHOICES} non-empty strings"));
                0
            }
        }
    };
    let indices = |v: &mut Validator, n: usize| -> Option<Vec<u64>> {
        let idx: Option<Vec<u64>> =
            o.get("correct").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_u64).collect());
        let raw_len = o.get("correct").and_then(Value::as_array).map(|a| a.len()).unwrap_or(0);
        match idx {
            Some(ix) if ix.len() == raw_len && ix.iter().all(|x| (*x as usize) < n.max(1)) => Some(ix),
            _ => {
                v.push(&f("correct"), "must list indexes of `choices` (0-based)");
                None
            }
        }
    };
    match o.get("type").and_then(Value::as_str) {
        Some("single_choice") => {
            let n = check_choices(v);
            if indices(v, n).is_some_and(|ix| n > 0 && ix.len() != 1) {
                v.push(&f("correct"), "a single-choice question has exactly one correct index");
            }
        }
        Some("multiple_choice") => {
            let n = check_choices(v);
            if let Some(mut ix) = indices(v, n) {
                let len = ix.len();
                ix.sort_unstable();
                ix.dedup();
                if n > 0 && (ix.is_empty() || ix.len() != len) {
                    v.push(&f("correct"), "list one or more distinct correct indexes");
                }
            }
        }
        Some("true_false") => {
            if !o.get("answer").is_some_and(Value::is_boolean) {
                v.push(&f("answer"), "must be true or false");
            }
        }
        Some("numeric") => {
            if !o.get("answer").is_some_and(Value::is_number) {
                v.push(&f("answer"), "must be a number");
            }
            if let Some(t) = o.get("tolerance") {
                if !t.as_f64().is_some_and(|t| t >= 0.0) {
                    v.push(&f("tolerance"), "must be a number of at least 0");
                }
            }
        }
        Some("short_text") => match o.get("accepted").and_then(Value::as_array) {
            Some(a)
                if !a.is_empty()
                    && a.len() <= 50
                    && a.iter().all(|x| x.as_str().is_some_and(|s| !s.trim().is_empty())) => {}
            _ => v.push(&f("accepted"), "must list 1-50 accepted answers"),
        },
        _ => v.push(&f("type"), "must be single_choice, multiple_choice, true_false, numeric or short_text"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(kind: &str, input: ContentInput) -> Vec<String> {
        let mut v = Validator::new();
        validate(&mut v, kind, &input);
        match v.finish() {
            Ok(()) => vec![],
            Err(crate::Error::Invalid { errors }) => errors.into_iter().map(|e| e.field).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn kinds_and_fields() {
        assert_eq!(fields("podcast", ContentInput::default()), vec!["kind"]);
        assert_eq!(
            fields("text", ContentInput { body: Some("# Hi".into()), ..Default::default() }),
            Vec::<String>::new()
        );
        assert_eq!(
            fields("text", ContentInput { body: Some("x".repeat(MAX_MARKDOWN_CHARS + 1)), ..Default::default() }),
            vec!["body"]
        );
        assert_eq!(fields("video", ContentInput { url: Some("ftp://x".into()), ..Default::default() }), vec!["url"]);
        assert_eq!(
            fields("video", ContentInput { url: Some("javascript:alert(1)".into()), ..Default::default() }),
            vec!["url"]
        );
        assert!(fields(
            "video",
            ContentInput { url: Some("https://v.test/1".into()), duration_seconds: Some(60), ..Default::default() }
        )
        .is_empty());
        assert_eq!(
            fields(
                "text",
                ContentInput { body: Some("a".into()), url: Some("https://x.test".into()), ..Default::default() }
            ),
            vec!["url"]
        );
    }

    #[test]
    fn quizzes() {
        let good = ContentInput {
            passing_score: Some(80),
            questions: Some(vec![
                json!({"prompt": "2+2?", "type": "single_choice", "choices": ["3", "4"], "correct": [1]}),
                json!({"prompt": "e?", "type": "numeric", "answer": 2.5, "tolerance": 0.01}),
                json!({"prompt": "Sky blue?", "type": "true_false", "answer": true}),
                json!({"prompt": "Capital of France?", "type": "short_text", "accepted": ["Paris"]}),
                json!({"prompt": "Primes", "type": "multiple_choice", "choices": ["2", "4", "5"], "correct": [0, 2]}),
            ]),
            ..Default::default()
        };
        assert!(fields("quiz", good.clone()).is_empty());
        let bad = ContentInput {
            passing_score: Some(101),
            questions: Some(vec![
                json!({"prompt": "", "type": "single_choice", "choices": ["3", "4"], "correct": [2]}),
                json!({"prompt": "x", "type": "essay"}),
            ]),
            ..Default::default()
        };
        assert_eq!(
            fields("quiz", bad),
            vec!["passing_score", "questions.0.prompt", "questions.0.correct", "questions.1.type"]
        );
        let mut v = Validator::new();
        let quiz = validate(&mut v, "quiz", &good).quiz.unwrap().for_learners();
        let text = serde_json::to_string(&quiz).unwrap();
        assert!(!text.contains("correct") && !text.contains("2.5") && !text.contains("Paris"), "{text}");
    }
}
