"""Korean and English in the window: the switch at run time changes every text and keeps the run,
the lesson and what the panels hold; Korean is drawn in a font that has Hangul."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from gdsim.model.lessons import localized
from gdsim.qt import language, names
from gdsim.resources import resource_path

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def english_leftovers() -> list[re.Pattern]:
    """A pattern per source string that Korean changes: a text it matches was left in English."""
    patterns = []
    for context in ET.parse(resource_path("translations", "gdsim_ko.ts")).getroot().iter("context"):
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.findtext("translation")
            if translation != source and re.search(r"[A-Za-z]{2,}", source):
                parts = re.split(r"\{[^{}]*\}", source.replace("&", "").strip())
                patterns.append(re.compile(".*?".join(map(re.escape, parts)), re.DOTALL))
    return patterns


def shown_texts(window) -> list[str]:
    """Every text the window can show: actions, menus, labels, buttons, tabs, items, tips, plot texts."""
    texts = [a.text() for a in window.actions.values()] + [a.toolTip() for a in window.actions.values()]
    texts += [a.text() for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())] + [widget.placeholderText()]
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QSpinBox):
            texts.append(widget.prefix())
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            texts += [widget.horizontalHeaderItem(i).text() for i in range(widget.columnCount())
                      if widget.horizontalHeaderItem(i) is not None]
        if isinstance(widget, pg.GraphicsView):
            texts += [item.toPlainText() for item in widget.scene().items() if isinstance(item, QGraphicsTextItem)]
    return [text.replace("&", "").strip() for text in texts if text and text.strip()]


def english_in(window) -> list[str]:
    patterns = english_leftovers()
    return [text for text in shown_texts(window) if any(p.fullmatch(text) for p in patterns)]


def test_switching_to_korean_changes_the_window_and_keeps_the_run(window, qtbot, korean):
    language.set_language("en")
    window.open_lesson("momentum", 3)
    window.controller.advance(57)
    window.actions["gradient_field"].trigger()
    window.analysis_tabs.setCurrentWidget(window.sweep_panel)
    qtbot.mouseClick(window.sweep_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.sweep_panel.plot.sweeps), timeout=30_000)
    before = window.controller.snapshot()
    english = shown_texts(window)
    registry = dict(window.actions)
    assert len(english_in(window)) > 100  # what the check below would find, had nothing been translated

    window.actions["language:ko"].trigger()
    assert window.actions == registry  # the same actions, relabelled: shortcuts and references stay good
    assert all(window.actions[name] is action for name, action in registry.items())
    after = window.controller.snapshot()
    assert after.step == before.step == 57 and np.array_equal(after.positions, before.positions)
    assert window.controller.setup is not None and window.lessons.index == 3
    assert window.actions["language:ko"].isChecked() and not window.actions["language:en"].isChecked()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["파일(&F)", "편집(&E)", "보기(&V)"] and "도움말(&H)" in menus
    assert [window.analysis_tabs.tabText(i) for i in range(3)] == ["손실", "스텝 설명", "비교"]
    assert window.actions["step"].text() == "스텝" and window.actions["play_pause"].text() == "재생"
    assert window.control_panel.balls.duplicate_button.text() == "복제"
    assert window.control_panel.balls.status_of(1).startswith("진행 중 · 스텝 57")
    assert window.playback_bar.step_label.text().strip() == "스텝 57"
    assert window.lesson_bar.stage_label.text().strip().startswith("8단계 중 4단계: 셋 모두")
    stage = window.lessons.stage
    assert window.caption_bar.text() == window.controller.render_caption(localized(stage.caption, "ko"), "ko")
    assert window.actions["lesson:momentum"].text() == "L4 · 모멘텀과 네스테로프"
    assert window.control_panel.landscape.currentText() == "모멘텀 데모 (수업 L4)"
    assert window.windowTitle() == "gdsim — 모멘텀 데모 (수업 L4)"
    assert window.contour_view.start_marker.label().toPlainText() == "시작"  # a base class's text
    assert HANGUL.search(window.contour_view.field_note.toPlainText())
    assert window.sweep_panel.plot.sweeps and "부터 발산" in window.sweep_panel.plot.summary.text()
    assert english_in(window) == []
    hint = window.minimumSizeHint()  # Korean fits a small projector too
    assert hint.width() <= 1024 and hint.height() <= 768

    window.actions["language:en"].trigger()
    assert shown_texts(window) == english
    assert window.controller.snapshot().step == 57 and "Step 57." in window.caption_bar.text()


def test_the_texts_of_every_panel_follow_the_language(window, qtbot, korean):
    window.open_lesson("learning-rate", 0)
    window.controller.advance(3)
    window.analysis_tabs.setCurrentWidget(window.comparison)
    window.control_panel.tabs.setCurrentWidget(window.control_panel.derivative)
    window.set_language("ko")
    assert window.comparison.table.horizontalHeaderItem(1).text() == "상태"
    assert window.control_panel.derivative.method.currentText().startswith("중앙 차분")
    assert window.control_panel.balls.editor.schedule.itemText(0) == "고정"
    assert names.ball_label("Momentum η=0.005 ρ=0.9 (your ∇f)") == "모멘텀 η=0.005 ρ=0.9 (내 ∇f)"
    assert names.ball_label("AdamW η=0.1") == "AdamW η=0.1"
    assert english_in(window) == []


def test_the_menu_offers_each_language_once(window):
    codes = [name.split(":", 1)[1] for name in window.actions if name.startswith("language:")]
    assert codes == [language.SYSTEM, "en", "ko"]
    group = window.actions["language:ko"].actionGroup()
    assert group.isExclusive() and all(window.actions[f"language:{c}"].isCheckable() for c in codes)
    assert [a.text() for a in group.actions()][1:] == ["English", "한국어"]
    assert window.actions[f"language:{language.chosen_language()}"].isChecked()


def test_a_window_made_in_korean_is_korean(qtbot, korean):
    from gdsim.qt.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.actions["language:ko"].isChecked()
    assert window.menuBar().actions()[0].text() == "파일(&F)"
    assert window.lessons.language == "ko"
    assert english_in(window) == []


def test_korean_is_drawn_in_a_font_with_hangul(qapp, korean):
    if language.hangul_family() is None:
        pytest.skip("no font with Hangul is installed (Debian: fonts-noto-cjk)")
    language.set_language("en")
    english = QApplication.font().family()
    language.set_language("ko")
    font = QApplication.font()
    assert QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(font.family())
    assert QFontMetrics(font).inFontUcs4(ord("한"))
    language.set_language("en")
    assert QApplication.font().family() == english  # English keeps the default font


def test_system_follows_the_locale_and_unknown_codes_are_refused(qapp, korean):
    assert language.resolve(language.SYSTEM) == language.system_language()
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        language.set_language("fr")
    assert language.current_language() == "ko"
