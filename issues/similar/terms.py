"""The terms an issue is compared by: the nouns of its title and problem, as the Korean morphological
analyser Kiwi (kiwipiepy, its model from PyPI) reads them.

Measured against the character bigrams of the search index on the planted families of `seed_bulk`
(bench/similar.py, docs/benchmarks.md): at the same precision, nouns find more of an issue's relatives,
because the particles and endings that bigrams keep (드론을, 허용되어) say nothing about the regulation.

- Nouns (NNG, NNP), foreign words and numbers written in Latin letters (SL: API, AI, ESS) and roots (XR);
  a prefix is kept on its noun (비 + 대면 → 비대면: "non-face-to-face" is not "face-to-face").
- One letter alone says nothing (법, 조, 간) and is dropped; Latin letters are lower-cased.
- Sentences are read one by one and remembered (SENTENCE_CACHE of them): synthetic data repeats them,
  and an officer's page reads the same issues again.

Kiwi takes about 3 s and 500 MB to load: it is loaded once per process, on first use, never at import."""

import re
import threading
from functools import lru_cache

KEPT_TAGS = frozenset({"NNG", "NNP", "SL", "XR"})
SENTENCE_CACHE = 50_000
# Where a sentence ends: Kiwi reads each on its own, so that remembering sentences gives the same terms.
_SENTENCES = re.compile(r"(?<=[.!?。])\s+|\n+")
_lock = threading.Lock()
_kiwi = None


def _analyser():
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi  # loaded on first use: 3 s and 500 MB

                _kiwi = Kiwi(num_workers=-1)  # in the calling thread
    return _kiwi


@lru_cache(maxsize=SENTENCE_CACHE)
def _sentence_terms(sentence: str) -> tuple[str, ...]:
    found, prefix = [], ""
    for token in _analyser().tokenize(sentence):
        if token.tag == "XPN":
            prefix = token.form
            continue
        if token.tag in KEPT_TAGS:
            form = (prefix + token.form if token.tag in ("NNG", "NNP") else token.form).lower()
            if len(form) > 1:
                found.append(form)
        prefix = ""
    return tuple(found)


def terms(*texts: str) -> list[str]:
    """The distinct terms of `texts`, in the order they first appear."""
    seen = {}
    for text in texts:
        for sentence in _SENTENCES.split(text or ""):
            sentence = sentence.strip()[:2000]
            if sentence:
                for term in _sentence_terms(sentence):
                    seen.setdefault(term[:100], None)
    return list(seen)
