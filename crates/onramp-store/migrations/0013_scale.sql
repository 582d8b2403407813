-- Lists at scale (ADR 0013). Every organization list reads newest first, `(created_at, id)`
-- descending; each filter gets an index that leads with its column and ends in that order, so a
-- filtered page, its keyset continuation and its capped count read index entries in order
-- instead of sorting the table. The single-column indexes they replace are dropped.
DROP INDEX organizations_state;
DROP INDEX organizations_tier;
DROP INDEX organizations_category;
DROP INDEX organizations_country;
CREATE INDEX organizations_newest ON organizations (created_at, id);
CREATE INDEX organizations_state_newest ON organizations (state, created_at, id);
CREATE INDEX organizations_tier_newest ON organizations (tier, created_at, id);
CREATE INDEX organizations_category_newest ON organizations (category, created_at, id);
CREATE INDEX organizations_country_newest ON organizations (country, created_at, id);
CREATE INDEX organizations_directory_newest ON organizations (directory_opt_in, state, created_at, id);
