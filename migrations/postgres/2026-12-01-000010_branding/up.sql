-- Per-institution email branding: the colour of its emails and where replies go.
ALTER TABLE tenants ADD COLUMN brand_color text CHECK (brand_color ~ '^#[0-9a-f]{6}$');
ALTER TABLE tenants ADD COLUMN reply_to text;
