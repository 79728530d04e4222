-- The plan's IRM ratings, long: one row per assessed item (an OGP commitment id, or the
-- commitment where the export has no id, as in the 2016 format), report, source and
-- indicator, with its vocabulary code. The one model of ratings: core.assessments pivots it,
-- core.commitments_overview reads it. An item whose every code in a report and source is ND
-- or not_shown (the source has no data for that report) says nothing and is left out.
-- A table: assessments reads it twice and commitments_overview once, and as a view each read
-- ran its joins again, beside the pivot's own hash tables (90 s of a million-row run where the
-- table takes 41 s; two million-row runs of three ran out of DuckDB's memory as assessments
-- began).
create or replace table staging.int_irm__plan_ratings as
with plan_rows as (
    select r.*, c.plan_id, coalesce(o.commitment_id, numbered.commitment_id) as commitment_id
    from staging.stg_irm__ratings as r
    join staging.stg_irm__commitments as c using (row_key, source)
    left join core.ogp_commitments as o on o.ogp_id = c.ogp_id
    left join core.commitments as numbered
        on c.ogp_id is null and numbered.commitment_id = c.plan_id || '-' || c.commitment_number
    where c.plan_id in (select plan_id from staging.stg_action_plan__plan)
),
said as (
    select ogp_id, commitment_id, report, source
    from plan_rows
    where commitment_id is not null
    group by all
    having count(*) filter (where code not in ('ND', 'not_shown')) > 0
)
select
    coalesce(r.ogp_id, r.commitment_id) as assessed_id,
    r.ogp_id,
    r.commitment_id,
    r.plan_id,
    r.report,
    r.report_year,
    r.report_basis,
    r.source,
    r.indicator,
    r.code,
    r.source_file,
    r.source_line
from plan_rows as r
join said as s
    on s.ogp_id is not distinct from r.ogp_id
    and s.commitment_id = r.commitment_id
    and s.report = r.report
    and s.source = r.source
