-- One row per commitment, flat, for spreadsheet users: theme, institutions, OGP ids, milestones.
create or replace table core.commitments_overview as
select
    c.commitment_id,
    c.plan_id,
    c.number,
    theme.title_en as theme_en,
    theme.title_fr as theme_fr,
    sub_theme.folder as sub_theme_folder,
    c.title_en,
    c.title_fr,
    (select string_agg(inst.name, '; ' order by ci.position)
       from core.commitment_institutions as ci join core.institutions as inst using (institution_id)
      where ci.commitment_id = c.commitment_id and ci.role = 'lead') as lead_institutions,
    (select string_agg(inst.name, '; ' order by ci.position)
       from core.commitment_institutions as ci join core.institutions as inst using (institution_id)
      where ci.commitment_id = c.commitment_id and ci.role = 'supporting') as supporting_institutions,
    (select string_agg(o.ogp_id, '; ' order by o.ogp_id)
       from core.ogp_commitments as o where o.commitment_id = c.commitment_id) as ogp_ids,
    (select count(*) from core.milestones as m where m.commitment_id = c.commitment_id) as milestone_count
from core.commitments as c
join core.themes as theme on theme.theme_id = c.theme_id
left join core.themes as sub_theme on sub_theme.theme_id = c.sub_theme_id
