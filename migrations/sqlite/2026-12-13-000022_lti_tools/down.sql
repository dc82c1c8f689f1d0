DROP TABLE lti_keys;
DROP TABLE lti_tools;
