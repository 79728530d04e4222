-- One row per part of a commitment: the parts of a page split into parts (each with its own
-- title, institutions and roadmap), and part 1 of every other commitment, which is the whole
-- commitment, so that every (commitment_id, part) of the other tables has its row here.
create or replace table core.commitment_parts as
select
    commitments.commitment_id,
    commitments.plan_id,
    p.part,
    false as whole_commitment,
    p.title_fr,
    p.title_en,
    p.source_file,
    p.source_line,
    commitments.source_file_en,
    p.source_line_en
from staging.stg_action_plan__parts as p
join core.commitments as commitments on commitments.commitment_id = p.plan_id || '-' || p.number
union all
select
    c.commitment_id,
    c.plan_id,
    1 as part,
    true as whole_commitment,
    null as title_fr,
    null as title_en,
    c.source_file,
    c.source_line,
    c.source_file_en,
    c.source_line_en
from core.commitments as c
where not exists (
    select 1 from staging.stg_action_plan__parts as p
    where p.plan_id || '-' || p.number = c.commitment_id
)
