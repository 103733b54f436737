"""Renders resources/icons/gdsim.svg to the PNG sizes that desktops look up (hicolor theme).

    python packaging/linux/render_icons.py
    # → packaging/linux/icons/hicolor/<N>x<N>/apps/io.github.gdsim.gdsim.png, and the SVG itself
    #   as packaging/linux/icons/hicolor/scalable/apps/io.github.gdsim.gdsim.svg

The tree is laid out as the icon theme is, so that it can be copied into share/icons as it is.

Re-run it after changing the SVG and commit the PNGs; tests/test_packaging.py checks their sizes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "gdsim.svg"
APP_ID = "io.github.gdsim.gdsim"  # the .desktop file's name and Icon=, the AppStream id
OUT = Path(__file__).resolve().parent / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return OUT / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # fonts and painting want one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: cannot read {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            print(f"render_icons: cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    del app
    scalable = OUT / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    print(scalable.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
