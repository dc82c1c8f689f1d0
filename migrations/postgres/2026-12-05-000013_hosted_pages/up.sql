-- Hosted pages and institution app links (issue 24).
--
-- An institution may send its people to its own front end instead of Lyceum's hosted pages: `app_url`
-- (https) and, per link kind, the path on it (`app_paths`, a JSON object; absent kinds use the
-- documented defaults).
ALTER TABLE tenants ADD COLUMN app_url text;
ALTER TABLE tenants ADD COLUMN app_paths text;

-- One-time sign-in codes: the hosted sign-in page (and single sign-on) hands a person to the
-- institution's app with a short-lived code, never a session token in a URL; the app exchanges it.
ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
    CHECK (purpose IN ('invitation', 'password_reset', 'sign_in'));
