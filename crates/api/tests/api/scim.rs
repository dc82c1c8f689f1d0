//! SCIM 2.0 through the HTTP stack, on both backends: the dialects of Entra ID and Okta, seats, owners
//! out of reach, groups whose SCIM members are enrolled in the group's courses, and isolation between
//! institutions. (The scim2-tester compliance run is tests/scim, from scripts/test.)

use lyceum_core::{db::types::TenantId, TenantScope};
use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    learning::published_course,
    support::{Reply, Tenant, TestApp},
};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn scim_key(app: &TestApp, t: &Tenant) -> String {
    let r = app
        .call("POST", "/v1/api-keys", Some(&t.owner_token), Some(&json!({"name": "Entra", "scopes": ["scim"]})))
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["key"].as_str().unwrap().to_string()
}

fn scim_error(r: &Reply, status: u16, scim_type: Option<&str>) {
    assert_eq!(r.status.as_u16(), status, "{r:#?}");
    assert_eq!(r.header("content-type"), Some("application/scim+json"), "{r:#?}");
    assert_eq!(r.body["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:Error"]), "{r:#?}");
    assert_eq!(r.body["status"], status.to_string());
    assert_eq!(r.body["scimType"].as_str(), scim_type, "{r:#?}");
}

async fn set_seats(app: &TestApp, t: &Tenant, seats: i32) {
    let scope = TenantScope::for_test_operator(t.id.parse::<TenantId>().unwrap(), "test");
    lyceum_core::tenants::set_plan(&app.state.core, &scope, None, Some(seats)).await.unwrap();
}

fn entra_user(upn: &str, mail: &str, external_id: &str) -> Value {
    json!({
        "schemas": [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": external_id,
        "userName": upn,
        "active": true,
        "displayName": "Jordan Lee",
        "emails": [{"primary": true, "type": "work", "value": mail}],
        "name": {"formatted": "Jordan Lee", "familyName": "Lee", "givenName": "Jordan"},
    })
}

db_tests! {
    async fn entra_and_okta_provision_users_through_scim(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("scim").await;
        let key = scim_key(&app, &a).await;
        let k = Some(key.as_str());

        // Entra ID: its user principal name is the userName, the mail is the email.
        let r = app.call("POST", "/scim/v2/Users", k, Some(&entra_user("jlee@acme.onmicrosoft.test", "Jordan.Lee@acme.test", "E-77"))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!(r.header("content-type"), Some("application/scim+json"));
        let id = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.header("location").map(str::to_string), r.body["meta"]["location"].as_str().map(str::to_string));
        assert_eq!((r.body["userName"].as_str(), r.body["emails"][0]["value"].as_str(), r.body["externalId"].as_str(), r.body["active"].as_bool()),
            (Some("jlee@acme.onmicrosoft.test"), Some("Jordan.Lee@acme.test"), Some("E-77"), Some(true)));
        // The person is a learner of the institution, visible through /v1 with the external id.
        let v1 = app.call("GET", "/v1/users?external_id=E-77", Some(&a.owner_token), None).await;
        assert_eq!((v1.body["items"][0]["id"].as_str(), v1.body["items"][0]["role"].as_str(), v1.body["items"][0]["email"].as_str()),
            (Some(id.as_str()), Some("learner"), Some("Jordan.Lee@acme.test")), "{v1:#?}");

        // Entra looks people up by userName (any case) and externalId before creating them.
        for f in [r#"userName eq "JLEE@acme.onmicrosoft.test""#, r#"externalId eq "E-77""#, r#"emails[type eq "work" and value eq "jordan.lee@acme.test"]"#] {
            let q = app.call("GET", &format!("/scim/v2/Users?filter={}", urlencoding(f)), k, None).await;
            assert_eq!((q.body["totalResults"].as_i64(), q.body["Resources"][0]["id"].as_str()), (Some(1), Some(id.as_str())), "{f}: {q:#?}");
        }
        let none = app.call("GET", &format!("/scim/v2/Users?filter={}", urlencoding(r#"userName eq "nobody@acme.test""#)), k, None).await;
        assert_eq!((none.body["totalResults"].as_i64(), none.body["Resources"].clone()), (Some(0), json!([])), "{none:#?}");
        // The same userName again is a uniqueness conflict; nothing is created.
        let dup = app.call("POST", "/scim/v2/Users", k, Some(&entra_user("JLEE@acme.onmicrosoft.test", "other@acme.test", "E-78"))).await;
        scim_error(&dup, 409, Some("uniqueness"));

        // Entra's PATCH: capitalised ops, a filtered path, active as the string "False".
        let p = app.call("PATCH", &format!("/scim/v2/Users/{id}"), k, Some(&json!({"schemas": [PATCH], "Operations": [
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "jordan@acme.test"},
            {"op": "Replace", "path": "displayName", "value": "Jordan A. Lee"},
            {"op": "Replace", "path": "active", "value": "False"},
        ]}))).await;
        assert_eq!(p.status, 200, "{p:#?}");
        assert_eq!((p.body["emails"][0]["value"].as_str(), p.body["displayName"].as_str(), p.body["active"].as_bool()),
            (Some("jordan@acme.test"), Some("Jordan A. Lee"), Some(false)), "{p:#?}");
        let v1 = app.call("GET", &format!("/v1/users/{id}"), Some(&a.owner_token), None).await;
        assert_eq!((v1.body["status"].as_str(), v1.body["email"].as_str()), (Some("disabled"), Some("jordan@acme.test")));
        // Okta's PATCH: replace without a path, a value object.
        let p = app.call("PATCH", &format!("/scim/v2/Users/{id}"), k, Some(&json!({"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": true}}]}))).await;
        assert_eq!(p.body["active"], true, "{p:#?}");
        assert_eq!(app.call("GET", &format!("/v1/users/{id}"), Some(&a.owner_token), None).await.body["status"], "active");
        // A malformed PATCH changes nothing.
        let bad = app.call("PATCH", &format!("/scim/v2/Users/{id}"), k, Some(&json!({"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": "displayName", "value": "Changed"},
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "not an email"},
        ]}))).await;
        scim_error(&bad, 400, Some("invalidValue"));
        assert_eq!(app.call("GET", &format!("/scim/v2/Users/{id}"), k, None).await.body["displayName"], "Jordan A. Lee");

        // Okta creates with userName = email; PUT replaces; paging with startIndex and count.
        for n in 0..3 {
            let r = app.call("POST", "/scim/v2/Users", k, Some(&json!({"schemas": [USER], "userName": format!("okta{n}@acme.test"), "name": {"givenName": "Okta", "familyName": format!("{n}")}, "emails": [{"value": format!("okta{n}@acme.test"), "primary": true}], "active": true}))).await;
            assert_eq!(r.status, 201, "{r:#?}");
            assert_eq!(r.body["displayName"], format!("Okta {n}"));
        }
        let page = app.call("GET", "/scim/v2/Users?startIndex=2&count=2", k, None).await;
        assert_eq!((page.body["totalResults"].as_i64(), page.body["startIndex"].as_i64(), page.body["itemsPerPage"].as_i64()), (Some(5), Some(2), Some(2)), "{page:#?}");
        let put = app.call("PUT", &format!("/scim/v2/Users/{id}"), k, Some(&json!({"schemas": [USER], "userName": "jordan@acme.test", "displayName": "J", "emails": [{"value": "jordan@acme.test"}]}))).await;
        assert_eq!((put.body["userName"].as_str(), put.body.get("externalId")), (Some("jordan@acme.test"), None), "{put:#?}");

        // Deleted people are gone; a deleted id is 404 in SCIM's format.
        let r = app.call("DELETE", &format!("/scim/v2/Users/{id}"), k, None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        scim_error(&app.call("GET", &format!("/scim/v2/Users/{id}"), k, None).await, 404, None);
        app.call("GET", &format!("/v1/users/{id}"), Some(&a.owner_token), None).await.assert_problem(404, "not_found");
        // The audit trail says it came through SCIM.
        let audit = app.call("GET", "/v1/audit-events?action=user.deleted", Some(&a.owner_token), None).await;
        assert!(audit.text.contains("scim"), "{audit:#?}");
    }

    async fn scim_keeps_to_its_institution_its_seats_and_away_from_owners(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("scim-a").await;
        let b = app.signup("scim-b").await;
        let ka = scim_key(&app, &a).await;
        let kb = scim_key(&app, &b).await;
        // Credentials: none is 401, one without the scope is 403, discovery needs none.
        scim_error(&app.call("GET", "/scim/v2/Users", None, None).await, 401, None);
        let other = app.call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "r", "scopes": ["users:read"]}))).await;
        scim_error(&app.call("GET", "/scim/v2/Users", other.body["key"].as_str(), None).await, 403, None);
        let spc = app.call("GET", "/scim/v2/ServiceProviderConfig", None, None).await;
        assert_eq!(spc.body["patch"]["supported"], true, "{spc:#?}");
        scim_error(&app.call("GET", "/scim/v2/Nope", None, None).await, 404, None);

        // B's key sees nothing of A and changes nothing of A.
        let r = app.call("POST", "/scim/v2/Users", Some(&ka), Some(&entra_user("x@a.test", "x@a.test", "X-1"))).await;
        let ida = r.body["id"].as_str().unwrap().to_string();
        scim_error(&app.call("GET", &format!("/scim/v2/Users/{ida}"), Some(&kb), None).await, 404, None);
        scim_error(&app.call("DELETE", &format!("/scim/v2/Users/{ida}"), Some(&kb), None).await, 404, None);
        scim_error(&app.call("PATCH", &format!("/scim/v2/Users/{ida}"), Some(&kb), Some(&json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": false}]}))).await, 404, None);
        let list = app.call("GET", "/scim/v2/Users", Some(&kb), None).await;
        assert!(!list.text.contains(&ida) && !list.text.contains("x@a.test"), "{list:#?}");
        // The same external id and user name are free in B.
        assert_eq!(app.call("POST", "/scim/v2/Users", Some(&kb), Some(&entra_user("x@a.test", "x@a.test", "X-1"))).await.status, 201);
        assert_eq!(app.call("GET", &format!("/scim/v2/Users/{ida}"), Some(&ka), None).await.body["active"], true);

        // Owners are out of SCIM's reach.
        let owner = &a.owner_id;
        scim_error(&app.call("PATCH", &format!("/scim/v2/Users/{owner}"), Some(&ka), Some(&json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": false}]}))).await, 403, None);
        scim_error(&app.call("DELETE", &format!("/scim/v2/Users/{owner}"), Some(&ka), None).await, 403, None);
        assert_eq!(app.call("GET", "/v1/me", Some(&a.owner_token), None).await.status, 200);
        // So are admins: a scim key must not take one over by changing their email.
        let (admin, _) = app.user_with_role(&a, "admin").await;
        let take_over = json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "attacker@evil.test"}]});
        scim_error(&app.call("PATCH", &format!("/scim/v2/Users/{admin}"), Some(&ka), Some(&take_over)).await, 403, None);
        scim_error(&app.call("DELETE", &format!("/scim/v2/Users/{admin}"), Some(&ka), None).await, 403, None);
        assert_ne!(app.call("GET", &format!("/v1/users/{admin}"), Some(&a.owner_token), None).await.body["email"], "attacker@evil.test");

        // Seats: with every seat taken, no learner is provisioned.
        let (course, _) = published_course(&app, &a).await;
        set_seats(&app, &a, 1).await;
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": ida, "notify": false}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let full = app.call("POST", "/scim/v2/Users", Some(&ka), Some(&entra_user("y@a.test", "y@a.test", "Y-1"))).await;
        scim_error(&full, 403, None);
        assert!(full.body["detail"].as_str().unwrap().contains("seats"), "{full:#?}");
        let q = app.call("GET", &format!("/scim/v2/Users?filter={}", urlencoding(r#"userName eq "y@a.test""#)), Some(&ka), None).await;
        assert_eq!(q.body["totalResults"], 0);
    }

    async fn scim_groups_enrol_their_members_in_the_groups_courses(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("scim-g").await;
        let k = scim_key(&app, &a).await;
        let k = Some(k.as_str());
        let (course, _) = published_course(&app, &a).await;
        let mut ids = Vec::new();
        for n in 0..3 {
            let r = app.call("POST", "/scim/v2/Users", k, Some(&entra_user(&format!("m{n}@g.test"), &format!("m{n}@g.test"), &format!("M-{n}")))).await;
            ids.push(r.body["id"].as_str().unwrap().to_string());
        }
        let g = app.call("POST", "/scim/v2/Groups", k, Some(&json!({"schemas": [GROUP], "displayName": "Nursing 2028", "externalId": "SEC-9", "members": [{"value": ids[0]}]}))).await;
        assert_eq!(g.status, 201, "{g:#?}");
        let gid = g.body["id"].as_str().unwrap().to_string();
        let r = app.call("POST", &format!("/v1/groups/{gid}/courses"), Some(&a.owner_token), Some(&json!({"course_id": course}))).await;
        assert_eq!(r.body["enrolled"], 1, "{r:#?}");

        // Entra adds members with `add` on `members`, removes them by a value filter.
        let p = app.call("PATCH", &format!("/scim/v2/Groups/{gid}"), k, Some(&json!({"schemas": [PATCH], "Operations": [
            {"op": "Add", "path": "members", "value": [{"value": ids[1]}, {"value": ids[2]}]},
        ]}))).await;
        assert_eq!(p.body["members"].as_array().map(Vec::len), Some(3), "{p:#?}");
        let e = app.call("GET", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), None).await;
        assert_eq!(e.body["items"].as_array().unwrap().len(), 3, "later members are enrolled: {e:#?}");
        let p = app.call("PATCH", &format!("/scim/v2/Groups/{gid}"), k, Some(&json!({"schemas": [PATCH], "Operations": [
            {"op": "Remove", "path": format!("members[value eq \"{}\"]", ids[0])},
            {"op": "Replace", "path": "displayName", "value": "Nursing, class of 2028"},
        ]}))).await;
        assert_eq!((p.body["members"].as_array().map(Vec::len), p.body["displayName"].as_str()), (Some(2), Some("Nursing, class of 2028")), "{p:#?}");
        // Okta's group lookup by name; GET without members as Entra asks for it.
        let q = app.call("GET", &format!("/scim/v2/Groups?filter={}&excludedAttributes=members", urlencoding(r#"displayName eq "nursing, class of 2028""#)), k, None).await;
        assert_eq!((q.body["totalResults"].as_i64(), q.body["Resources"][0].get("members")), (Some(1), None), "{q:#?}");
        // A member that is not a user of the institution is refused, and changes nothing.
        let bad = app.call("PATCH", &format!("/scim/v2/Groups/{gid}"), k, Some(&json!({"schemas": [PATCH], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": uuid::Uuid::now_v7().to_string()}]},
        ]}))).await;
        scim_error(&bad, 400, Some("invalidValue"));
        let v1 = app.call("GET", &format!("/v1/groups/{gid}"), Some(&a.owner_token), None).await;
        assert_eq!((v1.body["member_count"].as_i64(), v1.body["external_id"].as_str()), (Some(2), Some("SEC-9")), "{v1:#?}");
        let r = app.call("DELETE", &format!("/scim/v2/Groups/{gid}"), k, None).await;
        assert_eq!(r.status, 204);
        scim_error(&app.call("GET", &format!("/scim/v2/Groups/{gid}"), k, None).await, 404, None);
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
