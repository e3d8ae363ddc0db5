"""Stemming is safe from several threads at once (gunicorn serves with two threads a worker):
a Snowball stemmer keeps its current word in the object, and a shared one gave an IndexError
(a 500 on /search/) when two threads built the word tables at the same time."""

import sys
from concurrent.futures import ThreadPoolExecutor

from search import multilingual

WORDS = {
    "hi": ["खिलौने", "साड़ियाँ", "रेशमी", "कालीनों", "हल्दी", "बनारसी", "लकड़ी", "चायपत्ती"],
    "fr": ["jouets", "poupées", "tapisseries", "épices", "soieries", "sculptées", "théières"],
}


def test_many_threads_stem_as_one_does():
    cases = [
        (f"{word}{'ा' * (i % 3) if language == 'hi' else 's' * (i % 2)}", language)
        for i in range(300)
        for language, words in WORDS.items()
        for word in words
    ]
    multilingual.stem.cache_clear()
    expected = {case: multilingual._stemmer(case[1]).stemWord(case[0]) for case in set(cases)}
    multilingual.stem.cache_clear()
    interval = sys.getswitchinterval()
    # Switch threads as often as possible, so that an unsafe stemmer would be caught mid-word.
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(
                pool.map(lambda case: multilingual._stemmer(case[1]).stemWord(case[0]), cases)
            )
    finally:
        sys.setswitchinterval(interval)
    assert got == [expected[case] for case in cases]
