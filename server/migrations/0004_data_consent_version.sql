-- A version per person's data-consent decision, for its ETag and If-Match (as every other
-- resource has): 1 for the first decision, +1 on each change.
ALTER TABLE person_data_consents ADD COLUMN version bigint NOT NULL DEFAULT 1;
