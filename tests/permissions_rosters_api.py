"""Who may use the roster and gate API: rows of the permission table."""

ROWS = []
