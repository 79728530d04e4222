-- One row per milestone of a commitment, in the order the plan lists them.
create or replace table core.milestones as
select
    commitments.commitment_id || '-M' || m.position as milestone_id,
    commitments.commitment_id,
    m.position,
    m.ogp_id,
    m.title,
    m.due,
    case length(m.due) when 4 then 'year' when 7 then 'month' when 10 then 'day' end as due_precision,
    m.timing_as_written,
    m.source,
    m.source_file,
    m.source_line
from staging.stg_action_plan__milestones as m
join core.commitments as commitments on commitments.number = m.number
