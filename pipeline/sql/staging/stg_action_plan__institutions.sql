-- One row per institution named in a part of a commitment, with its role and its names as that
-- place spells them.
create or replace view staging.stg_action_plan__institutions as
with named as (
    select
        *,
        -- the same institution is spelt with ' or ’ on different pages
        trim(replace(name, '’', '''')) as spelt,
        nullif(trim(replace(name_fr, '’', '''')), '') as spelt_fr
    from raw.action_plan__institutions
),
folded as (
    -- The id is made from the official name (French; English only where a plan has no other):
    -- the translation spells one ministry two ways ("Ministry for [the] Decentralization…"), the
    -- official text does not. What follows "auprès du…" / "attached to…" names whom a secretariat
    -- reports to, not which one it is; case, accents, punctuation and small words are folded out.
    select
        *,
        regexp_replace(
            regexp_replace(lower(strip_accents(coalesce(spelt_fr, spelt))), '(,?\s+aupres\s|,?\s+attached\s+to\s).*$', ''),
            '[^a-z0-9]+', ' ', 'g'
        ) as words
    from named
)
select
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    coalesce(try_cast(nullif(part, '') as integer), 1) as part,
    role,
    cast(position as integer) as position,
    spelt as name,
    spelt_fr as name_fr,
    array_to_string(
        list_filter(
            string_split(trim(words), ' '),
            lambda w: w <> '' and w not in (
                'a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'charge', 'chargee',
                'and', 'for', 'of', 'the'
            )
        ),
        '-'
    ) as institution_id,
    nullif(trim(source), '') as source,
    source_file,
    cast(source_line as integer) as source_line
from folded
