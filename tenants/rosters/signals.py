"""What the rosters tell higher rooms, which they do not import: shifts changed at some sites."""

from django.dispatch import Signal

# Sent inside the transaction that saved, moved or removed shifts, with `site_ids`: the sites
# whose gates they were at. The tasks' room rechecks those sites' gap alerts once committed.
shifts_changed = Signal()
