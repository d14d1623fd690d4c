"""List rows laid out in their own direction; shared by the document list and the span list."""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .bidi import text_direction

IdRole = Qt.ItemDataRole.UserRole
# The document list's title and span count, drawn apart so a long title never hides the count.
TitleRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
LIST_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    TitleRole,
    CountRole,
    IdRole,
)


def plain_tooltip(text: str) -> str:
    """``text`` for a tooltip, shown as it is: Qt takes a tooltip that looks like HTML for rich
    text (a title ``<b>T</b><img src=x>`` showed a bold T and a broken image), so user text
    goes out escaped, with its line breaks and spaces kept."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def uniform_row_size() -> QSize:
    """One size for every row: Qt then never measures rows one by one."""
    return QSize(40, max(18, QFontMetrics(QFont()).height() + 6))


@functools.cache
def swatch(color: str, size: int = 14) -> QIcon:
    """A square of a label's colour, for list rows."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


@dataclass(slots=True)
class RowLayout:
    """Where a list row's parts go (viewport coordinates)."""

    icon: QRect
    text: QRect  # the title (elided to fit) in its own direction
    count: QRect  # the span count at the row's trailing side; empty when there is none
    elided: str
    direction: Qt.LayoutDirection


class BidiItemDelegate(QStyledItemDelegate):
    """Lays each row's text out in its own direction: an Arabic title keeps its full stop at the
    end (on the left) and is elided at its end, a Latin one the other way round, whatever the
    interface language. The icon and the span count stay in columns on the interface's sides,
    so a list of mixed titles does not zigzag."""

    def row_layout(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> RowLayout:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_direction_ = opt.direction
        title = index.data(TitleRole)
        title = opt.text if title is None else str(title)
        count = index.data(CountRole)
        count_text = str(count) if count else ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        ui = widget.layoutDirection() if widget is not None else QApplication.layoutDirection()
        opt.direction = ui
        opt.text = title
        icon = style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, opt, widget)
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        # the text rect of an icon row starts after the icon: keep all of the rest
        if ui == Qt.LayoutDirection.RightToLeft:
            text.setLeft(opt.rect.left())
        else:
            text.setRight(opt.rect.right())
        text = text.adjusted(3, 0, -3, 0)
        count_rect = QRect()
        if count_text:
            # a gap wide enough that the count does not read as part of the title
            width = opt.fontMetrics.horizontalAdvance(count_text) + 16
            if ui == Qt.LayoutDirection.RightToLeft:
                count_rect = QRect(text.left(), text.top(), width, text.height())
                text.setLeft(count_rect.right() + 1)
            else:
                count_rect = QRect(text.right() - width + 1, text.top(), width, text.height())
                text.setRight(count_rect.left() - 1)
        # Elided here, not by the style: it would size its layout for the whole title (an
        # emoji's taller font then pushed the visible part up out of the row's middle).
        elided = opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, text.width())
        return RowLayout(icon, text, count_rect, elided, text_direction_)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        layout = self.row_layout(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.direction = widget.layoutDirection() if widget is not None else opt.direction
        opt.text = ""  # background, selection, focus and icon from the style; text drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        if group == QPalette.ColorGroup.Normal and not opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        role = (
            QPalette.ColorRole.HighlightedText
            if opt.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        text_option.setTextDirection(layout.direction)
        side = (
            Qt.AlignmentFlag.AlignRight
            if layout.direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        text_option.setAlignment(
            side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        painter.drawText(QRectF(layout.text), layout.elided, text_option)
        if not layout.count.isEmpty():
            count_text = str(index.data(CountRole))
            trailing = (
                Qt.AlignmentFlag.AlignLeft
                if opt.direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignRight
            )
            count_option = QTextOption(
                trailing | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
            count_option.setTextDirection(Qt.LayoutDirection.LeftToRight)
            if not opt.state & QStyle.StateFlag.State_Selected:
                painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(layout.count), count_text, count_option)
        painter.restore()

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = text_direction(option.text)
        # absolute: in the mirrored Arabic interface a plain AlignRight would mean left
        option.displayAlignment = (
            Qt.AlignmentFlag.AlignVCenter
            | Qt.AlignmentFlag.AlignAbsolute
            | (
                Qt.AlignmentFlag.AlignRight
                if option.direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft
            )
        )
