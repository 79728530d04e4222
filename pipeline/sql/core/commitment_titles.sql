-- One row per title of a commitment that another source gives, beside the plan's own.
create or replace table core.commitment_titles as
select
    commitments.commitment_id,
    commitments.plan_id,
    t.language,
    t.title,
    t.source,
    t.source_file,
    t.source_line
from staging.stg_ogp_layer__titles as t
join core.commitments as commitments on commitments.commitment_id = t.plan_id || '-' || t.number
