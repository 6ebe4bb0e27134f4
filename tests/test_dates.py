"""One date parser for the import and the admin forms: Thai month names and abbreviations, Thai
or Arabic digits, the Buddhist or the Common Era (issue 23)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from cdd_click.content import columns
from cdd_click.extensions import db
from cdd_click.models import Article
from tests.admin_helpers import build_site, edit_data, login, token

DAY = dt.date(2024, 1, 15)


@pytest.mark.parametrize("written", [
    "15 ม.ค. 2567", "๑๕ ม.ค. ๒๕๖๗", "15 มกราคม 2567", "๑๕ มกราคม พ.ศ. ๒๕๖๗", "15 ม.ค. 67",
    "วันที่ 15 มกราคม 2567", "15/01/2567", "15/1/2024", "15-01-2567", "15.01.2567",
    "2024-01-15", "2567-01-15", "15 มกราคม ค.ศ. 2024", dt.date(2567, 1, 15),
    dt.datetime(2024, 1, 15, 9, 30)])
def test_a_day_written_any_way_a_thai_office_writes_it(written):
    assert columns.date(written) == DAY


@pytest.mark.parametrize("written", ["31 ก.พ. 2567", "15/13/2567", "2567", "เมื่อวาน",
                                     "15 ม.ค. 2400", "1/1/3000", "15 Jan 2024"])
def test_a_day_that_is_not_one_is_refused_in_thai(written):
    with pytest.raises(columns.CellError) as refused:
        columns.date(written)
    assert any("\u0e00" <= letter <= "\u0e7f" for letter in str(refused.value))


def test_the_article_form_reads_a_buddhist_era_date(app, content_tree, client):
    staff = build_site(content_tree)
    login(client, staff["admin"])
    article = db.session.scalar(select(Article).where(Article.slug == "test-article"))
    url = f"/admin/articles/{article.id}/edit"
    data = edit_data(client, url, published="๑๕ ม.ค. ๒๕๖๗")
    data["csrf_token"] = token(client, url)
    assert client.post(url, data=data).status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Article, article.id).published_on == DAY
    assert "15 มกราคม 2567" in client.get(url).get_data(as_text=True)  # shown in the era
