-- Offending rows: the same institution named twice in the same role of one part of a commitment.
select string_agg(source_file || ':' || source_line, ', ') as listed_at, institution_id, role
from staging.stg_action_plan__institutions
group by plan_id, number, part, institution_id, role
having count(*) > 1
