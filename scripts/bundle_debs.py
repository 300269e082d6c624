"""The Debian packages to carry: RUNTIME_DEBS and what they depend on, less a minimal Debian.

A minimal Debian (debootstrap's minbase) is the packages marked Essential or Priority: required and
what those depend on. Of each "a | b" choice the first one is taken unless the minimal system
already satisfies the choice; a virtual package is provided by its first provider.

    python scripts/bundle_debs.py PACKAGE…   (prints one package name a line)
"""

import subprocess
import sys


def depends(packages: list[str]) -> dict[str, list[list[str]]]:
    """Each package's groups of alternatives (Depends, Pre-Depends), virtual names resolved to their
    first provider; one apt-cache call for all of them."""
    out = subprocess.run(
        ["apt-cache", "depends", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks",
         "--no-replaces", "--no-enhances", *packages],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    found: dict[str, list[list[str]]] = {}
    groups: list[list[str]] = []
    current: list[str] = []
    continued = False
    for line in out:
        if not line.startswith(" "):  # a package's own line
            groups = found.setdefault(line.strip().split(":")[0], [])
            continued = False
            continue
        if line.startswith("    "):  # a provider of the virtual package above
            if current and current[-1].startswith("<"):
                current[-1] = line.strip().split(":")[0]
            continue
        stripped = line.strip()
        kind, _, name = stripped.lstrip("|").partition(": ")
        if kind not in ("Depends", "PreDepends"):
            continue
        if not continued:
            current = []
            groups.append(current)
        current.append(name.split(":")[0])
        continued = stripped.startswith("|")
    return {name: [[n for n in g if not n.startswith("<")] for g in gs] for name, gs in found.items()}


def closure(roots: list[str], have: set[str]) -> list[str]:
    wanted: list[str] = []
    seen: set[str] = set()
    level = [p for p in dict.fromkeys(roots) if p not in have]
    while level:
        seen.update(level)
        wanted += level
        following: list[str] = []
        for groups in depends(level).values():
            for group in groups:
                if group and not any(alt in have or alt in seen or alt in following for alt in group):
                    following.append(group[0])
        level = following
    return wanted


def minimal_debian() -> set[str]:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Priority} ${Essential}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    base = [line.split()[0] for line in out.splitlines() if " required " in line or line.endswith(" yes")]
    return set(closure(base, set()))


if __name__ == "__main__":
    print("\n".join(closure(sys.argv[1:], minimal_debian())))
