-- Chart: each OGP id's end-of-term ratings, in the plans the IRM rated at end of term; every id
-- of such a plan, rated or not (left join), disagreeing values joined, and whether
-- disagreements records a dispute on each.
select
    o.ogp_id,
    -- an id no source attaches to a commitment (FR0003) is drawn too, labelled as its row says
    coalesce(substr(c.commitment_id, length(c.plan_id) + 2), o.mapping_basis) as label,
    string_agg(distinct nullif(a.did_it_open_government, ''), ' | ' order by nullif(a.did_it_open_government, '')),
    string_agg(distinct nullif(a.starred, ''), ' | ' order by nullif(a.starred, '')),
    exists (select 1 from db.core.disagreements d where d.ogp_id = o.ogp_id and d.topic = 'did_it_open_government'),
    exists (select 1 from db.core.disagreements d where d.ogp_id = o.ogp_id and d.topic = 'starred')
from db.core.ogp_commitments o
left join db.core.commitments c using (commitment_id)
left join db.core.assessments a on a.ogp_id = o.ogp_id and a.report = 'irm-end-of-term'
where o.plan_id in (select plan_id from db.core.assessments where report = 'irm-end-of-term')
group by all
order by o.ogp_id
