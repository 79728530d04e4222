-- One row per assessed item (an OGP commitment id, or the commitment where the export has no id,
-- as in the 2016 format), IRM report and source: the indicators that report rates, as
-- vocabulary codes. A null cell means that report does not rate that indicator; ND, NR and NA
-- are what the source itself prints; not_shown, that the source (a page) shows no value. Two sources that disagree give two rows, each with its source.
-- A row whose every code is ND or not_shown (the source has no data for that report) says nothing
-- and is left out.
create or replace table core.assessments as
with plan_rows as (
    select r.*, coalesce(o.commitment_id, numbered.commitment_id) as commitment_id
    from staging.stg_irm__ratings as r
    join staging.stg_irm__commitments as c using (row_key, source)
    left join core.ogp_commitments as o on o.ogp_id = c.ogp_id
    left join core.commitments as numbered
        on c.ogp_id is null and numbered.commitment_id = c.plan_id || '-' || c.commitment_number
    where c.plan_id = (select plan_id from staging.stg_action_plan__plan)
)
select
    coalesce(r.ogp_id, r.commitment_id) as assessed_id,
    r.ogp_id,
    r.commitment_id,
    r.report,
    max(r.report_year) as report_year,
    -- stated by the export's columns, or inferred: the source does not say which report (a page)
    max(r.report_basis) as report_basis,
    r.source,
    max(r.code) filter (where r.indicator = 'specificity') as specificity,
    max(r.code) filter (where r.indicator = 'verifiable') as verifiable,
    max(r.code) filter (where r.indicator = 'relevant') as relevant,
    max(r.code) filter (where r.indicator = 'access_to_information') as access_to_information,
    max(r.code) filter (where r.indicator = 'civic_participation') as civic_participation,
    max(r.code) filter (where r.indicator = 'public_accountability') as public_accountability,
    max(r.code) filter (where r.indicator = 'technology_and_innovation') as technology_and_innovation,
    max(r.code) filter (where r.indicator = 'potential_impact') as potential_impact,
    max(r.code) filter (where r.indicator = 'potential_for_results') as potential_for_results,
    max(r.code) filter (where r.indicator = 'completion') as completion,
    max(r.code) filter (where r.indicator = 'did_it_open_government') as did_it_open_government,
    max(r.code) filter (where r.indicator = 'diog_access_to_information') as diog_access_to_information,
    max(r.code) filter (where r.indicator = 'diog_civic_participation') as diog_civic_participation,
    max(r.code) filter (where r.indicator = 'diog_public_accountability') as diog_public_accountability,
    max(r.code) filter (where r.indicator = 'early_results') as early_results,
    max(r.code) filter (where r.indicator = 'starred') as starred,
    min(r.source_file) as source_file,
    min(r.source_line) as source_line
from plan_rows as r
where r.commitment_id is not null
group by r.ogp_id, r.commitment_id, r.report, r.source
having count(*) filter (where r.code not in ('ND', 'not_shown')) > 0
