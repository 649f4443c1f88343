-- 006_survivors: a merge in the registry shows at once in the warehouse.
--
-- When SSID A is merged into B, A is retired with merged_into = B; the
-- warehouse keeps the SSID each submission was matched to (its provenance).
-- Every query path resolves it through the *_resolved views below, whose
-- ssid is the survivor (reported_ssid the one loaded).  The trigger keeps
-- merged_into pointing at an active SSID: merging B into C later repoints
-- A to C, and merging into a retired SSID goes to its survivor, so one
-- look-up always suffices.

CREATE FUNCTION registry.keep_survivors_flat() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target char(10);
BEGIN
    IF NEW.merged_into IS NOT NULL THEN
        -- Into a retired SSID: into its survivor.
        SELECT coalesce(merged_into, ssid) INTO target
            FROM registry.identity WHERE ssid = NEW.merged_into;
        IF target = NEW.ssid THEN
            RAISE EXCEPTION 'merging % into % would make a cycle', NEW.ssid, NEW.merged_into;
        END IF;
        NEW.merged_into := target;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION registry.repoint_merged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.merged_into IS NOT NULL AND OLD.merged_into IS DISTINCT FROM NEW.merged_into THEN
        UPDATE registry.identity SET merged_into = NEW.merged_into
            WHERE merged_into = NEW.ssid;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER identity_merge_flat BEFORE INSERT OR UPDATE OF merged_into
    ON registry.identity FOR EACH ROW EXECUTE FUNCTION registry.keep_survivors_flat();
CREATE TRIGGER identity_merge_repoint AFTER UPDATE OF merged_into
    ON registry.identity FOR EACH ROW EXECUTE FUNCTION registry.repoint_merged();
CREATE INDEX identity_merged_into_idx ON registry.identity (merged_into)
    WHERE merged_into IS NOT NULL;

CREATE VIEW warehouse.student_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.claimed_ssid, t.first_name,
           t.middle_name, t.last_name, t.suffix, t.birth_date,
           t.sex, t.race_ethnicity, t.school_year
    FROM warehouse.student t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.enrollment_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.school_id, t.local_student_id, t.school_year,
           t.grade_level, t.entry_date, t.entry_code, t.exit_date,
           t.exit_code, t.fte
    FROM warehouse.enrollment t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.attendance_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.days_in_membership,
           t.days_present, t.days_excused, t.days_unexcused, t.school_year
    FROM warehouse.attendance t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.course_grade_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.section_id,
           t.course_code, t.term, t.mark, t.credits_attempted,
           t.credits_earned, t.school_year
    FROM warehouse.course_grade t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.assessment_result_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.school_id, t.test_code,
           t.subject, t.test_date, t.grade_level, t.scale_score,
           t.proficiency_level, t.growth_percentile, t.school_year
    FROM warehouse.assessment_result t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.special_ed_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.disability, t.setting,
           t.iep_start_date, t.iep_end_date, t.exit_date, t.exit_reason,
           t.school_year
    FROM warehouse.special_ed t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
CREATE VIEW warehouse.program_participation_resolved AS
    SELECT coalesce(i.merged_into, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.program, t.begin_date,
           t.end_date, t.school_year
    FROM warehouse.program_participation t LEFT JOIN registry.identity i ON i.ssid = t.ssid;
