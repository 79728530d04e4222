-- One row per section or footnote of a commitment page, in each language.
create or replace view staging.stg_action_plan__sections as
select
    plan_id,
    trim(number) as number,
    try_cast(nullif(part, '') as integer) as part,
    language,
    cast(position as integer) as position,
    kind,
    nullif(trim(heading), '') as heading,
    text,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__sections
