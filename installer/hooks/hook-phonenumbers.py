"""PyInstaller hook for phonenumbers, replacing the contrib hook (installer/hooks is on hookspath).

The contrib hook collects every submodule, including the location, carrier and time-zone name tables
(phonenumbers.geodata alone is 40 MB of source). The station only parses, validates and formats
numbers (furusato/manual_record.py: parse, is_valid_number, number_type, format_number), which need
the per-region metadata in phonenumbers.data and phonenumbers.shortdata, loaded by name at run time.
The spec also lists the name tables in its excludes, so nothing else can pull them back in.
"""

from PyInstaller.utils.hooks import collect_submodules

NOT_USED = (
    "phonenumbers.geocoder",
    "phonenumbers.carrier",
    "phonenumbers.timezone",
    "phonenumbers.geodata",
    "phonenumbers.carrierdata",
    "phonenumbers.tzdata",
)

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not any(name == n or name.startswith(n + ".") for n in NOT_USED)
)
