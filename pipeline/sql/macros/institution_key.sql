-- An institution's key, made from one of its names: case, accents, punctuation and small words
-- are folded out; what follows "auprès du…" / "attached to…" names whom a secretariat reports to,
-- not which one it is; a trailing acronym in brackets ("(HATVP)") repeats the name.
create or replace temp macro institution_key(name) as array_to_string(
    list_filter(
        string_split(trim(regexp_replace(
            regexp_replace(
                regexp_replace(lower(strip_accents(name)), '\s*\([^()]*\)\s*$', ''),
                '(,?\s+aupres\s|,?\s+attached\s+to\s).*$', ''
            ),
            '[^a-z0-9]+', ' ', 'g'
        )), ' '),
        lambda w: w <> '' and w not in (
            'a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'charge', 'chargee',
            'and', 'for', 'of', 'the'
        )
    ),
    '-'
);
