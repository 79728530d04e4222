-- One row per OGP commitment id listed on a commitment page.
create or replace view staging.stg_action_plan__ogp_links as
select
    plan_id,
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    nullif(trim(number), '') as number,
    upper(trim(ogp_id)) as ogp_id,
    nullif(trim(ogp_title), '') as ogp_title,
    trim(mapping) as mapping_basis,
    nullif(trim(source), '') as mapping_source,
    cast(nullif(trim(part), '') as integer) as part,
    nullif(trim(part_mapping), '') as part_basis,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__ogp_links
