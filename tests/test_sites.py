from cleaner.sites import host_of, normalise_site, template_site


def test_host_of_drops_www_and_lowercases() -> None:
    assert host_of("https://www.Example.COM/a/b?x=1") == "example.com"
    assert host_of("http://news.example.org") == "news.example.org"


def test_host_of_without_a_host() -> None:
    assert host_of(None) is None
    assert host_of("") is None
    assert host_of("not a url") is None
    assert host_of("http://[::1") is None  # malformed IPv6 literal: no host, no exception


def test_normalise_site() -> None:
    assert normalise_site("  WWW.Example.com ") == "example.com"


def test_template_site_is_the_host_else_the_records_site() -> None:
    assert template_site("https://www.RFERL.org/a/1.html") == "rferl.org"
    assert template_site(None, {"site": "www.Example.com"}) == "example.com"
    assert template_site(None, {}) is None
