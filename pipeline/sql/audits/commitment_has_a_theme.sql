-- Offending rows: a commitment without a theme, in a plan that has themes (a plan built from
-- IRM data alone, or read from OGP's pages, may have none at all).
select c.commitment_id, c.source_file || ':' || c.source_line as at
from core.commitments as c
where c.theme_id is null
  and exists (select 1 from core.themes as t where t.plan_id = c.plan_id)
