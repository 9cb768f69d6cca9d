"""The documents' typeface, Noto Sans CJK KR (Debian's fonts-noto-cjk), and how wide a text sets in it:
tables give a column the width its longest unbreakable word needs."""

from functools import lru_cache

REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
INDEX_KR = 1  # the face of the collection that is Noto Sans CJK KR

_MM_PER_POINT = 25.4 / 72
_MEASURED_AT = 100  # points: Pillow measures in whole pixels, so measure large and scale down


@lru_cache(maxsize=4)
def font(*, bold: bool = False, size: int = _MEASURED_AT):
    from PIL import ImageFont  # here: only documents measure or draw text

    return ImageFont.truetype(BOLD if bold else REGULAR, size, index=INDEX_KR)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of `text` on one line at `size_pt`, in millimetres."""
    return font(bold=bold).getlength(text) / _MEASURED_AT * size_pt * _MM_PER_POINT
