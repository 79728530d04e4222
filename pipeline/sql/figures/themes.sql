-- Chart: how many commitments each theme holds, plan by plan, in each plan's order.
select coalesce(p.start_year || '-' || p.end_year, p.plan_id) || ': ' || t.title_en, count(c.commitment_id)
from db.core.themes t
join db.core.plans p using (plan_id)
join db.core.commitments c on c.theme_id = t.theme_id
where t.level = 'theme'
group by p.start_year, p.end_year, p.plan_id, t.title_en, t.position
order by p.start_year, p.plan_id, t.position
