-- Uploaded files (issue 18); see the PostgreSQL migration for the meaning of each column.
CREATE TABLE files (
    tenant_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    uploader_type TEXT    NOT NULL,
    uploader_id   TEXT,
    filename      TEXT    NOT NULL,
    declared_type TEXT,
    content_type  TEXT,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256        TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'uploading', 'stored')),
    url_secret    TEXT    NOT NULL,
    attached_kind TEXT    CHECK (attached_kind IN ('lesson', 'submission', 'feedback')),
    attached_id   TEXT,
    course_id     TEXT,
    created_at    TEXT    NOT NULL,
    stored_at     TEXT,
    expires_at    TEXT,
    PRIMARY KEY (tenant_id, id),
    CHECK ((attached_kind IS NULL) = (attached_id IS NULL)),
    CHECK (status = 'stored' OR attached_kind IS NULL)
) WITHOUT ROWID;
CREATE INDEX files_attached_idx ON files (tenant_id, attached_kind, attached_id) WHERE attached_id IS NOT NULL;
CREATE INDEX files_pending_idx ON files (tenant_id, expires_at) WHERE status <> 'stored';

ALTER TABLE lessons ADD COLUMN file_id TEXT;

ALTER TABLE plans ADD COLUMN max_upload_bytes INTEGER NOT NULL DEFAULT 104857600;
UPDATE plans SET max_upload_bytes = 26214400 WHERE code = 'trial';
UPDATE plans SET max_upload_bytes = 104857600 WHERE code = 'starter';
UPDATE plans SET max_upload_bytes = 524288000 WHERE code = 'growth';
UPDATE plans SET max_upload_bytes = 1073741824 WHERE code = 'enterprise';
