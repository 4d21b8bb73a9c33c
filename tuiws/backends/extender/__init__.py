"""The Worklog extender adapter (it-lab's Jira Server/DC plugin): reads through
`/rest/extender/1.0/worklog/…` (pages of 1000, epoch-millisecond dates), writes, the change
feed and the issue directory through the Jira adapter. Only the composition root imports it.
"""

from __future__ import annotations

from tuiws.backends.extender.connection import ExtenderConnection, NotAServer, connection
from tuiws.backends.extender.worklogs import EXTENDER, ExtenderWorklogs

__all__ = ["EXTENDER", "ExtenderConnection", "ExtenderWorklogs", "NotAServer", "connection"]
