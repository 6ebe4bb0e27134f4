"""The offices responsible for a place's community development, named from its geography.

In 76 provinces the Community Development Department has a district office
(สำนักงานพัฒนาชุมชนอำเภอ…) and a provincial office (สำนักงานพัฒนาชุมชนจังหวัด…). Bangkok is not one
of them: there community development belongs to each district office (สำนักงานเขต), in its
community development and social welfare section. Only names are derived; a telephone number is
never made up (an item's own contacts are those staff entered).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdd_click.models import Subdistrict

BANGKOK = "10"


@dataclass(frozen=True)
class Office:
    """One responsible office, named in both languages."""

    name_th: str
    name_en: str

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_th


def responsible_offices(subdistrict: Subdistrict) -> list[Office]:
    """The district office first, then the provincial one (Bangkok: the khet office only)."""
    district, province = subdistrict.district, subdistrict.province
    if province.code == BANGKOK:
        khet = district.name_th.removeprefix("เขต")
        return [Office(f"ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม สำนักงานเขต{khet}",
                       f"Community Development and Social Welfare Section, "
                       f"{district.name_en} District Office")]
    return [Office(f"สำนักงานพัฒนาชุมชนอำเภอ{district.name_th}",
                   f"{district.name_en} District Community Development Office"),
            Office(f"สำนักงานพัฒนาชุมชนจังหวัด{province.name_th}",
                   f"{province.name_en} Provincial Community Development Office")]
