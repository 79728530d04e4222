-- One row per roadmap item of a commitment, in each language, nested as the plan nests them.
-- An item's id names its language, so that the parent a row points to is one row; item_id,
-- the item's place in the roadmap, is the same in both languages and pairs the translations.
create or replace table core.milestones as
select
    commitments.commitment_id || '-' || m.milestone_key || '-' || m.language as milestone_id,
    commitments.commitment_id || '-' || m.milestone_key as item_id,
    m.language,
    commitments.commitment_id,
    commitments.plan_id,
    m.part,
    case when m.parent_key is not null
        then commitments.commitment_id || '-' || m.parent_key || '-' || m.language end as parent_milestone_id,
    m.depth,
    m.position,
    m.text,
    -- the tracker's issue numbers, in the order of the links
    nullif(array_to_string(list_transform(string_split(m.follow_up_urls, ' '),
        lambda url: regexp_extract(url, '/issues/(\d+)$', 1)), ' '), '') as follow_up_ids,
    m.follow_up_urls,
    m.due,
    m.due_precision,
    m.due_as_written,
    m.due_kind,
    m.due_read_from,
    m.languages_agree,
    m.source_file,
    m.source_line
from staging.stg_action_plan__milestones as m
join core.commitments as commitments on commitments.commitment_id = m.plan_id || '-' || m.number
