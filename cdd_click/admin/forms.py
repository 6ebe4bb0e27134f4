"""Flask-WTF forms (CSRF on every one) with Thai labels and validation messages.

Every form derives from ``ThaiForm``, whose translations give WTForms' own messages ("Not a valid
choice.") in Thai, since neither WTForms nor Flask-WTF ships a Thai catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from cdd_click import sources
from cdd_click.admin.form_messages import THAI_TRANSLATIONS
from cdd_click.cells import looks_like_formula
from cdd_click.content import columns
from cdd_click.content.columns import CellError
from cdd_click.content.fields import MAX_BODY_CHARS
from cdd_click.facts import AUDIENCE_LABELS, language_names, month_names, weekday_names
from cdd_click.i18n import buddhist_year, format_thai_date
from cdd_click.models.facts import AUDIENCES
from cdd_click.models.listing import ListingKind
from cdd_click.text import markdown_problem
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS, PRODUCT_KINDS

REQUIRED = "กรุณากรอกช่องนี้"
THAI_RE = re.compile(r"[\u0E00-\u0E7F]")
SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
              message="ใช้ได้เฉพาะ a-z ตัวเลข และขีด (-) เช่น ban-mae-kampong")


def thai_required(form, field) -> None:
    """Titles, summaries and alt text are written in Thai first."""
    if field.data and not THAI_RE.search(field.data):
        raise ValidationError("กรุณาเขียนเป็นภาษาไทย")


def no_formula(form, field) -> None:
    """A title is a heading, and a cell in every export: it never starts like a spreadsheet
    formula (= + - @, or a tab or carriage return in front of one)."""
    if field.data and looks_like_formula(field.data):
        raise ValidationError("ขึ้นต้นด้วย = + - @ ไม่ได้ (โปรแกรมตารางจะอ่านเป็นสูตร)")


def read_as_import(parse: Callable[[Any], Any]) -> Callable:
    """A validator that reads the field with the import's cell parser (cdd_click.content.
    columns): the form takes what the import takes, stores it the same way, and says what it
    wants in the same words."""
    def validate(form, field) -> None:
        if not (field.data or "").strip():
            return
        try:
            field.data = parse(field.data)
        except CellError as problem:
            raise ValidationError(str(problem)) from None
    return validate


class CellField(StringField):
    """A text box read with one of the import's cell parsers (cdd_click.content.columns): Thai
    digits, thousands commas and the other forms a spreadsheet cell may take are read alike, and
    a refusal says what is wanted in the import's words. Shown again as typed; ``shown`` turns a
    stored value into text (a Common-Era year into the Buddhist era)."""

    def __init__(self, label=None, validators=None, parse: Callable[[Any], Any] = str,
                 shown: Callable[[Any], Any] = str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parse, self.shown = parse, shown

    def pre_validate(self, form) -> None:
        """Empty: None; else the parsed value, or the parser's reason (no other check runs)."""
        if not isinstance(self.data, str):
            return
        if not self.data.strip():
            self.data = None
            return
        try:
            self.data = self.parse(self.data)
        except CellError as problem:
            raise StopValidation(str(problem)) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.shown(self.data))


def markdown_within_budget(form, field) -> None:
    """A body that renders within the budget (too much markup, or nesting too deep, is refused
    with the reason: cdd_click.text.markdown_problem)."""
    problem = markdown_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def strip(value: str | None) -> str | None:
    """Surrounding blanks dropped (a value pasted with spaces is still found)."""
    return value.strip() if isinstance(value, str) else value


def lines(text: str | None) -> list[str]:
    """One item per line (highlights)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def words(text: str | None) -> list[str]:
    """Comma-separated tags."""
    return [word.strip() for word in (text or "").split(",") if word.strip()]


class ThaiForm(FlaskForm):
    """The admin's base form: WTForms' built-in messages in Thai."""

    class Meta:
        def get_translations(self, form):
            """Thai for every form, whatever the request's locale: the admin is in Thai."""
            return THAI_TRANSLATIONS


class SubmitForm(ThaiForm):
    """A bare form: its CSRF token guards a POST button (status, delete, restore, logout)."""

    version = HiddenField()


class LoginForm(ThaiForm):
    email = EmailField("อีเมล", validators=[DataRequired(REQUIRED), Email("อีเมลไม่ถูกต้อง")])
    password = PasswordField("รหัสผ่าน", validators=[DataRequired(REQUIRED)])


def login_email_errors(address: str) -> list[str]:
    """The login form's own e-mail errors for ``address``: accounts made elsewhere must sign in."""
    form = LoginForm(formdata=MultiDict({"email": address}), meta={"csrf": False})
    form.email.validate(form)
    return list(form.email.errors)


class _ContentForm(ThaiForm):
    """Fields every content type has."""

    version = HiddenField()
    slug = StringField("ชื่อในลิงก์ (slug) เว้นว่างได้: ระบบสร้างจากชื่อภาษาอังกฤษหรือชื่อไทย",
                       validators=[Optional(), Length(max=120), SLUG])
    title = StringField("ชื่อ (ภาษาไทย)", validators=[DataRequired(REQUIRED), Length(max=200),
                                                     thai_required, no_formula])
    title_en = StringField("ชื่อภาษาอังกฤษ", validators=[Optional(), Length(max=200), no_formula])
    summary = TextAreaField("สรุปสั้น ๆ", validators=[DataRequired(REQUIRED), Length(max=600)])
    summary_en = TextAreaField("สรุปภาษาอังกฤษ", validators=[Optional(), Length(max=600)])
    body = TextAreaField("เนื้อหา (Markdown)", validators=[Optional(), Length(max=MAX_BODY_CHARS),
                                                         markdown_within_budget])
    body_en = TextAreaField("เนื้อหาภาษาอังกฤษ (Markdown) เว้นว่างได้: หน้าภาษาอังกฤษจะแสดงภาษาไทยแทน",
                            validators=[Optional(), Length(max=MAX_BODY_CHARS),
                                        markdown_within_budget])
    tags = StringField("คำค้น (คั่นด้วยจุลภาค)", validators=[Optional(), Length(max=500)])
    sources = TextAreaField("ที่มาของข้อมูล (บรรทัดละหนึ่งแหล่ง: ชื่อแหล่ง | https://…)",
                            validators=[Optional(), Length(max=8000)])

    def validate_sources(self, field) -> None:
        """One ``title | https://…`` a line (cdd_click/sources.py says what is refused)."""
        try:
            sources.parse_lines(field.data)
        except sources.SourceError as problem:
            raise ValidationError(str(problem)) from None


class _Located:
    lat = CellField("ละติจูด", parse=columns.coordinate("lat"))
    lon = CellField("ลองจิจูด", parse=columns.coordinate("lon"))
    # Shown only when the pin is far from its tambon (or nearest another province's): pins.py.
    # ``pin_checked`` is the pin the question was asked about: moving the pin asks again.
    location_confirmed = BooleanField("ยืนยันว่าตำแหน่งนี้ถูกต้อง แม้จะอยู่ไกลจากตำบลของรายการ")
    pin_checked = HiddenField()

    def validate_lon(self, field) -> None:
        if (self.lat.data is None) != (field.data is None):
            raise ValidationError("กรุณากรอกทั้งละติจูดและลองจิจูด หรือเว้นว่างทั้งคู่")

    def pin_text(self) -> str:
        """The pin as ``pin_checked`` holds it (``""`` without one)."""
        if self.lat.data is None or self.lon.data is None or self.lat.errors or self.lon.errors:
            return ""
        return f"{float(self.lat.data):.6f},{float(self.lon.data):.6f}"


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of checkboxes (``_fields.html`` draws a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


_YES_NO_CHOICES = [("", "ไม่ระบุ"), ("yes", "ใช่"), ("no", "ไม่")]
PRICE = columns.whole_number(0, 10_000_000, "ราคา")  # baht: the import's price columns
TIME = Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", message="กรุณากรอกเวลาแบบ 09:00")


class _Facts:
    """Practical facts (models.facts): leave unknown ones empty."""

    best_months = MultiCheckboxField("ช่วงเดือนที่เหมาะจะไป", coerce=int, validate_choice=True,
                                     choices=list(month_names("th").items()))
    getting_there = TextAreaField("การเดินทาง (รถยนต์ / รถโดยสารจากตัวจังหวัด)",
                                  validators=[Optional(), Length(max=1000)])
    getting_there_en = TextAreaField("การเดินทาง ภาษาอังกฤษ",
                                     validators=[Optional(), Length(max=1000)])
    booking_needed = SelectField("ต้องจองล่วงหน้าหรือไม่", choices=_YES_NO_CHOICES)
    languages = MultiCheckboxField("ภาษาที่สื่อสารได้", choices=[
        (code, name) for code, name in language_names("th").items()])
    wheelchair_access = SelectField("ผู้ใช้รถเข็นเข้าถึงได้หรือไม่", choices=_YES_NO_CHOICES)
    parking = SelectField("มีที่จอดรถหรือไม่", choices=_YES_NO_CHOICES)
    suitable_for = MultiCheckboxField("เหมาะสำหรับ", choices=[
        (code, str(AUDIENCE_LABELS[code])) for code in AUDIENCES])


class _Highlights:
    highlights = TextAreaField("เที่ยวชมและทำอะไรได้บ้าง (บรรทัดละหนึ่งอย่าง)",
                               validators=[Optional(), Length(max=3000)])
    highlights_en = TextAreaField("เที่ยวชมและทำอะไรได้บ้าง ภาษาอังกฤษ (บรรทัดละหนึ่งอย่าง ตามลำดับเดียวกัน)",
                                  validators=[Optional(), Length(max=3000)])


class VillageForm(_Facts, _Highlights, _Located, _ContentForm):
    moo = CellField("หมู่ที่", parse=columns.whole_number(1, 99, "หมู่ที่"))
    subdistrict = StringField("รหัสตำบล (6 หลัก)", validators=[
        DataRequired(REQUIRED), Regexp(r"^[1-9][0-9]{5}$", message="รหัสตำบลต้องเป็นตัวเลข 6 หลัก")])
    featured = BooleanField("หมู่บ้านแนะนำ")
    price_min = CellField("ค่าใช้จ่ายต่ำสุด (บาท เช่น ค่าที่พักต่อคืน)", parse=PRICE)
    price_max = CellField("ค่าใช้จ่ายสูงสุด (บาท)", parse=PRICE)

    def validate_price_max(self, field) -> None:
        if field.data is not None and self.price_min.data is not None \
                and field.data < self.price_min.data:
            raise ValidationError("ราคาสูงสุดต้องไม่ต่ำกว่าราคาต่ำสุด")

    def validate_lat(self, field) -> None:
        if field.data is None:
            raise ValidationError("หมู่บ้านต้องมีพิกัด")


class ListingForm(_Facts, _Highlights, _Located, _ContentForm):
    kind = SelectField("ประเภท", choices=[(k.value, str(v)) for k, v in KIND_LABELS.items()])
    # A search box (admin.js fills its list from /admin/villages.json): the village's slug, or
    # its exact Thai or English title when only one village the account may edit has it.
    village = StringField(_l("หมู่บ้าน (พิมพ์ชื่อเพื่อค้นหา)"), filters=[strip],
                          validators=[DataRequired(REQUIRED)])
    category = SelectField("ประเภทผลิตภัณฑ์ OTOP",
                           choices=[("", "—"), *[(k.value, str(v)) for k, v in
                                                 CATEGORY_LABELS.items()]])
    otop_stars = SelectField("ระดับดาว OTOP",
                             choices=[("", "—"), *[(str(n), f"{n} ดาว") for n in range(1, 6)]])
    otop_year = CellField("ปีที่คัดสรร OTOP (พ.ศ.)", parse=columns.year, shown=buddhist_year)
    producer = StringField("ผู้ผลิต / กลุ่ม", validators=[Optional(), Length(max=200), no_formula])
    price_min = CellField("ราคาต่ำสุด (บาท)", parse=PRICE)
    price_max = CellField("ราคาสูงสุด (บาท)", parse=PRICE)
    phone = StringField("โทรศัพท์ (เช่น 053-123-456 หรือ 081-234-5678)",
                        validators=[Optional(), read_as_import(columns.phone)])
    line_id = StringField("LINE ID", validators=[Optional(), Length(max=60)])
    email = StringField("อีเมล", validators=[Optional(), Email("อีเมลไม่ถูกต้อง")])
    website = StringField("เว็บไซต์", validators=[Optional(), URL(message="ลิงก์ต้องขึ้นต้นด้วย https://")])
    facebook = StringField("Facebook", validators=[Optional(), URL(
        message="ลิงก์ต้องขึ้นต้นด้วย https://")])
    opening_hours = StringField("เวลาทำการ (ข้อความ เช่น ปิดวันพระ)",
                                validators=[Optional(), Length(max=500)])
    open_days = MultiCheckboxField("วันที่เปิด", choices=list(weekday_names("th").items()))
    opens = StringField("เวลาเปิด", validators=[Optional(), TIME])
    closes = StringField("เวลาปิด", validators=[Optional(), TIME])
    shop_url = StringField("ร้านค้าออนไลน์ (ปุ่ม ซื้อออนไลน์)", validators=[Optional(), URL(
        message="ลิงก์ต้องขึ้นต้นด้วย https://")])

    # Set by ``ContentType.make_form``: the typed village -> (its option, None) or (None, the
    # Thai reason), decided in SQL for the signed-in account (``pickers.find_village``).
    find_village: Callable[[str], tuple[Any, str | None]]
    # The village the field names: the current one on an edit page, the found one once valid.
    village_option: Any = None

    def validate_village(self, field) -> None:
        if field.errors:
            return
        option, problem = self.find_village(field.data)
        if option is None:
            raise ValidationError(problem)
        self.village_option = option
        field.data = option.slug  # a typed title is shown again as the slug it named

    def validate_category(self, field) -> None:
        if self.kind.data == ListingKind.OTOP_PRODUCT and not field.data:
            raise ValidationError("ผลิตภัณฑ์ OTOP ต้องเลือกประเภทผลิตภัณฑ์")
        if field.data and self.kind.data not in PRODUCT_KINDS:
            raise ValidationError("ประเภทผลิตภัณฑ์ใช้กับสินค้าเท่านั้น")

    def validate_otop_stars(self, field) -> None:
        if field.data and self.kind.data != ListingKind.OTOP_PRODUCT:
            raise ValidationError("ระดับดาวใช้กับผลิตภัณฑ์ OTOP เท่านั้น")

    def validate_otop_year(self, field) -> None:
        if field.data is not None and not self.otop_stars.data:
            raise ValidationError("ปีที่คัดสรรต้องมาพร้อมระดับดาว OTOP")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if bool(self.opens.data) != bool(self.closes.data):  # Optional() skips an empty field
            self.closes.errors = [*self.closes.errors,
                                  "กรุณากรอกทั้งเวลาเปิดและเวลาปิด หรือเว้นว่างทั้งคู่"]
            return False
        return valid

    def validate_price_max(self, field) -> None:
        if field.data is not None and self.price_min.data is not None \
                and field.data < self.price_min.data:
            raise ValidationError("ราคาสูงสุดต้องไม่ต่ำกว่าราคาต่ำสุด")


class ArticleForm(_ContentForm):
    category = StringField("หมวดหมู่", validators=[DataRequired(REQUIRED), Length(max=100)])
    highlights = TextAreaField("ประเด็นสำคัญ (บรรทัดละหนึ่งข้อ)",
                               validators=[Optional(), Length(max=3000)])
    highlights_en = TextAreaField("ประเด็นสำคัญ ภาษาอังกฤษ (บรรทัดละหนึ่งข้อ ตามลำดับเดียวกัน)",
                                  validators=[Optional(), Length(max=3000)])
    published = CellField("วันที่เผยแพร่", parse=columns.date, shown=format_thai_date,
                          validators=[DataRequired("กรุณาระบุวันที่")],
                          description="เช่น 15 ม.ค. 2567 หรือ 15/01/2567 (พ.ศ. หรือ ค.ศ.)")
    province = SelectField("จังหวัด (เว้นว่าง = ทั่วประเทศ)", validators=[Optional()])


class PhotoForm(ThaiForm):
    photo = FileField("รูปภาพ (JPEG, PNG หรือ WebP)", validators=[FileRequired("กรุณาเลือกไฟล์")])
    alt = StringField("คำบรรยายภาพ (ภาษาไทย)", validators=[
        DataRequired("กรุณาบรรยายภาพสำหรับผู้ที่มองไม่เห็นภาพ"), Length(max=300), thai_required])


class ImportForm(ThaiForm):
    sheet = FileField("ไฟล์ตาราง (.xlsx หรือ .csv) หรือ .zip ที่มีตารางและโฟลเดอร์รูป", validators=[
        FileRequired("กรุณาเลือกไฟล์"),
        FileAllowed(["xlsx", "csv", "zip"], "รับเฉพาะไฟล์ .xlsx, .csv หรือ .zip")])


class UserForm(ThaiForm):
    email = EmailField("อีเมล", validators=[DataRequired(REQUIRED), Email("อีเมลไม่ถูกต้อง")])
    role = SelectField("บทบาท", choices=[("editor", "ผู้แก้ไขเนื้อหา"), ("admin", "ผู้ดูแลระบบ")])
    provinces = SelectMultipleField("จังหวัดที่แก้ไขได้")
    active = BooleanField("ใช้งานได้", default=True)
    password = PasswordField("รหัสผ่านใหม่ (อย่างน้อย 12 ตัวอักษร)",
                             validators=[Optional(), Length(min=12, message="อย่างน้อย 12 ตัวอักษร")])

    def validate_provinces(self, field) -> None:
        if self.role.data == "editor" and not field.data:
            raise ValidationError("ผู้แก้ไขเนื้อหาต้องมีจังหวัดอย่างน้อยหนึ่งจังหวัด")
