-- Subscriptions other nodes hold to this node's changes: what they watch (a record type, optionally narrowed to
-- areas, a box or a polygon), for which purpose, where notifications go, and until when. Matching runs inside the
-- transaction that writes the change, so the notification enters the outbox together with the change itself.

CREATE TABLE subscriptions (
  id text COLLATE "C" PRIMARY KEY,
  subscriber text COLLATE "C" NOT NULL,
  topic text NOT NULL CHECK (topic IN ('declarations', 'shelter-status', 'records-in-area')),
  dataset text COLLATE "C" NOT NULL,
  record_type text COLLATE "C" NOT NULL,
  -- { areas?, bbox?, within? } as the subscriber stated it (a RecordQuery narrowing).
  filter jsonb NOT NULL,
  purpose text NOT NULL,
  -- The subscriber's node URL from the trust list, and the callback under it.
  peer_url text NOT NULL,
  callback_url text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);

CREATE INDEX subscriptions_by_type ON subscriptions (record_type, expires_at);
CREATE INDEX subscriptions_by_subscriber ON subscriptions (subscriber, created_at);
