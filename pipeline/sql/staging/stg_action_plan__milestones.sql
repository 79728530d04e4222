-- One row per milestone row of a commitment page.
create or replace view staging.stg_action_plan__milestones as
select
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    cast(position as integer) as position,
    trim(text) as title,
    nullif(upper(trim(ogp_id)), '') as ogp_id,
    nullif(trim(due), '') as due,
    nullif(trim(timing_as_written), '') as timing_as_written,
    nullif(trim(source), '') as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__milestones
