-- The vehicles a plan line is assigned to when the plan modelled transport capacity (docs/logistics.md): the logistics
-- firm's node, its vehicle record, the vehicle class, trips and one trip's minutes, as a JSON value. Lines of plans
-- proposed before, or without fleets, keep null.
ALTER TABLE logistics_plan_lines ADD COLUMN IF NOT EXISTS transport jsonb;
