-- One row per part of a commitment whose page is split into parts, each with its own
-- institutions and roadmap.
create or replace table core.commitment_parts as
select
    commitments.commitment_id,
    p.part,
    p.title_fr,
    p.title_en,
    p.source_file,
    p.source_line,
    commitments.source_file_en,
    p.source_line_en
from staging.stg_action_plan__parts as p
cross join staging.stg_action_plan__plan as plan
join core.commitments as commitments on commitments.commitment_id = plan.plan_id || '-' || p.number
