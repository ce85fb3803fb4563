"""``battles draft --wikipedia`` against a local HTTP server that serves recorded API answers
(tests/fixtures/wikipedia): real HTTP, no network."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES

from battles.draft import wikipedia

ANSWERS = json.loads((FIXTURES / "wikipedia" / "answers.json").read_text("utf-8"))


class Server:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, list[str]], str]] = []


class _Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        lang = parts.path.strip("/").split("/")[0]
        query = parse_qs(parts.query)
        agent = self.headers.get("User-Agent", "")
        self.server_state.requests.append((lang, query, agent))
        title = query.get("titles", [""])[0]
        if not agent.startswith("battles/"):
            return self._send(403, b"no User-Agent")
        if title == "Busy":
            return self._send(503, b"busy")
        if title == "Slow":
            time.sleep(1.5)
        if title == "Not JSON":
            return self._send(200, b"<html>")
        answer = ANSWERS.get(f"{lang}|{title}")
        if answer is None:
            answer = {
                "batchcomplete": True,
                "query": {"pages": [{"ns": 0, "title": title, "missing": True}]},
            }
        self._send(200, json.dumps(answer).encode("utf-8"))

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client that timed out has gone: nothing to report


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    state = Server()
    handler = type("Handler", (_Handler,), {"server_state": state})
    httpd = _Quiet(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    monkeypatch.setenv(
        wikipedia.API_ENV, f"http://127.0.0.1:{httpd.server_address[1]}/{{lang}}/w/api.php"
    )
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_article_is_fetched_drafted_and_cited(api: Server, run) -> None:
    result = run("draft", "--wikipedia", "Attack on Kruševac", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "name: Attack on Kruševac" in result.stdout
    assert 'url: "https://en.wikipedia.org/wiki/Attack_on_Kru%C5%A1evac"' in result.stdout
    assert (
        'note: "revision 1000001: https://en.wikipedia.org/w/index.php?title=Attack_on_Kru%C5%A1evac&oldid=1000001"'
        in result.stdout
    )
    assert "killed: 28" in result.stdout
    (lang, query, agent) = api.requests[0]
    assert lang == "en"
    assert query["redirects"] == ["1"] and query["formatversion"] == ["2"]
    assert agent.startswith("battles/")
    assert len(api.requests) == 1


def test_a_redirect_is_followed(api: Server, run) -> None:
    result = run("draft", "--wikipedia", "Krusevac attack", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "title: Attack on Kruševac" in result.stdout


def test_the_language_comes_from_the_option_or_the_address(api: Server, run) -> None:
    by_option = run("draft", "--wikipedia", "Напад на Крушевац", "--lang", "sr", "-o", "-")
    assert by_option.exit_code == 0, by_option.stderr
    assert 'name: "Напад на Крушевац"' in by_option.stdout
    address = "https://sr.wikipedia.org/wiki/%D0%9D%D0%B0%D0%BF%D0%B0%D0%B4_%D0%BD%D0%B0_%D0%9A%D1%80%D1%83%D1%88%D0%B5%D0%B2%D0%B0%D1%86"
    by_url = run("draft", "--wikipedia", address, "-o", "-")
    assert by_url.exit_code == 0, by_url.stderr
    assert by_url.stdout == by_option.stdout
    assert [r[0] for r in api.requests] == ["sr", "sr"]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "Battle of Kosovo",
            "'Battle of Kosovo' is a disambiguation page; name one of: Battle of Kosovo (1389); Battle of Kosovo (1448); Kosovo Operation (1944)",
        ),
        ("Battle of Nowhere", "there is no article 'Battle of Nowhere' on en.wikipedia.org"),
        (
            "Kruševac",
            "'Kruševac' (https://en.wikipedia.org/wiki/Kru%C5%A1evac) has no military-conflict infobox",
        ),
        (
            "Busy",
            "en.wikipedia.org answered HTTP 503 for 'Busy' (the server is busy: try again later)",
        ),
        ("Not JSON", "the answer for 'Not JSON' is not JSON"),
    ],
)
def test_pages_that_cannot_be_drafted_give_one_line(
    api: Server, run, title: str, message: str
) -> None:
    result = run("draft", "--wikipedia", title, "-o", "-")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"battles: error: {message}")
    assert result.stderr.count("\n") == 1
    assert len(api.requests) == 1  # no retries


def test_a_timeout_is_one_line(api: Server, run) -> None:
    result = run("draft", "--wikipedia", "Slow", "--timeout", "0.3", "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == "battles: error: no answer from Wikipedia within 0.3 s for 'Slow'\n"


def test_offline_is_one_line(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(wikipedia.API_ENV, "http://127.0.0.1:9/w/api.php")
    result = run("draft", "--wikipedia", "Attack on Kruševac", "-o", "-")
    assert result.exit_code == 1
    assert result.stderr.startswith("battles: error: cannot reach Wikipedia (")
    assert "are you offline?" in result.stderr


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("https://example.org/wiki/X", "is not an address on Wikipedia"),
        ("https://en.wikipedia.org/", "names no article"),
    ],
)
def test_bad_addresses_are_usage_errors(run, given: str, message: str) -> None:
    result = run("draft", "--wikipedia", given, "-o", "-")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_language_is_a_usage_error(run) -> None:
    result = run("draft", "--wikipedia", "X", "--lang", "../etc", "-o", "-")
    assert result.exit_code == 2
    assert "is not a language code" in result.stderr


def test_many_titles_at_once_end_with_a_summary(api: Server, run, tmp_path: Path) -> None:
    result = run(
        "draft",
        "--wikipedia",
        "Attack on Kruševac",
        "Battle of Nowhere",
        "Krusevac attack",
        "--into",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 1  # one failed
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"drafted  {tmp_path / 'out' / 'attack-on-krusevac.yaml'}  (")
    assert (
        lines[1]
        == "failed   Battle of Nowhere: there is no article 'Battle of Nowhere' on en.wikipedia.org"
    )
    assert (
        lines[2].startswith("skipped  ") and "drafted from an earlier input of this run" in lines[2]
    )
    assert lines[3].startswith("1 drafted (") and lines[3].endswith(
        "CHECKs to read), 1 skipped, 1 failed"
    )
    assert len(api.requests) == 3


@pytest.mark.parametrize(
    ("given", "lang", "title"),
    [
        ("Battle of Kosovo", "en", "Battle of Kosovo"),
        ("Battle_of_Kosovo", "en", "Battle of Kosovo"),
        ("https://en.m.wikipedia.org/wiki/Battle_of_Kosovo", "en", "Battle of Kosovo"),
        (
            "https://de.wikipedia.org/w/index.php?title=Schlacht_auf_dem_Amselfeld&oldid=1",
            "de",
            "Schlacht auf dem Amselfeld",
        ),
        (
            "https://pt.wikipedia.org/wiki/Batalha_de_Kosovo%20(1389)",
            "pt",
            "Batalha de Kosovo (1389)",
        ),
    ],
)
def test_targets(given: str, lang: str, title: str) -> None:
    assert wikipedia.target(given) == (lang, title)


def test_a_name_in_cyrillic_gets_a_latin_id(api: Server, run, tmp_path: Path) -> None:
    result = run(
        "--data-dir", str(tmp_path), "draft", "--wikipedia", "Напад на Крушевац", "--lang", "sr"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'napad-na-krusevac.yaml'}\n"
    assert run("validate", str(tmp_path / "napad-na-krusevac.yaml")).exit_code == 0
