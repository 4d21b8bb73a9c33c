"""The Textual app: the app itself, its screens, widgets, themes and cross-screen messages.

Kept empty so importing one of its modules (the entry's fast path) loads only that module.
"""
