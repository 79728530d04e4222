-- Chart: how many commitments each institution leads, the most first.
select i.name, count(distinct ci.commitment_id)
from db.core.commitment_institutions ci
join db.core.institutions i using (institution_id)
where ci.role = 'lead'
group by i.name
order by 2 desc, 1
