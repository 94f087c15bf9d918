-- Erasure (GDPR Art. 17, docs/ledger.md "Erasure"): the history tables stay append-only
-- except for the one change erasure makes, removing a person's free text from snapshots,
-- which the erasing transaction announces with SET LOCAL consent.erasure = 'on'.
CREATE OR REPLACE FUNCTION consent_history_is_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('consent.erasure', true) = 'on'
     AND NEW.entry_id = OLD.entry_id AND NEW.person_id = OLD.person_id
     AND NEW.recorded_at = OLD.recorded_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
