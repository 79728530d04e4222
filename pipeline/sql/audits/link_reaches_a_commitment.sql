-- Offending rows: a link across plans whose commitment, or linked commitment, no plan of the
-- package holds (a link to a plan not published with it, or a misspelt id).
select l.source_file || ':' || l.source_line as at, l.commitment_id, l.linked_commitment_id
from staging.stg_action_plan__links as l
where l.commitment_id not in (select commitment_id from core.commitments)
   or l.linked_commitment_id not in (select commitment_id from core.commitments)
