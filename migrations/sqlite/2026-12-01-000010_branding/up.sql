-- (SQLite twin) Per-institution email branding: the colour of its emails and where replies go.
ALTER TABLE tenants ADD COLUMN brand_color TEXT;
ALTER TABLE tenants ADD COLUMN reply_to TEXT;
