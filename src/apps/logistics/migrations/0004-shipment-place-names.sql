-- The names of a shipment's depot and destination as the requester's plan knew them ({ "from": Text, "to": Text }),
-- carried by the dispatch order and the shipment updates so that every party's board names places. Labels only:
-- nothing is decided on them. Shipments ordered before, or whose places had no name, keep null.
ALTER TABLE logistics_shipments ADD COLUMN IF NOT EXISTS places jsonb;
