-- Page: each commitment's roadmap items (English), nested by depth.
select commitment_id, depth, text, due_as_written
from db.core.milestones
where language = 'en'
order by commitment_id, part, position
