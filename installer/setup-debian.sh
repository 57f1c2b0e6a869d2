#!/usr/bin/env bash
# Installs Furusato Field from this checkout on Debian 12 / Ubuntu 22.04+: the system libraries Qt,
# zbar and Japanese text need, then the program with its test tools into ./.venv (Debian's own
# Python refuses system-wide pip installs). Safe to run again; run it from the checkout.
set -euo pipefail

cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

SYSTEM_PACKAGES=(
  python3 python3-venv python3-pip
  libzbar0                                   # pyzbar's decoder
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3   # Qt, also offscreen
  libpulse0                                  # QtMultimedia (sounds) imports only with it
  fonts-noto-cjk                             # without a CJK font every Japanese character is a box
  fonts-dejavu-core                          # Latin text in printed PDFs (a CJK font's digits copy out wrong)
  libcups2                                   # Qt's print support reaches real printers through CUPS
  poppler-utils                              # the tests read printed PDFs and the console's poster back (pdftotext, pdffonts, pdftoppm)
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0   # a real window on X11
  xvfb xauth                                 # screenshots and UI checks without a screen
  openbox xdotool x11-xkb-utils x11-utils xclip   # tests/x11: a window manager, real key events, layouts
  chromium                                   # the staff console's browser tests (driven by Playwright)
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,postgres,packaging]'
echo "Furusato Field is installed in $(pwd)/.venv"
