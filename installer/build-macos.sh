#!/usr/bin/env bash
# Builds the station for macOS: "dist/Furusato Field.app" (the spec's BUNDLE step) and a .dmg of it.
#
#   brew install zbar                 # libzbar.0.dylib, copied into the .app
#   python3 -m venv .venv && .venv/bin/pip install -e '.[packaging]'
#   ./installer/build-macos.sh
#
# Build on the oldest macOS the stations run and on the same CPU family (arm64 or x86_64): the
# bundle carries that machine's Python and Homebrew's libzbar, no universal2 build. Without a
# Developer ID the .app is ad-hoc signed (PyInstaller does that); staff then open it the first time
# with right-click > Open. To sign and notarise set CODESIGN_IDENTITY (see installer/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
"$PYTHON" -c "import PyInstaller" 2>/dev/null || "$PYTHON" -m pip install -q 'pyinstaller>=6.5'
VERSION="$("$PYTHON" -c 'import furusato; print(furusato.__version__)')"
ARCH="$(uname -m)"
started=$(date +%s)

if [ ! -f installer/icon/furusato-field.icns ]; then
  QT_QPA_PLATFORM=offscreen "$PYTHON" installer/make_icon.py
fi
if [ -z "${ZBAR_LIBRARY:-}" ] && command -v brew >/dev/null; then
  export ZBAR_LIBRARY="$(brew --prefix zbar)/lib/libzbar.0.dylib"
fi

# The compiled translations are build output (git-ignored): make them from the .ts first.
if [ -f tools/i18n.py ]; then "$PYTHON" tools/i18n.py compile; fi

rm -rf "dist/furusato-field" "dist/Furusato Field.app"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/furusato-field.spec

APP="dist/Furusato Field.app"
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/furusato-field" --data-dir "$(mktemp -d)" self-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
fi

DMG="dist/furusato-field-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "Furusato Field $VERSION" -srcfolder "$APP" -ov -format UDZO "$DMG"
echo "app: $APP ($(du -sh "$APP" | cut -f1)); dmg: $DMG; built in $(( $(date +%s) - started )) s"
