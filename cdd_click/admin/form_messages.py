"""Thai for every message WTForms can show: neither WTForms nor Flask-WTF ships a Thai catalogue.

The keys are WTForms' own English message ids (its ``locale/wtforms.pot``); a test checks that
every id there has a Thai text here.
"""

from __future__ import annotations

THAI = {
    "Invalid field name '%s'.": "ชื่อช่อง '%s' ไม่ถูกต้อง",
    "Field must be equal to %(other_name)s.": "ต้องตรงกับช่อง %(other_name)s",
    "Field must be at least %(min)d character long.": "ต้องมีอย่างน้อย %(min)d ตัวอักษร",
    "Field must be at least %(min)d characters long.": "ต้องมีอย่างน้อย %(min)d ตัวอักษร",
    "Field cannot be longer than %(max)d character.": "ต้องไม่เกิน %(max)d ตัวอักษร",
    "Field cannot be longer than %(max)d characters.": "ต้องไม่เกิน %(max)d ตัวอักษร",
    "Field must be exactly %(max)d character long.": "ต้องมี %(max)d ตัวอักษรพอดี",
    "Field must be exactly %(max)d characters long.": "ต้องมี %(max)d ตัวอักษรพอดี",
    "Field must be between %(min)d and %(max)d characters long.":
        "ต้องมี %(min)d ถึง %(max)d ตัวอักษร",
    "Number must be at least %(min)s.": "ตัวเลขต้องไม่น้อยกว่า %(min)s",
    "Number must be at most %(max)s.": "ตัวเลขต้องไม่มากกว่า %(max)s",
    "Number must be between %(min)s and %(max)s.": "ตัวเลขต้องอยู่ระหว่าง %(min)s ถึง %(max)s",
    "Date must be at least %(min)s.": "วันที่ต้องไม่ก่อน %(min)s",
    "Date must be at most %(max)s.": "วันที่ต้องไม่หลัง %(max)s",
    "Date must be between %(min)s and %(max)s.": "วันที่ต้องอยู่ระหว่าง %(min)s ถึง %(max)s",
    "This field is required.": "กรุณากรอกช่องนี้",
    "Invalid input.": "ข้อมูลไม่ถูกต้อง",
    "Invalid email address.": "อีเมลไม่ถูกต้อง",
    "Invalid IP address.": "หมายเลข IP ไม่ถูกต้อง",
    "Invalid Mac address.": "หมายเลข MAC ไม่ถูกต้อง",
    "Invalid URL.": "ลิงก์ไม่ถูกต้อง",
    "Invalid UUID.": "UUID ไม่ถูกต้อง",
    "Invalid value, must be one of: %(values)s.": "ค่าไม่ถูกต้อง ต้องเป็นค่าใดค่าหนึ่งใน %(values)s",
    "Invalid value, can't be any of: %(values)s.": "ค่าไม่ถูกต้อง ต้องไม่ใช่ค่าใดใน %(values)s",
    "This field cannot be edited.": "ช่องนี้แก้ไขไม่ได้",
    "This field is disabled and cannot have a value.": "ช่องนี้ปิดใช้งาน จึงกรอกค่าไม่ได้",
    "Invalid CSRF Token.": "แบบฟอร์มไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF token missing.": "แบบฟอร์มไม่ครบ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF failed.": "แบบฟอร์มไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF token expired.": "แบบฟอร์มหมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "Invalid Choice: could not coerce.": "ตัวเลือกไม่ถูกต้อง",
    "Choices cannot be None.": "ไม่มีตัวเลือกให้เลือก",
    "Not a valid choice.": "กรุณาเลือกจากรายการที่มีให้",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "ตัวเลือกบางรายการไม่ถูกต้อง",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' ไม่ใช่ตัวเลือกของช่องนี้",
    "'%(value)s' are not valid choices for this field.": "'%(value)s' ไม่ใช่ตัวเลือกของช่องนี้",
    "Not a valid datetime value.": "วันและเวลาไม่ถูกต้อง",
    "Not a valid date value.": "วันที่ไม่ถูกต้อง (รูปแบบ ปปปป-ดด-วว)",
    "Not a valid time value.": "เวลาไม่ถูกต้อง",
    "Not a valid week value.": "สัปดาห์ไม่ถูกต้อง",
    "Not a valid integer value.": "กรุณากรอกเป็นจำนวนเต็ม",
    "Not a valid decimal value.": "กรุณากรอกเป็นตัวเลข",
    "Not a valid float value.": "กรุณากรอกเป็นตัวเลข",
}


class ThaiTranslations:
    """What WTForms asks its ``meta.get_translations()`` for: gettext and ngettext."""

    def gettext(self, string: str) -> str:
        """The Thai text, or the message unchanged when it is already ours."""
        return THAI.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Thai has no plural forms; the English id still picks the entry."""
        return self.gettext(singular if n == 1 else plural)


THAI_TRANSLATIONS = ThaiTranslations()
