"""Where an item is, on its edit form: the map picker's starting point, the far-pin question
(pins.py decides what is doubtful), and ``/admin/place.json`` for a place chosen meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import pins
from cdd_click.admin import bp, pickers
from cdd_click.extensions import db
from cdd_click.geography import province_names
from cdd_click.models import Listing, Subdistrict, Village

COUNTRY = (13.0, 101.0, 5)  # the whole of Thailand: nothing known yet
ZOOM_PIN, ZOOM_VILLAGE, ZOOM_TAMBON = 15, 14, 12


@dataclass(frozen=True)
class MapStart:
    """Where the picker opens: a point and a zoom."""

    lat: float
    lon: float
    zoom: int


def _village_by_slug(slug: str | None) -> Village | None:
    """The village ``slug`` names, if the signed-in account may put listings in it."""
    option, _problem = pickers.find_village(current_user, slug)
    return db.session.get(Village, option.id) if option is not None else None


def _village_start(village: Village | None) -> MapStart | None:
    if village is None or village.lat is None:
        return None
    return MapStart(village.lat, village.lon,
                    ZOOM_TAMBON if village.location_approximate else ZOOM_VILLAGE)


def _tambon_start(code: str | None) -> MapStart | None:
    point = pins.tambon_point((code or "").strip()) if code else None
    return MapStart(*point, ZOOM_TAMBON) if point else None


def map_start(form, item) -> MapStart:
    """The item's pin; else its village's place; else its tambon's centroid; else the country."""
    pin = form.pin_text()
    if pin:
        lat, lon = (float(part) for part in pin.split(","))
        # a village still at its tambon's centre: open on the tambon, to find the real place
        return MapStart(lat, lon, ZOOM_TAMBON if still_approximate(item, lat, lon)
                        else ZOOM_PIN)
    if hasattr(form, "village"):
        option = form.village_option
        village = db.session.get(Village, option.id) if option is not None else None
        start = _village_start(village)
        if start is None and village is not None:
            start = _tambon_start(village.subdistrict_code)
        if start:
            return start
    elif hasattr(form, "subdistrict"):
        start = _tambon_start(form.subdistrict.data)
        if start:
            return start
    return MapStart(*COUNTRY)


def item_start(item: Village | Listing) -> MapStart:
    """Where an owner's picker opens: the item's pin (a village still at its tambon's centre:
    the tambon, to find the real place); a listing without one, its village."""
    if item.lat is not None and item.lon is not None:
        return MapStart(item.lat, item.lon, ZOOM_TAMBON if getattr(
            item, "location_approximate", False) else ZOOM_PIN)
    village = item.village if isinstance(item, Listing) else None
    return _village_start(village) or MapStart(*COUNTRY)


def still_approximate(item, lat: float | None, lon: float | None) -> bool:
    """True when ``item`` is a village placed at its tambon's centre and the pin is still that
    point: a pin the editor moved (or typed) is the village's own place."""
    if not isinstance(item, Village) or not item.location_approximate or lat is None:
        return False
    return round(float(lat), 6) == round(item.lat, 6) and round(float(lon), 6) == round(item.lon, 6)


def mark_exact(values: dict[str, Any], item) -> None:
    """A village's saved values: no longer approximate once the editor moved its pin."""
    if isinstance(item, Village) and item.location_approximate and not still_approximate(
            item, values.get("lat"), values.get("lon")):
        values["location_approximate"] = False


def tambon_of(values: dict[str, Any]) -> str | None:
    """The tambon code the item is (or will be) in."""
    if "subdistrict_code" in values:
        return values["subdistrict_code"]
    village = db.session.get(Village, values["village_id"]) if values.get("village_id") else None
    return village.subdistrict_code if village is not None else None


def pin_question(check: pins.PinCheck, tambon: str | None) -> str:
    """Why the pin needs confirming, in Thai."""
    parts = []
    if check.km is not None:
        sub = db.session.get(Subdistrict, tambon) if tambon else None
        name = sub.name_th if sub is not None else tambon
        parts.append(_("ตำแหน่งนี้ห่างจากจุดกลางตำบล%(tambon)s ประมาณ %(km)s กม.",
                       tambon=name, km=f"{check.km:,.1f}"))
    if check.other_province is not None:
        parts.append(_("ตำแหน่งนี้อยู่ในเขตจังหวัด%(province)s ไม่ใช่จังหวัดของรายการ",
                       province=province_names().get(check.other_province,
                                                     check.other_province)))
    parts.append(_("กรุณาตรวจสอบตำแหน่งบนแผนที่ หากถูกต้องแล้วให้ทำเครื่องหมายยืนยัน"))
    return " ".join(parts)


def check_pin(form, values: dict[str, Any], item) -> None:
    """Ask about a doubtful pin: ``values["location_confirmed"]`` is True only when staff ticked
    the confirmation for this very pin (moving it asks again); otherwise the form gets an error
    on the confirmation box. A pin that is not doubtful needs and keeps no confirmation."""
    if "lat" not in values:
        return
    tambon = tambon_of(values)
    check = pins.check(values["lat"], values["lon"], tambon)
    form.pin_check = check
    form.pin_message = pin_question(check, tambon) if check.doubtful else None
    if not check.doubtful:
        values["location_confirmed"] = False
        return
    pin = form.pin_text()
    confirmed = bool(form.location_confirmed.data) and form.pin_checked.data == pin
    values["location_confirmed"] = confirmed
    if not confirmed:
        form.location_confirmed.data = False
        form.pin_checked.data = pin
        form.location_confirmed.errors.append(form.pin_message)


def _form_tambon(form) -> str | None:
    """The tambon the (unsaved) form names, when it names one validly."""
    if hasattr(form, "subdistrict"):
        return None if form.subdistrict.errors else form.subdistrict.data
    option = getattr(form, "village_option", None)
    village = db.session.get(Village, option.id) if option is not None else None
    return village.subdistrict_code if village is not None else None


def describe_posted_pin(form) -> None:
    """After a save that failed for other reasons: the question about the typed pin (the box
    stays as ticked only if it was ticked for this very pin)."""
    form.pin_check, form.pin_message = None, None
    pin = form.pin_text()
    if not pin:
        return
    tambon = _form_tambon(form)
    check = pins.check(form.lat.data, form.lon.data, tambon)
    if check.doubtful:
        form.pin_check, form.pin_message = check, pin_question(check, tambon)
        if form.pin_checked.data != pin:
            form.location_confirmed.data = False
            form.pin_checked.data = pin


def describe_stored_pin(form, item) -> None:
    """On a GET: the question about ``item``'s stored pin, the box ticked if it was confirmed."""
    form.pin_check, form.pin_message = None, None
    if not isinstance(item, Village | Listing) or item.lat is None:
        return
    tambon = item.subdistrict_code if isinstance(item, Village) else item.village.subdistrict_code
    check = pins.check(item.lat, item.lon, tambon)
    if check.doubtful:
        form.pin_check, form.pin_message = check, pin_question(check, tambon)
        form.location_confirmed.data = bool(item.location_confirmed)
        form.pin_checked.data = form.pin_text()


@bp.get("/place.json")
@login_required
def place():
    """``?village=slug`` or ``?tambon=code``: where the map picker should open, as
    ``{"lat": …, "lon": …, "zoom": …}`` (404 when not known)."""
    village = _village_by_slug(request.args.get("village"))
    start = _village_start(village) or (
        _tambon_start(village.subdistrict_code) if village is not None
        else _tambon_start(request.args.get("tambon", "")[:6]))
    if start is None:
        return jsonify({}), 404
    return jsonify({"lat": start.lat, "lon": start.lon, "zoom": start.zoom})
