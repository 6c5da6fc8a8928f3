-- The logistics application's own state on a node (docs/logistics.md): requests operators entered, proposed and
-- decided plans with their lines, the dispatch orders / shipments this node takes part in (as requester, supplier or
-- receiver) with every transition, and the supplier's stock ledger that commitments draw on. Every statement leaves
-- existing tables and rows as they are, like the lifeline's.

-- Requests an operator entered (item, quantity, needed by, priority, free-from): a `demand` value each.
CREATE TABLE IF NOT EXISTS logistics_requests (
  id text COLLATE "C" PRIMARY KEY,
  demand jsonb NOT NULL,
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL
);

-- A plan the optimiser proposed; a named operator approves or declines it. Nothing is dispatched before approval.
CREATE TABLE IF NOT EXISTS logistics_plans (
  id text COLLATE "C" PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('proposed', 'approved', 'declined')),
  proposed_at timestamptz NOT NULL,
  -- What the optimiser saw: the demand lines, the stock lines with the version each node answered, who was missing.
  inputs jsonb NOT NULL,
  -- What it made of it: objective, optimality, unmet demand, the explanation (message codes and parameters).
  result jsonb NOT NULL,
  decided_by text,
  decided_at timestamptz,
  reason text
);

CREATE TABLE IF NOT EXISTS logistics_plan_lines (
  plan_id text COLLATE "C" NOT NULL REFERENCES logistics_plans (id),
  line integer NOT NULL CHECK (line >= 0),
  supplier text COLLATE "C" NOT NULL,
  stock_id text COLLATE "C" NOT NULL,
  stock_version integer NOT NULL,
  depot jsonb NOT NULL,
  receiver text COLLATE "C" NOT NULL,
  destination jsonb NOT NULL,
  area_code text NOT NULL,
  demand_id text COLLATE "C" NOT NULL,
  category text NOT NULL,
  unit text NOT NULL,
  quantity numeric NOT NULL CHECK (quantity >= 0),
  proposed_quantity numeric NOT NULL CHECK (proposed_quantity >= 0),
  minutes double precision NOT NULL,
  route jsonb NOT NULL,
  edited_by text,
  PRIMARY KEY (plan_id, line)
);

-- One dispatch order (= one plan line) as this node knows it, whichever part it plays; `shipment` is the model's
-- shipment value with its current status. The primary key makes a second delivery of the same order a no-op.
CREATE TABLE IF NOT EXISTS logistics_shipments (
  order_id text COLLATE "C" PRIMARY KEY,
  plan_id text COLLATE "C" NOT NULL,
  requester text COLLATE "C" NOT NULL,
  supplier text COLLATE "C" NOT NULL,
  receiver text COLLATE "C" NOT NULL,
  area_code text NOT NULL,
  stock_id text COLLATE "C" NOT NULL,
  stock_version integer NOT NULL,
  state text NOT NULL,
  shipment jsonb NOT NULL,
  -- At the supplier: when the goods left (a commitment counts against the stock ledger until a count after this).
  dispatched_at timestamptz,
  updated_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS logistics_shipments_stock ON logistics_shipments (supplier, stock_id);

CREATE TABLE IF NOT EXISTS logistics_shipment_transitions (
  seq bigserial PRIMARY KEY,
  order_id text COLLATE "C" NOT NULL REFERENCES logistics_shipments (order_id),
  state text NOT NULL,
  at timestamptz NOT NULL,
  -- The operator as named in the console, or the node that reported it.
  by text NOT NULL,
  node text COLLATE "C" NOT NULL,
  detail jsonb
);

CREATE INDEX IF NOT EXISTS logistics_shipment_transitions_order ON logistics_shipment_transitions (order_id, seq);

-- The supplier's stock ledger: the figure of each stock record commitments draw on (its version and what it could ship
-- then). Committed quantities are the supplier's shipments in logistics_shipments; a commitment locks this row.
CREATE TABLE IF NOT EXISTS logistics_stock_ledger (
  stock_id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL,
  observed_at timestamptz NOT NULL,
  shippable numeric NOT NULL CHECK (shippable >= 0),
  updated_at timestamptz NOT NULL
);
