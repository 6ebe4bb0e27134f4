"""Where an item's map point really is, told honestly: its own pin, its village's point (a
listing without a pin of its own), or the centre of its tambon (a village placed there by an
import: ``location_approximate``). Pages, maps and directions say when a point is approximate
and where a directions link leads; JSON-LD gives ``geo`` only for an item's own exact point
(schema.org's GeoCoordinates claims the place is there)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from cdd_click.models import Listing, Village
from cdd_click.templating import area_name, localized_text

OWN, VILLAGE, TAMBON = "own", "village", "tambon"


@dataclass(frozen=True)
class Position:
    """A map point and what it is: ``OWN`` (exact), ``VILLAGE`` or ``TAMBON`` (approximate)."""

    lat: float
    lon: float
    name: str  # the item's name, for a phone's map app
    to: str
    village: Village

    @property
    def approximate(self) -> bool:
        return self.to != OWN

    @property
    def tambon(self) -> str:
        """The tambon's name in the page's language."""
        return area_name(self.village.subdistrict)

    @property
    def note(self) -> str:
        """One line saying the point is approximate and what it is ("" when exact)."""
        if self.to == TAMBON:
            return _("ตำแหน่งโดยประมาณ: จุดกลางตำบล%(tambon)s ยังไม่ใช่ที่ตั้งจริง",
                     tambon=self.tambon)
        if self.to == VILLAGE:
            return _("ตำแหน่งโดยประมาณ: ใช้ตำแหน่งของ%(village)s ยังไม่มีพิกัดของที่นี่เอง",
                     village=localized_text(self.village, "title"))
        return ""

    @property
    def google_label(self) -> str:
        """The text of the Google Maps directions link: where it leads."""
        if self.to == TAMBON:
            return _("นำทางไปยังจุดกลางตำบล%(tambon)s ด้วย Google Maps (โดยประมาณ)",
                     tambon=self.tambon)
        if self.to == VILLAGE:
            return _("นำทางไปยัง%(village)s ด้วย Google Maps (โดยประมาณ)",
                     village=localized_text(self.village, "title"))
        return _("นำทางด้วย Google Maps")

    @property
    def phone_label(self) -> str:
        """The text of the link that opens the phone's map app: where it points."""
        if self.to == TAMBON:
            return _("เปิดจุดกลางตำบล%(tambon)s ในแอปแผนที่ของโทรศัพท์ (โดยประมาณ)",
                     tambon=self.tambon)
        if self.to == VILLAGE:
            return _("เปิดตำแหน่งของ%(village)s ในแอปแผนที่ของโทรศัพท์ (โดยประมาณ)",
                     village=localized_text(self.village, "title"))
        return _("เปิดในแอปแผนที่ของโทรศัพท์")


def position_of(item: Village | Listing) -> Position:
    """Where ``item`` is shown on a map, and how exactly."""
    if isinstance(item, Listing):
        village = item.village
        if item.lat is not None and item.lon is not None:
            return Position(item.lat, item.lon, localized_text(item, "title"), OWN, village)
        to = TAMBON if village.location_approximate else VILLAGE
        return Position(village.lat, village.lon, localized_text(item, "title"), to, village)
    to = TAMBON if item.location_approximate else OWN
    return Position(item.lat, item.lon, localized_text(item, "title"), to, item)


def exact(item: Village | Listing) -> bool:
    """True when the item's point is its own, not a tambon's centre or its village's."""
    if isinstance(item, Listing):
        return item.lat is not None and item.lon is not None
    return not item.location_approximate
