-- Page: each commitment under its theme, with its flat overview.
select t.title_en, t.title_fr, substr(o.commitment_id, length(o.plan_id) + 2) as label, o.title_fr, o.title_en, o.lead_institutions, o.ogp_ids, o.did_it_open_government, o.starred_end_of_term, o.commitment_id
from db.core.commitments_overview o
join db.core.commitments c using (commitment_id)
join db.core.themes t on t.theme_id = c.theme_id
order by t.position, o.number
