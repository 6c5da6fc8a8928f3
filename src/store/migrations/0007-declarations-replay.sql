-- Federation state that must survive a restart: the signed declarations this node accepted, kept exactly as received
-- (payload and proof), so that each is verified again against the trust list in force when the node next starts; and
-- the nonces of signed requests already accepted, so that a restart does not reopen the replay window.

CREATE TABLE received_declarations (
  -- Arrival order; the book is rebuilt in it.
  seq bigserial PRIMARY KEY,
  -- SHA-256 (hex) of the RFC 8785 canonical JSON of the signed document: the same document is kept once.
  document_sha256 text COLLATE "C" NOT NULL UNIQUE,
  issuer text COLLATE "C" NOT NULL,
  declaration_id text COLLATE "C" NOT NULL,
  issued_at timestamptz NOT NULL,
  -- The signed declaration { payload, proof } as JSON text, so nothing about it is normalised before it is verified again.
  document text NOT NULL,
  received_at timestamptz NOT NULL
);

CREATE INDEX received_declarations_by_issuer ON received_declarations (issuer, declaration_id);

CREATE TABLE replay_nonces (
  requester text COLLATE "C" NOT NULL,
  nonce text COLLATE "C" NOT NULL,
  -- Milliseconds since the epoch: until then a request with this nonce is refused; afterwards the clock-skew check refuses it.
  expires_at bigint NOT NULL,
  PRIMARY KEY (requester, nonce)
);

CREATE INDEX replay_nonces_by_expiry ON replay_nonces (expires_at);
