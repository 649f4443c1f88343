-- 012_history_row_security: the histories of 009 under the rules of 011.
--
-- 011 put every table of 003-008 under row-level security, but 009's
-- warehouse.student_demographic and its views (student_current,
-- credential_history, section_credential) came with no policy and no grant:
-- an LEA user was denied them, and a view read as its owner would have
-- shown every LEA's rows to whoever was granted it.  Here they get the same
-- treatment:
--   - a demographic version is a record about a student: an LEA sees the
--     versions of the SSIDs it may see (registry.my_visible_ssids(): the
--     SSIDs of the aliases of the students it enrolls or enrolled less than
--     365 days ago, and their survivors), whichever LEA reported them;
--   - the credential views read staff credentials and sections, which an
--     LEA sees of its own only (011's lea_own policies);
--   - the views run as their caller (security_invoker), so the policies of
--     the tables under them apply;
--   - slds_loader writes the history (slds-load's refresh, in its load
--     transaction), slds_auditor reads all of it.

ALTER TABLE warehouse.student_demographic ENABLE ROW LEVEL SECURITY;
CREATE POLICY lea_students ON warehouse.student_demographic FOR SELECT TO slds_lea
    USING (ssid IN (SELECT registry.my_visible_ssids()));
CREATE POLICY service ON warehouse.student_demographic TO slds_loader, slds_auditor
    USING (true) WITH CHECK (true);
GRANT SELECT ON warehouse.student_demographic TO slds_lea, slds_auditor;
GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.student_demographic TO slds_loader;

ALTER VIEW warehouse.student_current SET (security_invoker = true);
ALTER VIEW warehouse.credential_history SET (security_invoker = true);
ALTER VIEW warehouse.section_credential SET (security_invoker = true);
GRANT SELECT ON warehouse.student_current, warehouse.credential_history,
    warehouse.section_credential TO slds_lea, slds_auditor, slds_loader;
