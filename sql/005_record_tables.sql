-- 005_record_tables: a table for each record type the catalog gained: the
-- LEA and school directory, staff and their credentials, courses and
-- sections, attendance, course grades, assessment results, special
-- education and program participation.  Like student and enrollment (003),
-- each holds the rows as the submission delivered them, with the SSID that
-- matching gave a student's records; the submission that delivered a row is
-- what a superseding submission's load replaces.  Column names are the
-- catalog's (common/catalog.c); docs/warehouse.md maps them to CEDS.

CREATE TABLE warehouse.lea (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    lea_name          text NOT NULL,
    lea_type          text NOT NULL,
    nces_id           text,
    school_year       integer NOT NULL
);
CREATE INDEX lea_submission_idx ON warehouse.lea (submission_id);

CREATE TABLE warehouse.school (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    school_id         text NOT NULL,
    school_name       text NOT NULL,
    school_level      text NOT NULL,
    low_grade         text NOT NULL,
    high_grade        text NOT NULL,
    charter           text,
    school_year       integer NOT NULL
);
CREATE INDEX school_submission_idx ON warehouse.school (submission_id);

CREATE TABLE warehouse.staff (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    staff_id          text NOT NULL,
    educator_id       text,
    first_name        text NOT NULL,
    last_name         text NOT NULL,
    sex               text,
    school_id         text NOT NULL,
    position          text NOT NULL,
    fte               numeric(3,2),
    school_year       integer NOT NULL
);
CREATE INDEX staff_submission_idx ON warehouse.staff (submission_id);

CREATE TABLE warehouse.credential (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    staff_id          text NOT NULL,
    credential_id     text NOT NULL,
    license_type      text NOT NULL,
    endorsement       text,
    issue_date        date NOT NULL,
    expiry_date       date,
    school_year       integer NOT NULL
);
CREATE INDEX credential_submission_idx ON warehouse.credential (submission_id);

CREATE TABLE warehouse.course (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    course_code       text NOT NULL,
    course_title      text NOT NULL,
    subject           text NOT NULL,
    credits           numeric(4,2),
    school_year       integer NOT NULL
);
CREATE INDEX course_submission_idx ON warehouse.course (submission_id);

CREATE TABLE warehouse.section (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    lea_id            text NOT NULL,
    school_id         text NOT NULL,
    section_id        text NOT NULL,
    course_code       text NOT NULL,
    term              text NOT NULL,
    staff_id          text NOT NULL,
    school_year       integer NOT NULL
);
CREATE INDEX section_submission_idx ON warehouse.section (submission_id);

CREATE TABLE warehouse.attendance (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    school_id         text NOT NULL,
    days_in_membership numeric(4,1) NOT NULL,
    days_present      numeric(4,1) NOT NULL,
    days_excused      numeric(4,1),
    days_unexcused    numeric(4,1),
    school_year       integer NOT NULL
);
CREATE INDEX attendance_submission_idx ON warehouse.attendance (submission_id);
CREATE INDEX attendance_ssid_idx ON warehouse.attendance (ssid);

CREATE TABLE warehouse.course_grade (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    school_id         text NOT NULL,
    section_id        text,
    course_code       text NOT NULL,
    term              text NOT NULL,
    mark              text NOT NULL,
    credits_attempted numeric(4,2),
    credits_earned    numeric(4,2),
    school_year       integer NOT NULL
);
CREATE INDEX course_grade_submission_idx ON warehouse.course_grade (submission_id);
CREATE INDEX course_grade_ssid_idx ON warehouse.course_grade (ssid);

CREATE TABLE warehouse.assessment_result (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    school_id         text,
    test_code         text NOT NULL,
    subject           text NOT NULL,
    test_date         date NOT NULL,
    grade_level       text NOT NULL,
    scale_score       integer NOT NULL,
    proficiency_level text,
    growth_percentile integer,
    school_year       integer NOT NULL
);
CREATE INDEX assessment_result_submission_idx ON warehouse.assessment_result (submission_id);
CREATE INDEX assessment_result_ssid_idx ON warehouse.assessment_result (ssid);

CREATE TABLE warehouse.special_ed (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    disability        text NOT NULL,
    setting           text NOT NULL,
    iep_start_date    date NOT NULL,
    iep_end_date      date,
    exit_date         date,
    exit_reason       text,
    school_year       integer NOT NULL
);
CREATE INDEX special_ed_submission_idx ON warehouse.special_ed (submission_id);
CREATE INDEX special_ed_ssid_idx ON warehouse.special_ed (ssid);

CREATE TABLE warehouse.program_participation (
    submission_id     bigint NOT NULL,
    source_file       text NOT NULL,
    source_line       bigint NOT NULL,
    ssid              char(10) NOT NULL,
    lea_id            text NOT NULL,
    local_student_id  text NOT NULL,
    program           text NOT NULL,
    begin_date        date NOT NULL,
    end_date          date,
    school_year       integer NOT NULL
);
CREATE INDEX program_participation_submission_idx ON warehouse.program_participation (submission_id);
CREATE INDEX program_participation_ssid_idx ON warehouse.program_participation (ssid);

