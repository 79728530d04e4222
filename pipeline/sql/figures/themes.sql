-- Chart: how many commitments each theme holds, in the plan's order.
select t.title_en, count(c.commitment_id)
from db.core.themes t
join db.core.commitments c on c.theme_id = t.theme_id
where t.level = 'theme'
group by t.title_en, t.position
order by t.position
