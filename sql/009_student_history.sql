-- 009_student_history: the student's demographic history (a slowly changing
-- dimension of type 2) and the staff's credential history.
--
-- warehouse.student_demographic holds, per SSID, the versions of what the
-- LEAs reported: sex and race/ethnicity from the student record, and the
-- statuses the program records give (English learner, economically
-- disadvantaged, homeless, migrant, foster care).  A version is valid from
-- the as-of date of the submission that first reported it (ops.submission_as_of)
-- up to the next version's (valid_to, exclusive; NULL for the current one).
-- It is not kept row by row by the loader: slds-load recomputes the history
-- of every SSID its load touched (the student or program rows it deleted or
-- inserted) from the rows the warehouse then holds, in its transaction.  So a
-- superseding submission's rows take the place of the superseded one's in
-- the history, and submissions loaded out of date order (last year's after
-- this year's) land at their own dates.  docs/warehouse.md says more.

-- The date a submission reports as of: the collection's count date, or for
-- daily submissions the day received, held within the school year (a year's
-- daily submission received after it ended reports as of its last day).
CREATE FUNCTION ops.submission_as_of(collection text, school_year integer, received_at timestamptz)
RETURNS date LANGUAGE sql STABLE AS $$
    SELECT CASE collection
        WHEN 'october-1' THEN make_date(school_year - 1, 10, 1)
        WHEN 'december-1' THEN make_date(school_year - 1, 12, 1)
        WHEN 'year-end' THEN make_date(school_year, 6, 30)
        ELSE least(greatest(received_at::date, make_date(school_year - 1, 7, 1)),
                   make_date(school_year, 6, 30))
    END
$$;

CREATE TABLE warehouse.student_demographic (
    ssid              char(10) NOT NULL,
    valid_from        date NOT NULL,
    valid_to          date,                        -- exclusive; NULL: the current version
    sex               text NOT NULL,
    race_ethnicity    text,
    english_learner   boolean NOT NULL,
    economically_disadvantaged boolean NOT NULL,
    homeless          boolean NOT NULL,
    migrant           boolean NOT NULL,
    foster_care       boolean NOT NULL,
    submission_id     bigint NOT NULL,             -- the submission that reported this version first
    lea_id            text NOT NULL,
    PRIMARY KEY (ssid, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX student_demographic_current_idx ON warehouse.student_demographic (ssid)
    WHERE valid_to IS NULL;
COMMENT ON TABLE warehouse.student_demographic IS
    'Versions of a student''s demographics as reported, valid_from to valid_to (exclusive).';

CREATE VIEW warehouse.student_current AS
    SELECT ssid, valid_from, sex, race_ethnicity, english_learner,
           economically_disadvantaged, homeless, migrant, foster_care,
           submission_id, lea_id
    FROM warehouse.student_demographic WHERE valid_to IS NULL;

-- Recompute the history of the SSIDs in the temporary table touched_ssid
-- (ssid char(10) PRIMARY KEY), made by the caller in its transaction, from
-- the student and program rows the warehouse holds.  Returns the number of
-- versions written.  Of several reports of one SSID on one as-of date (two
-- LEAs), the submission received last is taken.  A status is the program's
-- rows of the same LEA and school year active on the as-of date.
CREATE FUNCTION warehouse.refresh_student_demographic() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM warehouse.student_demographic d USING pg_temp.touched_ssid t
        WHERE d.ssid = t.ssid;
    INSERT INTO warehouse.student_demographic (ssid, valid_from, valid_to, sex, race_ethnicity,
            english_learner, economically_disadvantaged, homeless, migrant, foster_care,
            submission_id, lea_id)
    WITH reported AS (
        SELECT DISTINCT ON (st.ssid, a.as_of)
               st.ssid, a.as_of, st.submission_id, st.lea_id, st.school_year,
               st.sex, st.race_ethnicity
        FROM pg_temp.touched_ssid t
        JOIN warehouse.student st ON st.ssid = t.ssid
        JOIN ops.submission s ON s.submission_id = st.submission_id
        CROSS JOIN LATERAL (SELECT ops.submission_as_of(s.collection, s.school_year,
                                                        s.received_at) AS as_of) a
        ORDER BY st.ssid, a.as_of, st.submission_id DESC, st.source_line DESC
    ), flagged AS (
        SELECT r.ssid, r.as_of, r.submission_id, r.lea_id, r.sex, r.race_ethnicity,
               coalesce(bool_or(p.program = 'EL'), false) AS english_learner,
               coalesce(bool_or(p.program = 'ECODIS'), false) AS economically_disadvantaged,
               coalesce(bool_or(p.program = 'HOMELESS'), false) AS homeless,
               coalesce(bool_or(p.program = 'MIGRANT'), false) AS migrant,
               coalesce(bool_or(p.program = 'FOSTER'), false) AS foster_care
        FROM reported r
        LEFT JOIN warehouse.program_participation p
               ON p.ssid = r.ssid AND p.lea_id = r.lea_id AND p.school_year = r.school_year
              AND p.begin_date <= r.as_of AND (p.end_date IS NULL OR p.end_date >= r.as_of)
        GROUP BY r.ssid, r.as_of, r.submission_id, r.lea_id, r.sex, r.race_ethnicity
    ), changes AS (
        SELECT f.*,
               ROW(sex, race_ethnicity, english_learner, economically_disadvantaged,
                   homeless, migrant, foster_care)
               IS DISTINCT FROM
               ROW(lag(sex) OVER w, lag(race_ethnicity) OVER w, lag(english_learner) OVER w,
                   lag(economically_disadvantaged) OVER w, lag(homeless) OVER w,
                   lag(migrant) OVER w, lag(foster_care) OVER w) AS changed
        FROM flagged f
        WINDOW w AS (PARTITION BY ssid ORDER BY as_of)
    )
    SELECT ssid, as_of, lead(as_of) OVER (PARTITION BY ssid ORDER BY as_of),
           sex, race_ethnicity, english_learner, economically_disadvantaged, homeless,
           migrant, foster_care, submission_id, lea_id
    FROM changes WHERE changed;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- The history of a warehouse loaded before this migration.
CREATE TEMP TABLE touched_ssid (ssid char(10) PRIMARY KEY) ON COMMIT DROP;
INSERT INTO touched_ssid SELECT DISTINCT ssid FROM warehouse.student;
SELECT warehouse.refresh_student_demographic();

-- Staff credential history: each credential once, however many submissions
-- reported it, with the dates it is valid ([issue_date, expiry_date], both
-- days included; no expiry: valid on).  The last submission that reported it
-- is its source.
CREATE VIEW warehouse.credential_history AS
    SELECT lea_id, staff_id, credential_id, license_type, endorsement, issue_date,
           expiry_date, daterange(issue_date, expiry_date, '[]') AS valid_during,
           max(submission_id) AS submission_id
    FROM warehouse.credential
    GROUP BY lea_id, staff_id, credential_id, license_type, endorsement, issue_date, expiry_date;

-- What qualified the teacher of a section: the section's teacher of record
-- with every credential they held in the LEA.  On a date D:
--   SELECT ... FROM warehouse.section_credential
--   WHERE lea_id = ... AND school_year = ... AND section_id = ... AND valid_during @> D
CREATE VIEW warehouse.section_credential AS
    SELECT s.lea_id, s.school_id, s.school_year, s.section_id, s.course_code, s.term,
           s.staff_id, c.credential_id, c.license_type, c.endorsement, c.issue_date,
           c.expiry_date, c.valid_during
    FROM warehouse.section s
    JOIN warehouse.credential_history c ON c.lea_id = s.lea_id AND c.staff_id = s.staff_id;
