"""How personal numbers are shown: the way people write them, or masked for most readers.

The gate (visitors, returnees) and the rosters (people on duty) show numbers the same way.
Both depend on this module rather than on each other: the gate already builds on the rosters.
"""


def display_phone(e164: str) -> str:
    """A mainland number as people write it (13812345678); others in E.164."""
    if e164.startswith("+86"):
        return e164[3:]
    return e164


def mask(value: str) -> str:
    """Hide all but the first 3 and last 4 characters: 310***********1234, 138****5678."""
    if not value:
        return ""
    if len(value) <= 2:
        return "*" * len(value)
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(e164: str) -> str:
    """A phone number masked as people write it: 138****5678, +81******5678."""
    return mask(display_phone(e164))
