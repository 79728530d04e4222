-- One row per roadmap item of a commitment, in each language.
create or replace view staging.stg_action_plan__milestones as
select
    plan_id,
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    coalesce(try_cast(nullif(part, '') as integer), 1) as part,
    language,
    milestone_key,
    nullif(parent_key, '') as parent_key,
    cast(depth as integer) as depth,
    cast(position as integer) as position,
    trim(text) as text,
    nullif(trim(follow_up_urls), '') as follow_up_urls,
    nullif(trim(due), '') as due,
    nullif(trim(due_precision), '') as due_precision,
    nullif(trim(due_as_written), '') as due_as_written,
    nullif(trim(due_kind), '') as due_kind,
    nullif(trim(due_read_from), '') as due_read_from,
    languages_agree = 'true' as languages_agree,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__milestones
