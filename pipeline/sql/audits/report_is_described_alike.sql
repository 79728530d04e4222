-- Offending rows: a report given two titles, addresses or publication dates by the lines of
-- the OGP layer that name it (the published reports table has one row per report).
select plan_id, report, string_agg(source_file || ':' || source_line, ', ' order by source_line) as named_at
from staging.stg_ogp_layer__reports
group by plan_id, report
having count(distinct (title, url, coalesce(published, ''))) > 1
