-- The audit log: hash-chained entries, signed checkpoints, and the head row that every writer locks, so two
-- processes on one database cannot fork the chain. Plain SQL for both PGlite and PostgreSQL.

CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  -- The participant whose node keeps the log; set by the first append.
  node text,
  seq bigint NOT NULL,
  hash text NOT NULL,
  checkpoint_seq bigint NOT NULL,
  checkpoint_time text
);
INSERT INTO audit_head (id, node, seq, hash, checkpoint_seq, checkpoint_time)
VALUES (1, NULL, 0, repeat('0', 64), 0, NULL);

-- body is the entry's RFC 8785 canonical JSON without its hash, exactly the text hash = SHA-256(body) covers.
-- doc is derived from body by the database, so what queries filter on can never disagree with what was hashed.
CREATE TABLE audit_entries (
  seq bigint PRIMARY KEY,
  hash text NOT NULL,
  body text NOT NULL,
  doc jsonb GENERATED ALWAYS AS (body::jsonb) STORED
);
CREATE INDEX audit_entries_time ON audit_entries ((doc->>'time'));
CREATE INDEX audit_entries_dataset ON audit_entries ((doc->>'dataset'), seq);
CREATE INDEX audit_entries_requester ON audit_entries ((doc->>'requester'), seq);
CREATE INDEX audit_entries_request_id ON audit_entries ((doc->>'requestId'));

CREATE TABLE audit_checkpoints (
  seq bigint PRIMARY KEY,
  hash text NOT NULL,
  time text NOT NULL,
  node text NOT NULL,
  kid text NOT NULL,
  signature text NOT NULL
);

-- Append-only: a mistaken UPDATE or DELETE fails loudly. This guards against accidents, not against the database
-- owner, who can drop triggers; verification is what detects deliberate changes.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
