-- 020_unused_registry_indexes: two indexes that every new student paid
-- for and nothing read, dropped; the SSID key made unchangeable.
--
-- A nightly load of a million new students inserts a million identities
-- and observations, each a descent of every index at a random place (the
-- rows go in SSID order, which these indexes do not follow).  On the
-- statewide benchmark (6,000,000 identities, bench/RESULTS.md):
--
-- * observation_birth_date_idx (010) cost 2.3 s of the observations'
--   10 s and was never scanned: `slds-ssid lookup` reads the observations
--   within 400 days of a birth date, a sixth of the registry, which the
--   planner reads by a sequential scan (EXPLAIN: Parallel Seq Scan, 0.4 s),
--   and nothing else selects observations by birth date;
-- * identity_serial_key (002, UNIQUE on the serial) cost 1.7 s of the
--   identities' 3.6 s and was never scanned.  Its guarantee holds without
--   it: an SSID is the keyed permutation of its serial (common/ssid.h), a
--   bijection under the registry's one key, so two identities with one
--   serial would have one SSID, which the primary key refuses; serials come
--   from registry.ssid_serial, which never cycles.  That argument needs the
--   key never to change, which was only a convention: it is now refused
--   (and a changed key would have given new SSIDs that could collide with
--   old ones, so this closes a hole, too).

DROP INDEX registry.observation_birth_date_idx;
ALTER TABLE registry.identity DROP CONSTRAINT identity_serial_key;

CREATE FUNCTION registry.ssid_key_is_permanent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE restrict_violation USING
        MESSAGE = format('%s of registry.ssid_key refused: the SSID key never changes',
                         lower(TG_OP)),
        DETAIL = 'Every SSID is the permutation of its serial under this key; another key '
                 'would mint SSIDs that collide with those already issued.';
END $$;

CREATE TRIGGER ssid_key_fixed BEFORE UPDATE OR DELETE ON registry.ssid_key
    FOR EACH ROW EXECUTE FUNCTION registry.ssid_key_is_permanent();
CREATE TRIGGER ssid_key_never_truncated BEFORE TRUNCATE ON registry.ssid_key
    FOR EACH STATEMENT EXECUTE FUNCTION registry.ssid_key_is_permanent();
