from cleaner.text import (
    collapse_whitespace,
    ends_sentence,
    normalise_line,
    word_count,
    words,
)


def test_normalise_line() -> None:
    assert normalise_line("  Subscribe\t NOW ") == "subscribe now"


def test_collapse_whitespace() -> None:
    assert collapse_whitespace(" a \n\t b  ") == "a b"


def test_ends_sentence_sees_through_closing_quotes() -> None:
    assert ends_sentence('He said "no."')
    assert ends_sentence("Was it (really)?)")
    assert ends_sentence("東京で会議が開かれた。")
    assert not ends_sentence("Read more")
    assert not ends_sentence("The costs are split as follows:")


def test_word_count_counts_cjk_characters_as_half_words() -> None:
    assert word_count("Shares rose 4% on Monday.") == 5
    japanese = "子どもたちが公園で遊んでいます" * 20  # 300 characters, no spaces
    assert 100 <= word_count(japanese) <= 200
    assert word_count("") == 0


def test_words_are_casefolded_without_punctuation_and_split_cjk() -> None:
    assert words("Hello, World!") == ["hello", "world"]
    assert words("東京 Tokyo") == ["東", "京", "tokyo"]
