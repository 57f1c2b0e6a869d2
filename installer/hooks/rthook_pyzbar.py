"""PyInstaller runtime hook: make pyzbar load the libzbar copied into the bundle.

pyzbar's `zbar_library.load()` asks `ctypes.util.find_library("zbar")` on Linux and macOS, which
searches only the system library path (ldconfig cache, DYLD paths). The bundle carries its own copy,
so without this hook a machine without `libzbar0` fails with "Unable to find zbar shared library"
(FACTS.md, Packaging). On Windows pyzbar already looks beside its own module, where the spec puts
the DLLs; the hook tries that place first anyway so all platforms behave alike.

The bundled copy wins; only if it is missing (a broken bundle) does pyzbar's own search run.
"""

import os
import sys


def _bundled_candidates(base):
    if sys.platform.startswith("win"):
        arch = "64" if sys.maxsize > 2**32 else "32"
        dependencies = ["libiconv.dll"] if arch == "64" else ["libiconv-2.dll"]
        for folder in (os.path.join(base, "pyzbar"), base):
            yield os.path.join(folder, f"libzbar-{arch}.dll"), [os.path.join(folder, d) for d in dependencies]
    elif sys.platform == "darwin":
        for folder in (base, os.path.join(base, "pyzbar")):
            for name in ("libzbar.0.dylib", "libzbar.dylib"):
                yield os.path.join(folder, name), []
    else:
        for folder in (base, os.path.join(base, "pyzbar")):
            for name in ("libzbar.so.0", "libzbar.so"):
                yield os.path.join(folder, name), []


def _install():
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return
    from pyzbar import zbar_library

    original_load = zbar_library.load

    def load():
        from ctypes import cdll

        for path, dependencies in _bundled_candidates(base):
            if os.path.isfile(path):
                deps = [cdll.LoadLibrary(d) for d in dependencies if os.path.isfile(d)]
                return cdll.LoadLibrary(path), deps
        return original_load()

    zbar_library.load = load
    zbar_library.BUNDLE_DIR = base


_install()
