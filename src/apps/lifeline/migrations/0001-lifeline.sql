-- The lifeline application's own state on a node: the operators' match decisions (confirm/split a pair of records),
-- and the safety-status reports recorded here, with the outbox message that carries each to a record's owner.
-- Until the lifeline became an application these tables were made by the core's migration 0006-lifeline.sql, so a
-- database from then already has them, with their rows: every statement here leaves existing ones as they are.

CREATE TABLE IF NOT EXISTS lifeline_match_decisions (
  -- SourcedPerson keys (`node/recordId`), a < b.
  a text COLLATE "C" NOT NULL,
  b text COLLATE "C" NOT NULL,
  decision text NOT NULL CHECK (decision IN ('confirm', 'split')),
  -- The operator as they named themselves in the console.
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (a, b),
  CHECK (a < b)
);

CREATE TABLE IF NOT EXISTS lifeline_safety_reports (
  seq bigserial PRIMARY KEY,
  report_id text COLLATE "C" NOT NULL UNIQUE,
  -- The resolved person's id (derived from its smallest member key).
  person_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  shelter text,
  note text,
  reported_by text NOT NULL,
  node text NOT NULL,
  reported_at timestamptz NOT NULL,
  -- The status time the operator saw when reporting; older than the current one makes this report a conflict.
  based_on_at timestamptz,
  -- The report (or source status) this one conflicted with, when it did: both are kept, neither overwrites.
  conflict_with jsonb
);

CREATE INDEX IF NOT EXISTS lifeline_safety_reports_person ON lifeline_safety_reports (person_id, reported_at DESC, seq DESC);

CREATE TABLE IF NOT EXISTS lifeline_safety_deliveries (
  report_id text COLLATE "C" NOT NULL REFERENCES lifeline_safety_reports (report_id),
  -- The node owning the member record, and the record there.
  node text COLLATE "C" NOT NULL,
  record_id text COLLATE "C" NOT NULL,
  -- The outbox message carrying the update (its state is the delivery's state).
  outbox_seq bigint,
  PRIMARY KEY (report_id, node, record_id)
);
