"""Buddhist-era dates and baht amounts, formatted in one place."""

from __future__ import annotations

import datetime as dt

from cdd_click.i18n import format_baht, format_price_range, format_thai_date


def test_thai_date_uses_buddhist_era_and_thai_month():
    assert format_thai_date(dt.date(2026, 11, 24)) == "24 พฤศจิกายน 2569"
    assert format_thai_date(dt.date(2025, 1, 1)) == "1 มกราคม 2568"


def test_thai_short_date_and_datetime():
    assert format_thai_date(dt.datetime(2026, 4, 13, 9, 30), short=True) == "13 เม.ย. 2569"


def test_english_date_stays_gregorian():
    assert format_thai_date(dt.date(2026, 11, 24), locale="en") == "24 November 2026"


def test_empty_date():
    assert format_thai_date(None) == ""


def test_baht_and_price_ranges():
    assert format_baht(1250) == "฿1,250"
    assert format_price_range(150, 300) == "฿150–฿300"
    assert format_price_range(200, None) == "฿200"
    assert format_price_range(None, None) == ""


def test_template_gettext_translates_fills_in_and_escapes(app):
    template = app.jinja_env.from_string(
        '{{ _("หน้าแรก") }}|{{ _("จ.%(prov)s", prov="<b>")|safe }}|{{ gettext("หน้าแรก") }}')
    with app.test_request_context("/"):
        assert template.render() == "หน้าแรก|จ.&lt;b&gt;|หน้าแรก"
    with app.test_request_context("/", environ_base={"cdd.locale": "en"}):
        assert template.render() == "Home|&lt;b&gt;|Home"


def test_template_gettext_keeps_percent_signs_as_gettext_does(app):
    """A message is a format string even without values: "%%" is one percent sign."""
    with app.test_request_context("/"):
        rendered = app.jinja_env.from_string('{{ _("100%% ไทย") }}').render()
    assert rendered == "100% ไทย"


def test_years_in_either_era_are_stored_in_the_common_era_and_shown_in_the_readers():
    from cdd_click.i18n import buddhist_year, common_era_year, format_year

    assert buddhist_year(2022) == 2565
    assert common_era_year(2565) == 2022 and common_era_year(2022) == 2022
    assert common_era_year(2400) == 1857 and common_era_year(2399) == 2399
    assert format_year(2022) == "2565" and format_year(2022, "en") == "2022"
    assert format_year(None) == ""
