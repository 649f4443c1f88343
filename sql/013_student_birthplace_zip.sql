-- 013_student_birthplace_zip: a student's birthplace (state and country of
-- birth) and home ZIP code, as each LEA reported them (catalog fields
-- birth_state, birth_country and zip).  They are personal data: like the
-- names and birth date they are read only under the row security of 011,
-- and never copied into warehouse.student_demographic, which keeps the
-- reporting demographics (sex, race/ethnicity, program statuses), not the
-- identifying ones.

ALTER TABLE warehouse.student
    ADD COLUMN birth_state   text,     -- USPS abbreviation; NULL for a birth abroad
    ADD COLUMN birth_country text,     -- ISO 3166-1 alpha-2
    ADD COLUMN zip           text;     -- 84043 or ZIP+4 84043-1234

COMMENT ON COLUMN warehouse.student.birth_state IS
    'State of birth (CEDS State of Birth, USPS abbreviation), as the LEA reported it.';
COMMENT ON COLUMN warehouse.student.birth_country IS
    'Country of birth (CEDS Country of Birth, ISO 3166-1 alpha-2), as the LEA reported it.';
COMMENT ON COLUMN warehouse.student.zip IS
    'ZIP code of the home address (CEDS Address Postal Code), as the LEA reported it.';

-- The registry keeps one birthplace per observation (010): the matcher
-- writes it in this form, so that a state and a country never collide
-- (CA is California and Canada).
COMMENT ON COLUMN registry.observation.birthplace IS
    'Birthplace as one code: ISO 3166-2 "US-UT" when the state is known, else the ISO 3166-1 alpha-2 country ("MX", "US").';
COMMENT ON COLUMN registry.observation.zip IS
    'The five digits of the home ZIP code (ZIP+4 cut to five).';

-- The new columns at the end of the view (010's definition otherwise); a
-- replaced view's options are replaced too, so 011's security_invoker is
-- given again.
CREATE OR REPLACE VIEW warehouse.student_resolved WITH (security_invoker = true) AS
    SELECT coalesce(i.merged_into, i.ssid, t.ssid) AS ssid, t.ssid AS reported_ssid,
           t.submission_id, t.source_file, t.source_line,
           t.lea_id, t.local_student_id, t.claimed_ssid, t.first_name,
           t.middle_name, t.last_name, t.suffix, t.birth_date,
           t.sex, t.race_ethnicity, t.school_year,
           t.birth_state, t.birth_country, t.zip
    FROM warehouse.student t
    LEFT JOIN registry.alias a ON a.lea_id = t.lea_id AND a.local_id = t.local_student_id
    LEFT JOIN registry.identity i ON i.ssid = coalesce(a.ssid, t.ssid);
