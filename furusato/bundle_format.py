"""The bundle a station carries to the central on removable media (docs/SYNC_PROTOCOL.md).

Both sides read these constants, so the writer and the importer can never disagree on what a
bundle is or how large one may be.
"""

FORMAT = "frr-bundle"
VERSION = 1
TYP = "frr-bundle+jws"
# Weeks of check-ins are a few MB; anything near this is not ours and is refused before parsing.
MAX_BYTES = 256 * 1024 * 1024
