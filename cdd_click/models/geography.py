"""Thailand's administrative geography: provinces, districts and subdistricts (DOPA codes)."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cdd_click.extensions import db


class Province(db.Model):
    """จังหวัด, keyed by its 2-digit DOPA code, with its region in the six-region system."""

    __tablename__ = "province"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(16), index=True)

    districts: Mapped[list[District]] = relationship(back_populates="province")


class District(db.Model):
    """อำเภอ/เขต, keyed by its 4-digit DOPA code."""

    __tablename__ = "district"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))

    province: Mapped[Province] = relationship(back_populates="districts")


class Subdistrict(db.Model):
    """ตำบล/แขวง, keyed by its 6-digit DOPA code."""

    __tablename__ = "subdistrict"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("district.code"), index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    # The tambon's centroid (``flask geo centroids FILE``): where an imported village without
    # coordinates of its own is put, marked approximate. None until loaded.
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)

    district: Mapped[District] = relationship(lazy="joined")
    province: Mapped[Province] = relationship(lazy="joined")
