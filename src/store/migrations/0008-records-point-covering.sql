-- "Who is inside this area" (store.ids, store.count) answered from the spatial index alone: the GiST index on the
-- built-in point also carries type and id (what those answers return) and lon/lat (what the PostGIS predicate is
-- evaluated on, see record-filter.ts), so an index-only scan reads no row of `records` for a page whose visibility
-- map bit is set (autovacuum on PostgreSQL; an explicit VACUUM on PGlite, which has no autovacuum). It serves every
-- search the plain point index served, so that one goes and writes keep the same number of indexes.
create index records_point_covering on records using gist (point) include (type, id, lon, lat);
drop index if exists records_point;
