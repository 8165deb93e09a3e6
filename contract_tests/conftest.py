"""The ``target`` fixture: every contract test runs against (a) the live emulator and (b) the
recorded fixtures replayed over HTTP, with the same client and the same checks."""

import pytest

from emulator.replay import replay_server

from .support import CASSETTES, LiveTarget, ReplayTarget

REPLAY_KEY = "replayreplayreplayreplayreplay"  # any key: replay accepts any credentials as "ours"


@pytest.fixture(scope="session")
def replay_base_url():
    server = replay_server(CASSETTES).start()
    yield server.base_url
    server.stop()


@pytest.fixture(params=["emulator", "replay"])
def target(request):
    if request.param == "replay":
        return ReplayTarget(request.getfixturevalue("replay_base_url"), REPLAY_KEY)
    # the live TalentLMS emulator, through the vendor registry (the plugin's session fixture), reset
    handle = request.getfixturevalue("lms_emulator").vendor("talentlms")
    handle.reset()
    return LiveTarget(handle.base_url, handle.credentials["api_key"])
