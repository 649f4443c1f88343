-- 010_registry_operations: the review queue, the observations each submission
-- made of a student, and a warehouse that follows splits as well as merges.
--
-- slds-ssid merges, splits, resolves review items and undoes any of them.
-- A merge retires an SSID (006); a split moves (LEA, local ID) aliases to a
-- new SSID.  The *_resolved views now take a row's SSID from its alias, the
-- registry's current belief about that LEA's local ID, then its survivor: a
-- split, like a merge, shows in the warehouse at once and is undone as
-- easily, while each row keeps the SSID it was loaded with (reported_ssid).

ALTER TABLE registry.event DROP CONSTRAINT event_kind_check;
ALTER TABLE registry.event ADD CONSTRAINT event_kind_check
    CHECK (kind IN ('mint', 'link', 'merge', 'split', 'review', 'resolve', 'undo'));
ALTER TABLE registry.event ADD COLUMN undone_by bigint REFERENCES registry.event;
CREATE INDEX event_other_ssid_idx ON registry.event (other_ssid) WHERE other_ssid IS NOT NULL;

-- A pair the matcher could not decide: the record got a provisional SSID
-- (ssid) and looks like an existing one (candidate_ssid).  Resolving it
-- "same" merges the provisional SSID into the candidate; "different" keeps
-- both.  The evidence is the matcher's, comparison by comparison.
CREATE TABLE registry.review (
    review_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    opened_at       timestamptz NOT NULL DEFAULT now(),
    match_run_id    bigint REFERENCES registry.match_run,
    submission_id   bigint REFERENCES ops.submission,
    lea_id          text NOT NULL,
    local_id        text NOT NULL,
    ssid            char(10) NOT NULL REFERENCES registry.identity,
    candidate_ssid  char(10) NOT NULL REFERENCES registry.identity,
    probability     double precision CHECK (probability BETWEEN 0 AND 1),
    weight          double precision,
    evidence        jsonb,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same', 'different')),
    resolved_at     timestamptz,
    resolved_by     text,
    reason          text,
    CHECK ((status = 'open') = (resolved_at IS NULL)),
    CHECK (ssid <> candidate_ssid)
);
CREATE INDEX review_open_idx ON registry.review (lea_id, review_id) WHERE status = 'open';
CREATE INDEX review_ssid_idx ON registry.review (ssid);

-- What a submission said of a student, as it said it: the matcher's
-- memory of every identity it has seen, for later matching, look-ups and
-- sweeps.  Personal data: only the registry's roles read it.
CREATE TABLE registry.observation (
    ssid            char(10) NOT NULL REFERENCES registry.identity,
    lea_id          text NOT NULL,
    local_id        text NOT NULL,
    submission_id   bigint NOT NULL,
    first_name      text,
    middle_name     text,
    last_name       text,
    birth_date      date,
    sex             text,
    birthplace      text,
    zip             text,
    observed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lea_id, local_id, submission_id)
);
CREATE INDEX observation_ssid_idx ON registry.observation (ssid);
CREATE INDEX observation_birth_date_idx ON registry.observation (birth_date);

CREATE OR REPLACE VIEW warehouse.student_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.claimed_ssid, t.first_name,
           t.middle_name, t.last_name, t.suffix, t.birth_date,
           t.sex, t.race_ethnicity, t.school_year
    FROM warehouse.student t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.enrollment_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.school_id, t.local_student_id, t.school_year,
           t.grade_level, t.entry_date, t.entry_code, t.exit_date,
           t.exit_code, t.fte
    FROM warehouse.enrollment t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.attendance_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.days_in_membership,
           t.days_present, t.days_excused, t.days_unexcused, t.school_year
    FROM warehouse.attendance t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.course_grade_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.section_id,
           t.course_code, t.term, t.mark, t.credits_attempted,
           t.credits_earned, t.school_year
    FROM warehouse.course_grade t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.assessment_result_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.test_code,
           t.subject, t.test_date, t.grade_level, t.scale_score,
           t.proficiency_level, t.growth_percentile, t.school_year
    FROM warehouse.assessment_result t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.special_ed_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.disability, t.setting,
           t.iep_start_date, t.iep_end_date, t.exit_date, t.exit_reason,
           t.school_year
    FROM warehouse.special_ed t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
CREATE OR REPLACE VIEW warehouse.program_participation_resolved AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.program, t.begin_date,
           t.end_date, t.school_year
    FROM warehouse.program_participation t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
