DROP INDEX enrollments_due_idx;
ALTER TABLE enrollments DROP COLUMN reminded_at;
