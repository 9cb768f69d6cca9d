"""Korean texts composed from words.py: titles, problem statements, requested improvements, notes and
answers. Every sentence is formatted once, when the pools are built; an issue then only picks from
them, a handful of random choices per issue."""

import re
from functools import lru_cache

from . import words

# 은(는), 이(가), 을(를), 와(과): the particle follows the last syllable (with a final consonant or not).
_PARTICLES = re.compile(r"(\w)(은\(는\)|이\(가\)|을\(를\)|와\(과\))")
_PAIRS = {"은(는)": ("은", "는"), "이(가)": ("이", "가"), "을(를)": ("을", "를"), "와(과)": ("과", "와")}


def josa(text: str) -> str:
    """'드론 배송은(는)' → '드론 배송은'; '자율주행 택시은(는)' → '자율주행 택시는'."""
    def pick(match):
        last, pair = match.group(1), _PAIRS[match.group(2)]
        code = ord(last) - 0xAC00
        has_final = 0 <= code < 11172 and code % 28 != 0 or last.isdigit() and last in "013678"
        return last + pair[0 if has_final else 1]
    return _PARTICLES.sub(pick, text)


class Pools:
    """The sentences of every topic and subject, formatted once."""

    def __init__(self):
        self.topics = words.TOPICS
        self.titles = [[[f"{s} {a}" for a in t.aims] for s in t.subjects] for t in self.topics]
        self.facts = [[[josa(f.format(s=s)) for f in t.facts] for s in t.subjects] for t in self.topics]
        numbers = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20)
        self.impacts = sorted({i.format(n=n) for i in words.IMPACTS for n in numbers})
        self.fixes = [list(t.fixes) + list(words.GENERIC_FIXES[:2]) for t in self.topics]
        self.laws = [list(t.laws) for t in self.topics]

    def title(self, rng, topic: int, subject: int) -> str:
        return rng.choice(self.titles[topic][subject])

    def problem(self, rng, topic: int, subject: int) -> str:
        barriers = self.topics[topic].barriers
        parts = [rng.choice(self.facts[topic][subject]), rng.choice(barriers)]
        if rng.random() < 0.4:
            parts.append(rng.choice(barriers))
            if parts[2] == parts[1]:
                parts.pop()
        parts.append(rng.choice(self.impacts))
        if rng.random() < 0.3:
            parts.append(rng.choice(self.impacts))
        return " ".join(parts)

    def improvement(self, rng, topic: int) -> str:
        fixes = _some(rng, self.fixes[topic], 1 + int(rng.random() * 3))
        if len(fixes) == 1:
            return fixes[0]
        return "\n".join(f"{words.CIRCLED[n]} {fix}" for n, fix in enumerate(fixes))

    def related_law(self, rng, topic: int) -> str:
        laws = self.laws[topic]
        if rng.random() < 0.35 and len(laws) > 1:
            return ", ".join(_some(rng, laws, 2))
        return rng.choice(laws)


def _some(rng, items: list, count: int) -> list:
    """`count` different items (fewer if there are fewer), in their order from a random start."""
    start, count = int(rng.random() * len(items)), min(count, len(items))
    return [items[(start + n) % len(items)] for n in range(count)]


@lru_cache(maxsize=4096)
def answer_text(kind: str, subject: str) -> str:
    return josa(words.ANSWERS[kind].format(subject=subject))


@lru_cache(maxsize=8192)
def consultation_question(index: int, subject: str, law: str) -> str:
    return josa(words.QUESTIONS[index].format(s=subject, law=law))


@lru_cache(maxsize=8192)
def opinion(recommendation: str, index: int, subject: str, law: str) -> str:
    """What an expert answers with `recommendation`: one of its texts (`index` taken modulo their number)."""
    texts = words.OPINIONS[recommendation]
    return josa(texts[index % len(texts)].format(s=subject, law=law))


@lru_cache(maxsize=256)
def move_note(target: str, ministry: str) -> str:
    return josa(words.MOVE_NOTES[target][0].format(ministry=ministry))


def person_name(rng) -> str:
    return rng.choice(words.SURNAMES) + rng.choice(words.GIVEN)


def company_name(rng) -> str:
    head = rng.choice(words.COMPANY_HEADS)
    if rng.random() < 0.4:
        head += rng.choice(words.COMPANY_HEADS)
    name = head + rng.choice(words.COMPANY_TAILS)
    return f"(주){name}" if rng.random() < 0.2 else name
