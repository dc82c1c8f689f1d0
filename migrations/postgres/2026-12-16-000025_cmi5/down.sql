DROP TABLE cmi5_outcomes;
DROP TABLE cmi5_sessions;
DROP TABLE cmi5_packages;
DELETE FROM lessons WHERE kind = 'cmi5';
ALTER TABLE lessons DROP CONSTRAINT lessons_cmi5_check;
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check
    CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment', 'lti'));
ALTER TABLE lessons DROP COLUMN cmi5;
