-- One row per IRM export row (an OGP commitment id, from one source).
create or replace view staging.stg_irm__commitments as
select
    row_key,
    nullif(ogp_id, '') as ogp_id,
    nullif(plan_id, '') as plan_id,
    nullif(member, '') as member,
    nullif(commitment_number, '') as commitment_number,
    nullif(short_title, '') as short_title,
    source,
    source_file,
    cast(source_line as integer) as source_line
from raw.irm__commitments
