"""The shared transport never repeats a write whose answer was lost, whatever its verb."""

from __future__ import annotations

import httpx
import pytest

from tuiws.backends.errors import BackendError, UnknownOutcome, Unreachable
from tuiws.backends.http import HttpTransport, Operation, TransportSettings


def _no_mapping(resp: httpx.Response, what: str, op: Operation) -> BackendError:
    return BackendError(f"{resp.status_code} for {what}")


class FakeTime:
    """Waits pass at once and move the clock on."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_write_whose_answer_is_lost_is_sent_once(method: str) -> None:
    seen: list[str] = []

    def lose(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        raise httpx.ReadError("the connection closed", request=request)

    time = FakeTime()
    transport = HttpTransport(
        TransportSettings(base_url="http://worklogs.invalid", name="the backend"),
        None,
        _no_mapping,
        sleep=time.sleep,
        clock=time.clock,
        transport=httpx.MockTransport(lose),
    )
    with pytest.raises(UnknownOutcome, match="may or may not have been applied"):
        await transport.send(method, "/worklog/1", json={}, what="worklog 1", op="update")
    with pytest.raises(Unreachable, match="stopped answering"):
        await transport.send("GET", "/worklog/1", what="worklog 1")
    await transport.aclose()
    assert seen[0] == method and seen.count(method) == 1
    assert seen.count("GET") > 1, "a lost read is asked again"
