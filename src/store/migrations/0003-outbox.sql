-- The outbox: writes meant for another node, kept until that node acknowledges them, and the receiving side's
-- record of idempotency keys already applied, so a repeated delivery is answered with the first outcome.

CREATE TABLE outbox_messages (
  -- Commit-independent enqueue order; FIFO per peer follows it.
  seq bigserial PRIMARY KEY,
  peer text COLLATE "C" NOT NULL,
  peer_url text NOT NULL,
  kind text NOT NULL,
  idempotency_key text COLLATE "C" NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
  -- Attempts started so far; also the fencing token that lets only the latest claim settle a message.
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- While delivering: when a claim by a dispatcher that died stops counting and the message is due again.
  lease_until timestamptz,
  -- A stable code and a short reason from the transport (status line, error code): never payload content.
  last_error_code text,
  last_error text,
  settled_at timestamptz,
  UNIQUE (peer, idempotency_key),
  CHECK ((state = 'delivering') = (lease_until IS NOT NULL))
);

-- Unsettled messages by peer in order: finding each peer's head and what is due.
CREATE INDEX outbox_messages_open ON outbox_messages (peer, seq) WHERE state IN ('pending', 'delivering');

CREATE TABLE outbox_receipts (
  sender text COLLATE "C" NOT NULL,
  idempotency_key text COLLATE "C" NOT NULL,
  received_at timestamptz NOT NULL,
  -- What the receiver answered the first time; a duplicate delivery gets the same answer.
  outcome jsonb,
  PRIMARY KEY (sender, idempotency_key)
);
