-- 004_provenance_without_row_checks: drop the foreign keys from high-volume
-- tables to ops.submission and registry.match_run.
--
-- Every row of a batch points at the same submission (or match run), which
-- the writing program reads and locks in the same transaction; checking that
-- reference once per row cost more than the insert itself (100,000 aliases:
-- 4.1 s with three such checks a row).  The references that carry identity
-- (registry.alias.ssid and registry.identity.merged_into to
-- registry.identity) keep their foreign keys.

ALTER TABLE registry.identity DROP CONSTRAINT identity_created_by_fkey;
ALTER TABLE registry.alias DROP CONSTRAINT alias_first_seen_fkey;
ALTER TABLE registry.alias DROP CONSTRAINT alias_last_seen_fkey;
ALTER TABLE registry.event DROP CONSTRAINT event_match_run_id_fkey;
ALTER TABLE registry.event DROP CONSTRAINT event_submission_id_fkey;
ALTER TABLE warehouse.student DROP CONSTRAINT student_submission_id_fkey;
ALTER TABLE warehouse.enrollment DROP CONSTRAINT enrollment_submission_id_fkey;
