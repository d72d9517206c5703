"""Rule packs: every built-in rule's examples, pack loading errors, user packs, pattern safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cleaner
from cleaner.classify import classify
from cleaner.errors import RuleError
from cleaner.rules import (
    MAX_MAX_WORDS,
    Rule,
    RuleSet,
    builtin_pack_names,
    compile_safe_pattern,
    line_core,
    load_ruleset,
    required_literals,
    start_characters,
)
from cleaner.text import collapse_whitespace

RULESET = load_ruleset([])
RULES = RULESET.rules

REQUIRED_CATEGORIES = {
    "accessibility",
    "navigation",
    "paywall",
    "newsletter",
    "comments",
    "share",
    "cookie",
    "advertising",
    "related",
    "caption",
    "byline",
    "legal",
    "promo",
}

PROSE = [
    "Iranian officials have rejected the idea of pulling forces from Syria on Monday.",
    "The decision came after a week of talks between the two governments in Geneva.",
    "Analysts said the move would make a settlement of the war harder to reach this year.",
]


def _verdict_of(lines: list[str], text: str, ruleset: RuleSet = RULESET):
    result = classify(lines, ruleset)
    matches = [v for v in result.verdicts if v.text == collapse_whitespace(text)]
    assert matches, f"{text!r} not among the verdicts"
    return matches[-1]


def test_builtin_packs_cover_the_required_categories() -> None:
    assert RULESET.categories() >= REQUIRED_CATEGORIES
    names = {name.removesuffix(".toml") for name in builtin_pack_names()}
    assert names >= REQUIRED_CATEGORIES  # one pack file per category


def test_every_pack_file_holds_only_its_own_category() -> None:
    for rule in RULES:
        assert rule.source.endswith(f"{rule.category}.toml"), (rule.id, rule.source)


def test_every_rule_is_documented_with_examples() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.startswith(f"{rule.category}."), rule.id
        assert rule.reason and "\n" not in rule.reason
        assert rule.positives, f"{rule.id} has no positive example"
        assert rule.negatives, f"{rule.id} has no negative example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_positive_examples_are_caught_by_their_own_rule(rule: Rule) -> None:
    for example in rule.positives:
        assert rule.matches(example), f"{rule.id} misses {example!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_negative_examples_survive_the_whole_classifier(rule: Rule) -> None:
    for example in rule.negatives:
        middle = ["Headline of the story", "", PROSE[0], "", example, "", PROSE[1], "", PROSE[2]]
        verdict = _verdict_of(middle, example)
        assert verdict.keep, f"{example!r} dropped in the body by {verdict.rule_id}"
        if example.rstrip("\"'”’").endswith((".", "!", "?")):
            # a sentence must survive even as the last paragraph, where edge/tail rules fire
            tail = ["Headline of the story", "", PROSE[0], "", PROSE[1], "", example]
            verdict = _verdict_of(tail, example)
            assert verdict.keep, f"{example!r} dropped at the tail by {verdict.rule_id}"


CHROME_BY_LANGUAGE = [
    # English
    ("Skip to main content", "accessibility"),
    ("Subscribe now!", "paywall"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("Share this article", "share"),
    ("We use cookies to personalise content and ads.", "cookie"),
    ("Advertisement", "advertising"),
    ("Related Articles", "related"),
    ("All rights reserved.", "legal"),
    ("Download our free app", "promo"),
    # German
    ("Zum Inhalt springen", "accessibility"),
    ("Jetzt abonnieren", "paywall"),
    ("Newsletter abonnieren", "newsletter"),
    ("Artikel teilen", "share"),
    ("Diese Website verwendet Cookies.", "cookie"),
    ("Anzeige", "advertising"),
    ("Lesen Sie auch", "related"),
    ("Alle Rechte vorbehalten.", "legal"),
    ("Kommentar schreiben", "comments"),
    # French
    ("Aller au contenu", "accessibility"),
    ("Abonnez-vous", "paywall"),
    ("Inscrivez-vous à notre newsletter", "newsletter"),
    ("Partager", "share"),
    ("Ce site utilise des cookies.", "cookie"),
    ("Publicité", "advertising"),
    ("À lire aussi", "related"),
    ("Tous droits réservés", "legal"),
    ("Laisser un commentaire", "comments"),
    # Spanish
    ("Ir al contenido", "accessibility"),
    ("Suscríbete", "paywall"),
    ("Suscríbete a nuestra newsletter", "newsletter"),
    ("Compartir", "share"),
    ("Este sitio web utiliza cookies.", "cookie"),
    ("Publicidad", "advertising"),
    ("Noticias relacionadas", "related"),
    ("Todos los derechos reservados.", "legal"),
    ("Deja un comentario", "comments"),
]


@pytest.mark.parametrize(("line", "category"), CHROME_BY_LANGUAGE)
def test_chrome_in_four_languages_is_removed_inside_the_body(line: str, category: str) -> None:
    lines = ["Headline of the story", "", PROSE[0], "", line, "", PROSE[1], "", PROSE[2]]
    verdict = _verdict_of(lines, line)
    assert not verdict.keep
    assert verdict.category == category


def test_position_limits_where_a_rule_fires() -> None:
    # "Breaking News" is an edge rule: chrome in the head, a subheading between paragraphs
    head = _verdict_of(["Breaking News", "", "Headline of the story", "", *PROSE], "Breaking News")
    assert (head.keep, head.rule_id) == (False, "navigation.breaking-label")
    body = _verdict_of([PROSE[0], "", "Breaking News", "", PROSE[1], "", PROSE[2]], "Breaking News")
    assert body.keep


def test_line_core_drops_bullets_and_straightens_apostrophes() -> None:
    assert line_core("  • Send   to Kindle ") == "Send to Kindle"
    assert line_core("you’re") == "you're"


# --- loading user packs ---------------------------------------------------------------------

USER_PACK = """
category = "promo"

[[rules]]
id = "promo.example-station"
reason = "station ID of example radio"
pattern = '''(?i)^example radio reports the news in \\d+ languages\\b.{0,200}$'''
max_words = 40
examples.positive = ["Example Radio reports the news in 27 languages."]
examples.negative = ["Example Radio was founded in 1950."]
"""

SEED_TEXT = "\n".join(
    [
        "Headline of the story",
        "",
        *PROSE,
        "",
        "Example Radio reports the news in 27 languages across the region.",
    ]
)


def test_user_pack_adds_rules_without_editing_the_package(tmp_path: Path) -> None:
    pack = tmp_path / "station.toml"
    pack.write_text(USER_PACK, encoding="utf-8")
    without = cleaner.clean(SEED_TEXT)
    assert "Example Radio" in without.text
    article = cleaner.clean(SEED_TEXT, rules=[pack])
    assert "Example Radio" not in article.text
    removal = next(r for r in article.removed if r.rule_id == "promo.example-station")
    assert removal.category == "promo"
    assert removal.reason == "station ID of example radio"


def test_user_pack_may_disable_a_builtin_rule(tmp_path: Path) -> None:
    pack = tmp_path / "no-subscribe.toml"
    pack.write_text('disable = ["paywall.subscribe-cta"]\n', encoding="utf-8")
    ruleset = load_ruleset([pack])
    assert "paywall.subscribe-cta" not in {rule.id for rule in ruleset.rules}
    assert len(ruleset.rules) == len(RULES) - 1


RULE = 'category = "promo"\n[[rules]]\nid = "p.a"\nreason = "r"\n'

BAD_PACKS = [
    ("category = \n", "invalid TOML"),
    ('category = "promo"\n', "no rules"),
    ('category = "promo"\nfoo = 1\n[[rules]]\nid = "x"\n', "bad-pack.toml: unknown key(s) foo"),
    (RULE + 'pattern = "^a$"\nmax_word = 3\n', "bad-pack.toml: rule #1: unknown key(s) max_word"),
    (RULE + 'pattern = "^a$"\nexamples.positives = ["a"]\n', "'examples' may only hold"),
    ('[[rules]]\nid = "x.a"\nreason = "r"\npattern = "^a$"\n', "needs a 'category'"),
    ('category = "promo"\n[[rules]]\nreason = "r"\npattern = "^a$"\n', "missing or empty 'id'"),
    ('category = "promo"\n[[rules]]\nid = "p.a"\npattern = "^a$"\n', "missing or empty 'reason'"),
    (
        RULE + 'pattern = "(a"\n',
        "invalid pattern",
    ),
    (
        RULE + 'pattern = "(a+)+$"\n',
        "unsafe pattern",
    ),
    (
        RULE + 'pattern = "(a)\\\\1"\n',
        "unsafe pattern",
    ),
    (
        RULE + 'pattern = "^a$"\nposition = "top"\n',
        "'position' must be one of",
    ),
    (
        RULE + 'pattern = "^a$"\nmax_words = 0\n',
        "'max_words' must be between",
    ),
    (
        RULE + 'pattern = "^a$"\nexamples.positive = ["b"]\n',
        "positive example 'b' is not caught",
    ),
    (
        'category = "promo"\n[[rules]]\nid = "paywall.subscribe-cta"\n'
        'reason = "r"\npattern = "^a$"\n',
        "already defined in built-in pack paywall.toml",
    ),
    ('disable = ["no.such-rule"]\n', "cannot disable unknown rule"),
]


@pytest.mark.parametrize(("content", "message"), BAD_PACKS)
def test_bad_pack_raises_rule_error_naming_file_and_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    pack = tmp_path / "bad-pack.toml"
    pack.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset([pack])
    error = str(info.value)
    assert error.startswith(f"{pack}: ")
    assert message in error
    assert "\n" not in error


def test_missing_pack_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rule pack"):
        load_ruleset([tmp_path / "absent.toml"])


@pytest.mark.parametrize(
    "pattern", ["(a+)+b", r"(\w+ ?)*x", r"(\w+ ?){1,5}x", "(?:a|b+)*", "(?=(a+))*"]
)
def test_patterns_that_backtrack_catastrophically_are_refused(pattern: str) -> None:
    with pytest.raises(RuleError, match="unsafe pattern"):
        compile_safe_pattern(pattern, "test")


@pytest.mark.parametrize("pattern", [r"^(foo|bar)( (x|y)){0,4}$", r"\s*a.*b$", r"^[^|]{1,30}$"])
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert compile_safe_pattern(pattern, "test").pattern == pattern


def test_max_words_guard_keeps_long_lines_away_from_a_rule() -> None:
    rule = RULESET.by_id("paywall.subscribe-cta")
    assert rule.matches("Subscribe now")
    assert not rule.matches("Subscribe " * (rule.max_words + 1))


def _brute_force_hits(ruleset: RuleSet, core: str, words: int) -> tuple[Rule, ...]:
    if words > MAX_MAX_WORDS:
        return ()
    return tuple(
        rule
        for rule in ruleset.by_words[words]
        if len(core) <= rule.max_chars and rule.pattern.search(core) is not None
    )


# İ, dotless ı and long s fold onto ASCII letters under re.IGNORECASE; the Kelvin sign too.
_FOLDING = str.maketrans({"i": "ı", "I": "İ", "s": "ſ", "k": "\u212a"})


def test_rule_index_finds_exactly_what_trying_every_rule_finds() -> None:
    lines = [text for rule in RULES for text in (*rule.positives, *rule.negatives)]
    lines += [text.upper() for text in lines] + [text.translate(_FOLDING) for text in lines]
    lines += ["", "•", "| Name | Age |", "Ünïcode first", "„Quoted“ line", "1234 Comments"]
    for text in lines:
        core = line_core(text)
        words = len(core.split())
        assert RULESET.hits(core, words) == _brute_force_hits(RULESET, core, words), text


def test_start_characters_and_required_literals() -> None:
    assert start_characters(re.compile(r"(?i)^(skip|jump) to")) == frozenset("sj")
    assert start_characters(re.compile(r"(?i)\bfollow")) is None  # not anchored
    assert start_characters(re.compile(r"^(a)?$")) is None  # may match an empty line
    assert start_characters(re.compile(r"(?i)^\d+ comments")) == frozenset("0123456789")
    assert required_literals(re.compile(r"(?i)^.{0,80}\b(sent|delivered) to your inbox")) == {
        " to your inbox"
    }
    assert required_literals(re.compile(r"(?i)^\w+$")) is None
