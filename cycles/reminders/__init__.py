"""Reminders: what is due across a person's groups (the rules), in one place (the "This week" page) and in the
menu's count. See `rules` for what is due and when, `selectors` for whose it is."""
