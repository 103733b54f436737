"""The GUI's language: gdsim's and Qt's translators, a Hangul font for Korean, and the switch at run
time. Widgets set their texts in `retranslate()`, which `Retranslatable` calls again on every
QEvent.LanguageChange, so a switch keeps the run, the lesson and every setting as they are."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from gdsim.resources import resource_path

SOURCE_LANGUAGE = "en"  # the language of the code's strings: it needs no translator
LANGUAGES = ("en", "ko")
SYSTEM = "system"  # follow the system locale
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}  # each in its own language, as language menus show them
# Families with Hangul, best first: Noto (Debian's fonts-noto-cjk), Nanum, then the platforms' own.
HANGUL_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Nanum Gothic", "Source Han Sans KR",
                   "Malgun Gothic", "Apple SD Gothic Neo")


class _State:
    chosen: str | None = None  # what was asked for: a language or SYSTEM; None before the first choice
    language = SOURCE_LANGUAGE  # what is shown
    translators: list[QTranslator] = []
    default_family: str | None = None  # the application font's family before any change


def system_language() -> str:
    """The supported language of the system locale, else English."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else SOURCE_LANGUAGE


def resolve(code: str) -> str:
    """The language `code` stands for ('system' follows the locale); ValueError for an unknown one."""
    if code == SYSTEM:
        return system_language()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of: {', '.join((*LANGUAGES, SYSTEM))}")
    return code


def chosen_language() -> str:
    """What was chosen: 'en', 'ko' or 'system' (the default)."""
    return _State.chosen or SYSTEM


def current_language() -> str:
    """The language shown now, 'en' or 'ko'; before any choice, the system's."""
    return _State.language if _State.chosen is not None else system_language()


def hangul_family() -> str | None:
    """An installed font family that has Hangul, preferring HANGUL_FAMILIES; None when there is none."""
    korean = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    return next((family for family in HANGUL_FAMILIES if family in korean), korean[0] if korean else None)


def install_default() -> None:
    """Show the system's language, unless a language was chosen already (by the user's settings)."""
    if _State.chosen is None:
        set_language(SYSTEM)


def set_language(code: str) -> str:
    """Show the GUI in `code` ('en', 'ko' or 'system') from now on; returns the language shown.

    Open windows retranslate before this returns. A missing translation file leaves the texts in
    English, with a warning on stderr; it never stops the app. Needs the QApplication.
    """
    language = resolve(code)
    if QCoreApplication.instance() is None:
        raise RuntimeError("set_language needs the QApplication: make it first")
    _State.chosen = code
    if language == _State.language and (_State.translators or language == SOURCE_LANGUAGE):
        return language
    _apply_font(language)  # first: the texts are then laid out in the new font
    for translator in _State.translators:
        QCoreApplication.removeTranslator(translator)
    _State.translators = []
    _State.language = language
    if language != SOURCE_LANGUAGE:
        ours = QTranslator()
        if ours.load(str(resource_path("translations", f"gdsim_{language}.qm"))):
            _State.translators.append(ours)
        else:
            print(f"gdsim: warning: no translation file for {language!r}: the texts stay in English",
                  file=sys.stderr)
        qt = QTranslator()  # the standard dialogs' buttons
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _State.translators.append(qt)
        for translator in _State.translators:
            QCoreApplication.installTranslator(translator)
    # Installing posts LanguageChange to the application, which posts it to every window: deliver both now.
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return language


def _apply_font(language: str) -> None:
    """Korean in a family that has Hangul; other languages in the application's own family.

    Only the family changes: a size chosen elsewhere (presenter mode) stays.
    """
    app = QCoreApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    font = app.font()
    if _State.default_family is None:
        _State.default_family = font.family()
    family = (hangul_family() if language == "ko" else None) or _State.default_family
    if font.family() == family:
        return
    font.setFamily(family)
    app.setFont(font)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)  # the widgets take it now
    if isinstance(app, QApplication):
        from gdsim.qt.support import pg_compat

        pg_compat.refont_texts(family)


class Retranslatable:
    """A mixin for QWidgets that set their texts in `retranslate()`: it runs again on every language
    change. List it before the Qt base class: `class Panel(Retranslatable, QWidget)`."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
