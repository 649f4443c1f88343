-- 002_registry: the identity registry.  Only slds-match (and slds-ssid) write it.

CREATE SCHEMA registry;

-- The secret of the SSID permutation: SSIDs are a keyed permutation of serial
-- numbers, so they reveal nothing of the order students were first seen.
CREATE TABLE registry.ssid_key (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key_hex         text NOT NULL CHECK (key_hex ~ '^[0-9a-f]{32}$')
);
INSERT INTO registry.ssid_key (key_hex)
    VALUES (replace(gen_random_uuid()::text, '-', ''));

-- Serials are never reused: a rolled-back mint burns its serial.
CREATE SEQUENCE registry.ssid_serial AS bigint MINVALUE 0 MAXVALUE 899999999 START 0 NO CYCLE;

CREATE TABLE registry.identity (
    ssid            char(10) PRIMARY KEY,
    serial          bigint NOT NULL UNIQUE,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    merged_into     char(10) REFERENCES registry.identity,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      bigint REFERENCES ops.submission,
    CHECK ((status = 'retired') = (merged_into IS NOT NULL))
);

-- Every (LEA, local ID) ever linked to an SSID.
CREATE TABLE registry.alias (
    lea_id          text NOT NULL,
    local_id        text NOT NULL,
    ssid            char(10) NOT NULL REFERENCES registry.identity,
    first_seen      bigint REFERENCES ops.submission,
    last_seen       bigint REFERENCES ops.submission,
    PRIMARY KEY (lea_id, local_id)
);
CREATE INDEX alias_ssid_idx ON registry.alias (ssid);

CREATE TABLE registry.match_run (
    match_run_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id   bigint NOT NULL REFERENCES ops.submission,
    started_at      timestamptz NOT NULL DEFAULT now(),
    records         bigint NOT NULL,
    linked          bigint NOT NULL,
    minted          bigint NOT NULL,
    method          text NOT NULL
);

-- Every identity decision, with its evidence.
CREATE TABLE registry.event (
    event_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    match_run_id    bigint REFERENCES registry.match_run,
    kind            text NOT NULL CHECK (kind IN ('mint', 'link', 'merge', 'split', 'review', 'undo')),
    ssid            char(10) NOT NULL,
    other_ssid      char(10),
    lea_id          text,
    local_id        text,
    submission_id   bigint REFERENCES ops.submission,
    actor           text NOT NULL DEFAULT current_user,
    reason          text NOT NULL,
    evidence        jsonb
);
CREATE INDEX event_ssid_idx ON registry.event (ssid);
