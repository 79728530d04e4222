-- One row per part of a commitment whose page is split into parts (commitments 1 and 10).
create or replace view staging.stg_action_plan__parts as
select
    plan_id,
    trim(number) as number,
    cast(part as integer) as part,
    nullif(trim(title_en), '') as title_en,
    nullif(trim(title_fr), '') as title_fr,
    source_file,
    try_cast(nullif(source_line, '') as integer) as source_line,
    try_cast(nullif(source_line_en, '') as integer) as source_line_en
from raw.action_plan__parts
