"""Units (progress, test and survey answers, ILT sessions), site info, rate limit, timeline, auth."""

import pytest

from .scenario import Scenario, echoes, fact, ids, run
from .world import World


def unit_of_enrolled(w: World) -> dict:
    user, course = w.enrolled()
    return {"unit_id": course["matching_units"][0]["id"], "user_id": user["id"]}


def unit_of_type(w: World, unit_type: str, id_key: str) -> dict:
    course = w.course_with_units(unit_type)
    return {id_key: course["matching_units"][0]["id"], "user_id": w.user()["id"]}


def answered(unit_type: str, action: str, id_key: str):
    def live(w: World) -> dict:
        unit_id, user_id = w.answered(unit_type, action, id_key)
        return {id_key: unit_id, "user_id": user_id}
    return live


def timeline(w: World) -> dict:
    w.user()  # a fresh signup guarantees at least one entry of this type
    return {"event_type": "user_register_user"}


SCENARIOS = [
    Scenario("getusersprogressinunits",
             live=lambda w: {"unit_id": w.course()["matching_units"][0]["id"]}),
    Scenario("getusersprogressinunits-user", live=unit_of_enrolled, facts=(echoes("user_id"),)),
    Scenario("getusersprogressinunits-no-unit"),
    Scenario("gettestanswers", live=answered("test", "gettestanswers", "test_id")),
    Scenario("gettestanswers-no-progress", live=lambda w: unit_of_type(w, "test", "test_id")),
    Scenario("getsurveyanswers", live=answered("survey", "getsurveyanswers", "survey_id")),
    Scenario("getsurveyanswers-no-progress", live=lambda w: unit_of_type(w, "survey", "survey_id")),
    Scenario("getiltsessions",
             live=lambda w: {"ilt_id": w.course_with_units("instructor")["matching_units"][0]["id"]}),
    Scenario("siteinfo", client=lambda api, a: api.siteinfo()),
    Scenario("ratelimit", client=lambda api, a: api.ratelimit(),
             facts=(fact("0 <= remaining <= limit (doc p.51)", lambda p, a: 0 <= p["remaining"] <= int(p["limit"])),)),
    Scenario("gettimeline", client=lambda api, a: api.get_timeline(a["event_type"]), live=timeline,
             facts=(fact("every entry is of the event type asked for", lambda p, a: p and all(
                 e["action"] == a["event_type"] for e in p)),)),
    Scenario("unknown-action"),
    Scenario("invalid-api-key"),
    Scenario("missing-api-key"),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids(SCENARIOS))
def test_units_site_contract(target, monkeypatch, scenario):
    run(target, monkeypatch, scenario)
