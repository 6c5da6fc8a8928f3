-- A trust anchor's own state (tsunagu trust …): every version of the signed trust list it published, in order, and the
-- join requests it received, pending until a person at the anchor approves or declines each one.

CREATE TABLE anchor_trust_lists (
  -- The list's version: one more on every publication, so a node can refuse a list older than the one it holds.
  version integer PRIMARY KEY CHECK (version >= 1),
  trust_list_id text COLLATE "C" NOT NULL,
  issued_at timestamptz NOT NULL,
  -- What changed, in a word (init, admit, revoke, …), and the participant concerned, for the version history.
  operation text COLLATE "C" NOT NULL,
  subject text COLLATE "C",
  -- The signed list { payload, proof } as JSON text, exactly as published.
  document text NOT NULL
);

CREATE TABLE anchor_join_requests (
  seq bigserial PRIMARY KEY,
  request_id text COLLATE "C" NOT NULL,
  participant_id text COLLATE "C" NOT NULL,
  -- SHA-256 (hex) of the RFC 8785 canonical JSON of the signed request: the same request is kept once.
  document_sha256 text COLLATE "C" NOT NULL UNIQUE,
  -- The signed join request { payload, proof } as JSON text, as received.
  document text NOT NULL,
  -- 'file' (handed over) or 'online' (sent to the anchor's node).
  source text COLLATE "C" NOT NULL CHECK (source IN ('file', 'online')),
  received_at timestamptz NOT NULL,
  status text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
  decided_at timestamptz,
  decision_reason text
);

CREATE INDEX anchor_join_requests_pending ON anchor_join_requests (status, seq);
