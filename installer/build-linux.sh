#!/usr/bin/env bash
# Builds the station for Linux: dist/furusato-field/ (one folder, start ./furusato-field) and
# dist/furusato-field-<version>-linux-<arch>.tar.gz with a .desktop file, an icon and install.sh.
#
#   ./installer/build-linux.sh            # uses ./.venv/bin/python if present, else python3
#   PYTHON=/path/to/python ./installer/build-linux.sh
#
# Needs: the program installed in that Python (./installer/setup-debian.sh), PyInstaller >= 6
# (pip install -e '.[packaging]'), and libzbar0 on the build machine (copied into the bundle).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  "$PYTHON" -m pip install -q --disable-pip-version-check 'pyinstaller>=6.5'
fi

VERSION="$("$PYTHON" -c 'import furusato; print(furusato.__version__)')"
ARCH="$(uname -m)"
NAME="furusato-field"
started=$(date +%s)

if [ ! -f installer/icon/furusato-field.png ]; then
  QT_QPA_PLATFORM=offscreen "$PYTHON" installer/make_icon.py
fi

# The compiled translations are build output (git-ignored): make them from the .ts first.
if [ -f tools/i18n.py ]; then "$PYTHON" tools/i18n.py compile; fi

rm -rf "dist/$NAME"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/furusato-field.spec

BUNDLE="dist/$NAME"
# Desktop integration travels inside the folder, so a copied folder can still install its menu entry.
cp installer/icon/furusato-field.png "$BUNDLE/furusato-field.png"
cat > "$BUNDLE/furusato-field.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.5
Name=Furusato Field
Name[ja]=ふるさと住民登録 活動受付
Comment=Check-in station for the Furusato resident registration programme
Comment[ja]=ふるさと住民登録の活動受付（オフライン）
Exec=@BUNDLE@/furusato-field
Icon=@BUNDLE@/furusato-field.png
Terminal=false
Categories=Office;
StartupWMClass=furusato-field
X-Furusato-Version=$VERSION
DESKTOP
cat > "$BUNDLE/install.sh" <<'INSTALL'
#!/bin/sh
# Adds "Furusato Field" to this user's application menu, pointing at this folder (run it again
# after moving the folder). Nothing is copied; delete the folder and
# ~/.local/share/applications/furusato-field.desktop to uninstall.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
target="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$target"
sed "s#@BUNDLE@#$here#g" "$here/furusato-field.desktop" > "$target/furusato-field.desktop"
chmod 644 "$target/furusato-field.desktop"
echo "menu entry installed: $target/furusato-field.desktop"
INSTALL
chmod +x "$BUNDLE/install.sh"
cat > "$BUNDLE/README.txt" <<README
Furusato Field $VERSION (Linux $ARCH)

Start:       ./furusato-field
Menu entry:  ./install.sh
Check:       ./furusato-field self-test      (prints {"ok": true, ...})
The system needs only: libgl1 libegl1 and a Japanese font (fonts-noto-cjk); for a window on X11
also libxkbcommon-x11-0 libxcb-cursor0 (see installer/README.md).
README

TARBALL="dist/$NAME-$VERSION-linux-$ARCH.tar.gz"
tar -C dist -czf "$TARBALL" "$NAME"

echo "bundle:  $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
echo "tarball: $TARBALL ($(du -sh "$TARBALL" | cut -f1))"
echo "built in $(( $(date +%s) - started )) s"
