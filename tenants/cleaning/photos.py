"""Photos of cleaning work as the phone sends them: checked, turned upright, scaled to at most
1,600 px and stored as JPEG with no EXIF, so no GPS position or device leaves the phone."""

import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones send HEIC by default; Pillow reads it once the opener is registered.
register_heif_opener()

MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "HEIF", "WEBP", "MPO"}
# A photo wider or taller than this is not a phone's photo: refused before it is decoded.
MAX_PIXELS = 60_000_000


def photo_digest(upload) -> str:
    """The SHA-256 of the file as sent: a resend with the same photo is the same request."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def prepare_photo(upload) -> ContentFile:
    """The photo to store: a JPEG of at most 1,600 px a side with no metadata.

    Refuses, with a message a cleaner understands, a file that is too big or is no photo.
    """
    if upload.size > settings.CLEANING_PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": _("The photo is too large: at most %(megabytes)s MB.")
                % {"megabytes": settings.CLEANING_PHOTO_MAX_BYTES // 1_000_000}
            }
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError({"photo": _("Send a photo: JPEG, PNG or HEIC.")})
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"photo": _("The photo has too many pixels.")})
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # No exif= argument: Pillow writes none, so nothing of the original's metadata stays.
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError({"photo": _("Send a photo: JPEG, PNG or HEIC.")}) from exc
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name="photo.jpg")
