-- One row per institution and role (lead or supporting) in a part of a commitment, with the
-- institution's names as this place spells them.
create or replace table core.commitment_institutions as
select
    commitments.commitment_id,
    commitments.plan_id,
    i.part,
    i.institution_id,
    i.role,
    i.position,
    i.name,
    i.name_fr,
    i.source,
    i.source_file,
    i.source_line
from staging.stg_action_plan__institutions as i
join core.commitments as commitments on commitments.commitment_id = i.plan_id || '-' || i.number
