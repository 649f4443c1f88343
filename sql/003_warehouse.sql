-- 003_warehouse: the first warehouse tables: students as each LEA reported them,
-- and enrollment spells.  Only slds-load writes the warehouse.  Every row
-- carries the submission that delivered it; a newer submission for the same
-- LEA, school year and collection replaces the older one's rows.

CREATE SCHEMA warehouse;

CREATE TABLE warehouse.student (
    submission_id     bigint NOT NULL REFERENCES ops.submission,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    claimed_ssid      char(10),
    first_name        text NOT NULL,
    middle_name       text,
    last_name         text NOT NULL,
    suffix            text,
    birth_date        date NOT NULL,
    sex               text NOT NULL,
    race_ethnicity    text,
    school_year       integer NOT NULL
);
CREATE INDEX student_submission_idx ON warehouse.student (submission_id);
CREATE INDEX student_ssid_idx ON warehouse.student (ssid);

CREATE TABLE warehouse.enrollment (
    submission_id     bigint NOT NULL REFERENCES ops.submission,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    school_id         text NOT NULL,
    local_student_id  text NOT NULL,
    school_year       integer NOT NULL,
    grade_level       text NOT NULL,
    entry_date        date NOT NULL,
    entry_code        text,
    exit_date         date,
    exit_code         text,
    fte               numeric(3,2)
);
CREATE INDEX enrollment_submission_idx ON warehouse.enrollment (submission_id);
CREATE INDEX enrollment_ssid_idx ON warehouse.enrollment (ssid);
CREATE INDEX enrollment_year_lea_idx ON warehouse.enrollment (school_year, lea_id);
