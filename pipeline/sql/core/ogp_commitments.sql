-- One row per OGP commitment id of the plan, with the plan commitment it belongs to (many ids to
-- one commitment) and the part it covers: a commitment of one part has part 1 ("whole"); an id
-- in the plan's range that no source attaches to a commitment (mapping_basis id-gap) has none.
create or replace table core.ogp_commitments as
select
    link.ogp_id,
    commitments.commitment_id,
    link.plan_id,
    coalesce(link.part, case when parts.whole_commitment then 1 end) as part,
    coalesce(link.part_basis, case when parts.whole_commitment then 'whole' end) as part_basis,
    link.ogp_title,
    link.mapping_basis,
    link.mapping_source
from staging.stg_action_plan__ogp_links as link
left join core.commitments as commitments on commitments.commitment_id = link.plan_id || '-' || link.number
left join core.commitment_parts as parts
    on parts.commitment_id = commitments.commitment_id and parts.part = 1 and parts.whole_commitment
where link.number is null or commitments.commitment_id is not null
