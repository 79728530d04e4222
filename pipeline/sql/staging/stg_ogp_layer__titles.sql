-- One row per title of a commitment that another source than the plan gives.
create or replace view staging.stg_ogp_layer__titles as
select
    plan_id,
    trim(commitment_number) as number,
    language,
    trim(title) as title,
    trim(source) as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.ogp_layer__titles
