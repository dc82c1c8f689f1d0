//! Grading: checks every answer's shape against its question (reporting each problem by field, e.g.
//! `answers.1.choices`) and scores the attempt. A question left unanswered counts as wrong.
//!
//! Answer shapes: `single_choice` `{"question": i, "choices": [k]}`; `multiple_choice`
//! `{"question": i, "choices": [k, ...]}` (right when the set equals the correct set); `true_false`
//! `{"question": i, "value": true}`; `numeric` `{"question": i, "value": 3.14}` (within the tolerance);
//! `short_text` `{"question": i, "value": "Paris"}` (trimmed, case-insensitive, among the accepted).

use serde_json::Value;

use crate::{
    courses::content::QuizContent,
    error::{Error, Result, Validator},
};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuestionResult {
    pub question: i32,
    pub answered: bool,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub score: i32,
    pub results: Vec<QuestionResult>,
}

pub const MAX_TEXT_ANSWER_CHARS: usize = 1000;

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Grades `answers` against `quiz`; `Err(Invalid)` lists every malformed answer.
pub fn grade(quiz: &QuizContent, answers: &[Value]) -> Result<Graded> {
    let mut v = Validator::new();
    let n = quiz.questions.len();
    if answers.len() > n {
        // Refused before any answer is looked at: the error stays one line however many were sent.
        return Err(Error::invalid("answers", format!("the quiz has {n} questions; got {} answers", answers.len())));
    }
    let mut given: Vec<Option<&serde_json::Map<String, Value>>> = vec![None; n];
    for (i, a) in answers.iter().enumerate() {
        let f = |name: &str| format!("answers.{i}.{name}");
        let Some(o) = a.as_object() else {
            v.push(&format!("answers.{i}"), "must be an object like {\"question\": 0, \"choices\": [1]}");
            continue;
        };
        if let Some(k) = o.keys().find(|k| !matches!(k.as_str(), "question" | "choices" | "value")) {
            v.push(&f(k), "unknown field; use `question` with `choices` or `value`");
            continue;
        }
        let Some(q) = o.get("question").and_then(Value::as_u64).filter(|q| (*q as usize) < n) else {
            v.push(&f("question"), format!("must be the index of a question (0-{})", n.saturating_sub(1)));
            continue;
        };
        let q = q as usize;
        if given[q].is_some() {
            v.push(&f("question"), format!("question {q} is answered twice"));
            continue;
        }
        let question = &quiz.questions[q];
        let kind = question.get("type").and_then(Value::as_str).unwrap_or("");
        let choices_len = question.get("choices").and_then(Value::as_array).map_or(0, Vec::len);
        let ok = match kind {
            "single_choice" | "multiple_choice" => {
                if o.contains_key("value") {
                    v.push(&f("value"), format!("question {q} is {kind}: answer with `choices`"));
                    false
                } else {
                    match o.get("choices").and_then(Value::as_array) {
                        None => {
                            v.push(&f("choices"), "is required: a list of choice indexes");
                            false
                        }
                        Some(c) => {
                            let idx: Vec<u64> = c.iter().filter_map(Value::as_u64).collect();
                            let mut distinct = idx.clone();
                            distinct.sort_unstable();
                            distinct.dedup();
                            if idx.len() != c.len() || idx.iter().any(|k| *k as usize >= choices_len) {
                                v.push(&f("choices"), format!("must be indexes between 0 and {}", choices_len - 1));
                                false
                            } else if distinct.len() != idx.len() {
                                v.push(&f("choices"), "must not repeat an index");
                                false
                            } else if kind == "single_choice" && idx.len() != 1 {
                                v.push(&f("choices"), "a single-choice question takes exactly one index");
                                false
                            } else {
                                true
                            }
                        }
                    }
                }
            }
            other => {
                let value = o.get("value");
                let shape_ok = match other {
                    "true_false" => value.is_some_and(Value::is_boolean),
                    "numeric" => value.and_then(Value::as_f64).is_some_and(f64::is_finite),
                    _ => value.and_then(Value::as_str).is_some_and(|s| s.chars().count() <= MAX_TEXT_ANSWER_CHARS),
                };
                if o.contains_key("choices") {
                    v.push(&f("choices"), format!("question {q} is {other}: answer with `value`"));
                    false
                } else if !shape_ok {
                    let expected = match other {
                        "true_false" => "true or false".to_string(),
                        "numeric" => "a number".to_string(),
                        _ => format!("a text of at most {MAX_TEXT_ANSWER_CHARS} characters"),
                    };
                    v.push(&f("value"), format!("must be {expected}"));
                    false
                } else {
                    true
                }
            }
        };
        if ok {
            given[q] = Some(o);
        }
    }
    v.finish()?;
    let results: Vec<QuestionResult> = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| {
            let answer = given[i];
            let correct = answer.is_some_and(|a| is_correct(question, a));
            QuestionResult { question: i as i32, answered: answer.is_some(), correct }
        })
        .collect();
    let right = results.iter().filter(|r| r.correct).count();
    let score = if n == 0 { 0 } else { ((right * 100) as f64 / n as f64).round() as i32 };
    Ok(Graded { score, results })
}

fn is_correct(question: &Value, answer: &serde_json::Map<String, Value>) -> bool {
    let value = answer.get("value");
    match question.get("type").and_then(Value::as_str).unwrap_or("") {
        "single_choice" | "multiple_choice" => {
            let mut want: Vec<u64> = question
                .get("correct")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
                .collect();
            let mut got: Vec<u64> = answer
                .get("choices")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
                .collect();
            want.sort_unstable();
            got.sort_unstable();
            want == got
        }
        "true_false" => value.and_then(Value::as_bool) == question.get("answer").and_then(Value::as_bool),
        "numeric" => {
            let (Some(got), Some(want)) =
                (value.and_then(Value::as_f64), question.get("answer").and_then(Value::as_f64))
            else {
                return false;
            };
            let tolerance = question.get("tolerance").and_then(Value::as_f64).unwrap_or(0.0);
            // A little slack for binary floating point (0.1 + 0.2 within 0 of 0.3).
            (got - want).abs() <= tolerance + 1e-9 * want.abs().max(1.0)
        }
        "short_text" => {
            let Some(got) = value.and_then(Value::as_str).map(normalize) else { return false };
            question
                .get("accepted")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|a| normalize(a) == got)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Error;

    fn quiz() -> QuizContent {
        QuizContent {
            passing_score: 60,
            max_attempts: Some(2),
            questions: vec![
                json!({"prompt": "2+2?", "type": "single_choice", "choices": ["3", "4"], "correct": [1]}),
                json!({"prompt": "Primes", "type": "multiple_choice", "choices": ["2", "4", "5"], "correct": [0, 2]}),
                json!({"prompt": "Sky blue?", "type": "true_false", "answer": true}),
                json!({"prompt": "sqrt 7?", "type": "numeric", "answer": 2.6458, "tolerance": 0.01}),
                json!({"prompt": "Capital of France?", "type": "short_text", "accepted": ["Paris", "Paname"]}),
            ],
        }
    }

    fn fields(answers: Value) -> Vec<String> {
        match grade(&quiz(), answers.as_array().unwrap()) {
            Err(Error::Invalid { errors }) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn all_right_all_types() {
        let g = grade(
            &quiz(),
            json!([
                {"question": 0, "choices": [1]},
                {"question": 1, "choices": [2, 0]},
                {"question": 2, "value": true},
                {"question": 3, "value": 2.65},
                {"question": 4, "value": "  pAris "},
            ])
            .as_array()
            .unwrap(),
        )
        .unwrap();
        assert_eq!(g.score, 100);
        assert!(g.results.iter().all(|r| r.correct && r.answered));
    }

    #[test]
    fn partly_right_and_unanswered() {
        let g = grade(
            &quiz(),
            json!([
                {"question": 0, "choices": [0]},
                {"question": 1, "choices": [0]},
                {"question": 3, "value": 2.8},
                {"question": 4, "value": "Lyon"},
                {"question": 2, "value": true},
            ])
            .as_array()
            .unwrap(),
        )
        .unwrap();
        assert_eq!(g.score, 20);
        let g = grade(&quiz(), json!([{"question": 2, "value": true}]).as_array().unwrap()).unwrap();
        assert_eq!((g.score, g.results[0].answered, g.results[2].correct), (20, false, true));
        // 2 of 3 rounds to 67.
        let three = QuizContent { questions: quiz().questions[..3].to_vec(), ..quiz() };
        let g =
            grade(&three, json!([{"question": 0, "choices": [1]}, {"question": 2, "value": true}]).as_array().unwrap())
                .unwrap();
        assert_eq!(g.score, 67);
    }

    #[test]
    fn wrong_shapes_are_named_by_field() {
        assert_eq!(fields(json!([{"question": 9, "choices": [1]}])), vec!["answers.0.question"]);
        assert_eq!(fields(json!([{"question": 0, "choices": [5]}])), vec!["answers.0.choices"]);
        assert_eq!(fields(json!([{"question": 0, "choices": [0, 1]}])), vec!["answers.0.choices"]);
        assert_eq!(fields(json!([{"question": 1, "choices": [0, 0]}])), vec!["answers.0.choices"]);
        assert_eq!(fields(json!([{"question": 0, "value": 1}])), vec!["answers.0.value"]);
        assert_eq!(fields(json!([{"question": 2, "value": "yes"}])), vec!["answers.0.value"]);
        assert_eq!(fields(json!([{"question": 3, "value": "3"}])), vec!["answers.0.value"]);
        assert_eq!(fields(json!([{"question": 4, "choices": [0]}])), vec!["answers.0.choices"]);
        assert_eq!(
            fields(json!([{"question": 2, "value": true}, {"question": 2, "value": false}])),
            vec!["answers.1.question"]
        );
        assert_eq!(
            fields(json!(["x", {"question": 0, "choices": [1], "hint": 1}])),
            vec!["answers.0", "answers.1.hint"]
        );
    }
}
