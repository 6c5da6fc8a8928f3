-- EDXL-RM answers coming back to the node that asked (docs/logistics.md): the RequestResource messages this node sent
-- (to a participant's node through the outbox, or recorded by its operator as sent outside the data space), and the
-- CommitResource and ReportResourceDeploymentStatus messages that answer them, each once by its MessageID, with who
-- sent it, a digest of what it said, and its lines resolved to the requested element they concern. Existing rows stay.
CREATE TABLE IF NOT EXISTS logistics_rm_sent (
  message_id text COLLATE "C" PRIMARY KEY,
  -- The participant whose node the request went to; null when it went outside the data space (recipient says to whom).
  sent_to text COLLATE "C",
  recipient text NOT NULL,
  digest text NOT NULL,
  -- [{ elementId, category, unit, quantity, areaCode }]: what each requested line asked for.
  lines jsonb NOT NULL,
  sent_at timestamptz NOT NULL,
  sent_by text NOT NULL
);

CREATE TABLE IF NOT EXISTS logistics_rm_answers (
  message_id text COLLATE "C" PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('CommitResource', 'ReportResourceDeploymentStatus')),
  answers text COLLATE "C" NOT NULL REFERENCES logistics_rm_sent (message_id),
  -- The participant whose node sent it, or operator:console for a file the node's own operator imported.
  sender text COLLATE "C" NOT NULL,
  digest text NOT NULL,
  -- [{ elementId, request, key, state, at, quantity?, unit?, reason?, received? }] (rm-answers.ts).
  lines jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  received_by text NOT NULL
);

CREATE INDEX IF NOT EXISTS logistics_rm_answers_request ON logistics_rm_answers (answers);
