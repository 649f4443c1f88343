-- 017: every lookup leaves an audit record.
--
-- `slds-ssid lookup` tells whoever runs it which SSIDs look like a child's
-- identity: a disclosure an auditor must be able to follow.  Each lookup is
-- a row: who (the actor), for which LEA and why when given, which fields
-- were given (their names only: the values are a child's identity and are
-- not kept), how many SSIDs were scored, the SSIDs shown in the order
-- shown, and the best probability.
CREATE TABLE registry.lookup (
    lookup_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    actor            text NOT NULL,
    lea_id           text,
    reason           text,
    fields           text[] NOT NULL,
    scored           integer NOT NULL CHECK (scored >= 0),
    shown            char(10)[] NOT NULL,
    best_probability double precision CHECK (best_probability BETWEEN 0 AND 1)
);
CREATE INDEX lookup_at_idx ON registry.lookup (at);

GRANT SELECT, INSERT ON registry.lookup TO slds_matcher;
GRANT SELECT, INSERT ON registry.lookup TO slds_auditor;
