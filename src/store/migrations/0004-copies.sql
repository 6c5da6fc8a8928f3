-- Copies a consumer keeps of records received from other nodes, each under the provider's policy: how long it may
-- be kept and whether it may be passed on. An expired copy is first claimed for deletion (deletion_id), then the
-- deletion is audited, then the rows go; a crash between the steps is finished by the next sweep.

CREATE TABLE copies (
  provider text COLLATE "C" NOT NULL,
  dataset text COLLATE "C" NOT NULL,
  record_id text COLLATE "C" NOT NULL,
  record jsonb NOT NULL,
  purpose text NOT NULL,
  policy_id text NOT NULL,
  policy_version integer NOT NULL CHECK (policy_version >= 1),
  retention text NOT NULL,
  retention_seconds bigint NOT NULL CHECK (retention_seconds > 0),
  onward_sharing boolean NOT NULL,
  -- The request that fetched the copy, to trace it back to the provider's audit entry.
  request_id text,
  received_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set when a sweep has claimed the expired copy for deletion: the requestId of its audit entry.
  deletion_id text COLLATE "C",
  PRIMARY KEY (provider, dataset, record_id),
  CHECK (expires_at > received_at)
);

CREATE INDEX copies_expiry ON copies (expires_at) WHERE deletion_id IS NULL;
CREATE INDEX copies_deletion ON copies (deletion_id) WHERE deletion_id IS NOT NULL;
