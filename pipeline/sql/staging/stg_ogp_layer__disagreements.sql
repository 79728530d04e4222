-- One row per pair of sources that say different things of one OGP commitment.
create or replace view staging.stg_ogp_layer__disagreements as
select
    plan_id,
    trim(ogp_id) as ogp_id,
    topic,
    trim(one_says) as one_says,
    trim(one_source) as one_source,
    trim(other_says) as other_says,
    trim(other_source) as other_source,
    source_file,
    cast(source_line as integer) as source_line
from raw.ogp_layer__disagreements
