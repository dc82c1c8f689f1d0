//! Enrolling, written once for one user and for thousands (`enroll_batch`, used by the bulk operation).

use super::*;

/// Why one target of an enrollment batch was not enrolled.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    pub code: String,
    pub message: String,
}

impl RowError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> Self {
        RowError { code: code.into(), message: message.into() }
    }

    /// The error a single-enrollment request answers with for this row failure.
    pub(super) fn into_error(self) -> Error {
        match self.code.as_str() {
            "user_not_found" => Error::NotFound { resource: "user" },
            "seat_limit_reached" => Error::LimitReached { code: "seat_limit_reached", message: self.message },
            _ => Error::Conflict { code: "user_disabled", field: Some("user_id"), message: self.message },
        }
    }
}

/// What happened to one target of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    Enrolled(EnrollmentId),
    /// Already enrolled (active or completed): nothing changed.
    Unchanged(EnrollmentId),
    Failed(RowError),
}

/// Options that apply to every enrollment of a batch.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct EnrollOptions {
    pub due_at: Option<Timestamp>,
    /// Email each newly enrolled learner.
    pub notify: bool,
}

/// Enrols `targets` in `course` inside the caller's transaction, in a fixed number of queries for the
/// whole batch. A user enrolled once (active or completed) is left unchanged; a dropped enrollment is
/// reactivated with its progress. Each new seat is checked against the plan's limit.
pub(crate) fn enroll_batch(
    tx: &mut TenantTx<'_>,
    course_id: CourseId,
    targets: &[UserId],
    opts: EnrollOptions,
) -> Result<Vec<RowOutcome>> {
    let tenant = tx.tenant();
    let seat_limit = i64::from(lock_seats(tx)?);
    let course = get_course(tx, course_id)?;
    if course.status != CourseStatus::Published {
        return Err(Error::Conflict {
            code: "course_not_published",
            field: None,
            message: format!("the course is {}; only published courses take enrollments", course.status.as_str()),
        });
    }
    let mut ids: Vec<UserId> = targets.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut found: HashMap<UserId, UserRow> = HashMap::new();
    let mut existing: HashMap<UserId, EnrollmentRow> = HashMap::new();
    let mut seated: HashSet<UserId> = HashSet::new();
    for chunk in ids.chunks(500) {
        let u: Vec<UserRow> = with_conn!(tx, |c| tenant
            .scoped(users::table)
            .filter(users::id.eq_any(chunk))
            .select(UserRow::as_select())
            .load(c))?;
        found.extend(u.into_iter().map(|u| (u.id, u)));
        let e: Vec<EnrollmentRow> = with_conn!(tx, |c| tenant
            .scoped(enrollments::table)
            .filter(enrollments::course_id.eq(course_id))
            .filter(enrollments::user_id.eq_any(chunk))
            .select(EnrollmentRow::as_select())
            .load(c))?;
        existing.extend(e.into_iter().map(|e| (e.user_id, e)));
        let s: Vec<UserId> = with_conn!(tx, |c| tenant
            .scoped(enrollments::table)
            .filter(enrollments::status.eq(crate::enrollments::EnrollmentStatus::Active))
            .filter(enrollments::user_id.eq_any(chunk))
            .select(enrollments::user_id)
            .distinct()
            .load(c))?;
        seated.extend(s);
    }
    let mut used = crate::entitlements::seats_used(tx)?;
    let now = Timestamp::now();
    let mut new_rows = Vec::new();
    let mut reactivated = Vec::new();
    let mut outcomes = Vec::with_capacity(targets.len());
    let mut seen: HashMap<UserId, EnrollmentId> = HashMap::new();
    for user_id in targets {
        if let Some(id) = seen.get(user_id) {
            outcomes.push(RowOutcome::Unchanged(*id));
            continue;
        }
        let Some(user) = found.get(user_id) else {
            outcomes.push(RowOutcome::Failed(RowError::new("user_not_found", format!("no user with id {user_id}"))));
            continue;
        };
        if matches!(user.status, UserStatus::Disabled | UserStatus::Erased) {
            outcomes.push(RowOutcome::Failed(RowError::new(
                "user_disabled",
                format!("{} is {}; only active or invited people are enrolled", user.email, user.status.as_str()),
            )));
            continue;
        }
        let prior = existing.get(user_id);
        if let Some(e) = prior.filter(|e| e.status != EnrollmentStatus::Dropped) {
            seen.insert(*user_id, e.id);
            outcomes.push(RowOutcome::Unchanged(e.id));
            continue;
        }
        if !seated.contains(user_id) {
            if used >= seat_limit {
                outcomes.push(RowOutcome::Failed(RowError::new(
                    "seat_limit_reached",
                    format!("all {seat_limit} seats of the plan are taken; drop a learner or add seats"),
                )));
                continue;
            }
            used += 1;
            seated.insert(*user_id);
        }
        let id = match prior {
            Some(e) => {
                reactivated.push(e.id);
                e.id
            }
            None => {
                let id = EnrollmentId::new();
                new_rows.push(EnrollmentRow {
                    tenant_id: tenant.id(),
                    id,
                    course_id,
                    user_id: *user_id,
                    status: EnrollmentStatus::Active,
                    due_at: opts.due_at,
                    time_spent_seconds: 0,
                    score: None,
                    enrolled_at: now,
                    completed_at: None,
                    dropped_at: None,
                    last_activity_at: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    reminded_at: None,
                    external_id: None,
                });
                id
            }
        };
        seen.insert(*user_id, id);
        outcomes.push(RowOutcome::Enrolled(id));
    }
    // 15 columns per row: 500 rows stay under SQLite's bound-parameter limit.
    let ours = tx.tenant();
    for chunk in new_rows.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(enrollments::table).values(ours.stamp_all(chunk)).execute(c))?;
    }
    for id in &reactivated {
        with_conn!(tx, |c| diesel::update(tenant.scoped(enrollments::table).filter(enrollments::id.eq(*id)))
            .set((
                enrollments::status.eq(EnrollmentStatus::Active.as_str()),
                enrollments::dropped_at.eq(None::<Timestamp>),
                enrollments::due_at.eq(opts.due_at),
                enrollments::enrolled_at.eq(now),
                enrollments::version.eq(enrollments::version + 1),
                enrollments::updated_at.eq(now),
            ))
            .execute(c))?;
    }
    let enrolled: Vec<(EnrollmentId, UserId)> = outcomes
        .iter()
        .zip(targets)
        .filter_map(|(o, u)| match o {
            RowOutcome::Enrolled(id) => Some((*id, *u)),
            _ => None,
        })
        .collect();
    let data: Vec<serde_json::Value> = enrolled
        .iter()
        .map(|(id, user)| {
            serde_json::json!({ "enrollment_id": id, "course_id": course_id, "user_id": user, "due_at": opts.due_at })
        })
        .collect();
    events::emit_many(tx, "enrollment.created", &data)?;
    if opts.notify {
        for (id, _) in &enrolled {
            jobs::enqueue(tx, &EnrollmentEmail { tenant_id: tenant.id(), enrollment_id: *id })?;
        }
    }
    Ok(outcomes)
}

pub(super) fn check_due(due_at: Option<Timestamp>) -> Result<()> {
    match due_at {
        Some(d) if d < Timestamp::now() => Err(Error::invalid("due_at", "must be in the future")),
        _ => Ok(()),
    }
}

/// Input of [`enroll`].
#[derive(Debug, Clone)]
pub struct EnrollInput {
    pub user_id: UserId,
    pub due_at: Option<Timestamp>,
    pub notify: bool,
    /// The institution's own key for the enrollment (unique per institution).
    pub external_id: Option<String>,
}

/// Enrols one user: 409 `already_enrolled` if they are, 402 `seat_limit_reached` without a free seat,
/// 409 `course_not_published` for a draft or archived course, 404 for an unknown user.
pub async fn enroll(core: &Core, scope: &TenantScope, course_id: CourseId, input: EnrollInput) -> Result<Enrollment> {
    scope.require(Permission::EnrollmentsWrite)?;
    check_due(input.due_at)?;
    if let Some(x) = &input.external_id {
        let mut v = crate::error::Validator::new();
        crate::error::check_external_id(&mut v, x);
        v.finish()?;
    }
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            get_course(tx, course_id)?;
            crate::identity::staff::authorize(tx, course_id, crate::identity::staff::CourseRight::Enroll)?;
            let opts = EnrollOptions { due_at: input.due_at, notify: input.notify };
            let outcome = enroll_batch(tx, course_id, &[input.user_id], opts)?.remove(0);
            let id = match outcome {
                RowOutcome::Enrolled(id) => id,
                RowOutcome::Unchanged(id) => {
                    return Err(Error::Conflict {
                        code: "already_enrolled",
                        field: Some("user_id"),
                        message: format!("the user is already enrolled in this course (enrollment {id})"),
                    })
                }
                RowOutcome::Failed(e) => return Err(e.into_error()),
            };
            if let Some(x) = &input.external_id {
                let t = tx.tenant();
                with_conn!(tx, |c| diesel::update(t.scoped(enrollments::table).filter(enrollments::id.eq(id)))
                    .set(enrollments::external_id.eq(x))
                    .execute(c))
                .map_err(|e| match e {
                    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                        Error::Conflict {
                            code: "external_id_taken",
                            field: Some("external_id"),
                            message: "another enrollment of the institution has this external id".into(),
                        }
                    }
                    other => other.into(),
                })?;
            }
            audit::record(
                tx,
                "enrollment.created",
                Some(("enrollment", id.to_string())),
                serde_json::json!({ "course_id": course_id, "user_id": input.user_id }),
            )?;
            view_one(tx, id)
        })
        .await
}
