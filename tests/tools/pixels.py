"""Reading colours off a grabbed widget: WCAG contrast, a region's pixels and its most common colour."""
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage


def luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def region(image: QImage, rect: QRect) -> list[QColor]:
    rect = rect.intersected(image.rect())
    return [image.pixelColor(x, y) for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)]


def dominant(pixels: list[QColor]) -> QColor:
    counts: dict[int, int] = {}
    for color in pixels:
        counts[color.rgb()] = counts.get(color.rgb(), 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get))
