-- One row per institution named in a part of a commitment, with its role and its names as that
-- place spells them. A table, not a view as the other staging models: core.institutions,
-- core.commitment_institutions and an audit read it, and each read of a view would fold every
-- name again (26 s of a million-row run each).
create or replace table staging.stg_action_plan__institutions as
with named as (
    select
        *,
        -- the same institution is spelt with ' or ’ on different pages
        trim(replace(name, '’', '''')) as spelt,
        nullif(trim(replace(name_fr, '’', '''')), '') as spelt_fr
    from raw.action_plan__institutions
),
keyed as (
    -- The id is made from the official name (French; English only where a plan has no other):
    -- the translation spells one ministry two ways ("Ministry for [the] Decentralization…"), the
    -- official text does not (macros/institution_key.sql).
    select *, institution_key(coalesce(spelt_fr, spelt)) as own_key, institution_key(spelt) as english_key
    from named
)
select
    plan_id,
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    coalesce(try_cast(nullif(part, '') as integer), 1) as part,
    role,
    cast(position as integer) as position,
    spelt as name,
    spelt_fr as name_fr,
    -- A name given only in English (a plan read from OGP's pages) that is, folded, the English
    -- name of an institution known by its French one is that institution: one id across plans.
    -- A renamed ministry's new name matches no old one: it stays an institution of its own.
    coalesce(
        case when spelt_fr is null then (
            select min(known.own_key) from keyed as known
            where known.spelt_fr is not null and known.english_key = keyed.english_key
        ) end,
        own_key
    ) as institution_id,
    nullif(trim(source), '') as source,
    source_file,
    cast(source_line as integer) as source_line
from keyed
