//! Teaching through the API, on both backends: course staff bound instructors to their courses,
//! assignments take submissions within their rules, staff grade them (points or rubric) with every change
//! kept, posted grades complete lessons, and the gradebook weighs it all.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    learning::published_course,
    support::{Tenant, TestApp},
};

fn id(r: &crate::support::Reply) -> String {
    r.body["id"].as_str().unwrap_or_else(|| panic!("no id: {r:#?}")).to_string()
}

async fn course(app: &TestApp, token: &str, title: &str) -> String {
    let r = app.call("POST", "/v1/courses", Some(token), Some(&json!({"title": title}))).await;
    assert_eq!(r.status, 201, "{r:#?}");
    id(&r)
}

async fn enroll(app: &TestApp, t: &Tenant, course: &str, user: &str) -> String {
    let r = app
        .call(
            "POST",
            &format!("/v1/courses/{course}/enrollments"),
            Some(&t.owner_token),
            Some(&json!({"user_id": user})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    id(&r)
}

/// A published course with one module holding an essay assignment (graded with a two-criterion rubric,
/// 20 points, passing at 50 %) and a quiz, each in its weighted group. Returns (course, assignment, quiz,
/// rubric).
async fn teaching_course(app: &TestApp, t: &Tenant, assignment: Value) -> (String, String, String, String) {
    let tok = Some(t.owner_token.as_str());
    let course = course(app, &t.owner_token, "Writing 101").await;
    let rubric = app
        .call(
            "POST",
            &format!("/v1/courses/{course}/rubrics"),
            tok,
            Some(&json!({"title": "Essay", "criteria": [
                {"id": "thesis", "description": "Thesis", "levels": [
                    {"id": "strong", "description": "Strong", "points": 10},
                    {"id": "weak", "description": "Weak", "points": 4}]},
                {"description": "Evidence", "levels": [
                    {"description": "Rich", "points": 10},
                    {"description": "Thin", "points": 3}]}
            ]})),
        )
        .await;
    assert_eq!(rubric.status, 201, "{rubric:#?}");
    assert_eq!(rubric.body["points_possible"], 20.0);
    assert_eq!(rubric.body["criteria"][1]["id"], "c2", "ids are assigned where absent");
    let rubric = id(&rubric);
    let groups: Vec<String> = {
        let mut out = Vec::new();
        for (name, weight) in [("Essays", 60.0), ("Quizzes", 40.0)] {
            let r = app
                .call(
                    "POST",
                    &format!("/v1/courses/{course}/assignment-groups"),
                    tok,
                    Some(&json!({"name": name, "weight": weight})),
                )
                .await;
            assert_eq!(r.status, 201, "{r:#?}");
            out.push(id(&r));
        }
        out
    };
    let m = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "Essays"}))).await;
    let m = id(&m);
    let mut settings = json!({"instructions": "Write 500 words on atoms.", "points_possible": 20,
        "passing_score": 50, "submission_types": ["text", "url"], "max_attempts": 2, "rubric_id": rubric});
    for (k, v) in assignment.as_object().unwrap() {
        settings[k] = v.clone();
    }
    let a = app
        .call(
            "POST",
            &format!("/v1/modules/{m}/lessons"),
            tok,
            Some(&json!({"title": "Essay", "kind": "assignment", "assignment": settings, "assignment_group_id": groups[0]})),
        )
        .await;
    assert_eq!(a.status, 201, "{a:#?}");
    let q = app
        .call(
            "POST",
            &format!("/v1/modules/{m}/lessons"),
            tok,
            Some(&json!({"title": "Quiz", "kind": "quiz", "passing_score": 50, "assignment_group_id": groups[1],
                "questions": [{"prompt": "2+2", "type": "numeric", "answer": 4}]})),
        )
        .await;
    assert_eq!(q.status, 201, "{q:#?}");
    let r = app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    (course, id(&a), id(&q), rubric)
}

db_tests! {
    async fn instructors_manage_the_courses_they_teach_and_no_others(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("staff").await;
        let (ines, ines_tok) = app.user_with_role(&a, "instructor").await;
        let (_, other_tok) = app.user_with_role(&a, "instructor").await;
        let (tara, tara_tok) = app.user_with_role(&a, "learner").await;
        let (lee, _) = app.user_with_role(&a, "learner").await;
        // An instructor who creates a course teaches it.
        let mine = course(&app, &ines_tok, "Ines's course").await;
        let r = app.call("GET", &format!("/v1/courses/{mine}/staff"), Some(&ines_tok), None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!((r.body["items"][0]["user_id"].as_str(), r.body["items"][0]["role"].as_str()), (Some(ines.as_str()), Some("instructor")));
        let r = app.call("PATCH", &format!("/v1/courses/{mine}"), Some(&ines_tok), Some(&json!({"title": "Renamed"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        // Another instructor's course, or the owner's: 403, and nothing changes.
        let r = app.call("PATCH", &format!("/v1/courses/{mine}"), Some(&other_tok), Some(&json!({"title": "Hijacked"}))).await;
        r.assert_problem(403, "not_course_staff");
        let (theirs, _) = published_course(&app, &a).await;
        let r = app.call("POST", &format!("/v1/courses/{theirs}/modules"), Some(&ines_tok), Some(&json!({"title": "x"}))).await;
        r.assert_problem(403, "not_course_staff");
        let r = app.call("POST", &format!("/v1/courses/{theirs}/enrollments"), Some(&ines_tok), Some(&json!({"user_id": lee}))).await;
        r.assert_problem(403, "not_course_staff");
        let r = app.call("GET", &format!("/v1/courses/{theirs}/enrollments"), Some(&ines_tok), None).await;
        r.assert_problem(403, "not_course_staff");
        let r = app.call("GET", &format!("/v1/courses/{mine}"), Some(&ines_tok), None).await;
        assert_eq!(r.body["title"], "Renamed");
        // Enrollments of courses she does not teach are hidden from her lists, and 404 one by one.
        let theirs_enrollment = enroll(&app, &a, &theirs, &lee).await;
        let r = app.call("GET", &format!("/v1/users/{lee}/enrollments"), Some(&ines_tok), None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["items"].as_array().unwrap().len(), 0, "{r:#?}");
        let r = app.call("GET", &format!("/v1/enrollments/{theirs_enrollment}"), Some(&ines_tok), None).await;
        r.assert_problem(404, "not_found");
        // The owner makes her an instructor there too: now she may.
        let r = app.call("POST", &format!("/v1/courses/{theirs}/staff"), Some(&a.owner_token), Some(&json!({"user_id": ines, "role": "instructor"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let r = app.call("GET", &format!("/v1/users/{lee}/enrollments"), Some(&ines_tok), None).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{r:#?}");
        let r = app.call("POST", &format!("/v1/courses/{theirs}/modules"), Some(&ines_tok), Some(&json!({"title": "Extra"}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        // A learner can be a teaching assistant, never an instructor.
        let r = app.call("POST", &format!("/v1/courses/{theirs}/staff"), Some(&a.owner_token), Some(&json!({"user_id": tara, "role": "instructor"}))).await;
        r.assert_problem(422, "not_an_instructor");
        // An instructor adds teaching assistants, not instructors.
        let (other, _) = app.user_with_role(&a, "instructor").await;
        let r = app.call("POST", &format!("/v1/courses/{theirs}/staff"), Some(&ines_tok), Some(&json!({"user_id": other, "role": "instructor"}))).await;
        r.assert_problem(403, "not_course_admin");
        let r = app.call("POST", &format!("/v1/courses/{theirs}/staff"), Some(&ines_tok), Some(&json!({"user_id": tara, "role": "teaching_assistant"}))).await;
        assert_eq!((r.status.as_u16(), r.body["role"].as_str()), (200, Some("teaching_assistant")), "{r:#?}");
        let r = app.call("POST", &format!("/v1/courses/{theirs}/staff"), Some(&a.owner_token), Some(&json!({"user_id": tara, "role": "dean"}))).await;
        assert_eq!(r.error_fields(), ["role"], "{r:#?}");
        // The assistant sees the roster but changes nothing.
        let r = app.call("GET", &format!("/v1/courses/{theirs}/enrollments"), Some(&tara_tok), None).await;
        assert_eq!((r.status.as_u16(), r.body["items"].as_array().map(Vec::len)), (200, Some(1)), "{r:#?}");
        let r = app.call("PATCH", &format!("/v1/courses/{theirs}"), Some(&tara_tok), Some(&json!({"title": "TA's"}))).await;
        r.assert_problem(403, "forbidden");
        let r = app.call("DELETE", &format!("/v1/enrollments/{theirs_enrollment}"), Some(&tara_tok), None).await;
        r.assert_problem(403, "forbidden");
        // Removing her: the instructor may remove the assistant; the staff list says so.
        let r = app.call("DELETE", &format!("/v1/courses/{theirs}/staff/{tara}"), Some(&ines_tok), None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        let r = app.call("DELETE", &format!("/v1/courses/{theirs}/staff/{tara}"), Some(&ines_tok), None).await;
        r.assert_problem(404, "not_found");
        let r = app.call("GET", &format!("/v1/courses/{theirs}/enrollments"), Some(&tara_tok), None).await;
        r.assert_problem(403, "forbidden");
        // Admins keep institution-wide rights.
        let (_, admin_tok) = app.user_with_role(&a, "admin").await;
        let r = app.call("PATCH", &format!("/v1/courses/{mine}"), Some(&admin_tok), Some(&json!({"title": "Admin's edit"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
    }

    async fn assignments_take_submissions_staff_grade_and_posted_grades_complete_lessons(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("assign").await;
        let (course, essay, quiz, _) = teaching_course(&app, &a, json!({})).await;
        let (lee, lee_tok) = app.user_with_role(&a, "learner").await;
        let (tara, tara_tok) = app.user_with_role(&a, "learner").await;
        let (_, stranger_tok) = app.user_with_role(&a, "learner").await;
        let enrollment = enroll(&app, &a, &course, &lee).await;
        // The lesson shows its settings to the learner.
        let r = app.call("GET", &format!("/v1/lessons/{essay}"), Some(&lee_tok), None).await;
        assert_eq!((r.body["kind"].as_str(), r.body["assignment"]["points_possible"].as_f64()), (Some("assignment"), Some(20.0)), "{r:#?}");
        // Bad input: nothing, a type the assignment does not take, a URL that is not one.
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({}))).await;
        r.assert_problem(400, "validation_failed");
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"url": "javascript:alert(1)"}))).await;
        assert_eq!(r.error_fields(), ["url"], "{r:#?}");
        let r = app.call("POST", &format!("/v1/lessons/{quiz}/submissions"), Some(&lee_tok), Some(&json!({"body": "x"}))).await;
        r.assert_problem(422, "not_an_assignment");
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&stranger_tok), Some(&json!({"body": "x"}))).await;
        r.assert_problem(403, "not_enrolled");
        // Marking it done by progress is refused: a grade completes it.
        let r = app.call("PUT", &format!("/v1/enrollments/{enrollment}/progress/{essay}"), Some(&lee_tok), Some(&json!({"status": "completed"}))).await;
        r.assert_problem(409, "assignment_not_graded");
        // Two attempts allowed.
        let first = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Atoms are small."}))).await;
        assert_eq!((first.status.as_u16(), first.body["attempt_number"].as_i64(), first.body["attempts_remaining"].as_i64()), (201, Some(1), Some(1)), "{first:#?}");
        let second = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Atoms are very small.", "url": "https://docs.test/essay"}))).await;
        assert_eq!(second.status, 201, "{second:#?}");
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Third"}))).await;
        r.assert_problem(409, "attempt_limit_reached");
        let sub = id(&second);
        // Grading needs staff of the course: the learner, a stranger, a teaching assistant of another course.
        let r = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&lee_tok), Some(&json!({"points": 20}))).await;
        r.assert_problem(403, "forbidden");
        let r = app.call("POST", &format!("/v1/courses/{course}/staff"), Some(&a.owner_token), Some(&json!({"user_id": tara, "role": "teaching_assistant"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        // The assistant lists what waits for a grade.
        let r = app.call("GET", &format!("/v1/lessons/{essay}/submissions?ungraded=true"), Some(&tara_tok), None).await;
        assert_eq!(r.body["items"].as_array().map(Vec::len), Some(2), "{r:#?}");
        // Out of range and ill-fitting rubrics are refused, naming the field.
        let r = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&tara_tok), Some(&json!({"points": 21}))).await;
        assert_eq!(r.error_fields(), ["points"], "{r:#?}");
        let r = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&tara_tok), Some(&json!({"rubric": [{"criterion_id": "thesis", "level_id": "excellent"}]}))).await;
        assert_eq!(r.error_fields(), ["rubric.0.level_id", "rubric"], "{r:#?}");
        // A rubric grade: 10 + 3 = 13 of 20.
        let graded = app
            .call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&tara_tok), Some(&json!({
                "rubric": [{"criterion_id": "thesis", "level_id": "strong", "comment": "Clear"}, {"criterion_id": "c2", "level_id": "l2"}],
                "feedback": "Find more sources."})))
            .await;
        assert_eq!(graded.status, 200, "{graded:#?}");
        assert_eq!((graded.body["grade"]["points"].as_f64(), graded.body["grade"]["score"].as_f64(), graded.body["state"].as_str()), (Some(13.0), Some(65.0), Some("graded")), "{graded:#?}");
        assert_eq!(graded.body["grade"]["rubric_assessment"][1]["level"], "Thin");
        // Not posted: the learner sees no grade, and the lesson is not complete.
        let r = app.call("GET", &format!("/v1/submissions/{sub}"), Some(&lee_tok), None).await;
        assert_eq!((r.body["grade"].clone(), r.body["state"].as_str()), (Value::Null, Some("submitted")), "{r:#?}");
        let r = app.call("GET", &format!("/v1/submissions/{sub}"), Some(&stranger_tok), None).await;
        r.assert_problem(404, "not_found");
        // A stale regrade is refused; a fresh one is kept as a change.
        let r = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&tara_tok), Some(&json!({"points": 5}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let client = &app.client;
        let stale = client
            .put(format!("/v1/submissions/{sub}/grade"))
            .header("authorization", format!("Bearer {tara_tok}"))
            .header("content-type", "application/json")
            .header("if-match", "\"1\"")
            .body(json!({"points": 18}).to_string())
            .send()
            .await;
        TestApp::finish(stale).await.assert_problem(412, "precondition_failed");
        let r = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), Some(&tara_tok), Some(&json!({"points": 18}))).await;
        assert_eq!(r.body["grade"]["version"], 3, "{r:#?}");
        // Posting: the learner sees it, the lesson completes (90 % >= 50 %), every change is kept.
        let r = app.call("POST", &format!("/v1/lessons/{essay}/grades/post"), Some(&tara_tok), None).await;
        assert_eq!((r.status.as_u16(), r.body["posted"].as_i64()), (200, Some(1)), "{r:#?}");
        let r = app.call("GET", &format!("/v1/submissions/{sub}"), Some(&lee_tok), None).await;
        assert_eq!((r.body["grade"]["points"].as_f64(), r.body["state"].as_str()), (Some(18.0), Some("posted")), "{r:#?}");
        let r = app.call("GET", &format!("/v1/enrollments/{enrollment}/progress"), Some(&lee_tok), None).await;
        let lesson = r.body["lessons"].as_array().unwrap().iter().find(|l| l["lesson_id"] == essay.as_str()).cloned().unwrap();
        assert_eq!((lesson["status"].as_str(), lesson["score"].as_i64()), (Some("completed"), Some(90)), "{r:#?}");
        let r = app.call("GET", &format!("/v1/submissions/{sub}/grade-history"), Some(&a.owner_token), None).await;
        let changes = r.body["items"].as_array().unwrap();
        assert_eq!(changes.len(), 4, "graded, regraded twice, posted: {r:#?}");
        assert_eq!((changes[0]["before"].clone(), changes[0]["after"]["points"].as_f64()), (Value::Null, Some(13.0)));
        assert_eq!((changes[3]["before"]["posted_at"].clone(), changes[3]["actor_id"].as_str()), (Value::Null, Some(tara.as_str())));
        let r = app.call("GET", &format!("/v1/submissions/{sub}/grade-history"), Some(&lee_tok), None).await;
        r.assert_problem(403, "forbidden");
        let r = app.call("GET", "/v1/audit-events?action=grade.changed", Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().map(Vec::len), Some(4), "{r:#?}");
        // The learner's own list shows posted grades only.
        let r = app.call("GET", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), None).await;
        let items = r.body["items"].as_array().unwrap();
        assert_eq!((items.len(), items[0]["grade"].clone()), (2, Value::Null), "{r:#?}");
    }

    async fn late_work_follows_the_late_policy(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("late").await;
        let past = (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339();
        let (course, essay, _, _) = teaching_course(&app, &a, json!({"due_at": past, "late_policy": {"deduct_percent_per_day": 10}})).await;
        let (lee, lee_tok) = app.user_with_role(&a, "learner").await;
        enroll(&app, &a, &course, &lee).await;
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Late essay"}))).await;
        assert_eq!((r.status.as_u16(), r.body["late"].as_bool()), (201, Some(true)), "{r:#?}");
        // Two started days late: 20 % of 20 points off.
        let r = app.call("PUT", &format!("/v1/submissions/{}/grade", id(&r)), Some(&a.owner_token), Some(&json!({"points": 15, "post": true}))).await;
        assert_eq!((r.body["grade"]["raw_points"].as_f64(), r.body["grade"]["late_penalty"].as_f64(), r.body["grade"]["points"].as_f64()), (Some(15.0), Some(4.0), Some(11.0)), "{r:#?}");
        let r = app.call("GET", &format!("/v1/lessons/{essay}/submissions?late=true"), Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
        // A policy that takes no late work refuses it.
        let r = app.call("PATCH", &format!("/v1/lessons/{essay}"), Some(&a.owner_token), Some(&json!({"assignment": {"late_policy": {"accept_late": false}}}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["assignment"]["points_possible"], 20.0, "the other settings stay: {r:#?}");
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Later"}))).await;
        r.assert_problem(409, "past_due");
    }

    async fn the_gradebook_weighs_groups_letters_its_rows_and_exports_csv(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("book").await;
        let (course, essay, quiz, _) = teaching_course(&app, &a, json!({})).await;
        let (lee, lee_tok) = app.user_with_role(&a, "learner").await;
        let (kim, kim_tok) = app.user_with_role(&a, "learner").await;
        let lee_enr = enroll(&app, &a, &course, &lee).await;
        enroll(&app, &a, &course, &kim).await;
        // Lee: quiz 100 %, essay 10/20 (50 %): current = 60 % * 50 + 40 % * 100 = 70 (C).
        let r = app.call("POST", &format!("/v1/lessons/{quiz}/attempts"), Some(&lee_tok), Some(&json!({"answers": [{"question": 0, "value": 4}]}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let s = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&lee_tok), Some(&json!({"body": "Essay"}))).await;
        let r = app.call("PUT", &format!("/v1/submissions/{}/grade", id(&s)), Some(&a.owner_token), Some(&json!({"points": 10}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        // Kim: handed in, not graded.
        let r = app.call("POST", &format!("/v1/lessons/{essay}/submissions"), Some(&kim_tok), Some(&json!({"url": "https://docs.test/kim"}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let cols: Vec<&str> = r.body["columns"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
        assert_eq!(cols, ["assignment", "quiz"]);
        let rows = r.body["rows"].as_array().unwrap();
        let lee_row = rows.iter().find(|x| x["user_id"] == lee.as_str()).unwrap();
        assert_eq!((lee_row["current_score"].as_f64(), lee_row["current_grade"].as_str(), lee_row["final_score"].as_f64()), (Some(70.0), Some("C"), Some(70.0)), "{lee_row:#?}");
        assert_eq!((lee_row["cells"][0]["state"].as_str(), lee_row["cells"][0]["posted"].as_bool()), (Some("graded"), Some(false)));
        let kim_row = rows.iter().find(|x| x["user_id"] == kim.as_str()).unwrap();
        assert_eq!((kim_row["cells"][0]["state"].as_str(), kim_row["current_score"].clone(), kim_row["final_score"].as_f64()), (Some("submitted"), Value::Null, Some(0.0)), "{kim_row:#?}");
        // A learner sees their own row, with posted grades only (the essay's is not posted yet).
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook"), Some(&lee_tok), None).await;
        let rows = r.body["rows"].as_array().unwrap();
        assert_eq!((rows.len(), rows[0]["enrollment_id"].as_str()), (1, Some(lee_enr.as_str())), "{r:#?}");
        assert_eq!((rows[0]["cells"][0]["state"].as_str(), rows[0]["current_score"].as_f64()), (Some("submitted"), Some(100.0)), "{r:#?}");
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook?user_id={kim}"), Some(&lee_tok), None).await;
        r.assert_problem(403, "not_course_staff");
        // A scale of the course's own letters the gradebook.
        let r = app.call("PUT", &format!("/v1/courses/{course}/grading-scale"), Some(&a.owner_token), Some(&json!({"scale": [{"letter": "Pass", "min_score": 65}, {"letter": "Fail", "min_score": 0}]}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let r = app.call("PUT", &format!("/v1/courses/{course}/grading-scale"), Some(&a.owner_token), Some(&json!({"scale": [{"letter": "Pass", "min_score": 65}]}))).await;
        r.assert_problem(400, "validation_failed");
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook?user_id={lee}"), Some(&a.owner_token), None).await;
        assert_eq!(r.body["rows"][0]["current_grade"], "Pass", "{r:#?}");
        // The CSV export: a header and one line per enrollment.
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook/export"), Some(&a.owner_token), None).await;
        assert_eq!((r.status.as_u16(), r.header("content-type")), (200, Some("text/csv")), "{r:#?} {}", r.text);
        let lines: Vec<&str> = r.text.lines().collect();
        assert_eq!(lines.len(), 3, "{}", r.text);
        assert!(lines[0].starts_with("name,email,user_id,enrollment_status,Essay (20),Quiz (100)"), "{}", lines[0]);
        assert!(lines.iter().any(|l| l.contains(&lee) && l.ends_with(",70,Pass,70,Pass")), "{}", r.text);
        let r = app.call("GET", &format!("/v1/courses/{course}/gradebook/export"), Some(&lee_tok), None).await;
        r.assert_problem(403, "forbidden");
    }
}
