DROP TABLE lti_deep_links;
DROP TABLE lti_scores;
DROP TABLE lti_line_items;
DROP TABLE lti_access_tokens;
