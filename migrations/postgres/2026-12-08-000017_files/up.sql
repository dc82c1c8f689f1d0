-- Uploaded files (issue 18): a row per file, its bytes in object storage under `<tenant_id>/<id>`.
-- A row is written `pending` before any byte is stored and becomes `stored` only once the object is
-- complete and checked; a pending row past `expires_at` is swept with whatever part of its object
-- exists, so no object outlives its row and no stored row lacks its object.
CREATE TABLE files (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    -- Who uploaded it, as the audit trail names actors (`user`, `api_key`, ...).
    uploader_type text        NOT NULL,
    uploader_id   text,
    filename      text        NOT NULL,
    -- What the client said it is; `content_type` is what the bytes are.
    declared_type text,
    content_type  text,
    -- Pending: the most it may hold; stored: its size.
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256        text,
    status        text        NOT NULL CHECK (status IN ('pending', 'uploading', 'stored')),
    -- The key of its signed URLs (HMAC-SHA256), random per file.
    url_secret    text        NOT NULL,
    -- What it belongs to once attached: a file lesson, a submission, or a grade's feedback.
    attached_kind text        CHECK (attached_kind IN ('lesson', 'submission', 'feedback')),
    attached_id   uuid,
    course_id     uuid,
    created_at    timestamptz NOT NULL,
    stored_at     timestamptz,
    expires_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK ((attached_kind IS NULL) = (attached_id IS NULL)),
    CHECK (status = 'stored' OR attached_kind IS NULL)
);
CREATE INDEX files_attached_idx ON files (tenant_id, attached_kind, attached_id) WHERE attached_id IS NOT NULL;
CREATE INDEX files_pending_idx ON files (tenant_id, expires_at) WHERE status <> 'stored';

ALTER TABLE files ENABLE ROW LEVEL SECURITY;
ALTER TABLE files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON files
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- A `file` lesson may show an uploaded file instead of a link.
ALTER TABLE lessons ADD COLUMN file_id uuid;

-- The largest upload each plan takes.
ALTER TABLE plans ADD COLUMN max_upload_bytes bigint NOT NULL DEFAULT 104857600;
UPDATE plans SET max_upload_bytes = 26214400 WHERE code = 'trial';
UPDATE plans SET max_upload_bytes = 104857600 WHERE code = 'starter';
UPDATE plans SET max_upload_bytes = 524288000 WHERE code = 'growth';
UPDATE plans SET max_upload_bytes = 1073741824 WHERE code = 'enterprise';
