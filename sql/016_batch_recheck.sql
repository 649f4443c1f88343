-- 016: the run-wide step "recheck" of slds-batch.
--
-- After a run's submissions, slds-batch runs `slds-ssid review recheck`:
-- the matcher's review items opened before the other LEAs' submissions of
-- the year were loaded are scored again with their enrollments, and those
-- that now reach the link threshold are resolved "same" (docs/slds-ssid.md).
ALTER TABLE ops.batch_step DROP CONSTRAINT batch_step_step_check;
ALTER TABLE ops.batch_step ADD CONSTRAINT batch_step_step_check
    CHECK (step IN ('ingest', 'validate', 'match', 'load', 'recheck', 'report'));
