"""An article's current wikitext, fetched through the MediaWiki API with urllib.

One request a page (``action=query&prop=revisions|pageprops``, redirects followed by the
API), never retried: a busy or unreachable server is a clear one-line error. The API's
address is ``https://LANG.wikipedia.org/w/api.php``; ``BATTLES_WIKIPEDIA_API`` replaces it
(``{lang}`` in it becomes the language), which is how the tests point it at a local server.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode, urlsplit

from battles import __version__
from battles.errors import BattlesError, UsageError

API_ENV = "BATTLES_WIKIPEDIA_API"
DEFAULT_API = "https://{lang}.wikipedia.org/w/api.php"
USER_AGENT = (
    f"battles/{__version__} (a tool that drafts battle records for a curator to check; "
    "one request per article, no retries) python-urllib"
)
TIMEOUT = 20.0
MAX_BYTES = 20_000_000  # a response larger than any article: refuse it
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


class FetchError(BattlesError):
    """An article could not be fetched: offline, timed out, missing, not an article."""


@dataclass
class Page:
    title: str
    lang: str
    revision: int
    wikitext: str

    @property
    def url(self) -> str:
        return f"https://{self.lang}.wikipedia.org/wiki/{quote(self.title.replace(' ', '_'))}"

    @property
    def permanent_url(self) -> str:
        return (
            f"https://{self.lang}.wikipedia.org/w/index.php?"
            f"title={quote(self.title.replace(' ', '_'))}&oldid={self.revision}"
        )


def target(text: str, lang: str = "en") -> tuple[str, str]:
    """(language, title) from a title or an article's address (``https://sr.wikipedia.org/
    wiki/...``, ``.../w/index.php?title=...``, the mobile site too)."""
    text = text.strip()
    if re.match(r"^https?://", text, re.IGNORECASE):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        match = re.match(r"^([a-z0-9-]+)\.(?:m\.)?wikipedia\.org$", host)
        if match is None:
            raise UsageError(f"{text!r} is not an address on Wikipedia (LANG.wikipedia.org)")
        lang = match.group(1)
        title = ""
        if parts.path.startswith("/wiki/"):
            title = unquote(parts.path[len("/wiki/") :])
        else:
            found = re.search(r"(?:^|&)title=([^&]+)", parts.query)
            title = unquote(found.group(1)) if found else ""
        if not title:
            raise UsageError(f"{text!r} names no article")
        return lang, title.replace("_", " ")
    if not _LANG.match(lang):
        raise UsageError(f"{lang!r} is not a language code such as en, sr or pt-br")
    if not text:
        raise UsageError("an empty title")
    return lang, text.replace("_", " ")


def api_url(lang: str) -> str:
    return os.environ.get(API_ENV, DEFAULT_API).replace("{lang}", lang)


def fetch(title: str, lang: str = "en", *, timeout: float = TIMEOUT) -> Page:
    """The current wikitext of an article; raises :class:`FetchError` saying why not."""
    import urllib.error
    import urllib.request

    query = urlencode(
        {
            "action": "query",
            "prop": "revisions|pageprops",
            "rvprop": "content|ids",
            "rvslots": "main",
            "ppprop": "disambiguation",
            "redirects": "1",
            "titles": title,
            "format": "json",
            "formatversion": "2",
        }
    )
    address = f"{api_url(lang)}?{query}"
    request = urllib.request.Request(
        address, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()  # the error holds the open response
        busy = " (the server is busy: try again later)" if exc.code in (429, 503) else ""
        raise FetchError(
            f"{lang}.wikipedia.org answered HTTP {exc.code} for {title!r}{busy}"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchError(
                f"no answer from Wikipedia within {timeout:g} s for {title!r}"
            ) from None
        raise FetchError(
            f"cannot reach Wikipedia ({reason}); are you offline? (the article was {title!r})"
        ) from None
    except TimeoutError:
        raise FetchError(f"no answer from Wikipedia within {timeout:g} s for {title!r}") from None
    except OSError as exc:
        raise FetchError(f"cannot reach Wikipedia: {exc}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"the answer for {title!r} is larger than {MAX_BYTES:,} bytes")
    return _page(body, title, lang)


def _page(body: bytes, title: str, lang: str) -> Page:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(
            f"the answer for {title!r} is not JSON: is this a MediaWiki API?"
        ) from None
    if not isinstance(data, dict):
        raise FetchError(f"the answer for {title!r} is not a MediaWiki API answer")
    if isinstance(data.get("error"), dict):
        info = data["error"].get("info") or data["error"].get("code") or "an error"
        raise FetchError(f"Wikipedia refused {title!r}: {info}")
    pages = (data.get("query") or {}).get("pages") if isinstance(data.get("query"), dict) else None
    if not isinstance(pages, list) or not pages or not isinstance(pages[0], dict):
        raise FetchError(f"the answer for {title!r} holds no page")
    page = pages[0]
    name = str(page.get("title") or title)
    if page.get("invalid"):
        raise FetchError(f"{title!r} is not a valid title: {page.get('invalidreason', '')}")
    if page.get("missing"):
        raise FetchError(f"there is no article {name!r} on {lang}.wikipedia.org")
    try:
        revision = page["revisions"][0]
        content = revision["slots"]["main"]["content"]
        revid = int(revision["revid"])
    except (KeyError, IndexError, TypeError, ValueError):
        raise FetchError(f"the answer for {name!r} holds no wikitext") from None
    if not isinstance(content, str):
        raise FetchError(f"the answer for {name!r} holds no wikitext")
    props = page.get("pageprops")
    if isinstance(props, dict) and "disambiguation" in props:
        candidates = disambiguation_candidates(content)
        shown = "; ".join(candidates[:15]) + ("; ..." if len(candidates) > 15 else "")
        raise FetchError(
            f"{name!r} is a disambiguation page; name one of: {shown or 'the pages it lists'}"
        )
    return Page(title=name, lang=lang, revision=revid, wikitext=content)


def disambiguation_candidates(wikitext: str) -> list[str]:
    """The articles a disambiguation page lists: the first link of each list item."""
    import mwparserfromhell

    found: list[str] = []
    for line in wikitext.splitlines():
        if not line.lstrip().startswith(("*", "#")):
            continue
        links = mwparserfromhell.parse(line).filter_wikilinks()
        if links:
            name = str(links[0].title).strip()
            skip = re.match(r"^(?:file|image|category|wikt|wiktionary):", name, re.I)
            if name and not skip and name not in found:
                found.append(name)
    return found
