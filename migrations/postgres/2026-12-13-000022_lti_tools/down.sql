DROP TABLE lti_launches;
DELETE FROM lessons WHERE kind = 'lti';
ALTER TABLE lessons DROP CONSTRAINT lessons_lti_tool_check;
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check
    CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment'));
ALTER TABLE lessons DROP COLUMN lti;
ALTER TABLE lessons DROP COLUMN lti_tool_id;
DROP TABLE lti_keys;
DROP TABLE lti_tools;
