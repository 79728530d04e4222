-- Offending rows: an IRM row of the plan that no commitment takes: its OGP id is on no commitment
-- page, or, where the export has no id, its number is no commitment's.
select c.source_file || ':' || c.source_line as at, c.row_key
from staging.stg_irm__commitments as c
where c.plan_id in (select plan_id from staging.stg_action_plan__plan)
  and not exists (
      select 1 from staging.stg_action_plan__ogp_links as link where link.ogp_id = c.ogp_id
  )
  and not (
      c.ogp_id is null and exists (
          select 1 from staging.stg_action_plan__commitments as p
          where p.plan_id = c.plan_id and p.number = c.commitment_number
      )
  )
