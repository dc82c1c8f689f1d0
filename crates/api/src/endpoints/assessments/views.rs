//! Quiz attempts as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::assessments::Attempt;
use poem_openapi::{types::Example, Object};

use super::super::views::{example_ids as ids, example_time, list_type};

/// Whether one question was answered right (the right answer itself is never shown).
#[derive(Debug, Clone, Object)]
pub struct QuestionResultView {
    /// 0-based question index.
    pub question: i32,
    pub answered: bool,
    pub correct: bool,
}

/// A graded quiz attempt.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AttemptView {
    pub id: uuid::Uuid,
    pub enrollment_id: uuid::Uuid,
    pub lesson_id: uuid::Uuid,
    /// 1 for the first attempt.
    pub attempt_number: i32,
    /// 0-100: the share of questions answered right.
    pub score: i32,
    pub passed: bool,
    pub passing_score: i32,
    pub correct_count: i32,
    pub question_count: i32,
    pub results: Vec<QuestionResultView>,
    /// Absent when the quiz has no attempt limit.
    pub attempts_remaining: Option<i32>,
    pub created_at: DateTime<Utc>,
}

impl Example for AttemptView {
    fn example() -> Self {
        AttemptView {
            id: ids::ATTEMPT,
            enrollment_id: ids::ENROLLMENT,
            lesson_id: ids::QUIZ,
            attempt_number: 1,
            score: 50,
            passed: false,
            passing_score: 70,
            correct_count: 1,
            question_count: 2,
            results: vec![
                QuestionResultView { question: 0, answered: true, correct: true },
                QuestionResultView { question: 1, answered: true, correct: false },
            ],
            attempts_remaining: Some(2),
            created_at: example_time("2026-11-28T08:05:00Z"),
        }
    }
}

impl From<&Attempt> for AttemptView {
    fn from(a: &Attempt) -> Self {
        AttemptView {
            id: a.id.as_uuid(),
            enrollment_id: a.enrollment_id.as_uuid(),
            lesson_id: a.lesson_id.as_uuid(),
            attempt_number: a.attempt_number,
            score: a.score,
            passed: a.passed,
            passing_score: a.passing_score,
            correct_count: a.correct_count,
            question_count: a.question_count,
            results: a
                .results
                .iter()
                .map(|r| QuestionResultView { question: r.question, answered: r.answered, correct: r.correct })
                .collect(),
            attempts_remaining: a.attempts_remaining,
            created_at: a.created_at.into(),
        }
    }
}

list_type!(
    /// A page of quiz attempts.
    AttemptList,
    AttemptView
);
