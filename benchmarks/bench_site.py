"""Time the strict site build: the real site, and (with --scale) the site with K synthetic municipalities.

Usage: python benchmarks/bench_site.py [--runs N] [--scale] [--jurisdictions 0,25,50,100,200] [--nav-full-limit N]

Each build is `python -m mkdocs build --strict -q` in a fresh process, as `python -m kb_site build` runs it, so
a figure includes interpreter start-up and imports. With --scale, a copy of mkdocs.yml, docs/ and
rules/ is made in a temporary folder and K copies of rules/ryazan (one act of 80 clauses, 33 rules,
105 examples) are added as rules/synth001… with every id, reference and title made unique; the
copy must pass `python -m calculator lint`. --nav-full-limit sets the kb plugin's nav_full_limit in
the copied mkdocs.yml (a large number keeps the full navigation at every K). Nothing in the project
is changed; temporary folders are removed at the end.
A benchmark, not a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from calculator.authoring.compiler import compile_rules

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "ryazan"  # the jurisdiction cloned for the scale run
SYNTH = "synth"
PROJECT_PARTS = ("mkdocs.yml", "docs", "rules")


@dataclass
class Site:
    """Figures of one built site and the times it took to build."""

    seconds: list[float]
    pages: int
    site_bytes: int
    html_bytes: int
    index_bytes: int
    index_docs: int
    menu_links: int  # links in the navigation of the home page: full or compact navigation

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


class BuildTimeout(Exception):
    pass


# --- building and measuring ------------------------------------------------------------------
def build_once(config_file: Path, site_dir: Path, timeout: float) -> float:
    """One strict build in a fresh process; the seconds it took. A failed build stops the benchmark."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site_dir)]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, env=env, cwd=config_file.parent, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BuildTimeout(f"сборка {config_file} не уложилась в {timeout:.0f} с") from None
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"Сборка {config_file} не удалась (код {result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def measure_site(config_file: Path, work: Path, runs: int, timeout: float) -> Site:
    """Build `runs` times into fresh folders; count pages and sizes of the last build."""
    seconds: list[float] = []
    site_dir = work / "site-0"
    for run in range(runs):
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir = work / f"site-{run}"
        seconds.append(build_once(config_file, site_dir, timeout))
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    index = site_dir / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"] if index.exists() else []
    home = site_dir / "index.html"
    site = Site(
        seconds=seconds,
        pages=sum(1 for p in files if p.suffix == ".html"),
        site_bytes=sum(p.stat().st_size for p in files),
        html_bytes=sum(p.stat().st_size for p in files if p.suffix == ".html"),
        index_bytes=index.stat().st_size if index.exists() else 0,
        index_docs=len(docs),
        menu_links=home.read_text(encoding="utf-8").count('class="md-nav__link') if home.exists() else 0,
    )
    shutil.rmtree(site_dir, ignore_errors=True)
    return site


def time_compile(rules_dir: Path, runs: int) -> float:
    """Median seconds of compile + lint + examples, what the kb plugin does in on_config."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        compiled = compile_rules(rules_dir)
        seconds.append(time.perf_counter() - started)
        if compiled.issues:
            raise SystemExit(f"compile_rules({rules_dir}) нашёл ошибки: {len(compiled.issues)}")
    return statistics.median(seconds)


# --- synthetic jurisdictions -----------------------------------------------------------------
TITLE = re.compile(r"^(?P<key>\s*(?:- )?(?:short_)?title:[ \t]+)(?P<value>.+?)[ \t]*$", re.MULTILINE)


def _retitle(text: str, suffix: str, path: Path) -> str:
    def one(match: re.Match[str]) -> str:
        value = match["value"]
        if value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
            return f"{match['key']}{value[:-1]}{suffix}{value[-1]}"
        if value[0] in ">|&*!{[%@`#":
            raise SystemExit(f"{path}: заголовок «{value}» не в одну строку — генератор такой не умеет менять")
        return f"{match['key']}{value}{suffix}"

    return TITLE.sub(one, text)


def clone_jurisdiction(source: Path, rules_dir: Path, jid: str, suffix: str) -> Path:
    """Copy rules/<source> to rules/<jid>, renaming the jurisdiction, its acts, its rules and titles."""
    old = source.name
    acts = {p.stem: (jid + p.stem[len(old) :] if p.stem.startswith(old) else f"{jid}-{p.stem}") for p in (source / "acts").glob("*.yaml")}
    substitutions = [(re.compile(rf"(?<![\w.-]){re.escape(a)}(?![\w-])"), b) for a, b in acts.items()]
    substitutions += [
        (re.compile(rf"^(id:[ \t]*)([\"']?){old}\2[ \t]*$", re.MULTILINE), rf"\g<1>\g<2>{jid}\g<2>"),  # jurisdiction.yaml
        (re.compile(rf"(?<![\w.-]){old}\.(?=[a-z0-9_])"), f"{jid}."),  # rule ids and references to them
        (re.compile(rf"(\bjurisdiction:[ \t]*)([\"']?){old}\2(?![\w.-])"), rf"\g<1>\g<2>{jid}\g<2>"),  # cases
    ]
    target = rules_dir / jid
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(source)
        if relative.parts[0] == "acts" and path.stem in acts:
            relative = relative.with_name(acts[path.stem] + path.suffix)
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix not in (".yaml", ".yml"):
            shutil.copy2(path, out)
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in substitutions:
            text = pattern.sub(replacement, text)
        text = _retitle(text, suffix, path)
        _check_no_leftovers(text, old, out)
        out.write_text(text, encoding="utf-8")
    return target


def _check_no_leftovers(text: str, old: str, path: Path) -> None:
    """The old id may remain only in comments and in `source:` (the name of the source text file)."""
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        if re.search(rf"(?<![\w-]){old}(?![\w])", code) and not code.lstrip().startswith("source:"):
            raise SystemExit(f"{path}:{number}: осталось «{old}» после переименования: {line.strip()}")


def set_nav_full_limit(config_file: Path, limit: int) -> None:
    """Write `nav_full_limit: <limit>` into the kb plugin's options of a copied mkdocs.yml (text edit: it has !ENV tags)."""
    text = re.sub(r"^[ \t]+nav_full_limit:.*\n", "", config_file.read_text(encoding="utf-8"), flags=re.MULTILINE)
    text, found = re.subn(
        r"^([ \t]*- kb:[ \t]*\n)([ \t]+)", rf"\g<1>\g<2>nav_full_limit: {limit}\n\g<2>", text, count=1, flags=re.MULTILINE
    )
    if not found:
        raise SystemExit(f"{config_file}: не нашёл настроек плагина kb («- kb:» с параметрами ниже)")
    config_file.write_text(text, encoding="utf-8")


def lint(rules_dir: Path) -> str:
    """`python -m calculator lint`; stop with its output unless it reports no errors."""
    result = subprocess.run([sys.executable, "-m", "calculator", "lint", str(rules_dir)], capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "Ошибок нет" not in output:
        raise SystemExit(f"Синтетические правила не прошли проверку (код {result.returncode}):\n{output}")
    return output


# --- reports ---------------------------------------------------------------------------------
def machine() -> str:
    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "нет"

    return (
        f"Машина: {platform.platform()}, {platform.machine()}, ядер: {os.cpu_count()}, "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"mkdocs {package('mkdocs')}, mkdocs-material {package('mkdocs-material')}, pymdown-extensions {package('pymdown-extensions')}"
    )


def project_version() -> str:
    """The commit the figures belong to, and whether the working tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cd", "--date=iso"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "неизвестно (нет git)"
    return commit.stdout.strip() + (" + незакоммиченные изменения" if dirty.stdout.strip() else "")


def mb(size: int) -> float:
    return size / 1e6


def real_site(runs: int, timeout: float) -> None:
    print(f"\n== Настоящий сайт: mkdocs build --strict, запусков: {runs} ==")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        site = measure_site(ROOT / "mkdocs.yml", Path(tmp), runs, timeout)
    compile_seconds = time_compile(ROOT / "rules", runs)
    print(f"сборка, с: медиана {site.median:.2f}, минимум {min(site.seconds):.2f} (все: {', '.join(f'{s:.2f}' for s in site.seconds)})")
    print(f"из них компиляция и проверка правил (compile_rules, отдельный замер, медиана), с: {compile_seconds:.2f}")
    print(f"HTML-страниц: {site.pages}; ссылок в меню главной: {site.menu_links}; сайт: {mb(site.site_bytes):.1f} МБ")
    print(
        f"поисковый индекс search/search_index.json: {site.index_bytes:,} байт ({mb(site.index_bytes):.2f} МБ), записей в docs: {site.index_docs}"
    )


def scale(counts: list[int], runs: int, timeout: float, nav_full_limit: int | None) -> None:
    counts = sorted(set(counts))
    largest = counts[-1]
    width = max(3, len(str(largest)))
    limit = "как в mkdocs.yml" if nav_full_limit is None else str(nav_full_limit)
    print(f"\n== Рост: K синтетических юрисдикций (копии rules/{TEMPLATE}), сборок на K: {runs}, nav_full_limit: {limit} ==")
    rows: list[tuple[int, Site, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-site-scale-") as tmp:
        work = Path(tmp)
        project, pool = work / "project", work / "pool"
        project.mkdir()
        pool.mkdir()
        for part in PROJECT_PARTS:
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        if nav_full_limit is not None:
            set_nav_full_limit(project / "mkdocs.yml", nav_full_limit)
        rules_dir = project / "rules"
        started = time.perf_counter()
        names = [f"{SYNTH}{n:0{width}d}" for n in range(1, largest + 1)]
        for n, jid in enumerate(names, 1):
            clone_jurisdiction(rules_dir / TEMPLATE, rules_dir, jid, f" №{n:0{width}d}")
        print(f"создано юрисдикций: {largest} за {time.perf_counter() - started:.1f} с")
        print(f"lint при K={largest}: {lint(rules_dir)}")
        for jid in names:
            (rules_dir / jid).rename(pool / jid)
        present = 0
        for k in counts:
            for jid in names[present:k]:
                (pool / jid).rename(rules_dir / jid)
            present = k
            compile_seconds = time_compile(rules_dir, runs)
            try:
                site = measure_site(project / "mkdocs.yml", work, runs, timeout)
            except BuildTimeout as stopped:
                print(f"K={k}: {stopped}; дальше не меряю")
                break
            rows.append((k, site, compile_seconds))
            print(
                f"K={k}: страниц {site.pages}, сборка {site.median:.1f} с (все: {', '.join(f'{s:.1f}' for s in site.seconds)}), "
                f"compile_rules {compile_seconds:.2f} с, ссылок в меню главной {site.menu_links}",
                flush=True,
            )
    print_table(rows)


def print_table(rows: list[tuple[int, Site, float]]) -> None:
    if not rows:
        return
    _, base, _ = rows[0]
    base_per_page = base.median / base.pages
    header = (
        f"{'юрисд.':>6} {'страниц':>8} {'сборка, с':>10} {'мс/стр.':>8} {'отн. K0':>8} {'мс/доп.стр.':>12} "
        f"{'compile, с':>11} {'ср. стр., КБ':>13} {'меню':>5} {'сайт, МБ':>9} {'индекс, МБ':>11} {'записей':>8}"
    )
    print("\n" + header)
    print("-" * len(header))
    for k, site, compile_seconds in rows:
        per_page = site.median / site.pages
        added = site.pages - base.pages
        marginal = f"{(site.median - base.median) / added * 1000:12.1f}" if added > 0 else f"{'—':>12}"
        html_kb = site.html_bytes / site.pages / 1e3
        print(
            f"{k:>6} {site.pages:>8} {site.median:>10.2f} {per_page * 1000:>8.1f} {per_page / base_per_page:>8.2f} {marginal} "
            f"{compile_seconds:>11.2f} {html_kb:>13.1f} {site.menu_links:>5} {mb(site.site_bytes):>9.1f} {mb(site.index_bytes):>11.2f} {site.index_docs:>8}"
        )
    print(
        "мс/стр. — медиана сборки на HTML-страницу; отн. K0 — то же относительно первой строки; "
        "мс/доп.стр. — (сборка − сборка первой строки) / добавленные страницы: при линейном росте постоянна."
    )
    print("ср. стр. — средний размер HTML-страницы: растёт, если в каждую страницу попадает навигация по всем юрисдикциям.")
    print("меню — ссылок в навигации главной страницы: по ним видно, полная навигация или краткая (nav_full_limit).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="сборок на каждый замер (по умолчанию 3)")
    parser.add_argument("--scale", action="store_true", help="вместо настоящего сайта — рост с числом юрисдикций")
    parser.add_argument("--jurisdictions", default="0,25,50,100,200", help="числа K через запятую для --scale")
    parser.add_argument("--nav-full-limit", type=int, help="для --scale: nav_full_limit плагина kb в копии mkdocs.yml")
    parser.add_argument("--timeout", type=float, default=900, help="предел одной сборки, с (по умолчанию 900)")
    args = parser.parse_args()
    print(machine())
    print(f"Проект: {project_version()}")
    if args.scale:
        scale([int(k) for k in args.jurisdictions.split(",") if k.strip()], max(1, args.runs), args.timeout, args.nav_full_limit)
    else:
        real_site(max(1, args.runs), args.timeout)


if __name__ == "__main__":
    main()
