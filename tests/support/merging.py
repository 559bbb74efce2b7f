"""Mia Wong, one person who wrote twice, for the merge tests (tests/leads/test_merge.py,
tests/browser/test_merge.py)."""

from tests.factories import LeadFactory

# Field by field, (her older enquiry, from the site; her newer one, typed in by sales
# from a call): another spelling of her name, her company's name but no e-mail, and the
# same phone without its country code.
MIA = {
    "name": ("Mia Wong", "Mia W."),
    "company": ("", "Harbour Bakery"),
    "email": ("mia@harbour-bakery.example", ""),
    "phone": ("+86 138 0013 8000", "13800138000"),
}


def mia_twice(**fields):
    """Her two leads, (older, newer): MIA, with `fields` (each an (older, newer) pair of
    values, as in MIA) added or put in its place."""
    table = {**MIA, **fields}
    return tuple(
        LeadFactory(**{name: values[side] for name, values in table.items()})
        for side in (0, 1)
    )
