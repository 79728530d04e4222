-- Chart: the government's plan-level self-assessment totals.
select report, status, commitment_count
from db.core.self_assessments
where level = 'plan'
order by report, status
