-- One row per OGP commitment id, with the plan commitment it belongs to (many ids to one commitment).
create or replace table core.ogp_commitments as
select
    link.ogp_id,
    commitments.commitment_id,
    link.ogp_title,
    link.mapping_basis,
    link.mapping_source
from staging.stg_action_plan__ogp_links as link
cross join staging.stg_action_plan__plan as plan
join core.commitments as commitments on commitments.commitment_id = plan.plan_id || '-' || link.number
