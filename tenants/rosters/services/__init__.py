"""Changes of state for rosters: people on duty, shifts, rotas, imports and gap alerts."""
