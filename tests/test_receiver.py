"""The webhook receiver the plugin hands out: records, scripts statuses, loops redirects, reports arrivals."""

import requests

from emulator.receiver import WebhookReceiver


def test_records_requests_and_answers_scripted_statuses_then_the_default(webhook_receiver):
    webhook_receiver.statuses = [503, 410]
    codes = [requests.post(webhook_receiver.url + "hook", json={"n": i}).status_code for i in range(3)]
    assert codes == [503, 410, 200]
    assert webhook_receiver.wait_for(3, timeout=1)
    first = webhook_receiver.requests[0]
    assert (first.method, first.path, first.json()) == ("POST", "/hook", {"n": 0})
    assert first.headers["Content-Type"] == "application/json"
    assert not webhook_receiver.wait_for(4, timeout=0.05)


def test_redirects_point_back_at_the_same_path():
    with WebhookReceiver(path="/loop", default_status=307) as receiver:
        r = requests.post(receiver.url, data=b"x", allow_redirects=False)
        assert r.status_code == 307 and r.headers["Location"] == "/loop"
        receiver.default_status = 200
        receiver.redirect_to_self = True
        assert requests.post(receiver.url, data=b"x", allow_redirects=False).status_code == 302
        assert receiver.requests[0].text == "x"
