"""Site helpers: the host of a URL and the one normalised form of a site name.

The archive keys sites by host (lowercase, no leading `www.`); learning and applying site
templates, export filters and metadata all use these two functions so the keys agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit


def normalise_site(site: str) -> str:
    """A site as the archive stores it: trimmed, lowercase, without a leading `www.`."""
    return site.strip().lower().removeprefix("www.")


def host_of(url: str | None) -> str | None:
    """The host of a URL without a leading `www.`, lowercase, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # a malformed URL (e.g. a bad IPv6 literal) has no host
        return None
    return normalise_site(host) or None


def template_site(url: str | None, hints: Mapping[str, str] | None = None) -> str | None:
    """The site whose templates apply to a document: the URL's host, else a record's own `site`
    field; None (archive-wide) for text that has neither. Learning and applying must use the
    same key, and it must be known before cleaning, so it never comes from extracted metadata
    (a page's `og:site_name` is a display name, not a host)."""
    host = host_of(url)
    if host:
        return host
    hinted = (hints or {}).get("site")
    if isinstance(hinted, str) and hinted.strip():
        return normalise_site(hinted)
    return None
