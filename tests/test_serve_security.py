"""`ties serve` answers only requests addressed to it: a page on another site that makes its own
name resolve to 127.0.0.1 (DNS rebinding) reads nothing, and neither does a page sending
its `Origin` to the live-reload channel. Real servers on free ports, raw requests."""

from __future__ import annotations

import http.client
import select
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder.cli import _parser
from site_builder.live.serve import make_server, served_address, split_host
from site_builder.live.watch import Rebuilder
from site_builder.site import Site

ADA = "---\nname: Ada Lovelace\nemail: ada@example.org\n---\nNotes on Ada.\n"


class Served:
    """A network of Ada, built, and the servers started for it."""

    def __init__(self, root: Path):
        (root / "people").mkdir()
        (root / "people" / "ada.md").write_text(ADA)
        self.root = root
        self.rebuilder = Rebuilder(Site(root, date(2026, 11, 26)), root / "_site", log=lambda message: None,
                                   search_pause=3600)
        self.rebuilder.build()
        self.servers = []

    def __call__(self, host: str = "127.0.0.1", added: tuple[str, ...] = ()) -> int:
        """The port of a new server on `host`, answering the names `added` too."""
        server = make_server(self.rebuilder, host, 0, added)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.servers.append(server)
        return server.server_address[1]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
        self.rebuilder.close()


@pytest.fixture
def served(tmp_path):
    network = Served(tmp_path)
    yield network
    network.stop()


def request(port: int, path: str, headers: dict[str, str], method: str = "GET") -> http.client.HTTPResponse:
    """`headers` as given: a `Host` only if it has one."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read() if path != "/__ties__/events" or response.status != 200 else b""
    connection.close()
    return response


def assert_refused(response: http.client.HTTPResponse) -> None:
    assert response.status == 403
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert b"ada@example.org" not in response.body and b"<html" not in response.body
    assert b"Ada" not in response.body and b"EventSource" not in response.body


SITE_PATHS = ["/", "/data.json", "/people/ada/", "/contacts.vcf", "/__ties__/live.js", "/__ties__/events"]


@pytest.mark.parametrize("path", SITE_PATHS)
def test_a_request_addressed_to_another_name_is_refused_with_none_of_the_site(served, path):
    port = served()
    response = request(port, path, {"Host": f"evil.example:{port}"})
    assert_refused(response)
    assert f"http://127.0.0.1:{port}/".encode() in response.body and b"--allow-host" in response.body


@pytest.mark.parametrize("method", ["HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PROPFIND"])
def test_every_method_addressed_to_another_name_is_refused(served, method):
    port = served()
    response = request(port, "/data.json", {"Host": f"evil.example:{port}"}, method)
    assert response.status == 403
    assert b"ada@example.org" not in response.body


def test_a_request_with_no_host_is_refused(served):
    port = served()
    assert_refused(request(port, "/data.json", {}))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"GET /data.json HTTP/1.0\r\n\r\n")
        reply = b"".join(iter(lambda: connection.recv(4096), b""))
    assert reply.split()[1] == b"403" and b"ada@example.org" not in reply


def test_a_request_with_two_hosts_is_refused(served):
    port = served()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(f"GET /data.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n".encode())
        reply = b"".join(iter(lambda: connection.recv(4096), b""))
    assert reply.split()[1] == b"403" and b"ada@example.org" not in reply


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "localhost.:{port}",
                                  "[::1]:{port}"])
def test_the_loopback_names_with_the_servers_port_are_answered(served, host):
    port = served()
    response = request(port, "/data.json", {"Host": host.format(port=port)})
    assert response.status == 200 and b"ada@example.org" in response.body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "localhost:1", "127.0.0.2:{port}", "evil.example",
                                  "localhost.evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost:{port}@evil.example", "[::1", ":{port}"])
def test_a_loopback_name_with_another_port_or_a_name_that_only_starts_as_one_is_refused(served, host):
    port = served()
    assert_refused(request(port, "/data.json", {"Host": host.format(port=port)}))


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6 on this machine")
def test_a_server_on_the_ipv6_loopback_answers_its_address(served):
    try:
        port = served("::1")
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    connection = http.client.HTTPConnection("::1", port, timeout=5)  # Host: [::1]:port, as a browser sends
    connection.request("GET", "/data.json")
    assert b"ada@example.org" in connection.getresponse().read()
    connection.close()


def test_a_name_added_for_a_proxy_is_answered_on_any_port_and_one_with_a_port_only_on_it(served):
    port = served(added=("ties.example.com", "tunnel.example:8443"))
    for host in ("ties.example.com", "TIES.example.com:443", f"ties.example.com:{port}", "tunnel.example:8443"):
        assert request(port, "/data.json", {"Host": host}).status == 200, host
    assert_refused(request(port, "/data.json", {"Host": "tunnel.example"}))
    assert_refused(request(port, "/data.json", {"Host": "other.example.com"}))


def test_a_server_on_every_address_answers_this_machines_name_and_addresses(served):
    port = served("0.0.0.0")
    for host in (socket.gethostname(), socket.getfqdn(), "127.0.0.1", "localhost"):
        assert request(port, "/data.json", {"Host": f"{host}:{port}"}).status == 200, host
    assert_refused(request(port, "/data.json", {"Host": f"evil.example:{port}"}))
    assert_refused(request(port, "/data.json", {"Host": f"192.0.2.20:{port}"}))  # an address not this machine's
    assert_refused(request(port, "/data.json", {"Host": "127.0.0.1:1"}))


def test_a_server_on_every_address_answers_the_address_a_request_arrived_at_with_its_port():
    served = served_address("0.0.0.0", 8000)
    assert served.accepts_host("192.0.2.20:8000", arrived_at="192.0.2.20")
    assert served.accepts_host("192.0.2.20:8000", arrived_at="::ffff:192.0.2.20")  # on a dual-stack socket
    assert not served.accepts_host("192.0.2.20:8000", arrived_at="192.0.2.21")
    assert not served.accepts_host("192.0.2.20:8001", arrived_at="192.0.2.20")
    assert not served_address("127.0.0.1", 8000).accepts_host("192.0.2.20:8000", arrived_at="192.0.2.20")


@pytest.mark.parametrize("path", ["/__ties__/events", "/__ties__/live.js"])
@pytest.mark.parametrize("origin", ["http://evil.example", "http://evil.example:{port}", "null",
                                    "http://127.0.0.1:1", "https://127.0.0.1"])
def test_the_live_reload_channel_refuses_a_page_of_another_origin(served, path, origin):
    port = served()
    assert_refused(request(port, path, {"Host": f"127.0.0.1:{port}", "Origin": origin.format(port=port)}))


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", "http://localhost:{port}", None])
def test_the_live_reload_channel_answers_its_own_pages(served, origin):
    port = served()
    headers = {"Host": f"127.0.0.1:{port}"} | ({"Origin": origin.format(port=port)} if origin else {})
    assert request(port, "/__ties__/live.js", headers).status == 200
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/__ties__/events", headers=headers)
    stream = connection.getresponse()
    assert stream.status == 200 and b'"version": 1' in stream.fp.readline()
    connection.close()


def test_the_live_reload_channel_answers_a_page_through_an_added_https_proxy(served):
    port = served(added=("ties.example.com",))
    headers = {"Host": "ties.example.com", "Origin": "https://ties.example.com"}
    assert request(port, "/__ties__/live.js", headers).status == 200


@pytest.mark.parametrize("path", SITE_PATHS[:4])
def test_no_answer_carries_cors_headers_even_to_a_request_from_another_origin(served, path):
    port = served()
    response = request(port, path, {"Host": f"127.0.0.1:{port}", "Origin": "http://evil.example"})
    assert response.status == 200
    assert not [name for name, _ in response.getheaders() if name.lower().startswith("access-control-")]


def test_twenty_clients_connecting_at_once_are_all_let_in_without_a_retry(tmp_path):
    rebuilder = Rebuilder(Site(tmp_path, date(2026, 11, 26)), tmp_path / "_site", log=lambda message: None)
    server = make_server(rebuilder, "127.0.0.1", 0)  # listening, but not accepting: as when busy
    clients = [socket.socket() for _ in range(24)]
    try:
        for client in clients:
            client.setblocking(False)
            client.connect_ex(server.server_address)
        deadline, pending = time.monotonic() + 0.5, list(clients)
        while pending and time.monotonic() < deadline:
            _, connected, _ = select.select([], pending, [], 0.05)
            pending = [client for client in pending if client not in connected]
        assert not pending, f"{len(pending)} of {len(clients)} clients are still waiting to connect"
    finally:
        for client in clients:
            client.close()
        server.server_close()
        rebuilder.close()


@pytest.mark.slow
def test_the_live_reload_of_a_page_in_chromium_is_answered(served, browser):
    port = served()
    context = browser.new_context()
    events = []
    context.on("request", lambda request: request.url.endswith("/__ties__/events") and events.append(request))
    page = context.new_page()
    try:
        page.goto(f"http://localhost:{port}/people/ada/")
        page.wait_for_function("document.body.innerText.includes('Notes on Ada')")
        (served.root / "people" / "ada.md").write_text(ADA.replace("Notes on Ada", "Changed notes"))
        served.rebuilder.build()
        page.wait_for_function("document.body.innerText.includes('Changed notes')", timeout=10_000)
        assert events and "origin" not in events[0].all_headers()
    finally:
        context.close()


# The rules themselves


def test_a_host_is_read_as_name_and_port_lower_cased_without_a_final_dot():
    assert split_host("LocalHost.:8000") == ("localhost", 8000)
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("[0:0::1]") == ("::1", None)
    assert split_host("ties.example.com") == ("ties.example.com", None)
    for broken in ("", ":8000", "[::1", "[evil]:80", "a:b", "::1", "a:80:80", "a@b", "http://a", "a/b", "a b"):
        assert split_host(broken) is None, broken


def test_the_served_names_are_the_loopback_ones_and_the_host_each_with_the_port():
    served = served_address("192.168.1.20", 8000, ["ties.example.com"])
    assert served.shown() == ["127.0.0.1:8000", "192.168.1.20:8000", "[::1]:8000", "localhost:8000",
                              "ties.example.com"]
    assert served.accepts_host("192.168.1.20:8000") and not served.accepts_host("192.168.1.21:8000")
    assert not served.accepts_host(None)


def test_allow_host_is_repeatable_and_takes_a_name_with_or_without_a_port():
    arguments = _parser().parse_args(["serve", "--allow-host", "ties.example.com", "--allow-host", "b.example:8443"])
    assert arguments.allow_host == ["ties.example.com", "b.example:8443"]
    assert _parser().parse_args(["serve"]).allow_host == []


def test_allow_host_refuses_what_is_not_a_host_name(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--allow-host", "https://ties.example.com/"])
    assert "'https://ties.example.com/' is not a host name: write NAME or NAME:PORT" in capsys.readouterr().err


@pytest.mark.slow
def test_ties_serve_prints_the_names_it_answers_only_when_some_were_added(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(ADA)
    printed = []
    for added in ([], ["--allow-host", "ties.example.com"]):
        serving = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(tmp_path),
                                    "--port", "0", *added], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        try:
            while "Serving" not in (line := serving.stdout.readline()):
                assert line, "ties serve stopped before serving"
            port = int(line.split(":")[2].split("/")[0])
            assert request(port, "/data.json", {"Host": "ties.example.com"}).status == (200 if added else 403)
        finally:
            serving.terminate()
            printed.append(serving.stdout.read())  # not communicate(), which would skip what readline() buffered
            serving.wait(timeout=30)
    assert "Answering" not in printed[0]
    assert printed[1].startswith(f"Answering requests addressed to 127.0.0.1:{port}, [::1]:{port}, ")
    assert "ties.example.com" in printed[1].splitlines()[0]
