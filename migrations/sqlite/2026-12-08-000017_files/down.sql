ALTER TABLE plans DROP COLUMN max_upload_bytes;
ALTER TABLE lessons DROP COLUMN file_id;
DROP TABLE files;
