-- Requests for a disaster declaration between participants (src/node/declaration-requests): a participant that may
-- not declare for an area asks one that may. Each side keeps its own row — the requester the request it sent and
-- what came of it, the recipient the request it received and how its operator answered — so both consoles show the
-- state without asking the other node, and a row never changes except from pending to its one answer.

CREATE TABLE declaration_requests (
  seq bigserial PRIMARY KEY,
  -- 'sent' on the requester's node, 'received' on the recipient's.
  direction text COLLATE "C" NOT NULL CHECK (direction IN ('sent', 'received')),
  requester text COLLATE "C" NOT NULL,
  -- Chosen by the requester; unique per requester.
  request_id text COLLATE "C" NOT NULL,
  recipient text COLLATE "C" NOT NULL,
  hazard text COLLATE "C" NOT NULL,
  phase text COLLATE "C" NOT NULL,
  -- JSON array of area codes.
  areas text NOT NULL,
  reason text NOT NULL,
  requested_at timestamptz NOT NULL,
  state text COLLATE "C" NOT NULL CHECK (state IN ('pending', 'issued', 'declined')),
  declaration_id text COLLATE "C",
  decline_reason text,
  answered_at timestamptz,
  -- The outbox message that carries the request (sent) or the answer (received), for its delivery state.
  outbox_seq bigint,
  UNIQUE (direction, requester, request_id),
  CHECK ((state = 'pending') = (answered_at IS NULL)),
  CHECK (state <> 'issued' OR declaration_id IS NOT NULL),
  CHECK (state <> 'declined' OR decline_reason IS NOT NULL)
);

CREATE INDEX declaration_requests_by_direction ON declaration_requests (direction, seq DESC);
