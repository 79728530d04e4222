-- Chart: roadmap items whose text states a deadline (English), a date the checks accept only; a
-- dated heading ("2016:") is left out, its items carry its date (due_read_from = 'heading').
select m.due, m.due_precision, c.commitment_id as label, m.text
from db.core.milestones m
join db.core.commitments c using (commitment_id)
where m.language = 'en'
and regexp_full_match(m.due, '\d{4}(-\d{2}(-\d{2})?)?')
and not exists (
    select 1 from db.core.milestones child
    where child.parent_milestone_id = m.milestone_id and child.due_read_from = 'heading'
)
order by m.due, c.number, m.position
