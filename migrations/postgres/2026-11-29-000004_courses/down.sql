DROP TABLE lessons;
DROP TABLE course_modules;
DROP TABLE courses;
