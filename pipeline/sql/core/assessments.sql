-- One row per assessed item (an OGP commitment id, or the commitment where the export has no id,
-- as in the 2016 format), IRM report and source: the indicators that report rates, as
-- vocabulary codes. A null cell means that report does not rate that indicator; ND, NR and NA
-- are what the source itself prints; not_shown, that the source (a page) shows no value. Two
-- sources that disagree give two rows, each with its source. The long model of ratings,
-- pivoted on the indicators the vocabularies list (staging.irm_indicators, made from them).
create or replace table core.assessments as
with items as (
    select
        assessed_id,
        ogp_id,
        commitment_id,
        plan_id,
        report,
        max(report_year) as report_year,
        -- stated by the export's columns, or inferred: the source does not say which report (a page)
        max(report_basis) as report_basis,
        source,
        min(source_file) as source_file,
        min(source_line) as source_line
    from staging.int_irm__plan_ratings
    group by all
),
codes as (
    pivot (select assessed_id, report, source, indicator, code from staging.int_irm__plan_ratings)
    on indicator in (select indicator from staging.irm_indicators order by position)
    using max(code)
    group by assessed_id, report, source
)
select i.* exclude (source_file, source_line), c.* exclude (assessed_id, report, source), i.source_file, i.source_line
from items as i
join codes as c using (assessed_id, report, source)
