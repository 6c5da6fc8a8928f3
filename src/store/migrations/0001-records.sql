-- Records: every version is kept in record_versions (append-only); records holds the current version of each
-- (type, id) with the columns queries filter on. Shared by PGlite and PostgreSQL; PostGIS columns are added in code.
-- Identifiers and area codes use the "C" collation so ordering and prefix matching are byte-wise on every server.

create table record_versions (
  type text collate "C" not null,
  id text collate "C" not null,
  version integer not null check (version >= 1),
  source_node text not null,
  observed_at timestamptz not null,
  recorded_at timestamptz not null,
  quality jsonb not null,
  lineage jsonb not null,
  data jsonb not null,
  -- SHA-256 of the RFC 8785 canonical JSON of {data, quality}: equal hashes mean an unchanged payload.
  payload_hash text not null,
  primary key (type, id, version)
);

create table records (
  type text collate "C" not null,
  id text collate "C" not null,
  version integer not null check (version >= 1),
  source_node text not null,
  observed_at timestamptz not null,
  recorded_at timestamptz not null,
  quality jsonb not null,
  lineage jsonb not null,
  data jsonb not null,
  payload_hash text not null,
  area_code text collate "C",
  lon double precision,
  lat double precision,
  -- For PostgreSQL's built-in geometric operators, in microdegrees: they treat values within 1e-6 as equal (and a
  -- cross product within 1e-6 as "on the edge"), which in degrees would blur polygon edges by up to ~100 m.
  point point generated always as (point(lon * 1000000::float8, lat * 1000000::float8)) stored,
  primary key (type, id),
  check ((lon is null) = (lat is null))
);

create index records_area_code on records (type, area_code);
create index records_source_node on records (type, source_node, id);
create index records_point on records using gist (point);
