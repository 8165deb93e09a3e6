"""The fixtures themselves: every interaction satisfies its schema, every documented action has one,
and every interaction is exercised by a contract scenario."""

import pytest

from emulator.cassettes import SchemaError

from . import test_courses, test_groups_branches, test_units_site, test_users
from .support import INTERACTIONS, SCHEMAS, CASSETTES

#: every action of the official TalentLMS API documentation v6.0 (seed 004, pp. 6-8 and the sections)
DOCUMENTED_ACTIONS = {
    "users", "usersignup", "edituser", "deleteuser", "usersetstatus", "userlogin", "userlogout", "isuseronline",
    "forgotusername", "forgotpassword", "getcustomregistrationfields", "getusersbycustomfield",
    "courses", "createcourse", "deletecourse", "addusertocourse", "removeuserfromcourse", "gotocourse", "buycourse",
    "getcustomcoursefields", "getcoursesbycustomfield", "getuserstatusincourse", "resetuserprogress",
    "categories", "categoryleafsandcourses", "buycategorycourses",
    "groups", "creategroup", "deletegroup", "addusertogroup", "removeuserfromgroup", "addcoursetogroup",
    "branches", "createbranch", "deletebranch", "addusertobranch", "removeuserfrombranch", "addcoursetobranch",
    "branchsetstatus", "getusersprogressinunits", "gettestanswers", "getsurveyanswers", "getiltsessions",
    "siteinfo", "ratelimit", "gettimeline",
}
ALL = [i for c in CASSETTES for i in c.interactions]
SCENARIOS = (test_users.SCENARIOS + test_courses.SCENARIOS + test_groups_branches.SCENARIOS
             + test_units_site.SCENARIOS)


def action(interaction) -> str:
    return interaction.key.path.rsplit("/", 1)[1]


@pytest.mark.parametrize("interaction", ALL, ids=[i.name or i.label for i in ALL])
def test_fixture_satisfies_its_schema(interaction):
    assert interaction.name, f"{interaction.label} needs a name so a contract scenario can address it"
    assert interaction.schema, f"{interaction.label} names no schema"
    SCHEMAS.check_interaction(interaction)


def test_every_documented_action_has_a_successful_fixture():
    covered = {action(i) for i in ALL if i.response.status == 200}
    assert sorted(DOCUMENTED_ACTIONS - covered) == []


def test_fixtures_cover_only_documented_actions_besides_the_unknown_action_case():
    extra = {action(i) for i in ALL} - DOCUMENTED_ACTIONS
    assert extra == {"nosuchaction"}


def test_every_error_fixture_uses_the_error_envelope():
    for i in ALL:
        if i.response.status >= 400:
            assert i.schema == "talentlms/error", i.label
            assert set(i.response.json()["error"]) == {"type", "message"}


def test_every_interaction_has_exactly_one_contract_scenario():
    names = [s.name for s in SCENARIOS]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert sorted(set(INTERACTIONS) - set(names)) == []
    assert sorted(set(names) - set(INTERACTIONS)) == []


def test_a_schema_violation_is_reported_with_its_path():
    body = INTERACTIONS["ratelimit"].response.json()
    body["remaining"] = str(body["remaining"])  # the doc's typed sample: a string
    with pytest.raises(SchemaError, match=r"\$.remaining: '1999' is not of type 'integer'"):
        SCHEMAS.check("talentlms/ratelimit", body)


def test_every_schema_is_used_by_a_fixture():
    used = {i.schema for i in ALL} | {"talentlms/common"}
    assert sorted(n for n in SCHEMAS.names() if n.startswith("talentlms/") and n not in used) == []
