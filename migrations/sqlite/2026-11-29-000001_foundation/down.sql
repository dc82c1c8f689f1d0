DROP TABLE jobs;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE tenants;
