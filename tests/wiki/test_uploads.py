import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from wiki.uploads import MAX_UPLOAD_BYTES, ImageNotStored, ImageRejected, image_store

RED = (255, 0, 0)
BLUE = (0, 0, 255)
MARKER = "SECRET-MARKER-7731"
UNSUPPORTED = "Only PNG, JPEG and WebP images can be uploaded."
DAMAGED = "The image is damaged or incomplete, so it could not be read."
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _image_bytes(image_format="PNG", *, size=(8, 6), mode="RGB", color=RED, **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _gradient_bytes(image_format):
    """An image whose pixel data is big enough to cut in half."""
    buffer = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


def _upload(content, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stored(name) -> Image.Image:
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
    image.load()
    return image


def _stored_bytes(name) -> bytes:
    with default_storage.open(name) as file:
        return file.read()


def _files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _rejected(upload) -> ImageRejected:
    with pytest.raises(ImageRejected) as excinfo:
        image_store(upload=upload)
    return excinfo.value


def _near(pixel, expected, tolerance=12):
    return all(
        abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True)
    )


def _png_declaring(width, height) -> bytes:
    """A PNG header claiming a size; Pillow judges bombs by it before any pixel."""

    def chunk(kind, body):
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _animation_bytes(image_format):
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (8, 8), RED), Image.new("RGB", (8, 8), BLUE)
    first.save(buffer, format=image_format, save_all=True, append_images=[second])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")]
)
def test_each_accepted_format_is_stored_with_its_own_extension(image_format, extension):
    name = image_store(upload=_upload(_image_bytes(image_format)))

    assert name.endswith(f".{extension}")
    stored = _stored(name)
    assert stored.format == image_format
    assert stored.size == (8, 6)
    assert _near(stored.convert("RGB").getpixel((4, 3)), RED)


def test_the_format_comes_from_the_bytes_not_the_client_name_or_content_type():
    upload = _upload(_image_bytes("PNG"), name="x.html", content_type="image/gif")

    name = image_store(upload=upload)

    assert name.endswith(".png")
    assert _stored(name).format == "PNG"


def test_stored_names_are_random_under_the_folder_year_and_month():
    name = image_store(upload=_upload(_image_bytes("PNG")), folder="characters")

    assert re.fullmatch(r"characters/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)


def test_the_same_image_uploaded_twice_gets_two_different_names():
    content = _image_bytes("PNG")

    first = image_store(upload=_upload(content))
    second = image_store(upload=_upload(content))

    assert first != second
    assert default_storage.exists(first)
    assert default_storage.exists(second)


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_exif_with_gps_position_is_removed(image_format):
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = MARKER
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
    }
    content = _image_bytes(image_format, exif=exif.tobytes())
    assert MARKER.encode() in content

    name = image_store(upload=_upload(content))

    assert MARKER.encode() not in _stored_bytes(name)
    stored_exif = _stored(name).getexif()
    assert not stored_exif
    assert not stored_exif.get_ifd(ExifTags.IFD.GPSInfo)


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_xmp_metadata_is_removed(image_format):
    content = _image_bytes(
        image_format, xmp=f"<x:xmpmeta>{MARKER}</x:xmpmeta>".encode()
    )
    assert MARKER.encode() in content

    name = image_store(upload=_upload(content))

    assert MARKER.encode() not in _stored_bytes(name)


def test_png_text_chunks_are_removed():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", MARKER)
    content = _image_bytes("PNG", pnginfo=text)
    assert MARKER.encode() in content

    name = image_store(upload=_upload(content))

    assert MARKER.encode() not in _stored_bytes(name)


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_exif_orientation_is_applied_to_the_pixels(image_format):
    image = Image.new("RGB", (20, 10), RED)
    image.paste(BLUE, (10, 0, 20, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif.tobytes())

    stored = _stored(image_store(upload=_upload(buffer.getvalue())))

    assert stored.size == (10, 20)
    assert _near(stored.convert("RGB").getpixel((5, 2)), RED, tolerance=40)
    assert _near(stored.convert("RGB").getpixel((5, 17)), BLUE, tolerance=40)


def test_png_alpha_transparency_is_kept():
    content = _image_bytes("PNG", mode="RGBA", color=(255, 0, 0, 0))

    stored = _stored(image_store(upload=_upload(content)))

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0


def test_png_palette_transparency_is_kept():
    image = Image.new("P", (8, 8), 1)
    image.putpalette([*RED, *BLUE])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=1)

    stored = _stored(image_store(upload=_upload(buffer.getvalue())))

    assert stored.convert("RGBA").getpixel((0, 0))[3] == 0


def test_webp_alpha_transparency_is_kept():
    content = _image_bytes("WEBP", mode="RGBA", color=(255, 0, 0, 0))

    stored = _stored(image_store(upload=_upload(content)))

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_only_the_first_frame_of_an_animation_is_kept(image_format):
    content = _animation_bytes(image_format)
    assert Image.open(io.BytesIO(content)).n_frames == 2

    stored = _stored(image_store(upload=_upload(content)))

    assert getattr(stored, "n_frames", 1) == 1
    assert _near(stored.convert("RGB").getpixel((4, 4)), RED)


def test_a_cmyk_jpeg_is_stored_as_an_rgb_jpeg():
    content = _image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))

    name = image_store(upload=_upload(content, name="print.jpg"))

    stored = _stored(name)
    assert name.endswith(".jpg")
    assert stored.mode == "RGB"
    assert _near(stored.getpixel((4, 3)), RED)


def test_the_colour_profile_of_an_rgb_image_is_kept():
    content = _image_bytes("JPEG", icc_profile=SRGB_PROFILE)

    stored = _stored(image_store(upload=_upload(content)))

    assert stored.info.get("icc_profile") == SRGB_PROFILE


def test_the_colour_profile_of_a_cmyk_jpeg_is_dropped_with_the_cmyk():
    content = _image_bytes("JPEG", mode="CMYK", icc_profile=SRGB_PROFILE)

    stored = _stored(image_store(upload=_upload(content)))

    assert "icc_profile" not in stored.info


@pytest.mark.parametrize("mode", ["1", "L", "LA", "I;16", "P", "RGB", "RGBA"])
def test_every_mode_pillow_reads_from_png_is_stored_as_it_is(mode):
    content = _image_bytes("PNG", mode=mode, color=1)

    stored = _stored(image_store(upload=_upload(content)))

    assert stored.mode == mode


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_a_single_jpeg():
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (8, 8), RED), Image.new("RGB", (8, 8), BLUE)
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    name = image_store(upload=_upload(buffer.getvalue(), name="photo.jpg"))

    stored = _stored(name)
    assert name.endswith(".jpg")
    assert stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF", "ICO"])
def test_images_in_other_formats_are_refused_and_not_stored(image_format, media_root):
    upload = _upload(_image_bytes(image_format), name="picture.png")

    error = _rejected(upload)

    assert error.code == "unsupported"
    assert error.message == UNSUPPORTED
    assert _files_under(media_root) == []


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b'<rect width="8" height="8"/></svg>',
            "drawing.svg",
            "image/svg+xml",
        ),
        (b"<html><script>alert(1)</script></html>", "x.png", "image/png"),
        (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n",
            "doc.png",
            "application/pdf",
        ),
        (b"just some text, honestly\n", "notes.jpg", "image/jpeg"),
    ],
    ids=["svg-with-onload", "html-named-png", "pdf", "text-named-jpg"],
)
def test_files_that_are_not_images_are_refused_and_not_stored(
    content, name, content_type, media_root
):
    error = _rejected(_upload(content, name=name, content_type=content_type))

    assert error.code == "unsupported"
    assert _files_under(media_root) == []


def test_an_empty_file_is_refused(media_root):
    error = _rejected(_upload(b""))

    assert error.code == "empty"
    assert error.message == "The file is empty."
    assert _files_under(media_root) == []


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_truncated_image_is_refused_as_damaged(image_format, media_root):
    content = _gradient_bytes(image_format)

    error = _rejected(_upload(content[: len(content) // 2]))

    assert error.code == "damaged"
    assert error.message == DAMAGED
    assert _files_under(media_root) == []


def test_a_png_with_a_corrupt_chunk_is_refused_as_damaged(media_root):
    content = bytearray(_gradient_bytes("PNG"))
    content[-30] ^= 0xFF  # inside the last IDAT chunk, so its checksum fails

    error = _rejected(_upload(bytes(content)))

    assert error.code == "damaged"
    assert _files_under(media_root) == []


def test_a_png_with_a_corrupt_chunk_after_its_pixels_is_refused_as_damaged(
    media_root,
):
    # Decoding stops at the pixels; only verify() reads and checks what follows.
    content = _image_bytes("PNG")
    body = b"Comment\0" + MARKER.encode()
    bad_crc = struct.pack(">I", zlib.crc32(b"tEXt" + body) ^ 1)
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + bad_crc
    iend = content[-12:]

    error = _rejected(_upload(content[:-12] + chunk + iend))

    assert error.code == "damaged"
    assert _files_under(media_root) == []


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_an_image_cut_off_inside_its_header_is_refused_as_damaged(
    image_format, media_root
):
    error = _rejected(_upload(_image_bytes(image_format)[:20]))

    assert error.code == "damaged"
    assert _files_under(media_root) == []


def test_a_png_declaring_20000_by_20000_pixels_is_refused(media_root):
    error = _rejected(_upload(_png_declaring(20_000, 20_000)))

    assert error.code == "too_large"
    assert "40 megapixels" in error.message
    assert _files_under(media_root) == []


def test_an_image_over_40_megapixels_is_refused(media_root):
    # 7000 × 7000 is below Pillow's own bomb threshold, so the module's limit acts.
    error = _rejected(_upload(_png_declaring(7_000, 7_000)))

    assert error.code == "too_large"
    assert _files_under(media_root) == []


def test_pillows_decompression_bomb_warning_becomes_a_refusal(monkeypatch, media_root):
    # Between the limit and twice the limit Pillow only warns.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    content = _image_bytes("PNG", size=(12, 12))

    error = _rejected(_upload(content))

    assert error.code == "too_large"
    assert _files_under(media_root) == []


def test_an_image_with_an_absurdly_long_side_is_refused(media_root):
    content = _image_bytes("PNG", size=(20_000, 1), mode="L", color=0)

    error = _rejected(_upload(content))

    assert error.code == "too_large"
    assert _files_under(media_root) == []


def test_a_file_over_5_mb_is_refused_before_decoding(monkeypatch, media_root):
    def decode(*args, **kwargs):
        pytest.fail("an oversized upload was decoded")

    monkeypatch.setattr(Image, "open", decode)
    upload = _upload(_image_bytes("PNG"))
    upload.size = MAX_UPLOAD_BYTES + 1

    error = _rejected(upload)

    assert error.code == "too_big"
    assert "5 MB" in error.message
    assert _files_under(media_root) == []


def test_a_body_over_5_mb_is_refused_even_when_its_size_understates_it(media_root):
    upload = _upload(_image_bytes("PNG") + b"\0" * MAX_UPLOAD_BYTES)
    upload.size = 100

    error = _rejected(upload)

    assert error.code == "too_big"
    assert _files_under(media_root) == []


def test_a_file_of_exactly_5_mb_is_accepted():
    content = _image_bytes("PNG")
    padded = content + b"\0" * (MAX_UPLOAD_BYTES - len(content))  # after IEND

    name = image_store(upload=_upload(padded))

    assert _stored(name).format == "PNG"


def test_path_traversal_in_the_client_name_does_not_move_the_file(tmp_path, media_root):
    upload = _upload(_image_bytes("PNG"), name="../../etc/passwd.png")

    name = image_store(upload=upload)

    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)
    assert _files_under(tmp_path) == [media_root / name]


# --- A disk that refuses the file (full, read-only) ----------------------------


@pytest.fixture
def refusing_disk(monkeypatch):
    """Storage writes half of the file, then the disk refuses the rest."""
    import errno

    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save

    def half_then_refuse(self, name, content):
        real_save(self, name, ContentFile(content.read()[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", half_then_refuse)


def test_a_disk_that_refuses_the_file_leaves_no_part_of_it(media_root, refusing_disk):
    upload = SimpleUploadedFile("a.png", _image_bytes(), content_type="image/png")

    with pytest.raises(ImageNotStored) as refused:
        image_store(upload=upload)

    assert refused.value.status == 503
    assert "could not store the image" in refused.value.messages[0]
    assert [path for path in Path(media_root).rglob("*") if path.is_file()] == []
