-- 007_partition_facts: the large facts partitioned by school year.
--
-- enrollment, attendance, course_grade and assessment_result grow by a
-- school year's rows every year; partitioned by school_year, a year's load
-- and a year's reports touch one partition, and an old year can be
-- detached and archived whole.  slds-load creates the partition of the year
-- it loads (warehouse.TABLE_yYYYY) in its transaction; a default partition
-- takes any other year.  The *_resolved views of 006 are made again over
-- the new tables.

DROP VIEW warehouse.enrollment_resolved;
ALTER TABLE warehouse.enrollment RENAME TO enrollment_unpartitioned;
CREATE TABLE warehouse.enrollment (LIKE warehouse.enrollment_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (school_year);
CREATE TABLE warehouse.enrollment_default PARTITION OF warehouse.enrollment DEFAULT;
CREATE INDEX ON warehouse.enrollment (submission_id);
CREATE INDEX ON warehouse.enrollment (ssid);
CREATE INDEX ON warehouse.enrollment (school_year, lea_id);
DO $$
DECLARE
    y integer;
BEGIN
    FOR y IN SELECT DISTINCT school_year FROM warehouse.enrollment_unpartitioned LOOP
        EXECUTE format('CREATE TABLE warehouse.%I PARTITION OF warehouse.enrollment FOR VALUES IN (%s)',
                       'enrollment_y' || y, y);
    END LOOP;
END $$;
INSERT INTO warehouse.enrollment SELECT * FROM warehouse.enrollment_unpartitioned;
DROP TABLE warehouse.enrollment_unpartitioned;
CREATE VIEW warehouse.enrollment_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.school_id, t.local_student_id, t.school_year,
           t.grade_level, t.entry_date, t.entry_code, t.exit_date,
           t.exit_code, t.fte
    FROM warehouse.enrollment t LEFT JOIN registry.identity i ON i.ssid = t.ssid;

DROP VIEW warehouse.attendance_resolved;
ALTER TABLE warehouse.attendance RENAME TO attendance_unpartitioned;
CREATE TABLE warehouse.attendance (LIKE warehouse.attendance_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (school_year);
CREATE TABLE warehouse.attendance_default PARTITION OF warehouse.attendance DEFAULT;
CREATE INDEX ON warehouse.attendance (submission_id);
CREATE INDEX ON warehouse.attendance (ssid);
DO $$
DECLARE
    y integer;
BEGIN
    FOR y IN SELECT DISTINCT school_year FROM warehouse.attendance_unpartitioned LOOP
        EXECUTE format('CREATE TABLE warehouse.%I PARTITION OF warehouse.attendance FOR VALUES IN (%s)',
                       'attendance_y' || y, y);
    END LOOP;
END $$;
INSERT INTO warehouse.attendance SELECT * FROM warehouse.attendance_unpartitioned;
DROP TABLE warehouse.attendance_unpartitioned;
CREATE VIEW warehouse.attendance_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.days_in_membership,
           t.days_present, t.days_excused, t.days_unexcused, t.school_year
    FROM warehouse.attendance t LEFT JOIN registry.identity i ON i.ssid = t.ssid;

DROP VIEW warehouse.course_grade_resolved;
ALTER TABLE warehouse.course_grade RENAME TO course_grade_unpartitioned;
CREATE TABLE warehouse.course_grade (LIKE warehouse.course_grade_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (school_year);
CREATE TABLE warehouse.course_grade_default PARTITION OF warehouse.course_grade DEFAULT;
CREATE INDEX ON warehouse.course_grade (submission_id);
CREATE INDEX ON warehouse.course_grade (ssid);
DO $$
DECLARE
    y integer;
BEGIN
    FOR y IN SELECT DISTINCT school_year FROM warehouse.course_grade_unpartitioned LOOP
        EXECUTE format('CREATE TABLE warehouse.%I PARTITION OF warehouse.course_grade FOR VALUES IN (%s)',
                       'course_grade_y' || y, y);
    END LOOP;
END $$;
INSERT INTO warehouse.course_grade SELECT * FROM warehouse.course_grade_unpartitioned;
DROP TABLE warehouse.course_grade_unpartitioned;
CREATE VIEW warehouse.course_grade_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.section_id,
           t.course_code, t.term, t.mark, t.credits_attempted,
           t.credits_earned, t.school_year
    FROM warehouse.course_grade t LEFT JOIN registry.identity i ON i.ssid = t.ssid;

DROP VIEW warehouse.assessment_result_resolved;
ALTER TABLE warehouse.assessment_result RENAME TO assessment_result_unpartitioned;
CREATE TABLE warehouse.assessment_result (LIKE warehouse.assessment_result_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (school_year);
CREATE TABLE warehouse.assessment_result_default PARTITION OF warehouse.assessment_result DEFAULT;
CREATE INDEX ON warehouse.assessment_result (submission_id);
CREATE INDEX ON warehouse.assessment_result (ssid);
DO $$
DECLARE
    y integer;
BEGIN
    FOR y IN SELECT DISTINCT school_year FROM warehouse.assessment_result_unpartitioned LOOP
        EXECUTE format('CREATE TABLE warehouse.%I PARTITION OF warehouse.assessment_result FOR VALUES IN (%s)',
                       'assessment_result_y' || y, y);
    END LOOP;
END $$;
INSERT INTO warehouse.assessment_result SELECT * FROM warehouse.assessment_result_unpartitioned;
DROP TABLE warehouse.assessment_result_unpartitioned;
CREATE VIEW warehouse.assessment_result_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.test_code,
           t.subject, t.test_date, t.grade_level, t.scale_score,
           t.proficiency_level, t.growth_percentile, t.school_year
    FROM warehouse.assessment_result t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
