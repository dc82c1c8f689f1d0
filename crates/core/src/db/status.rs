//! The vocabularies of the status columns, one enum each, beside the schema they describe (every layer
//! reads these columns; the domain modules re-export their own). Rows hold these enums: a stored value
//! the enum does not know fails the query instead of turning into a default (see [`string_enum`]).
//!
//! `subscriptions.status` is not here on purpose: it mirrors Stripe's subscription status verbatim,
//! a vocabulary Stripe owns and may extend; billing interprets it where it maps it to a tenant status.

use super::types::string_enum;

string_enum!(
    /// Lifecycle of a tenant. `suspended` and `deleted` tenants' credentials stop working; a `canceled`
    /// tenant (its subscription or trial ended) can sign in and read, but not change anything until it
    /// subscribes again.
    TenantStatus {
    Trialing = "trialing",
    Active = "active",
    PastDue = "past_due",
    Canceled = "canceled",
    Suspended = "suspended",
    Deleted = "deleted",
});

string_enum!(
    /// `invited` users have not set a password yet; `disabled` users cannot sign in; `erased` users
    /// are pseudonyms left by an erasure (`privacy::erase`), never to sign in or change again.
    UserStatus { Invited = "invited", Active = "active", Disabled = "disabled", Erased = "erased" }
);

string_enum!(
    /// A course: being written, visible to learners, or retired (kept, not listed to learners).
    CourseStatus { Draft = "draft", Published = "published", Archived = "archived" }
);

string_enum!(
    /// An enrollment: learning (holds a seat), finished, or dropped.
    EnrollmentStatus { Active = "active", Completed = "completed", Dropped = "dropped" }
);

string_enum!(
    /// One learner's progress on one lesson.
    ProgressStatus { Started = "started", Completed = "completed" }
);

string_enum!(
    /// A background job: waiting (or scheduled), taken by a worker, finished, or given up on.
    JobStatus { Queued = "queued", Running = "running", Done = "done", Dead = "dead" }
);

string_enum!(
    /// A long-running operation (bulk enrollment): `succeeded` means every row was handled (some may
    /// have failed); `failed` means the operation itself could not finish.
    OperationStatus { Queued = "queued", Running = "running", Succeeded = "succeeded", Failed = "failed" }
);

string_enum!(
    /// An outgoing webhook endpoint: receiving, or disabled (by an admin or after repeated failures).
    EndpointStatus { Active = "active", Disabled = "disabled" }
);

string_enum!(
    /// One delivery of an event to an endpoint.
    DeliveryStatus { Pending = "pending", Succeeded = "succeeded", Failed = "failed" }
);
