-- 008_load_summary: what each run of slds-load did, per record type.
--
-- One row per record type each time slds-load decides about a submission:
-- loaded (rows inserted, and the rows of earlier submissions of the same
-- scope it deleted: replaced), unchanged (the submission was already loaded,
-- or superseded: nothing changed, rows_unchanged is what it has in the
-- warehouse), or superseded (older than one already loaded: not loaded).
-- ops.submission.rows_loaded keeps the total of the load itself.

CREATE TABLE ops.load_summary (
    submission_id   bigint NOT NULL REFERENCES ops.submission,
    run_at          timestamptz NOT NULL,          -- the slds-load run (its transaction's start)
    outcome         text NOT NULL
                    CHECK (outcome IN ('loaded', 'unchanged', 'superseded')),
    record_type     text NOT NULL,                 -- catalog record type
    rows_inserted   bigint NOT NULL DEFAULT 0,
    rows_replaced   bigint NOT NULL DEFAULT 0,
    rows_unchanged  bigint NOT NULL DEFAULT 0,
    seconds         numeric(10,3) NOT NULL DEFAULT 0,
    PRIMARY KEY (submission_id, run_at, record_type)
);
COMMENT ON TABLE ops.load_summary IS 'What each slds-load run did to a submission, per record type.';
