-- One row per commitment, flat, for spreadsheet users: theme, institutions, OGP ids, milestones,
-- and the IRM's ratings, each as "OGP id: code" (all values when sources disagree), with the same
-- codes as assessments, missing-value codes included: an empty cell means no row rates it.
create or replace table core.commitments_overview as
with rated as (
    select
        commitment_id,
        report,
        indicator,
        -- "FR0026: complete"; just the code where the source gives no OGP id (2016 export)
        string_agg(distinct coalesce(ogp_id || ': ', '') || code, ' | ' order by coalesce(ogp_id || ': ', '') || code) as codes
    from staging.int_irm__plan_ratings  -- the long model of ratings, as assessments pivots it
    where indicator in ('potential_impact', 'completion', 'did_it_open_government', 'starred') and code is not null
    group by all
)
select
    c.commitment_id,
    c.plan_id,
    c.number,
    theme.title_en as theme_en,
    theme.title_fr as theme_fr,
    sub_theme.folder as sub_theme_folder,
    c.title_en,
    c.title_fr,
    (select string_agg(inst.name, ' | ' order by ci.first)
       from (select institution_id, min((part, position)) as first from core.commitment_institutions
              where commitment_id = c.commitment_id and role = 'lead' group by institution_id) as ci
       join core.institutions as inst using (institution_id)) as lead_institutions,
    (select string_agg(inst.name, ' | ' order by ci.first)
       from (select institution_id, min((part, position)) as first from core.commitment_institutions
              where commitment_id = c.commitment_id and role = 'supporting' group by institution_id) as ci
       join core.institutions as inst using (institution_id)) as supporting_institutions,
    (select string_agg(o.ogp_id, ' | ' order by o.ogp_id)
       from core.ogp_commitments as o where o.commitment_id = c.commitment_id) as ogp_ids,
    -- the roadmap's items in the official text (French); the translation may count others
    -- the roadmap's top-level items: a sub-item details its parent, it is not a milestone of its own
    (select count(*) from core.milestones as m
     where m.commitment_id = c.commitment_id and m.language = 'fr' and m.depth = 0) as milestone_count,
    (select codes from rated as r where r.commitment_id = c.commitment_id
        and r.report = 'irm-progress-report' and r.indicator = 'potential_impact') as potential_impact,
    (select codes from rated as r where r.commitment_id = c.commitment_id
        and r.report = 'irm-progress-report' and r.indicator = 'completion') as completion_mid_term,
    (select codes from rated as r where r.commitment_id = c.commitment_id
        and r.report = 'irm-end-of-term' and r.indicator = 'completion') as completion_end_of_term,
    (select codes from rated as r where r.commitment_id = c.commitment_id
        and r.report = 'irm-end-of-term' and r.indicator = 'did_it_open_government') as did_it_open_government,
    (select codes from rated as r where r.commitment_id = c.commitment_id
        and r.report = 'irm-end-of-term' and r.indicator = 'starred') as starred_end_of_term
from core.commitments as c
left join core.themes as theme on theme.theme_id = c.theme_id
left join core.themes as sub_theme on sub_theme.theme_id = c.sub_theme_id
