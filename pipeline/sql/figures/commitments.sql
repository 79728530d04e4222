-- Page: each plan's commitments, under their theme where the plan has themes, with the flat
-- overview (the end-of-term report's ratings), the design report's ambition and the
-- transitional results report's "did it open government?" where the IRM rated them, and the
-- stated links to commitments of other plans.
select
    p.plan_id,
    t.title_en,
    t.title_fr,
    substr(o.commitment_id, length(o.plan_id) + 2) as label,
    o.title_fr,
    o.title_en,
    o.lead_institutions,
    o.ogp_ids,
    o.did_it_open_government,
    o.starred_end_of_term,
    o.commitment_id,
    (select string_agg(distinct a.ogp_id || ': ' || a.ambition, ' | ')
       from db.core.assessments a
      where a.commitment_id = o.commitment_id and a.report = 'irm-design-report' and a.ambition is not null) as ambition,
    (select string_agg(distinct a.ogp_id || ': ' || a.did_it_open_government, ' | ')
       from db.core.assessments a
      where a.commitment_id = o.commitment_id and a.report = 'irm-transitional-results-report'
        and a.did_it_open_government is not null) as transitional,
    (select string_agg(l.relation || ' ' || l.linked_commitment_id || ' (' || l.basis || ')', ' | ' order by l.linked_commitment_id)
       from db.core.commitment_links l
      where l.commitment_id = o.commitment_id) as links
from db.core.commitments_overview o
join db.core.commitments c using (commitment_id)
join db.core.plans p on p.plan_id = c.plan_id
left join db.core.themes t on t.theme_id = c.theme_id
order by p.start_year, p.plan_id, t.position nulls last, o.number nulls last, c.number_inferred, o.commitment_id
