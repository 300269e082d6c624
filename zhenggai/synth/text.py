"""Chinese ledger text: the founding notice's own clauses mixed with the phrase table.

Every function takes the caller's ``random.Random``, so a seed gives the same text every time.
"""

import random
import re

from zhenggai.demo import zhanhua_seed as seed
from zhenggai.synth import phrases as ph


def _clauses(texts) -> tuple[str, ...]:
    out = []
    for text in texts:
        for clause in re.split(r"[,;。]", text):
            clause = clause.strip()
            if 6 <= len(clause) <= 60:
                out.append(clause)
    return tuple(dict.fromkeys(out))


SEED_TITLES = tuple(p.title for p in seed.PROBLEMS)
SEED_MEASURE_CLAUSES = _clauses(m.content for p in seed.PROBLEMS for m in p.measures)
SEED_PROGRESS_CLAUSES = _clauses(e.text for p in seed.PROBLEMS for m in p.measures for e in m.progress)
SEED_FIGURES = tuple(
    (label, unit)
    for p in seed.PROBLEMS
    for m in p.measures
    for e in m.progress
    for label, _, unit in e.figures
)


def person(rng: random.Random) -> str:
    given = rng.choice(ph.GIVEN) + (rng.choice(ph.GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(ph.SURNAMES) + given


def problem_title(rng: random.Random) -> str:
    if rng.random() < 0.04:
        return rng.choice(SEED_TITLES)
    area, issue = rng.choice(ph.PROBLEM_AREAS), rng.choice(ph.PROBLEM_ISSUES)
    if rng.random() < 0.5:
        return f"关于{area}{issue}方面问题"
    return f"{area}{issue},{rng.choice(ph.PROBLEM_DETAILS)}"


def problem_description(rng: random.Random) -> str:
    a, b = rng.sample(ph.PROBLEM_DETAILS, 2)
    return f"{a};{b}。"


def measure_content(rng: random.Random) -> str:
    if rng.random() < 0.25:
        text = rng.choice(SEED_MEASURE_CLAUSES)
    else:
        text = rng.choice(ph.MEASURE_ACTIONS) + rng.choice(ph.MEASURE_OBJECTS)
    if rng.random() < 0.6:
        text += "," + rng.choice(ph.MEASURE_GOALS)
    return text


def progress_text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        text = rng.choice(SEED_PROGRESS_CLAUSES)
    else:
        text = rng.choice(ph.PROGRESS_ACTIONS)
        if r < 0.7:
            text += "," + rng.choice(ph.PROGRESS_RESULTS)
    return text


def figure(rng: random.Random) -> tuple[str, int, str]:
    if SEED_FIGURES and rng.random() < 0.2:
        label, unit = rng.choice(SEED_FIGURES)
        return label, rng.randint(1, 50), unit
    label, unit, low, high = rng.choice(ph.FIGURES)
    return label, rng.randint(low, high), unit
