from emulator import vendors


def test_index_names_every_built_vendor_with_its_descriptors_port():
    found = vendors.available()
    assert list(found) == vendors.built() == ["talentlms", "skilljar", "lessonly"]
    for name, vendor in found.items():
        assert vendor.name == name and vendor.default_port == vendors.default_port(name)


def test_unknown_vendor_is_a_clear_error():
    try:
        vendors.get("moodle")
    except KeyError as exc:
        assert "moodle" in str(exc) and "talentlms" in str(exc)
    else:
        raise AssertionError("expected KeyError")
