"""Every form of timing the plan's two languages use, read with its precision and kind; years that
name a thing, dates of other documents and digits that are not ASCII are not read."""

import pytest

from pipeline.extract.deadlines import deadline, heading

READ = [
    # (text, due, precision, kind, words)
    ("Mars 2016 : première déclaration", "2016-03", "month", "deadline", "Mars 2016"),
    ("2016 :", "2016", "year", "deadline", "2016"),
    ("Before December 2016: presentation", "2016-12", "month", "deadline", "Before December 2016"),
    ("1er semestre 2017 : la France devient candidate", "2017", "half", "deadline", "1er semestre 2017"),
    ("Été 2015 : désignation", "2015", "season", "deadline", "Été 2015"),
    ("Engager un groupe de travail d'ici 2017", "2017", "year", "deadline", "d'ici 2017"),
    ("Ouvrir la plateforme au public fin 2016", "2016", "year", "deadline", "fin 2016"),
    ("open to the public by the end of 2016", "2016", "year", "deadline", "by the end of 2016"),
    ("before the end of the 2015 year, in order to", "2015", "year", "deadline", "before the end of the 2015 year"),
    ("rendra possible, courant 2016, la diffusion", "2016", "year", "during", "courant 2016"),
    ("in a reusable format within the 2016 year", "2016", "year", "during", "within the 2016 year"),
    ("Lancer mi-2016 les solutions", "2016", "half", "during", "mi-2016"),
    ("In mid-2016, launch the solutions", "2016", "half", "during", "In mid-2016"),
    ("a launch in January 2016 on the portal", "2016-01", "month", "during", "in January 2016"),
    ("atteindre 4 000 à la rentrée 2016", "2016", "season", "during", "à la rentrée 2016"),
    (
        "by the beginning of the 2016 school year",
        "2016",
        "season",
        "deadline",
        "by the beginning of the 2016 school year",
    ),
    ("Set up a first seminar in Autumn 2016", "2016", "season", "during", "in Autumn 2016"),
    ("Poursuivre l'opération en 2016 et 2017", "2017", "years", "during", "en 2016 et 2017"),
    ("Continue the operation in 2016 and 2017", "2017", "years", "during", "in 2016 and 2017"),
    ("Entre juin et novembre 2015, élaboration", "2015-11", "month", "during", "Entre juin et novembre 2015"),
    ("durant toute l'année 2015", "2015", "year", "during", "durant toute l'année 2015"),
    ("La généralisation se déroulera à partir de 2016", "", "year", "start", "à partir de 2016"),
    ("Generalization will take place from 2016", "", "year", "start", "from 2016"),
]


@pytest.mark.parametrize("text, due, precision, kind, words", READ, ids=[case[0][:30] for case in READ])
def test_a_stated_timing_is_read_with_its_precision_kind_and_words(text, due, precision, kind, words):
    found = deadline(text)
    assert (found.due, found.precision, found.kind, found.as_written) == (due, precision, kind, words)


@pytest.mark.parametrize(
    "text",
    [
        "Publier les budgets de 2014",  # a year that names a thing
        "dont la circulaire du 12 mai 2015 expose les modalités",  # the date of another document
        "sur la base du rapport rendu en avril 2015 par la mission",
        "Publier d'ici ２０１６ les données",  # full-width digits are not a year
        "Publier d'ici 20١٦ les données",  # nor Arabic-Indic ones
        "Ouvrir les données\u0000 d'ici",
        "2" * 10_000,
        "",
    ],
)
def test_words_that_state_no_timing_of_the_item_are_not_read(text):
    assert deadline(text).as_written == ""


def test_a_bare_dated_heading_is_told_from_an_item_that_starts_with_a_date():
    assert heading("2016 :") and heading("2016:")
    assert not heading("Mars 2016 : première déclaration")
