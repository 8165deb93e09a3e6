"""The csa-skilljar client against the recorded fixtures, replayed by the shared cassette server."""

from __future__ import annotations

import httpx
import pytest
from csa_skilljar import exceptions as csa_exc
from csa_skilljar.v1backend import V1Backend, V1Credentials

from emulator.cassettes import vendor_cassettes
from emulator.replay import replay_server


@pytest.fixture(scope="module")
def replayed():
    cassettes = vendor_cassettes("skilljar")  # the shared loader checks format, sources and confidence
    assert sum(len(c.interactions) for c in cassettes) >= 10
    server = replay_server(cassettes).start()
    client = httpx.Client(timeout=10, trust_env=False)
    yield V1Backend(V1Credentials("sk-live-replay"), base_url=server.base_url, http=client)
    client.close()
    server.stop()


def test_find_learner_from_the_recording(replayed):
    found = replayed.find_learner(email="ada@example.org")
    assert found["total"] == 1 and found["rows"][0]["user"]["id"] == "2v22kvbvb4c4o"


def test_progress_bare_array_from_the_recording(replayed):
    listing = replayed.list_learner_progress(user_id="2v22kvbvb4c4o")
    assert listing["total"] is None and listing["rows"][0]["course_progress"]["credits_earned"] == "2"
    one = replayed.get_learner_progress(user_id="2v22kvbvb4c4o", published_course_id="2pklmifxg2bu1")
    assert one["rows"][0]["enrollment_id"] == "2zugor5zmyyuk"
    assert replayed.list_learner_progress(user_id="2t78h8qcia9rg")["rows"] == []


def test_webhooks_and_sample_from_the_recording(replayed):
    hooks = replayed.list_webhooks()
    assert hooks["rows"][0]["deactivate_reason"] == "HTTP_4XX_RESPONSE"
    sample = replayed.get_sample_event_payload(slug="course-enrollment")
    assert sample["rows"][0]["event_type"] == "COURSE_ENROLLMENT"


def test_recorded_404s_raise_the_clients_not_found(replayed):
    with pytest.raises(csa_exc.NotFoundError):
        replayed._get("/v1/totally-made-up")
    with pytest.raises(csa_exc.NotFoundError):
        replayed._get("/v1/users/2v22kvbvb4c4o/published-courses/2pklmifxg2bu1/lessons")
