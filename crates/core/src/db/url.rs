//! Parsing `LYCEUM_DATABASE_URL` into a backend and the connection string Diesel expects.

use anyhow::bail;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What Diesel's `establish` takes: the URL for PostgreSQL, the file path for SQLite.
    pub connection_string: String,
}

impl DatabaseUrl {
    /// `sqlite://relative/path.db`, `sqlite:///absolute/path.db`, `postgres://...` or `postgresql://...`.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self { backend: Backend::Postgres, connection_string: url.to_string() });
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                bail!("database URL `{url}` names no file; use e.g. sqlite://lyceum.db");
            }
            return Ok(Self { backend: Backend::Sqlite, connection_string: path.to_string() });
        }
        bail!("unsupported database URL `{url}`: use sqlite://PATH or postgres://...")
    }

    /// The URL with its password (if any) masked.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.connection_string),
            Backend::Postgres => {
                let s = &self.connection_string;
                let Some(scheme_end) = s.find("://") else {
                    return s.clone();
                };
                let rest = &s[scheme_end + 3..];
                match (rest.find('@'), rest.find(':')) {
                    (Some(at), Some(colon)) if colon < at => {
                        format!("{}{}:***{}", &s[..scheme_end + 3], &rest[..colon], &rest[at..])
                    }
                    _ => s.clone(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_backends() {
        let u = DatabaseUrl::parse("sqlite://lyceum.db").unwrap();
        assert_eq!((u.backend, u.connection_string.as_str()), (Backend::Sqlite, "lyceum.db"));
        let u = DatabaseUrl::parse("sqlite:///var/lib/lyceum.db").unwrap();
        assert_eq!(u.connection_string, "/var/lib/lyceum.db");
        let u = DatabaseUrl::parse("postgres://app:secret@db:5432/lyceum").unwrap();
        assert_eq!(u.backend, Backend::Postgres);
        assert_eq!(u.redacted(), "postgres://app:***@db:5432/lyceum");
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
