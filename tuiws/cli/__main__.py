"""`python -m tuiws.cli`: the command line without the entry's fast path into the app."""

from __future__ import annotations

from tuiws.cli.main import main

raise SystemExit(main())
