-- Offending rows: an IRM row of the plan whose OGP id no commitment page lists.
select c.source_file || ':' || c.source_line as at, c.row_key as ogp_id
from staging.stg_irm__commitments as c
where c.plan_id = (select plan_id from staging.stg_action_plan__plan)
  and c.row_key not in (select ogp_id from staging.stg_action_plan__ogp_links)
