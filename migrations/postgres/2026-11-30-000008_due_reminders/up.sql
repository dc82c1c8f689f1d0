-- Due-date reminders: when the reminder for the current due date was sent (cleared when it changes).
ALTER TABLE enrollments ADD COLUMN reminded_at timestamptz;
CREATE INDEX enrollments_due_idx ON enrollments (tenant_id, due_at) WHERE status = 'active' AND reminded_at IS NULL;
