"""The reference central API (`furusato-central`): registrations, cards, synced records, eligibility.

It may import `furusato`, SQLAlchemy and FastAPI, never `desktop`.
"""

from furusato import __version__

__all__ = ["__version__"]
