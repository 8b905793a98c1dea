"""Paints the mood column as a coloured pill and edits it with a combo box of the named moods."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from emotune.mood_space import TRACK_MOODS
from emotune.ui.library_model import TRACK_ROLE
from emotune.ui.palette import current_palette
from emotune.ui.theme import mood_color

AUTOMATIC = "Automatic"


class MoodDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        track = index.data(TRACK_ROLE)
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        option.icon = QIcon()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(6, 5, -6, -5)
        palette = current_palette()
        if track is None or not track.mood:
            painter.setPen(QColor(palette.text_faint))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "not yet known")
            painter.restore()
            return
        color = mood_color(track.mood)
        text = track.mood.title() + ("  ✎" if track.mood_source == "user" else "")
        width = min(rect.width(), option.fontMetrics.horizontalAdvance(text) + 22)
        pill = QRectF(rect.left(), rect.center().y() - 10, width, 20)
        fill = QColor(color)
        fill.setAlpha(48)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, 10, 10)
        painter.setBrush(color)
        painter.drawEllipse(QRectF(pill.left() + 7, pill.center().y() - 3, 6, 6))
        painter.setPen(color.lighter(115) if palette.is_dark else color.darker(115))  # apart from the pill
        painter.drawText(pill.adjusted(17, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(AUTOMATIC, None)
        for mood in TRACK_MOODS:
            combo.addItem(mood.title(), mood)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        current = index.data(Qt.ItemDataRole.EditRole) or None
        position = editor.findData(current)
        editor.setCurrentIndex(max(0, position))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
