-- The alerts application's own state: situation report drafts and who approved each. A report is printed or
-- exported only once a person approved it; the approval is also in the audit log.
CREATE TABLE IF NOT EXISTS alerts_situation_reports (
  id text COLLATE "C" PRIMARY KEY,
  drafted_at timestamptz NOT NULL,
  -- The operator as they named themselves in the console.
  drafted_by text NOT NULL,
  -- The report as drafted (SituationReport without its approval), never changed afterwards.
  body jsonb NOT NULL,
  approved_by text,
  approved_at timestamptz,
  CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);
