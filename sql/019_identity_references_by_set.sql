-- 019_identity_references_by_set: an alias's and an observation's SSID
-- checked once per statement, by the set, instead of once per row.
--
-- `alias.ssid` and `observation.ssid` REFERENCES registry.identity (002,
-- 010) checked every inserted row with a probe of the identity index that
-- also locked the identity's row (FOR KEY SHARE): a nightly load of a
-- million new students spent 3.8 s on the aliases' checks and 4.4 s on the
-- observations' (bench/RESULTS.md).  The guarantee stays whole:
--
-- * rows inserted (INSERT, INSERT ... SELECT, COPY) are checked after each
--   statement by one anti-join of its transition table with
--   registry.identity; a row whose SSID is not there fails the statement
--   with SQLSTATE 23503 (foreign_key_violation), as the foreign key did;
-- * an UPDATE that changes a row's SSID (a merge undone, a split) is
--   checked for that row;
-- * the foreign key's other half, that a referenced identity never goes,
--   is the registry's rule anyway: an identity is never deleted, its SSID
--   never changed and the table never truncated (an SSID is retired, merged
--   into its survivor, never reused), and those are now refused for every
--   identity, not only for those referenced.  No row lock is needed: what
--   cannot be deleted cannot be deleted concurrently.  The checks run as
--   their owner, as a foreign key's do, so that a role's row security on
--   registry.identity cannot hide an identity from them.
--
-- identity's own BEFORE INSERT trigger (006) now runs only for a row that
-- names a survivor (WHEN), not for every SSID minted.

ALTER TABLE registry.alias DROP CONSTRAINT alias_ssid_fkey;
ALTER TABLE registry.observation DROP CONSTRAINT observation_ssid_fkey;

CREATE FUNCTION registry.ssids_exist() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing char(10);
BEGIN
    SELECT n.ssid INTO missing FROM new_rows n
        WHERE NOT EXISTS (SELECT FROM registry.identity i WHERE i.ssid = n.ssid)
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('insert or update on table "%s" violates its reference to registry.identity',
                             TG_TABLE_NAME),
            DETAIL = format('Key (ssid)=(%s) is not present in table "identity".', missing);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION registry.ssid_exists() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM registry.identity WHERE ssid = NEW.ssid) THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('insert or update on table "%s" violates its reference to registry.identity',
                             TG_TABLE_NAME),
            DETAIL = format('Key (ssid)=(%s) is not present in table "identity".', NEW.ssid);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER alias_ssid_inserted AFTER INSERT ON registry.alias
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION registry.ssids_exist();
CREATE TRIGGER alias_ssid_changed AFTER UPDATE OF ssid ON registry.alias
    FOR EACH ROW WHEN (OLD.ssid IS DISTINCT FROM NEW.ssid)
    EXECUTE FUNCTION registry.ssid_exists();
CREATE TRIGGER observation_ssid_inserted AFTER INSERT ON registry.observation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION registry.ssids_exist();
CREATE TRIGGER observation_ssid_changed AFTER UPDATE OF ssid ON registry.observation
    FOR EACH ROW WHEN (OLD.ssid IS DISTINCT FROM NEW.ssid)
    EXECUTE FUNCTION registry.ssid_exists();

CREATE FUNCTION registry.identity_is_permanent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE restrict_violation USING
        MESSAGE = format('%s of registry.identity refused: an SSID is never deleted or renamed',
                         lower(TG_OP)),
        HINT = 'Retire it instead: slds-ssid merge it into the SSID that survives.';
END $$;

CREATE TRIGGER identity_never_deleted BEFORE DELETE ON registry.identity
    FOR EACH ROW EXECUTE FUNCTION registry.identity_is_permanent();
CREATE TRIGGER identity_ssid_fixed BEFORE UPDATE OF ssid ON registry.identity
    FOR EACH ROW WHEN (OLD.ssid IS DISTINCT FROM NEW.ssid)
    EXECUTE FUNCTION registry.identity_is_permanent();
CREATE TRIGGER identity_never_truncated BEFORE TRUNCATE ON registry.identity
    FOR EACH STATEMENT EXECUTE FUNCTION registry.identity_is_permanent();

DROP TRIGGER identity_merge_flat ON registry.identity;
CREATE TRIGGER identity_merge_flat BEFORE INSERT OR UPDATE OF merged_into
    ON registry.identity FOR EACH ROW WHEN (NEW.merged_into IS NOT NULL)
    EXECUTE FUNCTION registry.keep_survivors_flat();
