-- EDXL-RM answers relayed by the node that took a request when another node supplies it (docs/logistics.md): each
-- shipment update from a peer that changes a shipment serving a participant's request is kept here, in the delivery's
-- transaction, until this node has decided (by its policy, audited) and queued the answer or recorded its refusal —
-- after that transaction commits, or at the next start after a crash. One row per change; processed rows stay.
CREATE TABLE IF NOT EXISTS logistics_rm_relays (
  order_id text COLLATE "C" NOT NULL,
  state text NOT NULL,
  -- The participant whose node reported the change (it is not told its own change back).
  reported_by text COLLATE "C" NOT NULL,
  -- The shipment as it was at this change (StoredShipment): the answer says this state, whatever came after.
  shipment jsonb NOT NULL,
  -- The delivery's request id: the decision's audit entry carries it.
  request_id text NOT NULL,
  created_at timestamptz NOT NULL,
  -- Set, with what became of each answer ([{ request, to, sent, code, message }]), when processed.
  processed_at timestamptz,
  answers jsonb,
  PRIMARY KEY (order_id, state)
);

CREATE INDEX IF NOT EXISTS logistics_rm_relays_pending ON logistics_rm_relays (created_at) WHERE processed_at IS NULL;
