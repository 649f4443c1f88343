-- 018: an index behind registry.event's reference to its undo.
--
-- `undone_by REFERENCES registry.event` (010) had no index on the
-- referencing column, so deleting or renumbering events (a purge of an old
-- test load, an archive job) checked each deleted event with a scan of the
-- whole event log: quadratic, hours for a million events.  Only undone
-- events carry the column, so the index is partial and small, and the
-- nightly inserts (undone_by NULL) do not touch it.
CREATE INDEX event_undone_by_idx ON registry.event (undone_by)
    WHERE undone_by IS NOT NULL;
