-- One row per pair of sources that disagree about an OGP commitment, with its plan commitment.
create or replace table core.disagreements as
select
    d.ogp_id,
    ogp.commitment_id,
    d.plan_id,
    d.topic,
    d.one_says,
    d.one_source,
    d.other_says,
    d.other_source,
    d.source_file,
    d.source_line
from staging.stg_ogp_layer__disagreements as d
join core.ogp_commitments as ogp on ogp.ogp_id = d.ogp_id
