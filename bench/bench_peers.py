"""Issue 15, goal 3: annotator's import against its peers', on the same file, in one run.

    python bench/bench_peers.py --label-studio /tmp/lsenv/bin/label-studio \
        --doccano /tmp/docenv/bin/doccano
    python bench/bench_peers.py --label-studio PATH --docs 2000 --repeat 5 --workdir /tmp/p --keep

The file: the first ``--docs`` (2,000) of the seed-built articles of ``bench_cli.py --part
sizes`` (``bench_core.generate``), 20 spans each. Timed, ``--repeat`` rounds (order rotating
within a round), medians:
- the bare ``sqlite3`` + ``json`` script of ``bench_cli.py`` (``BARE_IMPORT``), process start
  included: the floor;
- ``annotator import`` into a new project, the ``annotator`` next to this interpreter, process
  start included;
- Label Studio (``--label-studio``, the ``label-studio`` command of its own environment): its
  import API, ``POST /api/projects/{id}/import`` with the JSON list of tasks, each article's spans
  as one completed annotation (``labels`` results), into a fresh project each round, until the
  project reports every task and annotation stored. The community edition imports synchronously;
  the counts are polled all the same. Authenticated with a fixed legacy token
  (``LABEL_STUDIO_USER_TOKEN``, which 1.23 honours only with ``--enable-legacy-api-token``);
- doccano (``--doccano``, the ``doccano`` command of its own environment): what its web page
  does, the file uploaded (``POST /v1/fp/process/``), the import requested (``POST
  /v1/projects/{id}/upload``, JSONL, sequence labeling) and its Celery task polled until done,
  into a fresh project (overlapping spans allowed) each round. doccano 1.8.4 installs with pip
  but does not start as installed on Python 3.11: its dependencies resolve to marshmallow 4
  (environs 9.5 then fails) and numpy 2 (its pandas 1.5.3 then fails); ``pip install
  'marshmallow<4' 'numpy<2'`` in its environment fixes both.
Each server is started once by this script in a fresh data directory (SQLite, each one's default
settings; doccano's Celery broker is SQLite too, as ``doccano task`` sets it up), and its start is
not timed; the previous round's project is deleted (untimed) so the database stays one size.
Then the last round's projects are exported (Label Studio: ``GET /api/projects/{id}/export
?exportType=JSON``; doccano: its JSONL export task; ours: ``annotator export``) and every
article's spans (start, end, label, text) are checked against the file, span by span.

Offsets: Label Studio counts text offsets in UTF-16 units (the browser's), annotator and doccano
in code points; they agree only where the text has no character outside the BMP. The seed-built
articles have none, and ``ls_tasks`` refuses a text that has one.
The peers' servers run on the same cores as the timed commands; idle, they cost little (doccano's
worker polls its broker), but the machine is shared: compare figures of one run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import BARE_IMPORT, annotator_cmd, timed
from bench_core import LABELS, generate, head, remove_databases, settle

LABEL_CONFIG = (
    '<View><Labels name="label" toName="text">'
    + "".join(f'<Label value="{label}"/>' for label in LABELS)
    + '</Labels><Text name="text" value="$text"/></View>'
)
USER, PASSWORD, TOKEN = "bench@example.com", "bench-password-15", "bench0token0for0issue015"

Span = tuple[int, int, str, str]


# ---------------------------------------------------------------- the file and its tasks
def read_articles(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def expected_spans(articles: list[dict]) -> dict[str, list[Span]]:
    return {
        a["id"]: sorted((s["start"], s["end"], s["label"], s["text"]) for s in a["spans"])
        for a in articles
    }


def ls_tasks(articles: list[dict]) -> list[dict]:
    """Label Studio tasks: the text (and our id) as data, the spans as one completed annotation.

    Label Studio's offsets are UTF-16 units, ours code points: the same only without astral
    characters, which the seed-built articles do not have (refused here rather than shifted)."""
    tasks = []
    for a in articles:
        text = a["text"]
        if any(ord(c) > 0xFFFF for c in text):
            raise ValueError(
                f"article {a['id']}: a character outside the BMP shifts UTF-16 offsets"
            )
        result = [
            {
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": s["start"],
                    "end": s["end"],
                    "text": text[s["start"] : s["end"]],
                    "labels": [s["label"]],
                },
            }
            for s in a["spans"]
        ]
        tasks.append(
            {"data": {"text": text, "ext_id": a["id"]}, "annotations": [{"result": result}]}
        )
    return tasks


def ls_spans(exported: list[dict]) -> dict[str, list[Span]]:
    """Spans per article (our id) from Label Studio's JSON export: every annotation's results."""
    out: dict[str, list[Span]] = {}
    for task in exported:
        spans = out.setdefault(task["data"]["ext_id"], [])
        for ann in task.get("annotations", []):
            for r in ann["result"]:
                v = r["value"]
                spans.extend((v["start"], v["end"], label, v["text"]) for label in v["labels"])
    return {k: sorted(v) for k, v in out.items()}


def jsonl_spans(path: Path) -> dict[str, list[Span]]:
    """Spans per article from ``annotator export`` (JSONL)."""
    out: dict[str, list[Span]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            out[doc["id"]] = sorted(
                (s["start"], s["end"], s["label"], s["text"]) for s in doc.get("spans", [])
            )
    return out


def compare(name: str, got: dict[str, list[Span]], want: dict[str, list[Span]]) -> bool:
    bad = [k for k in want if got.get(k) != want[k]]
    extra = sorted(set(got) - set(want))
    spans = sum(len(v) for v in got.values())
    ok = not bad and not extra
    print(
        f"  export check, {name}: {'PASSED' if ok else 'FAILED'} ({len(got):,} articles, "
        f"{spans:,} spans back; {len(bad)} articles differ, {len(extra)} unexpected)"
    )
    for k in bad[:3]:
        print(f"    {k}: want {want[k][:3]}... got {(got.get(k) or [])[:3]}...")
    return ok


# ---------------------------------------------------------------- Label Studio
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LabelStudio:
    """A Label Studio server of our own, in a fresh data directory, spoken to with a known token."""

    def __init__(self, command: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "server.log"
        self.imports = self.waited = 0  # imports, and polls of one not complete at the response
        env = {
            **os.environ,
            "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
            "LABEL_STUDIO_USERNAME": USER,
            "LABEL_STUDIO_PASSWORD": PASSWORD,
            "LABEL_STUDIO_USER_TOKEN": TOKEN,
            # 1.23 authenticates with JWT personal tokens; the fixed token of
            # LABEL_STUDIO_USER_TOKEN is a legacy token, off unless enabled
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        }
        env.pop("HOST", None)
        cmd = [command, "start", "--data-dir", str(data_dir), "--no-browser"]
        cmd += ["--port", str(self.port), "--enable-legacy-api-token"]
        with self.log.open("wb") as log:
            # own process group, so stopping it stops anything it started
            self.proc = subprocess.Popen(
                cmd, env=env, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 300.0) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Label Studio exited ({self.proc.returncode}); see {self.log}")
            try:
                self.api("GET", "/api/projects")
                return time.perf_counter() - t0
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"Label Studio did not answer in {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def api(self, method: str, path: str, body: bytes | None = None) -> object:
        req = urllib.request.Request(self.url + path, data=body, method=method)
        req.add_header("Authorization", f"Token {TOKEN}")
        if body is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=600) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def new_project(self, title: str) -> int:
        body = json.dumps({"title": title, "label_config": LABEL_CONFIG}).encode()
        project = self.api("POST", "/api/projects", body)
        assert isinstance(project, dict)
        return int(project["id"])

    def counts(self, project: int) -> tuple[int, int]:
        p = self.api("GET", f"/api/projects/{project}")
        assert isinstance(p, dict)
        return int(p["task_number"] or 0), int(p["total_annotations_number"] or 0)

    def import_tasks(self, project: int, body: bytes, tasks: int) -> float:
        """Seconds from the POST to every task and annotation stored."""
        t = time.perf_counter()
        self.api("POST", f"/api/projects/{project}/import", body)
        self.imports += 1
        while self.counts(project) != (tasks, tasks):
            self.waited += 1  # only if this version imports in the background
            time.sleep(0.05)
        return time.perf_counter() - t

    def export(self, project: int) -> list[dict]:
        out = self.api("GET", f"/api/projects/{project}/export?exportType=JSON")
        assert isinstance(out, list)
        return out


@contextmanager
def label_studio(command: str, work: Path) -> Iterator[LabelStudio]:
    data_dir = work / "label-studio-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    server = LabelStudio(command, data_dir)
    try:
        print(
            f"  Label Studio started on port {server.port} in {server.wait_ready():.1f} s (untimed)"
        )
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- doccano
def doccano_jsonl(articles: list[dict]) -> bytes:
    """doccano's sequence-labeling JSONL: text, ``label`` as [start, end, label] (code points, as
    doccano's own offsets), our id as a column kept as the example's meta."""
    lines = [
        json.dumps(
            {
                "text": a["text"],
                "label": [[s["start"], s["end"], s["label"]] for s in a["spans"]],
                "ext_id": a["id"],
            },
            ensure_ascii=False,
        )
        for a in articles
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def doccano_spans(lines: list[dict]) -> dict[str, list[Span]]:
    """Spans per article from doccano's JSONL export; the surface text is the exported text's
    slice (doccano stores no span text), so the text is checked too."""
    return {
        d["ext_id"]: sorted((s, e, lab, d["text"][s:e]) for s, e, lab in d["label"]) for d in lines
    }


class Doccano:
    """doccano's web server and its Celery worker (SQLite database and broker, its defaults), in a
    fresh DOCCANO_HOME, spoken to with the admin's token."""

    def __init__(self, command: str, home: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DOCCANO_HOME": str(home)}
        self.home = home
        self.procs: list[subprocess.Popen[bytes]] = []
        self.token = ""
        for args in (["init"], ["createuser", "--username", "admin", "--password", PASSWORD]):
            subprocess.run(
                [command, *args], env=self.env, cwd=home, check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip

    def start(self, command: str) -> None:
        home = self.home
        for name, args in (("web", ["webserver", "--port", str(self.port)]), ("task", ["task"])):
            with (home / f"{name}.log").open("wb") as log:
                self.procs.append(
                    subprocess.Popen(
                        [command, *args],
                        env=self.env,
                        cwd=home,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def wait_ready(self, timeout: float = 300.0) -> float:
        t0 = time.perf_counter()
        body = json.dumps({"username": "admin", "password": PASSWORD}).encode()
        while time.perf_counter() - t0 < timeout:
            if any(p.poll() is not None for p in self.procs):
                raise RuntimeError(f"doccano exited; see the logs in {self.home}")
            try:
                login = self.api("POST", "/v1/auth/login/", body)
                assert isinstance(login, dict)
                self.token = login["key"]
                return time.perf_counter() - t0
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"doccano did not answer in {timeout:.0f} s; see {self.home}")

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    def request(self, method: str, path: str, body: bytes | None, ctype: str) -> bytes:
        req = urllib.request.Request(self.url + path, data=body, method=method)
        if self.token:
            req.add_header("Authorization", f"Token {self.token}")
        if body is not None:
            req.add_header("Content-Type", ctype)
        with urllib.request.urlopen(req, timeout=600) as resp:
            return bytes(resp.read())

    def api(self, method: str, path: str, body: bytes | None = None) -> object:
        raw = self.request(method, path, body, "application/json")
        return json.loads(raw) if raw else None

    def new_project(self, title: str) -> int:
        project = self.api(
            "POST",
            "/v1/projects",
            json.dumps(
                {
                    "name": title,
                    "description": "bench",
                    "guideline": "",
                    "project_type": "SequenceLabeling",
                    "resourcetype": "SequenceLabelingProject",
                    "allow_overlapping": True,  # else doccano drops overlapping spans
                }
            ).encode(),
        )
        assert isinstance(project, dict)
        return int(project["id"])

    def wait_task(self, task_id: str) -> None:
        while True:
            status = self.api("GET", f"/v1/tasks/status/{task_id}")
            assert isinstance(status, dict)
            if status["ready"]:
                if status["error"] or (status["result"] or {}).get("error"):
                    raise RuntimeError(f"doccano task failed: {status}")
                return
            time.sleep(0.05)

    def import_file(self, project: int, jsonl: bytes) -> float:
        """Seconds from the upload's start to the Celery import finished (what the web page does:
        filepond upload, then the import request, then polling its status)."""
        boundary = "bench15boundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="filepond"; '
                f'filename="articles.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + jsonl
            + f"\r\n--{boundary}--\r\n".encode()
        )
        t = time.perf_counter()
        upload_id = self.request(
            "POST", "/v1/fp/process/", body, f"multipart/form-data; boundary={boundary}"
        ).decode()
        params = {
            "uploadIds": [upload_id], "format": "JSONL", "task": "SequenceLabeling",
            "column_data": "text", "column_label": "label", "delimiter": "", "encoding": "utf_8",
        }  # fmt: skip
        job = self.api("POST", f"/v1/projects/{project}/upload", json.dumps(params).encode())
        assert isinstance(job, dict)
        self.wait_task(job["task_id"])
        return time.perf_counter() - t

    def export(self, project: int) -> list[dict]:
        body = json.dumps({"format": "JSONL", "exportApproved": False}).encode()
        job = self.api("POST", f"/v1/projects/{project}/download", body)
        assert isinstance(job, dict)
        while True:
            raw = self.request("GET", f"/v1/projects/{project}/download?taskId={job['task_id']}",
                               None, "")  # fmt: skip
            if raw.startswith(b"PK"):  # the zip, once the export task is done
                break
            time.sleep(0.2)
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            name = z.namelist()[0]  # one file per project member: the admin's
            return [json.loads(line) for line in z.read(name).decode("utf-8").splitlines() if line]


@contextmanager
def doccano(command: str, work: Path) -> Iterator[Doccano]:
    home = work / "doccano-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    server = Doccano(command, home)
    try:
        server.start(command)
        print(f"  doccano started on port {server.port} in {server.wait_ready():.1f} s (untimed)")
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- the run
FLOOR, OURS = "bare sqlite3 + json script (the floor)", "annotator import (CLI)"
LS, DOCCANO = "Label Studio 1.23 import API", "doccano 1.8 upload + Celery import"
SHORT = {FLOOR: "floor", OURS: "annotator", LS: "Label Studio", DOCCANO: "doccano"}


def run(args: argparse.Namespace, work: Path) -> None:
    data = work / f"articles-{args.docs}.jsonl"
    full = work / "articles.jsonl"
    if not full.exists() or sum(1 for _ in full.open("rb")) < args.docs:
        generate(full, args.docs)
    head(full, data, args.docs)
    articles = read_articles(data)
    want = expected_spans(articles)
    n_spans = sum(len(v) for v in want.values())
    bare = work / "bare_import.py"
    bare.write_text(BARE_IMPORT, encoding="utf-8")
    cli, py = annotator_cmd(), sys.executable
    project, db = work / "peers.annotator", work / "peers.sqlite"
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; {len(articles):,} articles, "
        f"{n_spans:,} spans; {args.repeat} rounds, order rotating"
    )

    def ours() -> float:
        remove_databases(project)
        settle()
        return timed([*cli, "import", "-p", str(project), str(data)])

    def floor() -> float:
        remove_databases(db)
        settle()
        return timed([py, str(bare), str(data), str(db)])

    ours(), floor()  # untimed warm-up: bytecode caches and the page cache
    sides: dict[str, tuple[Callable[[], float], list[float]]] = {
        FLOOR: (floor, []),
        OURS: (ours, []),
    }
    checks: dict[str, Callable[[], dict[str, list[Span]]]] = {}
    ok = True
    with ExitStack() as stack:  # the servers stop on the way out, error or not
        if args.label_studio:
            ls = stack.enter_context(label_studio(args.label_studio, work))
            body = json.dumps(ls_tasks(articles), ensure_ascii=False).encode("utf-8")
            print(f"  Label Studio request body: {len(body) / 2**20:.1f} MiB")
            ls_projects: list[int] = []

            def peer_ls() -> float:
                if ls_projects:  # the previous round's (untimed): the database stays one size
                    ls.api("DELETE", f"/api/projects/{ls_projects.pop()}")
                ls_projects.append(ls.new_project(f"bench-{time.time():.3f}"))
                settle()
                return ls.import_tasks(ls_projects[-1], body, len(articles))

            peer_ls()  # untimed warm-up: the first import loads code paths
            sides[LS] = (peer_ls, [])
            checks["Label Studio export (JSON)"] = lambda: ls_spans(ls.export(ls_projects[-1]))
            stack.callback(
                lambda: print(
                    f"  Label Studio: {ls.imports} imports, {ls.waited} polls of counts "
                    "not yet complete when the import request returned"
                )
            )
        if args.doccano:
            dc = stack.enter_context(doccano(args.doccano, work))
            jsonl = doccano_jsonl(articles)
            dc_projects: list[int] = []

            def peer_dc() -> float:
                if dc_projects:
                    dc.api("DELETE", f"/v1/projects/{dc_projects.pop()}")
                dc_projects.append(dc.new_project(f"bench-{time.time():.3f}"))
                settle()
                return dc.import_file(dc_projects[-1], jsonl)

            peer_dc()
            sides[DOCCANO] = (peer_dc, [])
            checks["doccano export (JSONL)"] = lambda: doccano_spans(dc.export(dc_projects[-1]))

        runs = list(sides.items())
        for rep in range(args.repeat):
            for _, (fn, out) in runs[rep % len(runs) :] + runs[: rep % len(runs)]:
                out.append(fn())
            print(
                f"  round {rep + 1}: "
                + ", ".join(f"{SHORT[n]} {o[-1]:.2f} s" for n, (_, o) in runs)
            )

        # the checks: the last round's projects, each exported through the tool's own way out
        out = work / "peers-out.jsonl"
        subprocess.run(
            [*cli, "export", "-p", str(project), "-o", str(out), "--force"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        ok &= compare("annotator export (JSONL)", jsonl_spans(out), want)
        for name, spans in checks.items():
            ok &= compare(name, spans(), want)

    medians = {name: statistics.median(out) for name, (_, out) in sides.items()}
    base, mine = medians[FLOOR], medians[OURS]
    print(f"\n{len(articles):,} articles, {n_spans:,} spans, import only; medians of {args.repeat}")
    print(f"  {'':38} {'median':>8} {'spread':>13} {'x floor':>8} {'(rounds)':>8}  vs annotator")
    for name, (_, out) in sides.items():
        m = medians[name]
        vs = f"{m / mine:.1f}x slower" if name not in (FLOOR, OURS) else ""
        spread = f"{min(out):.2f}-{max(out):.2f} s"
        # the median of each round's ratio: a busy spell slows both sides of a round
        rounds = statistics.median(t / f for t, f in zip(out, sides[FLOOR][1], strict=True))
        print(f"  {name:38} {m:7.2f}s {spread:>13} {m / base:7.2f}x {rounds:7.2f}x  {vs}")
    print("  goal 3: annotator within about 1.1x the floor, at least 10x faster than Label Studio")
    if not ok:
        raise SystemExit("an export check FAILED")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--label-studio", help="the label-studio command (its own environment)")
    ap.add_argument("--doccano", help="the doccano command (its own environment)")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="annotator-bench-peers-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
