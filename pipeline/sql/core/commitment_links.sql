-- One row per link between commitments of two plans, as a source states it (or, labelled
-- topic-match, as a topic suggests it). A link to a commitment the package does not hold fails
-- the audit link_reaches_a_commitment: a link is never dropped in silence.
create or replace table core.commitment_links as
select
    l.commitment_id,
    l.plan_id,
    l.linked_commitment_id,
    l.relation,
    l.basis,
    l.words,
    l.source,
    l.source_file,
    l.source_line
from staging.stg_action_plan__links as l
