-- Chart: roadmap items whose text states a deadline (English), a date the checks accept only.
select m.due, m.due_precision, substr(c.commitment_id, length(c.plan_id) + 2) as label, m.text
from db.core.milestones m
join db.core.commitments c using (commitment_id)
where m.language = 'en'
and regexp_full_match(m.due, '\d{4}(-\d{2}(-\d{2})?)?')
order by m.due, c.number, m.position
