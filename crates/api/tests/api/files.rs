//! Files through the API, on both backends (SQLite with the local folder store, PostgreSQL with the
//! S3-compatible server the test script starts): uploads checked against their bytes and the plan's
//! limit, nothing half-stored, signed download URLs that work only as issued, and files attached to
//! file lessons, submissions and grades, seen only by the people they concern.

use diesel::prelude::*;
use futures::StreamExt;
use lyceum_core::{
    db::{schema::files, types::TenantId},
    with_conn, TenantScope,
};
use lyceum_testkit::db_tests;
use poem::test::{TestForm, TestFormField};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::{Reply, Tenant, TestApp};

pub const PDF: &[u8] =
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0\0\x10\x40\0\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x40\0\x38\0\x01\0\x40\0\0\0\0\0";

/// Uploads `bytes` as a multipart form's `file` part.
pub async fn upload(app: &TestApp, token: &str, name: &str, content_type: Option<&str>, bytes: &[u8]) -> Reply {
    let mut part = TestFormField::bytes(bytes.to_vec()).name("file").filename(name);
    if let Some(ct) = content_type {
        part = part.content_type(ct);
    }
    let req = app
        .client
        .post("/v1/files")
        .header("authorization", format!("Bearer {token}"))
        .multipart(TestForm::new().field(part));
    TestApp::finish(req.send().await).await
}

/// The path and query of an absolute URL the server handed out.
pub(crate) fn local(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest[rest.find('/').unwrap_or(rest.len())..].to_string()
}

/// GETs a signed URL; returns (status, headers, bytes).
async fn fetch(app: &TestApp, url: &str, token: Option<&str>) -> (u16, poem::http::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(local(url));
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await;
    let status = resp.0.status().as_u16();
    let headers = resp.0.headers().clone();
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    (status, headers, bytes)
}

fn problem_code(bytes: &[u8]) -> String {
    serde_json::from_slice::<Value>(bytes).map(|v| v["code"].as_str().unwrap_or("").to_string()).unwrap_or_default()
}

/// The tenant's file rows (status of each), straight from the database.
async fn rows(app: &TestApp, tenant: &str) -> Vec<(String, String)> {
    let scope = TenantScope::for_test(tenant.parse::<TenantId>().unwrap());
    app.state
        .core
        .db()
        .doors()
        .read(&scope, |tx| {
            let t = tx.tenant_id();
            Ok(with_conn!(tx, |c| files::table
                .filter(files::tenant_id.eq(t))
                .select((files::filename, files::status))
                .load::<(String, String)>(c))?)
        })
        .await
        .unwrap()
}

/// How many objects the store holds for the tenant.
async fn objects(app: &TestApp, tenant: &str) -> usize {
    let store = app.state.core.storage().unwrap().object_store();
    let prefix = object_store::path::Path::from(tenant.to_string());
    store.list(Some(&prefix)).filter(|r| std::future::ready(r.is_ok())).count().await
}

async fn learner(app: &TestApp, t: &Tenant) -> (String, String) {
    app.user_with_role(t, "learner").await
}

db_tests! {
    /// Upload, checks against the bytes and the plan, nothing half-stored, and signed downloads.
    async fn uploads_are_checked_and_downloads_are_signed(t) {
        let app = TestApp::new(t).await;
        if lyceum_testkit::s3_endpoint().is_some() && app.t.backend == lyceum_testkit::Backend::Postgres {
            assert_eq!(app.state.core.storage().unwrap().backend, "s3", "PostgreSQL runs store files in S3");
        }
        let a = app.signup("files").await;
        let b = app.signup("files-b").await;
        let (_, learner_token) = learner(&app, &a).await;
        let (_, other_token) = learner(&app, &a).await;

        let r = upload(&app, &learner_token, "essay.pdf", Some("application/pdf"), PDF).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!(r.body["status"], "stored");
        assert_eq!(r.body["content_type"], "application/pdf");
        assert_eq!(r.body["size_bytes"], PDF.len());
        assert_eq!(r.body["sha256"], hex::encode(Sha256::digest(PDF)));
        assert_eq!(r.header("location"), Some(format!("/v1/files/{}", r.body["id"].as_str().unwrap()).as_str()));
        let file = r.body["id"].as_str().unwrap().to_string();
        // The uploader sees it with a download URL.
        let v = app.get(&format!("/v1/files/{file}"), Some(&learner_token)).await;
        assert_eq!(v.status, 200, "{v:#?}");
        let url = v.body["download_url"].as_str().expect("a download URL").to_string();
        let (status, headers, bytes) = fetch(&app, &url, None).await;
        assert_eq!(status, 200);
        assert_eq!(bytes, PDF);
        assert_eq!(headers.get("content-type").unwrap(), "application/pdf");
        assert!(headers.get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment; filename=\"essay.pdf\""));
        assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
        // With the uploader's own credential it works too; with another institution's it does not.
        assert_eq!(fetch(&app, &url, Some(&learner_token)).await.0, 200);
        let (status, _, body) = fetch(&app, &url, Some(&b.owner_token)).await;
        assert_eq!((status, problem_code(&body).as_str()), (403, "signed_url_other_institution"));
        // Any change to the URL breaks it.
        let tampered = url.replace(&a.id, &b.id);
        let (status, _, body) = fetch(&app, &tampered, None).await;
        assert_eq!((status, problem_code(&body).as_str()), (403, "signed_url_invalid"));
        let sig_at = url.find("signature=").unwrap() + "signature=".len();
        let mut flipped = url.clone();
        flipped.replace_range(sig_at..sig_at + 1, if &url[sig_at..sig_at + 1] == "0" { "1" } else { "0" });
        assert_eq!(problem_code(&fetch(&app, &flipped, None).await.2), "signed_url_invalid");
        let later = url.replace("expires=", "expires=9");
        assert_eq!(problem_code(&fetch(&app, &later, None).await.2), "signed_url_invalid");
        // Another file's id with this file's signature.
        let other = upload(&app, &learner_token, "notes.txt", None, b"plain notes\n").await;
        assert_eq!(other.body["content_type"], "text/plain", "{other:#?}");
        let swapped = url.replace(&file, other.body["id"].as_str().unwrap());
        assert_eq!(problem_code(&fetch(&app, &swapped, None).await.2), "signed_url_invalid");
        // Nobody else sees an unattached file, in or out of the institution.
        app.get(&format!("/v1/files/{file}"), Some(&other_token)).await.assert_problem(404, "not_found");
        app.get(&format!("/v1/files/{file}"), Some(&b.owner_token)).await.assert_problem(404, "not_found");

        // Bytes that are not what they claim, and executables, are refused; nothing of them stays.
        let before = (rows(&app, &a.id).await.len(), objects(&app, &a.id).await);
        upload(&app, &learner_token, "essay.pdf", Some("application/pdf"), PNG).await.assert_problem(415, "content_type_mismatch");
        upload(&app, &learner_token, "photo.pdf", None, PNG).await.assert_problem(415, "content_type_mismatch");
        upload(&app, &learner_token, "homework.pdf", Some("application/pdf"), ELF).await.assert_problem(415, "file_type_forbidden");
        upload(&app, &learner_token, "tool", None, ELF).await.assert_problem(415, "file_type_forbidden");
        let r = upload(&app, &learner_token, "../../", None, b"x").await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["filename"]);
        let r = app.call("POST", "/v1/files/uploads", Some(&learner_token), Some(&json!({"filename": "cod\u{202e}fdp.exe", "size": 1}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["filename"]);
        assert_eq!((rows(&app, &a.id).await.len(), objects(&app, &a.id).await), before, "nothing half-stored");
        assert!(rows(&app, &a.id).await.iter().all(|(_, s)| s == "stored"));
        // A path is cut to its last part.
        let r = upload(&app, &learner_token, "C:\\Users\\ada\\notes.txt", None, b"notes").await;
        assert_eq!(r.body["filename"], "notes.txt", "{r:#?}");

        // A multipart body without a `file` part.
        let req = app.client.post("/v1/files").header("authorization", format!("Bearer {learner_token}"))
            .multipart(TestForm::new().text("note", "no file here"));
        let r = TestApp::finish(req.send().await).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["file"]);
        // Anonymous uploads are refused.
        let req = app.client.post("/v1/files").multipart(TestForm::new().field(TestFormField::bytes(PDF.to_vec()).name("file").filename("a.pdf")));
        TestApp::finish(req.send().await).await.assert_problem(401, "unauthenticated");
    }

    /// The plan's upload limit: 413 before the body is read when its length says so, and while it
    /// streams when it does not; the two-step upload holds the client to the size it declared.
    async fn upload_limits_and_two_step_uploads(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("limits").await;
        let trial_limit = 25 * 1024 * 1024;
        let plans = app.get("/v1/plans", None).await;
        let trial = plans.body["items"].as_array().unwrap().iter().find(|p| p["code"] == "trial").unwrap().clone();
        assert_eq!(trial["max_upload_bytes"], trial_limit);

        // Declared too large: refused at once, whatever follows.
        let req = app.client.post("/v1/files")
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("content-type", "multipart/form-data; boundary=X")
            .header("content-length", (trial_limit + 10 * 1024 * 1024).to_string())
            .body(poem::Body::from_bytes_stream(futures::stream::pending::<Result<bytes::Bytes, std::io::Error>>()));
        let r = TestApp::finish(req.send().await).await;
        r.assert_problem(413, "file_too_large");
        assert!(r.body["detail"].as_str().unwrap().contains("Trial"), "{r:#?}");
        // Streamed without a length: stopped once past the limit, nothing kept.
        let big = vec![b'a'; trial_limit as usize + 1];
        upload(&app, &a.owner_token, "big.txt", None, &big).await.assert_problem(413, "file_too_large");
        assert!(rows(&app, &a.id).await.is_empty());
        assert_eq!(objects(&app, &a.id).await, 0);

        // Two steps: declare, then PUT exactly the bytes to the signed URL (no Authorization needed).
        let data: Vec<u8> = PDF.iter().copied().chain(std::iter::repeat_n(b' ', 9 * 1024 * 1024)).collect();
        let r = app.call("POST", "/v1/files/uploads", Some(&a.owner_token),
            Some(&json!({"filename": "reader.pdf", "size": data.len(), "content_type": "application/pdf"}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!(r.body["status"], "pending");
        assert!(r.body.get("download_url").is_none());
        let put = r.body["upload"]["url"].as_str().unwrap().to_string();
        assert_eq!(r.body["upload"]["method"], "PUT");
        let file = r.body["id"].as_str().unwrap().to_string();
        // Too many bytes: 413, and the upload is gone.
        let mut more = data.clone();
        more.push(b'!');
        let resp = app.client.put(local(&put)).header("content-type", "application/octet-stream").body(more).send().await;
        let r = TestApp::finish(resp).await;
        r.assert_problem(413, "file_too_large");
        assert!(rows(&app, &a.id).await.is_empty(), "the failed upload's row is removed");
        // A fresh declaration, and the right bytes (spanning several parts of the multipart upload).
        let r = app.call("POST", "/v1/files/uploads", Some(&a.owner_token),
            Some(&json!({"filename": "reader.pdf", "size": data.len()}))).await;
        let put = r.body["upload"]["url"].as_str().unwrap().to_string();
        let file2 = r.body["id"].as_str().unwrap().to_string();
        assert_ne!(file, file2);
        let resp = app.client.put(local(&put)).header("content-type", "application/octet-stream").body(data.clone()).send().await;
        let r = TestApp::finish(resp).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["status"], "stored");
        assert_eq!(r.body["size_bytes"], data.len());
        assert_eq!(r.body["sha256"], hex::encode(Sha256::digest(&data)));
        // The URL is used up.
        let resp = app.client.put(local(&put)).body(data.clone()).send().await;
        TestApp::finish(resp).await.assert_problem(409, "file_already_uploaded");
        let v = app.get(&format!("/v1/files/{file2}"), Some(&a.owner_token)).await;
        let (status, _, bytes) = fetch(&app, v.body["download_url"].as_str().unwrap(), None).await;
        assert_eq!(status, 200);
        assert_eq!(Sha256::digest(&bytes), Sha256::digest(&data));
        // Declaring more than the plan takes, or no size at all.
        app.call("POST", "/v1/files/uploads", Some(&a.owner_token), Some(&json!({"filename": "x.bin", "size": trial_limit + 1})))
            .await.assert_problem(413, "file_too_large");
        let r = app.call("POST", "/v1/files/uploads", Some(&a.owner_token), Some(&json!({"filename": "x.bin"}))).await;
        assert_eq!(r.status, 400, "{r:#?}");
        assert_eq!(rows(&app, &a.id).await.len(), 1, "only the stored file is left");
        assert_eq!(objects(&app, &a.id).await, 1);
    }

    /// Purging an institution removes its files' objects with its rows (objects first, so a purge cut
    /// short leaves rows that a second purge finishes, never objects without rows).
    async fn a_purged_institution_leaves_no_objects(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("purge-files").await;
        let other = app.signup("purge-keep").await;
        upload(&app, &a.owner_token, "one.pdf", None, PDF).await;
        upload(&app, &a.owner_token, "two.txt", None, b"two").await;
        upload(&app, &other.owner_token, "kept.pdf", None, PDF).await;
        assert_eq!(objects(&app, &a.id).await, 2);
        let scope = TenantScope::for_test_operator(a.id.parse().unwrap(), "test");
        let core = &app.state.core;
        let refused = lyceum_core::tenants::purge(core, &scope, true).await.unwrap_err();
        assert_eq!(refused.code(), "tenant_not_deleted");
        assert_eq!(objects(&app, &a.id).await, 2, "a refused purge removes nothing");
        lyceum_core::tenants::set_status(core, &scope, lyceum_core::tenants::TenantStatus::Deleted, "test").await.unwrap();
        lyceum_core::tenants::purge(core, &scope, true).await.unwrap();
        assert_eq!(objects(&app, &a.id).await, 0);
        assert!(rows(&app, &a.id).await.is_empty());
        assert_eq!(objects(&app, &other.id).await, 1, "another institution's files stay");
    }

    /// A signed URL stops working when it expires; abandoned uploads are swept with their objects.
    async fn signed_urls_expire_and_abandoned_uploads_are_swept(t) {
        let app = TestApp::with_config(t, |c| c.files.url_seconds = 1).await;
        let a = app.signup("expiry").await;
        let r = upload(&app, &a.owner_token, "essay.pdf", None, PDF).await;
        let v = app.get(&format!("/v1/files/{}", r.body["id"].as_str().unwrap()), Some(&a.owner_token)).await;
        let url = v.body["download_url"].as_str().unwrap().to_string();
        tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
        let (status, _, body) = fetch(&app, &url, None).await;
        assert_eq!((status, problem_code(&body).as_str()), (403, "signed_url_expired"));

        // A pending upload past its window goes, with whatever part of its object was written.
        let r = app.call("POST", "/v1/files/uploads", Some(&a.owner_token), Some(&json!({"filename": "late.pdf", "size": 10}))).await;
        let pending: lyceum_core::db::types::FileId = r.body["id"].as_str().unwrap().parse().unwrap();
        let tenant: TenantId = a.id.parse().unwrap();
        let scope = TenantScope::for_test(tenant);
        app.t.db.doors().write(&scope, move |tx| {
            let t = tx.tenant_id();
            let past = lyceum_core::db::types::Timestamp::now() - chrono::Duration::hours(1);
            with_conn!(tx, |c| diesel::update(files::table.filter(files::tenant_id.eq(t)).filter(files::id.eq(pending)))
                .set(files::expires_at.eq(Some(past))).execute(c))?;
            Ok(())
        }).await.unwrap();
        let store = app.state.core.storage().unwrap().object_store();
        store.put(&object_store::path::Path::from(format!("{tenant}/{pending}")), bytes::Bytes::from_static(b"part").into()).await.unwrap();
        assert_eq!(objects(&app, &a.id).await, 2);
        let swept = lyceum_core::files::sweep(&app.state.core, &scope).await.unwrap();
        assert_eq!(swept.uploads, 1);
        assert_eq!(objects(&app, &a.id).await, 1);
        assert_eq!(rows(&app, &a.id).await, vec![("essay.pdf".to_string(), "stored".to_string())]);
    }

    /// Files attached to a file lesson, a submission and a grade are seen by the people they concern,
    /// and only by them; an attachment takes the uploader's own, stored files of the allowed types.
    async fn attached_files_follow_what_they_belong_to(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("attach").await;
        let tok = Some(a.owner_token.as_str());
        let (learner_id, learner) = learner(&app, &a).await;
        let (_, outsider) = app.user_with_role(&a, "learner").await;
        let course = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "Physics"}))).await;
        let course = course.body["id"].as_str().unwrap().to_string();
        let m = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "One"}))).await;
        let m = m.body["id"].as_str().unwrap().to_string();

        // A file lesson showing an uploaded file; its size and type are the file's.
        let handout = upload(&app, &a.owner_token, "handout.pdf", None, PDF).await;
        let handout = handout.body["id"].as_str().unwrap().to_string();
        let mine = upload(&app, &learner, "mine.pdf", None, PDF).await;
        let mine = mine.body["id"].as_str().unwrap().to_string();
        let r = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok,
            Some(&json!({"title": "Handout", "kind": "file", "file_id": mine}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["file_id"], "someone else's file");
        let r = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok,
            Some(&json!({"title": "Handout", "kind": "file", "file_id": handout, "url": "https://x.test/a.pdf"}))).await;
        assert_eq!(r.error_fields(), vec!["url"], "{r:#?}");
        let lesson = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok,
            Some(&json!({"title": "Handout", "kind": "file", "file_id": handout}))).await;
        assert_eq!(lesson.status, 201, "{lesson:#?}");
        assert_eq!(lesson.body["file_id"], handout.as_str());
        assert_eq!(lesson.body["size_bytes"], PDF.len());
        assert_eq!(lesson.body["media_type"], "application/pdf");
        // An assignment taking PDF files.
        let assignment = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok, Some(&json!({
            "title": "Lab report", "kind": "assignment", "assignment": {"instructions": "Hand in your report.",
            "points_possible": 10, "submission_types": ["file"], "allowed_file_types": ["pdf"]}}))).await;
        assert_eq!(assignment.status, 201, "{assignment:#?}");
        let assignment = assignment.body["id"].as_str().unwrap().to_string();
        let text_only = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok, Some(&json!({
            "title": "Reflection", "kind": "assignment", "assignment": {"instructions": "Reflect.",
            "points_possible": 5, "submission_types": ["text"]}}))).await;
        let text_only = text_only.body["id"].as_str().unwrap().to_string();
        assert_eq!(app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await.status, 200);
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments"), tok, Some(&json!({"user_id": learner_id}))).await;
        assert_eq!(r.status, 201, "{r:#?}");

        // The enrolled learner sees the lesson's file; a learner who is not enrolled does not.
        let v = app.get(&format!("/v1/files/{handout}"), Some(&learner)).await;
        assert_eq!(v.status, 200, "{v:#?}");
        assert_eq!(v.body["attached_to"]["kind"], "lesson");
        assert_eq!(fetch(&app, v.body["download_url"].as_str().unwrap(), None).await.2, PDF);
        app.get(&format!("/v1/files/{handout}"), Some(&outsider)).await.assert_problem(404, "not_found");

        // Submissions: files only where the assignment takes them, of its types, the learner's own.
        let notes = upload(&app, &learner, "notes.txt", None, b"my notes").await;
        let notes = notes.body["id"].as_str().unwrap().to_string();
        let r = app.call("POST", &format!("/v1/lessons/{text_only}/submissions"), Some(&learner),
            Some(&json!({"file_ids": [mine]}))).await;
        assert_eq!(r.error_fields(), vec!["file_ids"], "{r:#?}");
        let r = app.call("POST", &format!("/v1/lessons/{assignment}/submissions"), Some(&learner),
            Some(&json!({"file_ids": [notes, handout]}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["file_ids.0", "file_ids.1"], "a .txt, and someone else's file");
        let sub = app.call("POST", &format!("/v1/lessons/{assignment}/submissions"), Some(&learner),
            Some(&json!({"file_ids": [mine]}))).await;
        assert_eq!(sub.status, 201, "{sub:#?}");
        assert_eq!(sub.body["files"][0]["id"], mine.as_str());
        assert_eq!(sub.body["files"][0]["attached_to"]["kind"], "submission");
        let url = sub.body["files"][0]["download_url"].as_str().unwrap().to_string();
        assert_eq!(fetch(&app, &url, None).await.2, PDF);
        let sub = sub.body["id"].as_str().unwrap().to_string();
        // A file hands in once.
        let r = app.call("POST", &format!("/v1/lessons/{assignment}/submissions"), Some(&learner),
            Some(&json!({"file_ids": [mine]}))).await;
        assert_eq!(r.error_fields(), vec!["file_ids.0"], "{r:#?}");
        // Staff see it; another learner does not.
        let staff_view = app.get(&format!("/v1/submissions/{sub}"), tok).await;
        assert!(staff_view.body["files"][0]["download_url"].is_string(), "{staff_view:#?}");
        app.get(&format!("/v1/files/{mine}"), Some(&outsider)).await.assert_problem(404, "not_found");

        // Feedback files come with the grade, for the learner once it is posted.
        let marked = upload(&app, &a.owner_token, "marked.pdf", None, PDF).await;
        let marked = marked.body["id"].as_str().unwrap().to_string();
        let g = app.call("PUT", &format!("/v1/submissions/{sub}/grade"), tok,
            Some(&json!({"points": 8, "feedback_file_ids": [marked]}))).await;
        assert_eq!(g.status, 200, "{g:#?}");
        assert_eq!(g.body["grade"]["feedback_files"][0]["id"], marked.as_str());
        let seen = app.get(&format!("/v1/submissions/{sub}"), Some(&learner)).await;
        assert!(seen.body["grade"].is_null(), "not posted yet: {seen:#?}");
        app.get(&format!("/v1/files/{marked}"), Some(&learner)).await.assert_problem(404, "not_found");
        let r = app.call("POST", &format!("/v1/lessons/{assignment}/grades/post"), tok, None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let seen = app.get(&format!("/v1/submissions/{sub}"), Some(&learner)).await;
        let fb = seen.body["grade"]["feedback_files"][0]["download_url"].as_str().unwrap().to_string();
        assert_eq!(fetch(&app, &fb, None).await.2, PDF);
        assert_eq!(app.get(&format!("/v1/files/{marked}"), Some(&learner)).await.status, 200);
    }
}
