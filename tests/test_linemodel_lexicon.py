import math

from cleaner.linemodel.lexicon import MIN_SITES, Lexicon


def sites(chrome_sites: int, body_sites: int, word: str) -> list[tuple[str, list[str], list[bool]]]:
    """Pages on which `word` is in a chrome line (the first `chrome_sites`) or in a body line."""
    pages = []
    for n in range(chrome_sites):
        pages.append((f"chrome{n}.example", [f"{word} now", "The mayor spoke."], [False, True]))
    for n in range(body_sites):
        pages.append((f"body{n}.example", ["Menu", f"The {word} was late."], [False, True]))
    return pages


def test_a_word_of_chrome_on_many_sites_weighs_towards_boilerplate() -> None:
    lexicon = Lexicon.learn(sites(8, 1, "subscribe"))
    assert lexicon.weights["subscribe"] > 1.0
    assert lexicon.weights["mayor"] < 0  # only ever in body lines
    assert "subscribe now" in lexicon.weights  # word pairs too


def test_sites_are_counted_not_lines() -> None:
    # one site repeating a line a hundred times counts once
    many = [("one.example", ["Reply"] * 100 + ["The mayor spoke."], [False] * 100 + [True])]
    once = [("one.example", ["Reply", "The mayor spoke."], [False, True])]
    others = [(f"s{n}.example", ["Reply to the mayor."], [True]) for n in range(MIN_SITES)]
    assert Lexicon.learn(many + others) == Lexicon.learn(once + others)
    always_chrome = Lexicon.learn(sites(6, 0, "reply"))
    assert Lexicon.learn(many + others).weights["reply"] < always_chrome.weights["reply"]


def test_a_word_seen_on_few_sites_is_not_kept() -> None:
    lexicon = Lexicon.learn(sites(MIN_SITES - 2, 1, "zebra"))
    assert "zebra" not in lexicon.weights


def test_weights_are_smoothed_log_odds_against_the_base_rate() -> None:
    lexicon = Lexicon.learn(sites(6, 6, "weather"))
    # as often in chrome as in body, while the base rate of chrome words differs: finite
    assert math.isfinite(lexicon.weights["weather"])
    assert abs(lexicon.weights["weather"] - lexicon.weights["the"]) < 2.0


def test_explanations_name_the_words_behind_the_lexicon_features() -> None:
    lexicon = Lexicon({"cancel": 1.0, "reply": 2.5, "the": 0.1, "cancel reply": 3.7, "vote": -0.9})
    named = lexicon.named("Cancel reply")
    assert named["lex_max"] == "“reply” is found more in boilerplate (+2.5)"
    assert named["lex_first"] == "“cancel” is found more in boilerplate (+1.0)"
    assert named["lex_pair_max"] == "“cancel reply” is found more in boilerplate (+3.7)"
    assert lexicon.named("The vote")["lex_min"] == "“vote” is found more in article text (-0.9)"
    assert "lex_first" not in lexicon.named("Zebra vote")  # its first word is unknown
    assert lexicon.named("Zebra") == {}
