"""How the article is laid out: right-to-left by default, generous line height, its font.

The article view calls these once per widget (``setup_document``), per shown text
(``format_blocks``) and per zoom step (``article_font``). The link arrows rely on the line height:
the extra space of a proportional line height is below each line, a blank band they run through.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCursor, QTextDocument, QTextOption

from .bidi import is_rtl
from .offsets import OffsetMap

BASE_POINT_SIZE = 16.0
ZOOM_STEP = 1.1
LINE_HEIGHT_PERCENT = 165
PARAGRAPH_GAP = 4.0
DOCUMENT_MARGIN = 24


def setup_document(doc: QTextDocument) -> None:
    """Right-to-left from the document's default option (QTextEdit honours it per paragraph)."""
    doc.setUndoRedoEnabled(False)
    doc.setDocumentMargin(DOCUMENT_MARGIN)
    option = doc.defaultTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)


def article_font(family: str, zoom: int) -> QFont:
    font = QFont(family)
    font.setPointSizeF(max(6.0, BASE_POINT_SIZE * ZOOM_STEP**zoom))
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def format_blocks(doc: QTextDocument, text: str, offsets: OffsetMap) -> set[int]:
    """Generous line height; paragraphs without right-to-left letters run left-to-right.

    Returns the numbers of those left-to-right paragraphs."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    base = QTextBlockFormat()
    base.setLineHeight(
        LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    )
    base.setBottomMargin(PARAGRAPH_GAP)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.mergeBlockFormat(base)
    ltr_blocks: set[int] = set()
    ltr = QTextBlockFormat()
    ltr.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    ltr.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    for number, start in enumerate(offsets.block_starts):
        para = text[start : offsets.block_end(number)]
        if not is_rtl(para):
            ltr_blocks.add(number)
            QTextCursor(doc.findBlockByNumber(number)).mergeBlockFormat(ltr)
    cursor.endEditBlock()
    doc.setModified(False)
    return ltr_blocks
