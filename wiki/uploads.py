"""Checking and storing images that users upload.

Only the bytes of an upload are trusted, never its name or content type: the format
is what Pillow detects, the pixels are re-encoded (which leaves EXIF, XMP and text
chunks behind), and the stored name is random with the detected format's extension.
"""

import contextlib
import io
import struct
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# A 40-megapixel RGBA image takes 160 MB once decoded, which a worker can afford,
# and it is well above the 12-24 MP photos that phones save by default.
MAX_PIXELS = 40_000_000
# WebP's own limit; a longer side is a sliver or an attack, never a wiki picture.
MAX_SIDE = 16_383

# Only chooses the message: a file that starts like an accepted format but that
# Pillow cannot identify is a damaged image, not the wrong kind of file.
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
# Re-encoding JPEG and WebP loses a little each time; at 90 it does not show.
_SAVE_OPTIONS = {"PNG": {}, "JPEG": {"quality": 90}, "WEBP": {"quality": 90}}
# What Pillow raises on malformed data depends on the plugin and on the fault.
_DAMAGED_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)

_UNSUPPORTED = "Only PNG, JPEG and WebP images can be uploaded."
_DAMAGED = "The image is damaged or incomplete, so it could not be read."


class ImageRejected(ValidationError):
    """An upload that is not an acceptable image; its message is shown to the user."""

    status = 400


class ImageNotStored(ImageRejected):
    """A sound image the server could not write (a full or read-only disk): it
    passes, so the JSON upload answers 503 and a form shows the error."""

    status = 503


def image_store(*, upload: UploadedFile, folder: str = "uploads") -> str:
    """Validate, re-encode and store an uploaded image; return its storage name.

    Anything but a sound PNG, JPEG or WebP image within the limits raises
    ImageRejected, and then nothing is written; a disk that refuses the file
    raises ImageNotStored, and whatever part of it was written is removed.
    """
    encoded, image_format = _reencode(_read_limited(upload))
    month = timezone.now().strftime("%Y/%m")
    name = f"{folder}/{month}/{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"
    try:
        return default_storage.save(name, ContentFile(encoded))
    except OSError as error:
        _remove_partial(name)
        raise ImageNotStored(
            "The server could not store the image right now (its disk is full or "
            "read-only). Nothing was saved; try the image again later.",
            code="not_stored",
        ) from error


def _remove_partial(name: str) -> None:
    # Never written, or the disk refuses even this: then there is nothing to do.
    with contextlib.suppress(OSError):
        default_storage.delete(name)


def _read_limited(upload: UploadedFile) -> bytes:
    # Django's upload handlers count upload.size as the body arrives, so an
    # oversized file is refused before any decoding; the bounded read also
    # covers an UploadedFile built elsewhere whose size understates its body.
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _too_big()
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_big()
    if not data:
        raise ImageRejected("The file is empty.", code="empty")
    return data


def _reencode(data: bytes) -> tuple[bytes, str]:
    """Return the image in `data` re-encoded in its own format, and that format."""
    try:
        # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns of a
        # decompression bomb; here that is as fatal as its error. The filter is
        # process-wide, so a concurrent thread may see it (or, by the race in
        # catch_warnings, keep it): that only makes the same warning fatal there.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as probe:
                _check_dimensions(*probe.size)
                probe.verify()
            # verify() leaves the image unusable, so decode from a fresh parser.
            with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as image:
                # Pillow reports a multi-picture JPEG (common from phones) as MPO.
                image_format = "JPEG" if image.format == "MPO" else image.format
                image.load()  # the first frame: animations are not kept
                return _encode(image, image_format), image_format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large() from error
    except UnidentifiedImageError as error:
        if data.startswith(_SIGNATURES) or data[:4] + data[8:12] == b"RIFFWEBP":
            raise ImageRejected(_DAMAGED, code="damaged") from error
        raise ImageRejected(_UNSUPPORTED, code="unsupported") from error
    except _DAMAGED_ERRORS as error:
        raise ImageRejected(_DAMAGED, code="damaged") from error


def _encode(image: Image.Image, image_format: str) -> bytes:
    # A CMYK profile does not describe the RGB pixels the conversion produces.
    icc_profile = None if image.mode == "CMYK" else image.info.get("icc_profile")
    # Dropping EXIF loses the orientation tag, so apply it to the pixels first.
    clean = ImageOps.exif_transpose(image)
    # Pillow decodes PNG and WebP only into modes their encoders store, and can
    # write CMYK JPEG too, but browsers show CMYK colours inconsistently.
    if clean.mode == "CMYK":
        clean = clean.convert("RGB")
    # Encoders may fall back to the image's own metadata (PNG does for ICC, and
    # Pillow 11.0 wrote XMP into JPEG from it): keep only what the pixels need,
    # a palette's transparent entry, so no EXIF, XMP or text can ride along.
    clean.info = {k: v for k, v in clean.info.items() if k == "transparency"}
    buffer = io.BytesIO()
    clean.save(
        buffer,
        format=image_format,
        icc_profile=icc_profile,
        **_SAVE_OPTIONS[image_format],
    )
    return buffer.getvalue()


def _check_dimensions(width: int, height: int) -> None:
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _too_large()


def _too_big() -> ImageRejected:
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    return ImageRejected(
        f"The file is larger than {megabytes} MB; please upload a smaller image.",
        code="too_big",
    )


def _too_large() -> ImageRejected:
    return ImageRejected(
        f"The image is too large: at most {MAX_PIXELS // 1_000_000} megapixels "
        f"and {MAX_SIDE} pixels on a side.",
        code="too_large",
    )
