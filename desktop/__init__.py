"""The field station: storage, scanner, sync and the Qt window (only `desktop.ui` imports Qt)."""

from furusato import __version__

__all__ = ["__version__"]
