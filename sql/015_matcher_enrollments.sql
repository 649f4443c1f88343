-- 015: slds-match weighs whether two records' enrollments overlap.
--
-- A child new to an LEA who is the registry's student of the same name and
-- birth date has usually left the other LEA (an exit before the entry, or
-- no enrollment there this year); a namesake is usually still enrolled
-- there.  The matcher reads, for the SSIDs it considers, their
-- enrollments' LEA, school year, dates, entry and exit codes in the
-- warehouse: no name, no grade, nothing else of the child.
GRANT SELECT (ssid, lea_id, school_year, entry_date, entry_code, exit_date, exit_code) ON warehouse.enrollment TO slds_matcher;
CREATE POLICY matcher ON warehouse.enrollment FOR SELECT TO slds_matcher USING (true);
