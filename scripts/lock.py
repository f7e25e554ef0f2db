"""Writes requirements-dev.lock from requirements-dev.txt: every package of the dev/CI environment,
pinned, each with the sha256 of every file PyPI has for that version.

Run it with the project's interpreter after editing requirements-dev.txt:

    .venv/bin/python scripts/lock.py

Standard library and pip only: pip's own resolver picks the versions (`pip install --dry-run
--report`, against pypi.org alone, ignoring local pip configuration), pip's vendored `packaging`
reads markers and wheel tags. The lock is meant for every machine a municipality may run the project
on, not only this one, so the script also:

- follows dependencies that apply only elsewhere (Windows-only, older Python) and locks them too,
  with the environment marker under which they are needed;
- records the hashes of all wheels and the sdist of each version, not just of this machine's wheel;
- fails when some package has no wheel for one of the targets, PYTHONS × PLATFORMS (setup.sh
  installs wheels only).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pip._vendor.packaging import tags
from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.specifiers import SpecifierSet
from pip._vendor.packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from pip._vendor.packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
INPUT = ROOT / "requirements-dev.txt"
OUTPUT = ROOT / "requirements-dev.lock"
PYPI_SIMPLE = "https://pypi.org/simple"

# The oldest release of each minor version that the lock must serve (pymdown-extensions 13 needs 3.11.5).
PYTHONS = ((3, 11, 5), (3, 12, 0), (3, 13, 0), (3, 14, 0))
# name: (marker environment, wheel platform tags). Linux: glibc 2.35+ (Ubuntu 22.04+, Debian 12+);
# macOS: the GitHub runners' versions (13 on Intel, 14 on Apple silicon) and newer.
_MANYLINUX = [f"manylinux_2_{minor}_{{arch}}" for minor in range(35, 4, -1)]
PLATFORMS: dict[str, tuple[dict[str, str], list[str]]] = {
    "Linux x86_64": (
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
        [t.format(arch="x86_64") for t in _MANYLINUX] + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
    ),
    "Linux aarch64": (
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "aarch64"},
        [t.format(arch="aarch64") for t in _MANYLINUX] + ["manylinux2014_aarch64"],
    ),
    "macOS x86_64": (
        {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "x86_64"},
        list(tags.mac_platforms((13, 0), "x86_64")),
    ),
    "macOS arm64": (
        {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
        list(tags.mac_platforms((14, 0), "arm64")),
    ),
    "Windows x86_64": (
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
        ["win_amd64"],
    ),
}


@dataclass(frozen=True)
class Target:
    """One platform and Python the lock must install on."""

    name: str
    env: dict[str, str]
    wheel_tags: frozenset[tags.Tag]


def targets() -> list[Target]:
    result = []
    for py in PYTHONS:
        version, full_version = f"{py[0]}.{py[1]}", ".".join(map(str, py))
        for platform, (env, platform_tags) in PLATFORMS.items():
            interpreter = f"cp{py[0]}{py[1]}"
            wheel_tags = [
                *tags.cpython_tags(py[:2], [interpreter], platform_tags),
                *tags.compatible_tags(py[:2], interpreter, platform_tags),
            ]
            full_env = {
                **env,
                "python_version": version,
                "python_full_version": full_version,
                "implementation_version": full_version,
                "implementation_name": "cpython",
                "platform_python_implementation": "CPython",
                "platform_release": "",
                "platform_version": "",
            }
            result.append(Target(f"CPython {full_version}, {platform}", full_env, frozenset(wheel_tags)))
    return result


@dataclass
class Package:
    """A resolved package: its pinned version and what it requires (from its metadata)."""

    name: str
    version: str
    requires: list[Requirement]
    requires_python: SpecifierSet
    hashes: list[str] = field(default_factory=list)
    wheels: list[frozenset[tags.Tag]] = field(default_factory=list)


class LockError(Exception):
    """A problem the maintainer must fix (the message is for them, in Russian)."""


def read_roots() -> list[Requirement]:
    """The human-edited direct pins (`name==version`, optionally with a marker)."""
    roots = []
    for number, raw in enumerate(INPUT.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if [s.operator for s in req.specifier] != ["=="]:
            raise LockError(f"{INPUT.name}:{number}: «{line}» — нужна точная версия (name==версия).")
        roots.append(req)
    return roots


def resolve(extra: Iterable[str]) -> dict[str, Package]:
    """pip's resolution of requirements-dev.txt (plus `extra`) on pypi.org, for the oldest Python in PYTHONS.

    `--isolated` drops local pip configuration (extra indexes, find-links) so that the versions
    come from PyPI, whose hashes are recorded. Only wheels, as setup.sh installs them.
    """
    with tempfile.TemporaryDirectory() as tmp:
        report_path, extra_path = Path(tmp, "report.json"), Path(tmp, "extra.txt")
        extra_path.write_text("\n".join(extra) + "\n", encoding="utf-8")
        command = [
            *(sys.executable, "-m", "pip", "install", "--isolated", "--quiet", "--index-url", PYPI_SIMPLE),
            *("--dry-run", "--ignore-installed", "--only-binary=:all:", "--python-version", ".".join(map(str, PYTHONS[0]))),
            *("--report", str(report_path), "-r", str(INPUT), "-r", str(extra_path)),
        ]
        if subprocess.run(command, check=False).returncode != 0:
            raise LockError("pip не смог подобрать версии (сообщение выше): проверьте версии в requirements-dev.txt.")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    packages = {}
    for item in report["install"]:
        meta = item["metadata"]
        name = canonicalize_name(meta["name"])
        requires = [Requirement(r) for r in meta.get("requires_dist", [])]
        packages[name] = Package(name, meta["version"], requires, SpecifierSet(meta.get("requires_python", "")))
    return packages


def env_with_extra(env: dict[str, str], extra: str) -> dict[str, str]:
    return {**env, "extra": extra}


def applies(marker: Marker | None, env: dict[str, str], extras: Iterable[str] = ()) -> bool:
    """Whether a requirement with `marker` applies in `env` when the package is wanted with `extras`."""
    return marker is None or any(marker.evaluate(env_with_extra(env, extra)) for extra in ("", *extras))


def closure(env: dict[str, str], roots: list[Requirement], packages: dict[str, Package]) -> tuple[dict[str, set[str]], list[Requirement]]:
    """The packages needed in `env` (with the extras wanted of each) and the requirements that point outside `packages`."""
    wanted: dict[str, set[str]] = {}
    missing: list[Requirement] = []
    queue = [r for r in roots if applies(r.marker, env)]
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        if name not in packages:
            missing.append(req)
            continue
        if not req.specifier.contains(packages[name].version, prereleases=True):
            raise LockError(f"{name}=={packages[name].version} не подходит под требование «{req}».")
        known = wanted.get(name)
        if known is not None and req.extras <= known:
            continue
        extras = wanted.setdefault(name, set())
        extras |= req.extras
        queue.extend(r for r in packages[name].requires if applies(r.marker, env, extras))
    return wanted, missing


NEVER = ""  # the marker of a package reached only through a dependency cycle back to itself


def marker_and(left: str | None, right: str | None) -> str | None:
    """None means "always"."""
    if NEVER in (left, right):
        return NEVER
    if left is None or right is None:
        return right if left is None else left
    return f"({left}) and ({right})"


Edges = dict[str, list[tuple[str | None, str | None]]]  # package: [(requirer or None for a root, requirement marker)]


def dependency_edges(roots: list[Requirement], packages: dict[str, Package], extras: dict[str, set[str]], every: list[Target]) -> Edges:
    """Who requires each package, and under which marker; only requirements that apply on some target.

    A marker on `extra` is decided here, since which extras are wanted (`extras`) is known.
    """
    edges: Edges = {name: [] for name in packages}
    for req in roots:
        if canonicalize_name(req.name) in packages:
            edges[canonicalize_name(req.name)].append((None, str(req.marker) if req.marker else None))
    for package in packages.values():
        wanted = extras.get(package.name, set())
        for req in package.requires:
            if canonicalize_name(req.name) not in packages or not any(applies(req.marker, t.env, wanted) for t in every):
                continue
            marker = str(req.marker) if req.marker else None
            if marker and "extra" in marker:
                if not all(applies(req.marker, t.env, wanted) for t in every):
                    raise LockError(
                        f"{package.name}: не умею выразить маркер «{marker}» без extra; допишите зависимость в requirements-dev.txt."
                    )
                marker = None
            edges[canonicalize_name(req.name)].append((package.name, marker))
    return edges


def derive_markers(edges: Edges) -> dict[str, str | None]:
    """The environment marker under which each package is needed (None: everywhere).

    Per package: "or" over the requirements that lead to it of (the requirer's marker "and" the
    requirement's own marker). The caller checks the result target by target against `closure`.
    """
    markers: dict[str, str | None] = {}

    def marker_of(name: str, visiting: frozenset[str]) -> str | None:
        if name in markers:
            return markers[name]
        terms: list[str | None] = []
        for requirer, marker in edges[name]:
            if requirer in visiting:
                continue  # a dependency cycle adds no new way to be needed
            terms.append(marker_and(None if requirer is None else marker_of(requirer, visiting | {name}), marker))
        if None in terms:
            result = None
        else:
            unique = list(dict.fromkeys(t for t in terms if t))  # neither None nor NEVER here
            result = str(Marker(" or ".join(f"({t})" for t in unique))) if unique else NEVER
        if not visiting:
            markers[name] = result
        return result

    for name in edges:
        if marker_of(name, frozenset()) == NEVER:
            raise LockError(f"{name}: ни одна цепочка зависимостей от requirements-dev.txt к нему не ведёт.")
    return markers


def fetch_files(package: Package) -> None:
    """Fills in the sha256 of every PyPI file of the pinned version and the tags of its wheels."""
    request = urllib.request.Request(
        f"{PYPI_SIMPLE}/{package.name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )  # PEP 691: the JSON form of the index pip itself reads
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    version = Version(package.version)
    for file in files:
        filename: str = file["filename"]
        try:
            if filename.endswith(".whl"):
                _, file_version, _, wheel_tags = parse_wheel_filename(filename)
            elif filename.endswith((".tar.gz", ".zip")):
                _, file_version = parse_sdist_filename(filename)
                wheel_tags = None
            else:
                continue  # eggs and Windows installers of old releases: pip never picks them
        except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
            continue  # some very old releases have names that no current tool parses
        if file_version != version:
            continue
        package.hashes.append(file["hashes"]["sha256"])
        if wheel_tags is not None:
            package.wheels.append(wheel_tags)
    if not package.hashes:
        raise LockError(f"На PyPI нет файлов {package.name}=={package.version}.")
    package.hashes.sort()


def check_coverage(packages: dict[str, Package], needed: dict[str, set[str]], every: list[Target]) -> None:
    """Every target finds a wheel of every package it needs, with a Requires-Python that admits it."""
    gaps = []
    for target in every:
        for name in sorted(needed[target.name]):
            package = packages[name]
            if not package.requires_python.contains(target.env["python_full_version"], prereleases=True):
                gaps.append(f"{target.name}: {name}=={package.version} требует Python {package.requires_python}")
            elif not any(wheel & target.wheel_tags for wheel in package.wheels):
                gaps.append(f"{target.name}: нет колеса (wheel) {name}=={package.version}")
    if gaps:
        raise LockError(
            "Замок не покрывает все платформы (PYTHONS, PLATFORMS в scripts/lock.py):\n  "
            + "\n  ".join(gaps)
            + "\nВыберите другие версии в requirements-dev.txt или осознанно сократите список платформ."
        )


def render(packages: dict[str, Package], markers: dict[str, str | None], edges: Edges) -> str:
    pythons = ", ".join(".".join(map(str, py)) + "+" for py in PYTHONS)
    lines = [
        "# Generated by scripts/lock.py from requirements-dev.txt: do not edit by hand.",
        "# Update: edit requirements-dev.txt, run .venv/bin/python scripts/lock.py, then bash scripts/setup.sh.",
        "# Every package of the dev/CI environment (pip and setuptools included), pinned, with the sha256",
        "# of every file PyPI has for that version; scripts/setup.sh installs it with",
        "#   pip install --require-hashes --only-binary=:all: -r requirements-dev.lock",
        f"# Wheels checked for CPython {pythons} on: {', '.join(PLATFORMS)}.",
        "",
    ]
    for name in sorted(packages):
        package = packages[name]
        marker = f" ; {markers[name]}" if markers[name] else ""
        options = [f"--hash=sha256:{digest}" for digest in package.hashes]
        lines.append(" \\\n    ".join([f"{name}=={package.version}{marker}", *options]))
        via = sorted({requirer or INPUT.name for requirer, _ in edges[name]})
        lines.append(f"    # via {', '.join(via)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    roots = read_roots()
    every = targets()
    extra: list[str] = []
    for _ in range(5):  # each round adds what some other platform needs; one or two rounds are the usual
        packages = resolve(extra)
        wanted: dict[str, dict[str, set[str]]] = {}
        missing: dict[str, Requirement] = {}
        for target in every:
            wanted[target.name], target_missing = closure(target.env, roots, packages)
            missing.update((canonicalize_name(r.name), r) for r in target_missing)
        if not missing:
            break
        # Resolve again with these (their markers dropped) so that pip picks versions consistent with the rest.
        extra += sorted(f"{r.name}{'[' + ','.join(sorted(r.extras)) + ']' if r.extras else ''}{r.specifier}" for r in missing.values())
    else:
        raise LockError(f"Не удалось замкнуть зависимости: {', '.join(sorted(missing))}.")

    # Only what some target needs, with the extras wanted anywhere.
    extras: dict[str, set[str]] = {}
    for per_target in wanted.values():
        for name, package_extras in per_target.items():
            extras.setdefault(name, set()).update(package_extras)
    packages = {name: p for name, p in packages.items() if name in extras}
    edges = dependency_edges(roots, packages, extras, every)
    markers = derive_markers(edges)
    for target in every:
        by_marker = {name for name, m in markers.items() if m is None or Marker(m).evaluate(env_with_extra(target.env, ""))}
        if by_marker != set(wanted[target.name]):
            raise LockError(f"{target.name}: маркеры расходятся с зависимостями: {sorted(by_marker ^ set(wanted[target.name]))}.")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch_files, packages.values()))
    check_coverage(packages, {t: set(w) for t, w in wanted.items()}, every)
    OUTPUT.write_text(render(packages, markers, edges), encoding="utf-8")
    print(f"{OUTPUT.name}: {len(packages)} пакетов, {sum(len(p.hashes) for p in packages.values())} хэшей sha256.")


if __name__ == "__main__":
    try:
        main()
    except LockError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        sys.exit(1)
