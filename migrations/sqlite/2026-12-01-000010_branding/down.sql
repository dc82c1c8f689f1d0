ALTER TABLE tenants DROP COLUMN reply_to;
ALTER TABLE tenants DROP COLUMN brand_color;
