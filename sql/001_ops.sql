-- 001_ops: operations tables: submissions, batch runs and their steps, audit log.
-- ops.schema_migration itself is created by "slds-batch migrate" before any
-- migration runs, since it records them.

CREATE TABLE ops.submission (
    submission_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_key  text NOT NULL UNIQUE,          -- "LEA/folder"
    lea_id          text NOT NULL,
    school_year     integer NOT NULL CHECK (school_year BETWEEN 1990 AND 2200),
    collection      text NOT NULL
                    CHECK (collection IN ('daily', 'october-1', 'december-1', 'year-end')),
    content_sha256  text NOT NULL,                 -- hash of every file's name and hash
    received_at     timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received', 'rejected', 'loaded', 'superseded')),
    loaded_at       timestamptz,
    superseded_by   bigint REFERENCES ops.submission,
    rows_loaded     bigint
);
CREATE INDEX submission_scope_idx ON ops.submission (lea_id, school_year, collection);
COMMENT ON TABLE ops.submission IS 'One row per submission folder received from an LEA.';

CREATE TABLE ops.submission_file (
    submission_id   bigint NOT NULL REFERENCES ops.submission ON DELETE CASCADE,
    file_name       text NOT NULL,
    record_type     text NOT NULL,
    format          text NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          text NOT NULL,
    rows_read       bigint NOT NULL,
    rows_rejected   bigint NOT NULL,
    PRIMARY KEY (submission_id, file_name)
);

CREATE TABLE ops.batch_run (
    run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'succeeded', 'failed')),
    inbox           text NOT NULL,
    work_dir        text NOT NULL,
    outbox          text NOT NULL,
    started_by      text NOT NULL DEFAULT current_user
);

CREATE TABLE ops.batch_step (
    run_id          bigint NOT NULL REFERENCES ops.batch_run ON DELETE CASCADE,
    step_no         integer NOT NULL,
    submission_key  text,                          -- NULL for run-wide steps (report)
    step            text NOT NULL
                    CHECK (step IN ('ingest', 'validate', 'match', 'load', 'report')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    attempts        integer NOT NULL DEFAULT 1,
    exit_code       integer,
    PRIMARY KEY (run_id, step_no)
);

CREATE TABLE ops.audit_log (
    audit_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor           text NOT NULL DEFAULT current_user,
    action          text NOT NULL,                 -- receive, load, export, ...
    object          text NOT NULL,                 -- submission key, report path, ...
    detail          jsonb
);
CREATE INDEX audit_log_object_idx ON ops.audit_log (object);
