-- 021_self_references_by_trigger: the two references of the registry to
-- itself, an event's undone_by and a retired identity's merged_into,
-- checked only for the rows that have one.
--
-- As foreign keys they cost every inserted row a queued check, the row
-- fetched back and the check run, although the column is NULL in all but
-- a handful: a nightly load of a million new students spent 0.85 s on the
-- million mint events' undone_by and 0.2 to 0.8 s on the million new
-- identities' merged_into (bench/RESULTS.md).  A trigger with a WHEN
-- clause is not even queued for a row whose column is NULL.  The guarantee
-- stays whole:
--
-- * an identity merged into an SSID the registry does not hold is refused
--   with SQLSTATE 23503 (foreign_key_violation), as the foreign key did, by
--   the trigger that already looks the survivor up (006), instead of having
--   its merged_into quietly emptied;
-- * an event's undone_by must name an event (23503, on INSERT and UPDATE);
-- * the foreign keys' other half, that a referenced row never goes: an
--   identity is never deleted or renamed (019), and now the event log is
--   append-only, as an audit trail should be: an event is never deleted,
--   the log never truncated, and an event never changed but for its
--   undone_by, set once, when it is undone (slds-ssid undo).
--
-- The checks run as their owner, as a foreign key's do, so that a role's
-- row security cannot hide the row referred to.

ALTER TABLE registry.identity DROP CONSTRAINT identity_merged_into_fkey;
ALTER TABLE registry.event DROP CONSTRAINT event_undone_by_fkey;

CREATE OR REPLACE FUNCTION registry.keep_survivors_flat() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target char(10);
BEGIN
    IF NEW.merged_into IS NOT NULL THEN
        -- Into a retired SSID: into its survivor.
        SELECT coalesce(merged_into, ssid) INTO target
            FROM registry.identity WHERE ssid = NEW.merged_into;
        IF NOT FOUND THEN
            RAISE foreign_key_violation USING
                MESSAGE = 'insert or update on table "identity" violates its reference to registry.identity',
                DETAIL = format('Key (merged_into)=(%s) is not present in table "identity".',
                                NEW.merged_into);
        END IF;
        IF target = NEW.ssid THEN
            RAISE EXCEPTION 'merging % into % would make a cycle', NEW.ssid, NEW.merged_into;
        END IF;
        NEW.merged_into := target;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION registry.undoing_event_exists() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM registry.event WHERE event_id = NEW.undone_by) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "event" violates its reference to registry.event',
            DETAIL = format('Key (undone_by)=(%s) is not present in table "event".', NEW.undone_by);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER event_undone_by_exists AFTER INSERT OR UPDATE OF undone_by ON registry.event
    FOR EACH ROW WHEN (NEW.undone_by IS NOT NULL)
    EXECUTE FUNCTION registry.undoing_event_exists();

CREATE FUNCTION registry.event_is_permanent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE restrict_violation USING
        MESSAGE = format('%s of registry.event refused: the event log is append-only',
                         lower(TG_OP)),
        DETAIL = 'An event is never deleted or changed; only its undone_by is set, once, '
                 'when slds-ssid undo undoes it.';
END $$;

CREATE TRIGGER event_never_deleted BEFORE DELETE ON registry.event
    FOR EACH ROW EXECUTE FUNCTION registry.event_is_permanent();
CREATE TRIGGER event_never_truncated BEFORE TRUNCATE ON registry.event
    FOR EACH STATEMENT EXECUTE FUNCTION registry.event_is_permanent();
-- The whole row but undone_by, so that a column added later is covered too.
CREATE TRIGGER event_never_changed BEFORE UPDATE ON registry.event
    FOR EACH ROW WHEN (OLD.undone_by IS NOT NULL
        OR to_jsonb(OLD) - 'undone_by' IS DISTINCT FROM to_jsonb(NEW) - 'undone_by')
    EXECUTE FUNCTION registry.event_is_permanent();
