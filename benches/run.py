#!/usr/bin/env python3
"""Side-by-side benchmark of `roadbook build` and `roadbook serve` (issue 6).

Generates synthetic roadmaps with the shared bench generator, then measures,
with the output on tmpfs:

  * full build wall time, CPU time (user + system) and peak RSS of roadbook at every size, and of Hugo
    (and Zola, when a binary is given or on PATH) on the same text, in paired,
    alternating runs (roadbook, hugo, zola, roadbook, ...) so that load from
    other processes hits every tool alike; medians are reported;
  * live-preview latency, edit saved -> edited page served, with the shared
    `serve_latency.py` (30 ms debounce included), for roadbook and Hugo.

The generator is not copied here (it carries no licence): pass the folder
that holds `gen_corpus.py` and `serve_latency.py` with --bench (default
`../shared/bench` next to the repository). Standard library only; not part of
`cargo test`. Typical use, from the repository root:

  python3 benches/run.py --bench ../shared/bench
  python3 benches/run.py --sizes 1000 10000 --runs 7 --latency-sizes 1000 10000

With --stress, measures instead how `roadbook check` grows on two hostile
roadmaps (issue 13, case 16), written here, no generator needed: N milestones
in one file, each drawing a warning placed deep in that file, and one
`depends_on` cycle through N milestones. Cost should grow linearly:

  python3 benches/run.py --stress 5000 10000 20000 --runs 3

Prints a Markdown report (also written to --report) with the date, the
machine and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_measured(cmd: list[str], expect: int = 0) -> tuple[float, int, float]:
    """Runs cmd silently; returns (wall seconds, peak RSS in MB, CPU seconds user+system).
    Fails loudly on an exit code other than `expect`."""
    # stderr goes to a file, not a pipe: a pipe nobody reads until the end
    # blocks a build that prints more than 64 KiB of warnings.
    with tempfile.TemporaryFile() as errors:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode("utf-8", "replace")
    if proc.returncode != expect:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return wall, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def generate(bench: Path, fmt: str, n: int, out: Path) -> None:
    if (out / ".bench-ok").exists():
        return
    subprocess.run([sys.executable, str(bench / "gen_corpus.py"), "--format", fmt, "--milestones", str(n),
                    "--seed", "1", str(out), "--force"], check=True, stdout=subprocess.DEVNULL)
    (out / ".bench-ok").write_text("generated with --seed 1\n")


def stress_site(kind: str, n: int, out: Path) -> None:
    """A site for --stress: `one-file` (n technology milestones in one file, each
    supporting nothing, so each draws a warning) or `cycle` (n milestones, each
    depending on the next, the last on the first)."""
    if (out / ".bench-ok").exists():
        return
    roadmap = out / "content" / "roadmap"
    roadmap.mkdir(parents=True, exist_ok=True)
    (out / "roadbook.toml").write_text('title = "Stress"\nas_of = "2026-11-24"\n')
    items = []
    for i in range(n):
        dep = f'depends_on = ["m{(i + 1) % n:06d}"]\n' if kind == "cycle" else ""
        items.append(f'[[milestone]]\nid = "m{i:06d}"\ntitle = "Milestone {i}"\ntrack = "technology"\n'
                     f'due = "2027-Q1"\n{dep}')
    (roadmap / "main.toml").write_text("\n".join(items))
    (out / ".bench-ok").write_text(f"{kind} {n}\n")


def stress(rb: Path, work: Path, sizes: list[int], runs: int) -> str:
    """Median `check` time on the --stress sites; check exits 1 on the cycle (an error), 0 otherwise."""
    lines = ["| milestones | one file: check | one file: growth | cycle: check | cycle: growth |", "|---|---|---|---|---|"]
    first: dict[str, float] = {}
    for n in sizes:
        cells = []
        for kind, code in (("one-file", 0), ("cycle", 1)):
            root = work / f"stress-{kind}-{n}"
            stress_site(kind, n, root)
            times = [run_measured([str(rb), "check", "--root", str(root)], code)[0] for _ in range(runs)]
            t = statistics.median(times)
            first.setdefault(kind, t / n)
            cells += [fmt_s(t), f"{t / n / first[kind]:.2f}x per milestone"]
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.machine()}), {platform.system()} {platform.release()}"


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.995 else f"{x * 1000:.0f} ms"


def latency(bench: Path, root: Path, file: str, url_path: str, port: int, cmd: list[str], runs: int) -> float | None:
    out = subprocess.run(
        [sys.executable, str(bench / "serve_latency.py"), "--root", str(root), "--file", file,
         "--url", f"http://127.0.0.1:{port}/{url_path}", "--runs", str(runs), "--settle", "1", "--timeout", "120",
         "--", *cmd],
        capture_output=True, text=True)
    m = re.search(r"median (\d+) ms", out.stdout)
    if not m:
        print(f"  latency run failed: {out.stdout[-500:]}{out.stderr[-500:]}", file=sys.stderr)
        return None
    return float(m.group(1)) / 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench",
                    help="folder with gen_corpus.py and serve_latency.py")
    ap.add_argument("--work", type=Path, default=Path("/dev/shm/roadbook-bench"),
                    help="corpora and outputs (tmpfs by default)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000])
    ap.add_argument("--peer-sizes", type=int, nargs="*", default=[1000, 10000],
                    help="sizes at which Hugo/Zola are built too")
    ap.add_argument("--runs", type=int, default=7, help="paired runs per size")
    ap.add_argument("--latency-sizes", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--latency-runs", type=int, default=10)
    ap.add_argument("--roadbook", type=Path, default=None,
                    help="roadbook binary (default: cargo build --release, then target/release/roadbook)")
    ap.add_argument("--hugo", default=shutil.which("hugo"), help="Hugo binary (default: on PATH)")
    ap.add_argument("--zola", default=shutil.which("zola"), help="Zola binary (default: on PATH)")
    ap.add_argument("--no-peers", action="store_true", help="measure roadbook only")
    ap.add_argument("--report", type=Path, default=None, help="also write the report here")
    ap.add_argument("--stress", type=int, nargs="+", default=None, metavar="N",
                    help="only time `check` on N milestones in one file and on an N-long cycle")
    args = ap.parse_args()

    if args.stress is None and not (args.bench / "gen_corpus.py").is_file():
        ap.error(f"no gen_corpus.py in {args.bench} (pass --bench)")
    rb = args.roadbook
    if rb is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        rb = REPO / "target" / "release" / "roadbook"
    rb = rb.resolve()
    peers = {} if args.no_peers else {k: v for k, v in (("hugo", args.hugo), ("zola", args.zola)) if v}
    args.work.mkdir(parents=True, exist_ok=True)
    if args.stress is not None:
        print(f"# roadbook check under stress, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine()}, "
              f"medians of {args.runs}; load average before: {load()}", flush=True)
        text = stress(rb, args.work, args.stress, args.runs) + f"\n\nload average after: {load()}\n"
        if args.report:
            args.report.write_text(text)
        return 0
    corpus = lambda fmt, n: args.work / f"{fmt}-{n}"  # noqa: E731
    out = lambda tool, n: args.work / "out" / f"{tool}-{n}"  # noqa: E731

    started = datetime.now(timezone.utc)
    load_before = load()
    print(f"# roadbook benchmark, {started:%Y-%m-%d %H:%M} UTC, {machine()}", flush=True)
    print(f"load average before: {load_before}", flush=True)

    rows = []
    for n in args.sizes:
        tools = {"roadbook": [str(rb), "build", "--root", str(corpus("roadbook", n)), "--output", str(out("roadbook", n))]}
        generate(args.bench, "roadbook", n, corpus("roadbook", n))
        if n in args.peer_sizes:
            if "hugo" in peers:
                generate(args.bench, "hugo", n, corpus("hugo", n))
                tools["hugo"] = [peers["hugo"], "--quiet", "-s", str(corpus("hugo", n)), "-d", str(out("hugo", n))]
            if "zola" in peers:
                generate(args.bench, "zola", n, corpus("zola", n))
                tools["zola"] = [peers["zola"], "--root", str(corpus("zola", n)), "build", "--output-dir",
                                 str(out("zola", n)), "--force"]
        for cmd in tools.values():  # warm-up: page cache, first output folder
            run_measured(cmd)
        times: dict[str, list[float]] = {t: [] for t in tools}
        rss: dict[str, list[int]] = {t: [] for t in tools}
        cpu: dict[str, list[float]] = {t: [] for t in tools}
        for _ in range(args.runs):
            for tool, cmd in tools.items():
                wall, mb, used = run_measured(cmd)
                times[tool].append(wall)
                rss[tool].append(mb)
                cpu[tool].append(used)
        row = {"n": n}
        for tool in tools:
            row[tool] = (statistics.median(times[tool]), min(times[tool]), statistics.median(rss[tool]),
                         count_html(out(tool, n)), statistics.median(cpu[tool]))
        rows.append(row)
        line = ", ".join(f"{t} {fmt_s(v[0])} (min {fmt_s(v[1])}, CPU {fmt_s(v[4])}) {v[2]:.0f} MB {v[3]} pages"
                         for t, v in row.items()
                         if t != "n")
        print(f"{n:>6} milestones: {line}  [load {load()}]", flush=True)

    lat = []
    for n in args.latency_sizes:
        root = corpus("roadbook", n)
        generate(args.bench, "roadbook", n, root)
        narrative = sorted((root / "content" / "narratives").glob("*.md"))[0]
        slug = narrative.stem
        port = 18111
        r = latency(args.bench, root, f"content/narratives/{narrative.name}", f"narratives/{slug}/", port,
                    [str(rb), "serve", "--port", str(port)], args.latency_runs)
        entry = {"n": n, "roadbook": r}
        if "hugo" in peers and n in args.peer_sizes:
            hroot = corpus("hugo", n)
            mid = sorted(p for p in (hroot / "content" / "milestones").glob("*.md") if p.name != "_index.md")[0].stem
            entry["hugo"] = latency(args.bench, hroot, f"content/milestones/{mid}.md", f"milestones/{mid}/",
                                    port + 1, [peers["hugo"], "server", "--port", str(port + 1)], args.latency_runs)
        lat.append(entry)
        print(f"{n:>6} milestones preview: " + ", ".join(
            f"{t} {fmt_s(v) if v else 'failed'}" for t, v in entry.items() if t != "n"), flush=True)

    load_after = load()
    tools = ["roadbook"] + [t for t in ("hugo", "zola") if any(t in r for r in rows)]
    report = [f"Benchmark: {started:%Y-%m-%d %H:%M} UTC, {machine()}; output on {args.work} "
              f"({'tmpfs' if str(args.work).startswith('/dev/shm') else 'disk'}); medians of {args.runs} "
              f"paired runs; load average before {load_before}, after {load_after}.", "",
              "| " + " | ".join(["milestones"] + [f"{t} {c}" for t in tools for c in ("time", "CPU", "peak RSS")]
                                + [f"roadbook / {t} time" for t in tools[1:]] + ["HTML pages (roadbook)"]) + " |",
              "|" + "---|" * (2 + 3 * len(tools) + len(tools) - 1)]
    base = next((r["roadbook"][0] for r in rows if r["n"] == 1000), None)
    for r in rows:
        cells = []
        for t in tools:
            cells += [fmt_s(r[t][0]), fmt_s(r[t][4]), f"{r[t][2]:.0f} MB"] if t in r else ["", "", ""]
        ratios = [f"{r['roadbook'][0] / r[t][0]:.2f}" if t in r else "" for t in tools[1:]]
        report.append(f"| {r['n']:,} | " + " | ".join(cells + ratios) + f" | {r['roadbook'][3]:,} |")
    if base:
        report += ["", "Growth relative to 1,000 milestones: " + ", ".join(
            f"{r['n']:,}: {r['roadbook'][0] / base:.1f}x" for r in rows)]
    if lat:
        report += ["", "Preview, edit saved -> edited page served (median of "
                   f"{args.latency_runs}; roadbook: a narrative edit, Hugo: a milestone page edit):", ""]
        for e in lat:
            report.append(f"- {e['n']:,} milestones: " + ", ".join(
                f"{t} {fmt_s(v) if v else 'failed'}" for t, v in e.items() if t != "n"))
    text = "\n".join(report) + "\n"
    print()
    print(text)
    if args.report:
        args.report.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
