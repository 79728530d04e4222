-- Chart: the government's plan-level self-assessment totals, plan by plan.
select coalesce(p.start_year || '-' || p.end_year, p.plan_id) || ' ' || s.report, s.status, s.commitment_count
from db.core.self_assessments s
join db.core.plans p using (plan_id)
where s.level = 'plan'
order by p.start_year, s.report, s.status
