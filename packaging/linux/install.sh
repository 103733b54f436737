#!/usr/bin/env bash
# Installs the bundle dist/gdsim/ for one user (or under PREFIX), with its menu entry, icons and
# AppStream metadata:   bash packaging/linux/install.sh [PREFIX]      (default ~/.local)
# Undo with:            bash packaging/linux/install.sh --uninstall [PREFIX]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app_id=io.github.gdsim.gdsim

uninstall=0
if [[ ${1:-} == --uninstall ]]; then uninstall=1; shift; fi
prefix="${1:-$HOME/.local}"

if (( uninstall )); then
  rm -rf "$prefix/lib/gdsim"
  rm -f "$prefix/bin/gdsim" "$prefix/share/applications/$app_id.desktop" \
        "$prefix/share/metainfo/$app_id.metainfo.xml"
  find "$prefix/share/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
  echo "gdsim removed from $prefix"
  exit 0
fi

if [[ ! -x "$root/dist/gdsim/gdsim" ]]; then
  echo "install.sh: no dist/gdsim/gdsim; build it first: pyinstaller packaging/gdsim.spec --noconfirm" >&2
  exit 1
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo" "$prefix/share/icons"
rm -rf "$prefix/lib/gdsim"
cp -a "$root/dist/gdsim" "$prefix/lib/gdsim"
ln -sfn "$prefix/lib/gdsim/gdsim" "$prefix/bin/gdsim"
# Exec= names the command; write its full path so the menu entry works without PREFIX/bin on PATH.
sed "s|^Exec=gdsim|Exec=$prefix/bin/gdsim|" "$here/$app_id.desktop" > "$prefix/share/applications/$app_id.desktop"
cp "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/"
cp -r "$here/icons/hicolor" "$prefix/share/icons/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "gdsim installed in $prefix (command: $prefix/bin/gdsim)"
