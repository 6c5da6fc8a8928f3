-- Audit anchoring: other nodes' signed checkpoints this node keeps for them (it is their keeper), and the checkpoints
-- it refused as a fork or as going backwards, kept as evidence. Both append-only, like the node's own log.

CREATE TABLE audit_anchor_checkpoints (
  -- The node whose log the checkpoint vouches for (always the participant that delivered it).
  node text COLLATE "C" NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 1),
  hash text COLLATE "C" NOT NULL,
  -- The checkpoint's own fields, exactly as signed (time as the node wrote it).
  time text COLLATE "C" NOT NULL,
  kid text COLLATE "C" NOT NULL,
  signature text COLLATE "C" NOT NULL,
  received_at timestamptz NOT NULL,
  -- One checkpoint per position: a second one with another hash is a fork, kept below instead.
  PRIMARY KEY (node, seq)
);

CREATE TABLE audit_anchor_conflicts (
  id bigserial PRIMARY KEY,
  node text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('fork', 'backwards')),
  -- The refused checkpoint and the held one it conflicts with, as JSON text.
  offered text NOT NULL,
  held text NOT NULL,
  received_at timestamptz NOT NULL
);

CREATE INDEX audit_anchor_conflicts_by_node ON audit_anchor_conflicts (node, id);

CREATE TRIGGER audit_anchor_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_anchor_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_anchor_checkpoints_no_truncate BEFORE TRUNCATE ON audit_anchor_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_anchor_conflicts_append_only BEFORE UPDATE OR DELETE ON audit_anchor_conflicts
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_anchor_conflicts_no_truncate BEFORE TRUNCATE ON audit_anchor_conflicts
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
