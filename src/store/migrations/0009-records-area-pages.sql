-- Pages of the records of an area in id order — the keyset paging of dataset queries (`type = … and area_code = …
-- and id > … order by id limit n`) — read only the rows they return from this index, instead of walking the primary
-- key and filtering out every record of other areas (nine in ten for a city among ten). It serves every lookup the
-- (type, area_code) index served, so that one goes and writes keep the same number of indexes.
create index records_area_code_id on records (type, area_code, id);
drop index if exists records_area_code;
