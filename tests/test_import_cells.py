"""Tables of the forms offices write years and star levels in, read as one value each."""

from __future__ import annotations

import pytest

from cdd_click.content import columns

YEARS = [  # (as written, Common Era stored)
    ("2565", 2022), ("๒๕๖๕", 2022), ("พ.ศ. 2565", 2022), ("พ.ศ.๒๕๖๕", 2022), ("ปี 2566", 2023),
    ("2022", 2022), ("ค.ศ. 2022", 2022), (2565, 2022), (2565.0, 2022), ("15/01/2567", 2024),
    ("1-10-2565", 2022), ("๑๕ ม.ค. ๒๕๖๗", 2024), ("15 ม.ค. 2567", 2024), ("15 มกราคม 2567", 2024),
    ("มกราคม 2567", 2024), ("ม.ค. ๖๗", 2024), ("1 ต.ค. 65", 2022), ("3 ก.ย. 2022", 2022),
    ("พฤศจิกายน พ.ศ. 2566", 2023), ("31 ธ.ค. 2565", 2022), ("มิ.ย. 2566", 2023),
]
STARS = [("5", 5), ("๕", 5), ("5 ดาว", 5), ("๕ ดาว", 5), ("★★★★★", 5), ("★★★☆☆", 3),
         ("*****", 5), ("***", 3), ("?????", 5), (4, 4), (4.0, 4)]


@pytest.mark.parametrize(("written", "stored"), YEARS)
def test_a_year_is_read_in_every_form_offices_write(written, stored):
    assert columns.year(written) == stored


@pytest.mark.parametrize("written", ["65", "15 ม.ค.", "สองพันห้าร้อย", "2700", "1989", "มกรา 2567",
                                     "15/01", "ม.ค. 1"])
def test_a_year_that_is_not_one_is_refused_in_thai(written):
    with pytest.raises(columns.CellError) as refused:
        columns.year(written)
    assert any("\u0e00" <= char <= "\u0e7f" for char in str(refused.value))


@pytest.mark.parametrize(("written", "level"), STARS)
def test_a_star_level_is_read_in_every_form(written, level):
    assert columns.stars(written) == level


@pytest.mark.parametrize("written", ["6", "0", "******", "??????", "ดี", "4.5"])
def test_a_star_level_out_of_range_is_refused(written):
    with pytest.raises(columns.CellError):
        columns.stars(written)


def test_the_preview_shows_a_year_in_the_buddhist_era():
    assert columns.shown("otop_year", 2024) == "พ.ศ. 2567"


PHONES = [  # (as a CSV or a text cell holds it, stored): Excel stripped the 0 before saving
    ("53123456", "053 123 456"), ("๕๓๑๒๓๔๕๖", "053 123 456"), ("21234567", "02 123 4567"),
    ("74123456", "074 123 456"), ("812345678", "081 234 5678"), ("612345678", "061 234 5678"),
    ("912345678", "091 234 5678"), ("81-234-5678", "081 234 5678"),
    (53123456, "053 123 456"), (812345678, "081 234 5678"), (812345678.0, "081 234 5678"),
]


@pytest.mark.parametrize(("written", "stored"), PHONES)
def test_a_phone_missing_its_leading_zero_gets_it_back(written, stored):
    assert columns.phone(written) == stored


@pytest.mark.parametrize("written", ["12345678", "82345678", "112345678", "512345678",
                                     "5312345", "1234567890"])
def test_text_that_cannot_be_a_phone_without_its_zero_is_refused(written):
    with pytest.raises(columns.CellError):
        columns.phone(written)
