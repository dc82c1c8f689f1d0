DROP TABLE events;
DROP TABLE operations;
DROP TABLE certificates;
DROP TABLE signing_keys;
DROP TABLE quiz_attempts;
DROP TABLE lesson_progress;
DROP TABLE enrollments;
