"""Local files tuiws keeps: drafts that survive a crash. No Textual."""
