"""An item's history, 50 revisions a page (issue 25, point 9): an item edited a thousand
times does not give a page of a thousand revisions."""

from __future__ import annotations

import re

from cdd_click.extensions import db
from cdd_click.models import Revision
from tests.admin_helpers import build_site, ids, login


def test_history_is_paged_fifty_at_a_time(app, content_tree):
    build_site(content_tree)
    village = ids()["village"]
    db.session.add_all(Revision(item_type="village", item_id=village, version=n, action="edit",
                                before={"summary": f"ก่อน {n}"}, after={"summary": f"หลัง {n}"})
                       for n in range(2, 122))
    db.session.commit()
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{village}/history"

    def versions(page: str) -> list[str]:
        listed = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
        return re.findall(r"<strong>ฉบับที่ ([0-9]+)</strong>", listed)

    pages = [client.get(url + (f"?page={n}" if n > 1 else "")).get_data(as_text=True)
             for n in (1, 2, 3)]
    found = [versions(page) for page in pages]
    assert [len(f) for f in found] == [50, 50, 21]  # 120 edits and the load's own revision
    assert found[0][0] == "121" and found[2][-1] == "1"
    flat = [v for f in found for v in f]
    assert len(flat) == len(set(flat)) == 121
    assert f'rel="next" href="{url}?page=2"' in pages[0]
    assert f'rel="prev" href="{url}?page=2"' in pages[2] and 'rel="next"' not in pages[2]
    assert "51–100 จาก 121" in pages[1]
    assert client.get(url + "?page=99").status_code == 200
    # the newest revision (on page 1 only) offers no restore; older ones, on every page, do
    assert pages[1].count("กู้คืนฉบับนี้") == 50
