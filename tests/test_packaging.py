"""The bundle's spec, the Linux desktop files, the icons, and the resources a wheel carries.

Fast: nothing here builds the bundle (packaging/smoke_test.py --build does, in CI).
"""

import configparser
import importlib.util
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import gdsim
from gdsim.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "io.github.gdsim.gdsim"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _recorder(name: str) -> type:
    """A stand-in for one of PyInstaller's Analysis, PYZ, EXE and COLLECT: keeps what the spec passes."""

    def __init__(self, *args, **kwargs):
        self.binaries, self.datas, self.pure, self.scripts = [], [], [], []
        type(self).made = {"args": args, **kwargs}

    return type(name, (), {"__init__": __init__, "made": {}})


Analysis, PYZ, EXE, COLLECT = (_recorder(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT"))


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    """The spec's namespace after PyInstaller would have run it (with stand-ins for its classes)."""
    namespace = {"SPECPATH": str(PACKAGING), "workpath": str(tmp_path_factory.mktemp("work")),
                 "Analysis": Analysis, "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT, "__name__": "gdsim_spec"}
    source = (PACKAGING / "gdsim.spec").read_text(encoding="utf-8")
    exec(compile(source, "gdsim.spec", "exec"), namespace)
    return namespace


def test_spec_reads_the_version_from_the_package(spec):
    assert spec["VERSION"] == gdsim.__version__


def test_spec_builds_one_folder_named_gdsim(spec):
    assert EXE.made["name"] == "gdsim" and EXE.made["exclude_binaries"] is True  # one folder, not one file
    assert COLLECT.made["name"] == "gdsim"
    assert Path(Analysis.made["args"][0][0]) == PACKAGING / "launch.py"


def test_spec_keeps_opengl_working_on_wayland(spec):
    assert "OpenGL.platform.egl" in Analysis.made["hiddenimports"]


def test_spec_excludes_what_gdsim_does_not_use(spec):
    excludes = set(Analysis.made["excludes"])
    assert {"torch", "tkinter", "_tkinter", "matplotlib", "IPython", "pytest", "hypothesis", "scipy",
            "pandas", "PyQt5", "PyQt6", "PySide2", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick",
            "PySide6.QtWebEngineCore", "PySide6.QtPdf", "PySide6.QtMultimedia", "PySide6.QtDesigner"} <= excludes
    used = {f"PySide6.{name}" for name in ("QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtSvg")}
    assert not used & excludes
    assert not {"numpy", "sympy", "mpmath", "contourpy", "pyqtgraph", "OpenGL", "gdsim", "PIL", "imageio"} & excludes
    assert {"imageio_ffmpeg", "PIL._avif", "PIL._webp", "PIL._imagingft"} <= excludes  # GIF needs Pillow's core only
    # sympy's lambdify runs `from numpy import *`, which imports numpy.f2py and numpy.testing
    assert not {"numpy.f2py", "numpy.testing"} & excludes


def test_every_pyside6_module_gdsim_imports_is_kept(spec):
    excluded = {name.removeprefix("PySide6.") for name in Analysis.made["excludes"] if name.startswith("PySide6.")}
    imported = set()
    for path in (ROOT / "gdsim").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] == "from" and words[1].startswith("PySide6."):
                imported.add(words[1].split(".")[1])
    assert imported and not imported & excluded


@pytest.mark.parametrize("dest, unwanted", [
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so", False),
    ("PySide6/Qt/plugins/wayland-graphics-integration-client/libdmabuf-server.so", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/translations/qtbase_ko.qm", False),
    ("PySide6/Qt/translations/qt_en.qm", False),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/translations/qt_help_ko.qm", True),
    ("PySide6/Qt/lib/libQt6Gui.so.6", False),
])
def test_spec_drops_unused_qt_plugins_and_translations(spec, dest, unwanted):
    assert spec["is_unwanted"](dest) is unwanted


def test_orphaned_and_system_libraries_and_their_links_are_dropped(spec):
    needs = {"plugins/libkept.so": ["libA.so", "libstdc++.so.6", "libc.so.6"], "/x/libA.so": ["libB.so"],
             "/x/libB.so": [], "/x/libC.so": [], "/x/libstdc++.so.6": [], "/x/libfontconfig.so.1": ["libD.so"],
             "/x/libD.so": [], "ext.so": ["libpython3.11.so.1.0", "libfontconfig.so.1"], "/x/libpython": []}
    binaries = [("PySide6/Qt/plugins/libkept.so", "plugins/libkept.so", "BINARY"),
                ("numpy/ext.so", "ext.so", "EXTENSION"),
                ("libA.so", "/x/libA.so", "BINARY"), ("libB.so", "/x/libB.so", "BINARY"),
                ("PySide6/Qt/lib/libC.so", "/x/libC.so", "BINARY"),  # nothing links to it
                ("libstdc++.so.6", "/x/libstdc++.so.6", "BINARY"),  # left to the system
                ("libfontconfig.so.1", "/x/libfontconfig.so.1", "BINARY"),  # left to the system ...
                ("libD.so", "/x/libD.so", "BINARY"),  # ... and so is what only it links to
                ("libpython3.11.so.1.0", "/x/libpython", "BINARY")]
    kept = spec["without_orphans"](binaries, needed=lambda path: needs[path])
    assert [dest for dest, _, _ in kept] == ["PySide6/Qt/plugins/libkept.so", "numpy/ext.so", "libA.so", "libB.so",
                                             "libpython3.11.so.1.0"]
    datas = [("libC.so", "PySide6/Qt/lib/libC.so", "SYMLINK"), ("libA2.so", "libA.so", "SYMLINK"), ("x.txt", "/x", "DATA")]
    assert spec["without_dangling_links"](datas, kept, datas) == datas[1:]


def test_libstdcxx_is_left_to_the_system(spec):
    # A bundled libstdc++ older than the system's stops Mesa's drivers from loading.
    assert {"libstdc++.so.6", "libgcc_s.so.1"} <= set(spec["SYSTEM_LIBRARIES"])
    assert not any(name.startswith(("libxcb-cursor", "libxkbcommon", "libQt6", "libicu", "libpython"))
                   for name in spec["SYSTEM_LIBRARIES"])


elf = _module(PACKAGING / "elf.py")


def test_elf_reads_direct_dependencies(tmp_path):
    PySide6 = pytest.importorskip("PySide6")
    core = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libQt6Core.so.6"), None)
    if core is None:
        pytest.skip("no libQt6Core.so.6 in this PySide6")
    names = elf.needed(core)
    assert "libc.so.6" in names and any(name.startswith("libicu") for name in names)
    (tmp_path / "text.so").write_text("not an ELF file")
    assert elf.needed(tmp_path / "text.so") == []


def test_spec_collects_the_resources_where_the_package_looks(spec):
    datas = {(Path(source).relative_to(ROOT / "resources").as_posix(), target)
             for source, target in Analysis.made["datas"]}
    lessons = sorted((ROOT / "resources" / "lessons").glob("*.toml"))
    assert lessons
    for lesson in lessons:
        assert (f"lessons/{lesson.name}", "gdsim/resources/lessons") in datas
    assert ("icons/gdsim.svg", "gdsim/resources/icons") in datas
    assert not any(source.startswith("screenshots/") or source.endswith(".ts") for source, _ in datas)
    translations = ROOT / "resources" / "translations"
    for qm in translations.glob("*.qm") if translations.is_dir() else ():
        assert (f"translations/{qm.name}", "gdsim/resources/translations") in datas


def test_resource_path_finds_lessons_and_icons_from_the_checkout():
    assert resource_path("icons", "gdsim.svg").is_file()
    assert resource_path("lessons").is_dir() and list(resource_path("lessons").glob("*.toml"))


def test_the_wheel_carries_the_resources(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("gdsim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lesson in (ROOT / "resources" / "lessons").glob("*.toml"):
        assert f"gdsim/resources/lessons/{lesson.name}" in names
    assert "gdsim/resources/icons/gdsim.svg" in names
    assert not any(name.startswith("gdsim/resources/screenshots") for name in names)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_names_the_command_and_the_icon():
    entry = _desktop_entry()
    for key in ("Type", "Name", "Comment", "Exec", "Icon", "Categories", "Terminal"):
        assert entry.get(key), key
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"].split()[0] in PYPROJECT["project"]["scripts"]  # the command pip and the bundle install
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == "gdsim"  # Qt's WM class: the application name
    assert "Education" in entry["Categories"].split(";")


def test_metainfo_describes_this_release():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.findtext("project_license") == PYPROJECT["project"]["license"]
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == f"{APP_ID}.desktop"
    assert (LINUX / launchable.text).is_file()
    assert root.findtext("provides/binary") == "gdsim"
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == gdsim.__version__  # newest first
    assert all(release.get("date") for release in releases)


def _png_header(path: Path) -> tuple[int, int, int, int]:
    data = path.read_bytes()[:29]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icons_exist_at_every_size(size):
    path = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    width, height, depth, colour = _png_header(path)
    assert (width, height) == (size, size)
    assert colour == 6 and depth == 8  # RGBA: the rounded corners are transparent


def test_icons_follow_the_svg():
    scalable = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg = ROOT / "resources" / "icons" / "gdsim.svg"
    assert scalable.read_bytes() == svg.read_bytes(), "run python packaging/linux/render_icons.py"
    renderer = _module(LINUX / "render_icons.py")
    assert renderer.SIZES == ICON_SIZES and renderer.APP_ID == APP_ID


# --- the trimmed ICU data (packaging/icu_trim.py) ---

icu_trim = _module(PACKAGING / "icu_trim.py")


@pytest.mark.parametrize("name, kept", [
    ("root.res", True), ("en.res", True), ("en_GB.res", True), ("ko.res", True), ("ko_KP.res", True),
    ("de.res", False), ("de_.res", False), ("zh_Hant_TW.res", False), ("yue.res", False),
    ("coll/root.res", True), ("coll/ko.res", True), ("coll/ucadata.icu", True), ("coll/de.res", False),
    ("coll/res_index.res", True), ("zone/pool.res", True), ("zone/ko.res", True), ("zone/fr.res", False),
    ("brkitr/cjdict.dict", False), ("translit/root.res", False), ("curr/en.res", False), ("lang/ko.res", False),
    ("ibm-949_P11A-1999.cnv", False), ("cnvalias.icu", True), ("supplementalData.res", True),
    ("likelySubtags.res", True), ("zoneinfo64.res", True), ("units.res", True), ("pool.res", True),
    ("nfkc.nrm", True), ("uprops.icu", True),
])
def test_icu_trim_keeps_root_english_korean_and_the_tables(name, kept):
    assert icu_trim.keep_item(name) is kept


def _qt_icu_data() -> Path:
    PySide6 = pytest.importorskip("PySide6")
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 carries no ICU data library")
    return found[0]


def test_icu_package_is_rewritten_byte_for_byte():
    package = icu_trim.package_of_library(_qt_icu_data())
    header, prefix, items = icu_trim.read_package(package)
    assert len(items) > 1000 and prefix.startswith("icudt")
    assert icu_trim.write_package(header, prefix, items) == package


def test_icu_trimmed_package_reads_back_sorted():
    header, prefix, items = icu_trim.read_package(icu_trim.package_of_library(_qt_icu_data()))
    kept = [item for item in items if icu_trim.keep_item(item[0])]
    _, prefix_again, read_back = icu_trim.read_package(icu_trim.write_package(header, prefix, kept))
    assert prefix_again == prefix
    assert [name for name, _ in read_back] == [name for name, _ in kept]
    assert [data for _, data in read_back] == [data for _, data in kept]
    assert sum(len(data) for _, data in read_back) < 6_000_000
    assert {"coll/ko.res", "coll/root.res", "coll/ucadata.icu", "cnvalias.icu"} <= {name for name, _ in read_back}


def test_smoke_test_fails_on_fatal_markers():
    smoke = _module(PACKAGING / "smoke_test.py")
    for marker in ("ModuleNotFoundError", "ImportError", "Traceback", "Could not load the Qt platform plugin"):
        assert marker in smoke.FATAL_MARKERS
    assert smoke.package_version() == gdsim.__version__
