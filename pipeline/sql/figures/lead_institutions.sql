-- Chart: how many commitments each institution leads in each plan, the most first.
select i.name || ' (' || coalesce(p.start_year || '-' || p.end_year, p.plan_id) || ')', count(distinct ci.commitment_id)
from db.core.commitment_institutions ci
join db.core.institutions i using (institution_id)
join db.core.plans p on p.plan_id = ci.plan_id
where ci.role = 'lead'
group by all
order by 2 desc, 1
