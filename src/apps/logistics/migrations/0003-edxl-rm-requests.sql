-- Whole EDXL-RM RequestResource messages taken into a node as requests (docs/logistics.md): each message once, by its
-- MessageID, with who sent it and a digest of what it said (the same id with other content is refused), and which
-- later message updated or cancelled it. Requests keep the message and element they came from; a recalled message's
-- requests are withdrawn (kept, no longer needs), never deleted. Existing rows stay as they are.
CREATE TABLE IF NOT EXISTS logistics_rm_messages (
  message_id text COLLATE "C" PRIMARY KEY,
  -- The participant whose node sent it, or operator:console for a file the node's own operator imported.
  sender text COLLATE "C" NOT NULL,
  -- SHA-256 of the message value as canonical JSON (RFC 8785).
  digest text NOT NULL,
  line_count integer NOT NULL CHECK (line_count >= 0),
  recalls text COLLATE "C",
  recall_type text CHECK (recall_type IN ('update', 'cancel')),
  received_at timestamptz NOT NULL,
  received_by text NOT NULL,
  -- The later message that updated or cancelled this one.
  withdrawn_by text COLLATE "C"
);

ALTER TABLE logistics_requests ADD COLUMN IF NOT EXISTS message_id text COLLATE "C";
ALTER TABLE logistics_requests ADD COLUMN IF NOT EXISTS element_id text;
-- The line's place in its message (0-based), so the requests keep the message's order.
ALTER TABLE logistics_requests ADD COLUMN IF NOT EXISTS line_index integer;
ALTER TABLE logistics_requests ADD COLUMN IF NOT EXISTS withdrawn_at timestamptz;

CREATE INDEX IF NOT EXISTS logistics_requests_message ON logistics_requests (message_id);
