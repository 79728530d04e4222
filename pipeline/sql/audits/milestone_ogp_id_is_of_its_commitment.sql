-- Offending rows: a milestone tagged with an OGP id that its commitment does not list.
select m.source_file || ':' || m.source_line as at, m.ogp_id
from staging.stg_action_plan__milestones as m
where m.ogp_id is not null
  and not exists (
      select 1 from staging.stg_action_plan__ogp_links as link
      where link.number = m.number and link.ogp_id = m.ogp_id
  )
