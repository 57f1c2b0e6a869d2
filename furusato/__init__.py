"""The Furusato resident registration domain, shared by the field station and the central API.

Nothing here imports Qt or opens a database: codes, postal lookups, tokens, manual-record
validation and the premium rules are plain functions that both sides call.
"""

__version__ = "0.1.0"
