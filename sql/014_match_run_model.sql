-- 014_match_run_model: what a probabilistic match run decided with.
--
-- slds-match records, per run, the model it scored with (version, lambda,
-- whether m and u were estimated from this batch, the thresholds), the
-- candidate pairs, how many records were decided by a known local ID or a
-- claimed SSID, and how many review items it opened, so that an auditor can
-- read any decision in the light of the run that made it.

ALTER TABLE registry.match_run ADD COLUMN reviews bigint NOT NULL DEFAULT 0;
ALTER TABLE registry.match_run ADD COLUMN model jsonb;
