-- Offending rows: an OGP id of a commitment in parts that names no part, or a part the
-- commitment does not have (a reuser joining ids to parts would lose the row).
select link.source_file || ':' || link.source_line as at, link.ogp_id, link.number, link.part
from staging.stg_action_plan__ogp_links as link
join core.commitments as c on c.commitment_id = link.plan_id || '-' || link.number
where not exists (
    select 1 from core.ogp_commitments as o
    join core.commitment_parts as p using (commitment_id, part)
    where o.ogp_id = link.ogp_id
)
