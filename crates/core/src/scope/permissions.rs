//! What each role may do, and the scopes an API key may carry. The matrix is written out in
//! docs/permissions.md; this file is its source of truth, and core checks it at the moment of each action.

use crate::error::{Error, Result};

crate::db::types::string_enum!(
    /// What a user may do inside its tenant (see docs/permissions.md).
    Role { Owner = "owner", Admin = "admin", Instructor = "instructor", Learner = "learner" }
);

macro_rules! permissions {
    ($($variant:ident = $bit:literal, $name:literal, $doc:literal;)*) => {
        /// One thing an actor may be allowed to do. API key scopes use the same names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Permission { $(#[doc = $doc] $variant),* }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),*];
            pub const fn name(self) -> &'static str {
                match self { $(Permission::$variant => $name),* }
            }
            pub const fn description(self) -> &'static str {
                match self { $(Permission::$variant => $doc),* }
            }
            const fn bit(self) -> u32 {
                match self { $(Permission::$variant => 1 << $bit),* }
            }
            pub fn parse(s: &str) -> Option<Permission> {
                match s { $($name => Some(Permission::$variant),)* _ => None }
            }
        }
    };
}

permissions! {
    TenantRead = 0, "tenant:read", "View the institution.";
    TenantWrite = 1, "tenant:write", "Change the institution's name, branding and settings.";
    UsersRead = 2, "users:read", "List and view users.";
    UsersWrite = 3, "users:write", "Create, change, invite and remove users.";
    CoursesRead = 4, "courses:read", "List and view courses (learners: published ones).";
    CoursesWrite = 5, "courses:write", "Create and change courses, modules and lessons.";
    EnrollmentsRead = 6, "enrollments:read", "View enrollments, progress and reports.";
    EnrollmentsWrite = 7, "enrollments:write", "Enrol and drop learners.";
    BillingRead = 8, "billing:read", "View the subscription and invoices.";
    BillingWrite = 9, "billing:write", "Start checkout and open the billing portal.";
    WebhooksRead = 10, "webhooks:read", "List webhook endpoints and deliveries.";
    WebhooksWrite = 11, "webhooks:write", "Create and delete webhook endpoints.";
    ApiKeysManage = 12, "api_keys:manage", "Create, list and revoke API keys (users only, never API keys).";
    AuditRead = 13, "audit:read", "Read the audit trail.";
    CertificatesWrite = 14, "certificates:write", "Revoke issued certificates.";
    Scim = 15, "scim", "Provision users and groups through SCIM 2.0 (`/scim/v2`).";
    GradesRead = 16, "grades:read", "View submissions, grades and gradebooks (instructors: of their courses).";
    GradesWrite = 17, "grades:write", "Grade submissions and post grades (instructors: of their courses).";
}

/// A set of permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permissions(u32);

impl Permissions {
    pub const NONE: Permissions = Permissions(0);

    pub fn of(list: &[Permission]) -> Self {
        Permissions(list.iter().fold(0, |acc, p| acc | p.bit()))
    }

    pub fn all() -> Self {
        Self::of(Permission::ALL)
    }

    /// The set as stored (idempotency records remember what the caller held).
    pub(crate) fn bits(self) -> u32 {
        self.0
    }

    pub(crate) fn from_bits(bits: u32) -> Self {
        Permissions(bits & Self::all().0)
    }

    /// The permissions in both sets.
    pub fn intersection(self, other: Permissions) -> Self {
        Permissions(self.0 & other.0)
    }

    /// Whether every permission of `other` is in this set.
    pub fn includes(self, other: Permissions) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.iter().copied().filter(move |p| self.contains(*p))
    }

    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Permission::name).collect()
    }

    /// What a user with `role` may do.
    pub fn for_role(role: Role) -> Self {
        use Permission::*;
        match role {
            Role::Owner | Role::Admin => Self::all(),
            Role::Instructor => Self::of(&[
                TenantRead,
                UsersRead,
                CoursesRead,
                CoursesWrite,
                EnrollmentsRead,
                EnrollmentsWrite,
                GradesRead,
                GradesWrite,
            ]),
            Role::Learner => Self::of(&[TenantRead, CoursesRead]),
        }
    }
}

/// The scopes an API key may carry: every permission but managing API keys.
pub fn grantable_scopes() -> impl Iterator<Item = Permission> {
    Permission::ALL.iter().copied().filter(|p| *p != Permission::ApiKeysManage)
}

/// Parses API key scopes; `Err` names the first unknown one.
pub fn parse_scopes(scopes: &[String]) -> Result<Permissions> {
    let mut list = Vec::new();
    for (i, s) in scopes.iter().enumerate() {
        match Permission::parse(s) {
            Some(p) if p != Permission::ApiKeysManage => list.push(p),
            _ => {
                let allowed: Vec<_> = grantable_scopes().map(Permission::name).collect();
                return Err(Error::invalid(
                    format!("scopes.{i}"),
                    format!("unknown scope `{s}`; use any of: {}", allowed.join(", ")),
                ));
            }
        }
    }
    Ok(Permissions::of(&list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_matrix() {
        let learner = Permissions::for_role(Role::Learner);
        assert!(learner.contains(Permission::CoursesRead));
        assert!(!learner.contains(Permission::UsersRead));
        let instructor = Permissions::for_role(Role::Instructor);
        assert!(instructor.contains(Permission::EnrollmentsWrite));
        assert!(!instructor.contains(Permission::UsersWrite));
        assert!(!instructor.contains(Permission::BillingRead));
        assert_eq!(Permissions::for_role(Role::Admin), Permissions::all());
    }

    /// docs/permissions.md is the written matrix; it must say what the code does.
    #[test]
    fn the_documented_matrix_matches_the_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/permissions.md");
        let doc = std::fs::read_to_string(path).expect("docs/permissions.md");
        let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with("| `")).collect();
        assert_eq!(rows.len(), Permission::ALL.len(), "one row per permission");
        for (row, p) in rows.iter().zip(Permission::ALL) {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells[0], format!("`{}`", p.name()));
            assert_eq!(cells[1], p.description());
            for (i, role) in [Role::Owner, Role::Admin, Role::Instructor, Role::Learner].into_iter().enumerate() {
                let documented = cells[2 + i] == "yes";
                assert_eq!(documented, Permissions::for_role(role).contains(*p), "{} for {role:?}", p.name());
            }
        }
    }

    #[test]
    fn scopes_parse_and_reject() {
        let p = parse_scopes(&["courses:read".into(), "users:write".into()]).unwrap();
        assert_eq!(p.names(), vec!["users:write", "courses:read"]);
        let err = parse_scopes(&["courses:read".into(), "root".into()]).unwrap_err();
        assert!(format!("{err}").contains("scopes.1"), "{err}");
        assert!(parse_scopes(&["api_keys:manage".into()]).is_err());
    }
}
