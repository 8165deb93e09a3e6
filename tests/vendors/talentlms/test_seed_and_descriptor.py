"""Seeding (deterministic, sized, consistent) and the vendor descriptor (demo tenant, credentials)."""


from emulator.config import TenantConfig
from emulator.core.seeding import Seeder
from emulator.vendors.talentlms import DEMO_API_KEY, VENDOR
from emulator.vendors.talentlms.seed import seed
from emulator.vendors.talentlms.store import TalentState


def _seeded(seed_value=42, **sizes):
    state = TalentState()
    seed(state, Seeder(seed_value, "talentlms", "t"), sizes, TenantConfig(vendor="talentlms", name="t",
                                                                          domain="t.talentlms.com"))
    return state


def test_same_seed_same_bytes_other_seed_other_data():
    a, b, c = _seeded(7), _seeded(7), _seeded(8)
    assert a.export() == b.export()
    assert a.export()["tables"]["users"] != c.export()["tables"]["users"]


def test_sizes_respected_and_data_consistent():
    st = _seeded(users=300, courses=7, groups=2, branches=2, categories=4, enrollments=90, custom_fields=6,
                 timeline=33)
    assert st.counts()["users"] == 300 and len(st.courses) == 7 and len(st.groups) == 2
    assert len(st.categories) == 4 and len(st.timeline) == 33
    assert len([f for f in st.custom_fields if f.scope == "user"]) == 6
    learners = [e for e in st.enrollments if not (e.role == "instructor" and
                                                   st.courses.get(e.course_id).creator_id == e.user_id)]
    assert len(learners) >= 85
    for e in st.enrollments:
        assert e.user_id in st.users and e.course_id in st.courses
        if e.status == "completed":
            assert e.percentage == 100 and e.completed_on is not None
    for c in st.courses:  # the creator of every course is enrolled in it
        assert st.enrollments.by("key", f"{c.creator_id}:{c.id}") is not None
    for p in st.unit_progress:
        assert st.units.get(p.unit_id).course_id == p.course_id
    emails = [u.email.lower() for u in st.users]
    assert len(set(emails)) == len(emails)


def test_large_seed_pages_by_position():
    st = _seeded(users=20000)
    page = st.users.page(15000, 1000)
    assert [u.id for u in page] == list(range(15001, 16001))


def test_seeding_100k_users_keeps_logins_and_emails_unique():
    # the speed of this is make bench's business; here: the largest documented size seeds correctly
    st = _seeded(users=100000)
    assert len(st.users) == 100000
    last = st.users.page(99999, 1)[0]
    assert st.users.by("email", last.email) is last and st.users.by("login", last.login) is last


def test_demo_tenant_and_credentials(talentlms):
    creds = talentlms.credentials
    assert creds["api_key"] == DEMO_API_KEY and len(DEMO_API_KEY) == 30
    assert creds["basic_auth"] == [DEMO_API_KEY, ""] and creds["domain"] == "demo.talentlms.com"
    assert creds["scim_token"] and creds["scim_token"] == talentlms.tenant.config.scim_token
    assert VENDOR.default_port == 8001 and VENDOR.default_plan == "core"
    assert [s.name for s in VENDOR.surfaces()][:2] == ["rest", "web"]


def test_new_tenant_gets_a_30_char_key():
    cfg = VENDOR.new_tenant("acme", {})
    assert len(cfg.api_key) == 30 and cfg.domain == "acme.talentlms.com" and cfg.scim_token


def test_reseed_through_control_api(talentlms):
    r = talentlms.http.post(talentlms.url("/_emulator/seed"), json={"seed": 3, "sizes": {"users": 120}})
    assert r.status_code == 200 and r.json()["counts"]["users"] == 120
    r = talentlms.http.get(talentlms.url("/api/v1/users/page_size:50,page_number:3"))
    assert [u["id"] for u in r.json()] == [str(i) for i in range(101, 121)]
    talentlms.seed(42, users=50)


def test_snapshot_restore_keeps_api_view(talentlms):
    talentlms.tenant.snapshot("before")
    talentlms.http.post(talentlms.url("/api/v1/deleteuser"), data={"user_id": 2})
    r = talentlms.http.get(talentlms.url("/api/v1/users/id:2"))
    assert r.status_code == 404  # a soft delete: the user is "no longer available", not unknown
    assert r.json() == {"error": {"type": "invalid_request_error",
                                  "message": "The requested user is no longer available"}}
    talentlms.tenant.restore("before")
    assert talentlms.http.get(talentlms.url("/api/v1/users/id:2")).status_code == 200


def test_tenants_are_picked_by_key_and_isolated():
    import base64

    from emulator.config import Config
    from emulator.core.emulator import Emulator

    cfg = Config(tenants=[
        TenantConfig(vendor="talentlms", name="a", api_key="a" * 30, domain="a.talentlms.com", sizes={"users": 5},
                     date_format="YYYYMMDD"),
        TenantConfig(vendor="talentlms", name="b", api_key="b" * 30, domain="b.talentlms.com", sizes={"users": 9},
                     plan="grow", switches={"price_format": "doc"}),
    ])
    client = Emulator(VENDOR, cfg).app.test_client()

    def get(key, path):
        auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
        return client.get("/api/v1/" + path, headers={"Authorization": auth})

    assert get("a" * 30, "siteinfo").get_json()["total_users"] == "5"
    assert get("b" * 30, "siteinfo").get_json()["total_users"] == "9"
    assert get("a" * 30, "siteinfo").get_json()["date_format"] == "YYYYMMDD"
    assert get("b" * 30, "ratelimit").get_json()["limit"] == "10000"
    assert get("b" * 30, "courses").get_json()[0]["price"].startswith("$")
    assert get("a" * 30, "users/id:1").get_json()["email"] == "admin@a.talentlms.com"
    r = get("c" * 30, "siteinfo")
    assert r.status_code == 401
    assert r.get_json() == {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}


def test_state_export_import_round_trip(talentlms):
    http = talentlms.http
    http.post(talentlms.url("/api/v1/usersignup"), data={"first_name": "R", "last_name": "T", "email": "rt@example.com",
                                                         "login": "rt", "password": "x"})
    exported = http.get(talentlms.url("/_emulator/state")).json()["state"]
    before = http.get(talentlms.url("/api/v1/users/username:rt")).json()
    talentlms.reset()
    assert http.get(talentlms.url("/api/v1/users/username:rt")).status_code == 404
    r = http.post(talentlms.url("/_emulator/state"), json={"state": exported})
    assert r.status_code == 200
    assert http.get(talentlms.url("/api/v1/users/username:rt")).json() == before
