-- Offending rows: an OGP commitment id listed under more than one plan commitment.
select ogp_id, string_agg(source_file || ':' || source_line, ', ' order by source_file) as listed_at
from staging.stg_action_plan__ogp_links
group by ogp_id
having count(distinct number) > 1 or count(*) > 1
