"""Who may use the portal pages for gates, facilities and rosters: rows of the permission table."""

ROWS = []
