"""A real X server for the real window: Xvfb on a display it picks itself, openbox beside it, and
xdotool's real key events (Shift pressed around capitals, as a keyboard or a scanner gun sends them).

Used by the tests in this folder and by bench/bench_wedge_x11.py. No fixed display numbers: Xvfb
chooses a free one and reports it through `-displayfd`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "xdotool", "setxkbmap", "xkbcomp", "xprop", "xwininfo")
SCREEN = "1366x768x24"  # the most common old municipal laptop


def _raised() -> list[str]:
    """A command prefix raising the priority, for root (where the system allows it; else a warning)."""
    return ["nice", "-n", "-10"] if os.geteuid() == 0 else []


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XServer:
    def __init__(self, log_dir: Path, screen: str = SCREEN):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        read_end, write_end = os.pipe()
        # Xvfb stamps each XTEST key event when it gets to it, so on a loaded machine its stalls
        # show as gaps that a real keyboard (stamped by the kernel) never has: run it, like
        # xdotool, at a raised priority where allowed.
        self._xvfb = subprocess.Popen(
            [*_raised(), "Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=open(self.log_dir / "xvfb.log", "wb"),
        )
        os.close(write_end)
        with os.fdopen(read_end) as reader:
            number = reader.readline().strip()
        if not number.isdigit():
            self._xvfb.kill()
            raise RuntimeError(f"Xvfb did not start (see {self.log_dir / 'xvfb.log'})")
        self.display = f":{number}"
        self._wm = subprocess.Popen(["openbox"], env=self.env(), stdout=subprocess.DEVNULL,
                                    stderr=open(self.log_dir / "openbox.log", "wb"))
        self._wait_for_wm()

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a program on this display: a real window, not Qt's offscreen platform."""
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["DISPLAY"] = self.display
        env.update(extra)
        return env

    def _wait_for_wm(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=self.env(),
                                   capture_output=True, text=True)
            if "window id" in probe.stdout:  # openbox has taken the screen: windows get managed and focused
                return
            time.sleep(0.05)
        raise RuntimeError("openbox did not start")

    # --- input ---
    def xdotool(self, *args: str, timeout: float = 120.0) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"xdotool {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def type(self, text: str, delay_ms: float = 4) -> None:
        """Real key events for `text` — as a gun at `delay_ms` a key (2–8 ms) or a person (~120 ms).
        "\\r" is Return and "\\t" Tab ("\\n" would be Linefeed, which no keyboard sends). Run as root,
        xdotool gets a raised priority so that a loaded machine keeps the gun's rhythm (the window
        itself runs at normal priority)."""
        command = [*_raised(), "xdotool", "type", "--delay", str(delay_ms), "--", text]
        done = subprocess.run(command, env=self.env(), capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"xdotool type failed: {done.stderr.strip()}")

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "20", *keys)

    def layout(self, name: str) -> None:
        """Switch the X server's keyboard layout (us, jp): what a laptop set to JIS does to a gun."""
        done = subprocess.run(["setxkbmap", name], env=self.env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"setxkbmap {name} failed: {done.stderr.strip()}")

    def run(self, *command: str) -> str:
        """Another X client on this display (xwininfo, xprop …); its output."""
        return subprocess.run(command, env=self.env(), capture_output=True, text=True, check=True,
                              timeout=60).stdout

    def keymap(self) -> str:
        """The X server's current keymap, as xkbcomp writes it (symbols per key name)."""
        return self.run("xkbcomp", "-xkb", self.display, "-")

    def mix_up(self, sent: str, read: str) -> dict[str, str]:
        """What this server on layout `read` makes of each character a keyboard set to `sent` types,
        from the server's own two keymaps; the server is left on `read`."""
        self.layout(sent)
        sent_keys = key_chars(self.keymap())
        self.layout(read)
        return layout_mix_up(sent_keys, key_chars(self.keymap()))

    # --- windows ---
    def active_window_name(self) -> str:
        try:
            return self.xdotool("getactivewindow", "getwindowname").strip()
        except RuntimeError:
            return ""

    def wait_active(self, pattern: str, timeout: float = 60.0, alive=lambda: True) -> str:
        """Wait until the focused window's title matches `pattern` (a regex); its title."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            name = self.active_window_name()
            if regex.search(name):
                return name
            if not alive():
                raise RuntimeError(f"the program ended before a window matching {pattern!r} came up")
            time.sleep(0.1)
        raise TimeoutError(f"no focused window matching {pattern!r} (focused: {self.active_window_name()!r})")

    def stop(self) -> None:
        for process in (self._wm, self._xvfb):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)


# X keysym names of the printable ASCII symbols (letters and digits are named by themselves).
_KEYSYM_CHARS = {
    "space": " ", "exclam": "!", "quotedbl": '"', "numbersign": "#", "dollar": "$", "percent": "%",
    "ampersand": "&", "apostrophe": "'", "parenleft": "(", "parenright": ")", "asterisk": "*", "plus": "+",
    "comma": ",", "minus": "-", "period": ".", "slash": "/", "colon": ":", "semicolon": ";", "less": "<",
    "equal": "=", "greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
    "bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`", "braceleft": "{", "bar": "|",
    "braceright": "}", "asciitilde": "~",
}


def key_chars(keymap: str) -> dict[tuple[str, int], str]:
    """(key name, shift level) → the ASCII character it types, from an xkbcomp keymap dump."""
    found: dict[tuple[str, int], str] = {}
    for name, body in re.findall(r"key <(\w+)>\s*\{(.*?)\};", keymap, re.S):
        levels = re.search(r"\[([^\[\]]*,[^\[\]]*)\]", body)  # the first group's symbols
        if not levels:
            continue
        for level, symbol in enumerate(part.strip() for part in levels.group(1).split(",")):
            char = symbol if len(symbol) == 1 and symbol.isascii() else _KEYSYM_CHARS.get(symbol)
            if char:
                found[(name, level)] = char
    return found


# The keys of a keyboard's main block: those a scanner gun's key codes stand for.
_MAIN_BLOCK = re.compile(r"(AE\d\d|AD\d\d|AC\d\d|AB\d\d|BKSL|TLDE|SPCE)")


def layout_mix_up(sent: dict[tuple[str, int], str], read: dict[tuple[str, int], str]) -> dict[str, str]:
    """What a computer on layout `read` makes of each character a keyboard set to layout `sent`
    types — by physical key (of the main block) and shift level. Characters whose key types nothing
    on `read` are absent."""
    return {char: read[(key, level)] for (key, level), char in sent.items()
            if _MAIN_BLOCK.fullmatch(key) and (key, level) in read}
