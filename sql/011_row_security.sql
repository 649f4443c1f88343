-- 011_row_security: who may read what.  An LEA's users see a student's
-- records only while the student is, or recently was (an exit less than a
-- year ago), enrolled in that LEA; the state's service roles see everything.
--
-- Roles (cluster-wide, created once; each login role is made a member):
--   slds_lea       LEA users.  ops.lea_user maps a role (a user or a group
--                  of an LEA's users) to the LEA it acts for.
--   slds_loader    slds-load: writes the warehouse.
--   slds_matcher   slds-match and slds-ssid: write the registry.
--   slds_auditor   reads everything, changes nothing.
-- The programs' owner (who applies the migrations) is not subject to row
-- security and keeps running the batch as before.
--
-- A student's records are found through the alias of each row's (LEA, local
-- student ID), as the *_resolved views resolve them (010): a student who
-- moved from LEA A to LEA B shows A's history to B; a false merge shows the
-- other child's records only until it is undone, and a split takes them
-- away at once.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['slds_lea', 'slds_loader', 'slds_matcher', 'slds_auditor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;

CREATE TABLE ops.lea_user (
    role_name       name NOT NULL,
    lea_id          text NOT NULL,
    PRIMARY KEY (role_name, lea_id)
);
COMMENT ON TABLE ops.lea_user IS
    'The LEA a role acts for: its members see that LEA''s students (011_row_security.sql).';

-- The LEAs the session's user acts for: every mapped role it is a member of.
-- session_user, not current_user, which is this function's owner here.
CREATE FUNCTION ops.my_leas() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT DISTINCT u.lea_id FROM ops.lea_user u
    WHERE pg_has_role(session_user, u.role_name, 'MEMBER')
$$;

-- The (LEA, local ID) aliases of every student an LEA of the session's user
-- may see: its own, and every alias of a student (survivor SSID) it has
-- enrolled with no exit or an exit in the last 365 days.
CREATE FUNCTION warehouse.my_visible_aliases() RETURNS TABLE (lea_id text, local_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH mine AS (
        SELECT l AS lea_id FROM ops.my_leas() l
    ), students AS (
        SELECT DISTINCT coalesce(i.merged_into, i.ssid) AS ssid
        FROM warehouse.enrollment e
        JOIN mine USING (lea_id)
        LEFT JOIN registry.alias a ON a.lea_id = e.lea_id AND a.local_id = e.local_student_id
        JOIN registry.identity i ON i.ssid = coalesce(a.ssid, e.ssid)
        WHERE e.exit_date IS NULL OR e.exit_date >= current_date - 365
    )
    SELECT a.lea_id, a.local_id
    FROM registry.alias a JOIN registry.identity i ON i.ssid = a.ssid
    WHERE coalesce(i.merged_into, i.ssid) IN (SELECT ssid FROM students)
    UNION
    SELECT a.lea_id, a.local_id FROM registry.alias a JOIN mine USING (lea_id)
$$;
-- Their SSIDs and the survivors of those.
CREATE FUNCTION registry.my_visible_ssids() RETURNS SETOF char(10)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.ssid FROM warehouse.my_visible_aliases() v
        JOIN registry.alias a ON a.lea_id = v.lea_id AND a.local_id = v.local_id
    UNION
    SELECT i.merged_into FROM warehouse.my_visible_aliases() v
        JOIN registry.alias a ON a.lea_id = v.lea_id AND a.local_id = v.local_id
        JOIN registry.identity i ON i.ssid = a.ssid
    WHERE i.merged_into IS NOT NULL
$$;
REVOKE ALL ON FUNCTION ops.my_leas(), warehouse.my_visible_aliases(), registry.my_visible_ssids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ops.my_leas(), warehouse.my_visible_aliases(), registry.my_visible_ssids()
    TO slds_lea, slds_auditor, slds_loader, slds_matcher;

GRANT USAGE ON SCHEMA warehouse, registry, ops TO slds_lea, slds_auditor, slds_loader, slds_matcher;

-- The records about a student: visible to an LEA through the aliases above.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['student', 'enrollment', 'attendance', 'course_grade',
                             'assessment_result', 'special_ed', 'program_participation'] LOOP
        EXECUTE format('ALTER TABLE warehouse.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY lea_students ON warehouse.%I FOR SELECT TO slds_lea'
                       ' USING ((lea_id, local_student_id) IN'
                       ' (SELECT lea_id, local_id FROM warehouse.my_visible_aliases()))', t);
        EXECUTE format('CREATE POLICY service ON warehouse.%I TO slds_loader, slds_auditor'
                       ' USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT ON warehouse.%I, warehouse.%I TO slds_lea, slds_auditor',
                       t, t || '_resolved');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.%I TO slds_loader', t);
        -- The view reads the tables as its caller, under the caller's policies.
        EXECUTE format('ALTER VIEW warehouse.%I SET (security_invoker = true)', t || '_resolved');
    END LOOP;
END $$;

-- The directory: LEAs, schools and the course catalog are public to every
-- LEA; an LEA's staff, credentials and sections are its own.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['lea', 'school', 'course', 'staff', 'credential', 'section'] LOOP
        EXECUTE format('ALTER TABLE warehouse.%I ENABLE ROW LEVEL SECURITY', t);
        IF t IN ('staff', 'credential', 'section') THEN
            EXECUTE format('CREATE POLICY lea_own ON warehouse.%I FOR SELECT TO slds_lea'
                           ' USING (lea_id IN (SELECT ops.my_leas()))', t);
        ELSE
            EXECUTE format('CREATE POLICY lea_all ON warehouse.%I FOR SELECT TO slds_lea USING (true)', t);
        END IF;
        EXECUTE format('CREATE POLICY service ON warehouse.%I TO slds_loader, slds_auditor'
                       ' USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT ON warehouse.%I TO slds_lea, slds_auditor', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.%I TO slds_loader', t);
    END LOOP;
END $$;

-- The registry: an LEA sees the identities and aliases of the students it
-- may see (the resolved views need them); nothing of the review queue, the
-- observations or the event log, which are the state's.
ALTER TABLE registry.alias ENABLE ROW LEVEL SECURITY;
CREATE POLICY lea_students ON registry.alias FOR SELECT TO slds_lea
    USING ((lea_id, local_id) IN (SELECT lea_id, local_id FROM warehouse.my_visible_aliases()));
CREATE POLICY service ON registry.alias TO slds_matcher, slds_auditor USING (true) WITH CHECK (true);
ALTER TABLE registry.identity ENABLE ROW LEVEL SECURITY;
CREATE POLICY lea_students ON registry.identity FOR SELECT TO slds_lea
    USING (ssid IN (SELECT registry.my_visible_ssids()));
CREATE POLICY service ON registry.identity TO slds_matcher, slds_auditor USING (true) WITH CHECK (true);
GRANT SELECT (ssid, status, merged_into) ON registry.identity TO slds_lea;
GRANT SELECT ON registry.alias TO slds_lea;
GRANT SELECT ON ALL TABLES IN SCHEMA registry TO slds_auditor;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA registry TO slds_matcher;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA registry TO slds_matcher;

-- Operations: an LEA sees its own submissions.
ALTER TABLE ops.submission ENABLE ROW LEVEL SECURITY;
CREATE POLICY lea_own ON ops.submission FOR SELECT TO slds_lea
    USING (lea_id IN (SELECT ops.my_leas()));
CREATE POLICY service ON ops.submission TO slds_loader, slds_matcher, slds_auditor
    USING (true) WITH CHECK (true);
GRANT SELECT ON ops.submission TO slds_lea;
GRANT SELECT ON ALL TABLES IN SCHEMA ops TO slds_auditor, slds_loader, slds_matcher;
