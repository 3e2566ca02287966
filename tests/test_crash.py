"""A build killed at any file operation leaves the committed data whole: every table and the manifest present
and matching (all the old version or all the new one), and the next run cleans up what the killed one left.

Each run is forked; in the child, every file operation that a build of the changed source (EIA's) and its commit
make (open for writing, fsync, chmod, rename, replace, the atomic exchange, mkdir, unlink, rmdir, the copy of the
other sources' tables into the stage) is counted, and the child kills itself with SIGKILL just before the Nth. N
runs from 1 until a run finishes unkilled."""
import hashlib
import json
import os
import shutil
import signal

from scratch import Project, data

from factcheck.data import store

OPERATIONS = [(os, "open"), (os, "fsync"), (os, "chmod"), (os, "rename"), (os, "replace"), (os, "mkdir"),
              (os, "unlink"), (os, "rmdir"), (shutil, "copyfile"), (store, "exchange")]


def state(root):
    """The committed folder as {file: bytes}, checked whole: the manifest names every table with its sha256."""
    processed = root / "data" / "processed"
    files = {p.name: p.read_bytes() for p in processed.iterdir()}
    manifest = json.loads(files["manifest.json"])
    for table_id, entry in manifest["tables"].items():
        path = root / entry["output"]["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["output"]["sha256"], table_id
        for item in entry["inputs"]:  # when a changed input was read differs from run to run
            item["retrieved"] = "-"
    return {**files, "manifest.json": manifest}


def killed_at(project, n, fallback):
    """Run a build of EIA's source, then commit, in a child killed before its ``n``-th file operation; True if it
    was killed."""
    pid = os.fork()
    if pid == 0:  # the child: count file operations, die at the n-th
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # the build's progress lines
        count = [0]

        def counted(fn):
            def op(*args, **kwargs):
                count[0] += 1
                if count[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)
                return fn(*args, **kwargs)
            return op
        for module, name in OPERATIONS:
            setattr(module, name, counted(getattr(module, name)))
        if fallback:
            store.exchange = lambda a, b: False  # the two-rename swap of systems without renameat2
        try:
            code = data(project, "build", "eia_spot") or data(project, "commit")
        finally:
            os._exit(99)
        os._exit(code)  # pragma: no cover
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) in (0, 99)
    return False


def kill_at_every_operation(project, tmp_path, fallback):
    assert data(project, "build") == 0 and data(project, "commit") == 0
    old = state(project.root)
    (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
    template = tmp_path / "template"
    shutil.copytree(project.root, template)
    n, kills = 0, 0
    while True:
        n += 1
        trial = Project(tmp_path / f"trial-{n}", project.mirror)
        shutil.copytree(template, trial.root)
        if not killed_at(trial, n, fallback):
            break
        kills += 1
        if fallback:
            store.recover(trial.paths)  # the next start recovers before anything else
        now = state(trial.root)
        assert now in (old, new_state(project, tmp_path)), f"killed at operation {n}: neither version"
        store.clean(trial.paths)  # what the next run does first
        left = sorted(p.name for p in (trial.root / "data").iterdir())
        assert [n for n in left if not n.endswith(".schema.json")] == ["curated", "processed", "source_policy.yaml",
                                                                     "sources.yaml"]
        if n % 10 == 0:  # and then it succeeds
            assert data(trial, "build") == 0 and data(trial, "commit") == 0
            assert state(trial.root) == new_state(project, tmp_path)
        shutil.rmtree(trial.root)
    assert kills >= 20, f"only {kills} file operations were tried"
    print(f"{kills} kill points tried ({'two-rename swap' if fallback else 'atomic exchange'})")


class TestAtomicExchange:  # a class each, so that parallel test runs can take them apart
    def test_a_build_killed_at_any_file_operation_leaves_the_committed_data_whole(self, project, tmp_path):
        kill_at_every_operation(project, tmp_path, fallback=False)


class TestTwoRenames:
    def test_a_build_killed_at_any_file_operation_leaves_the_committed_data_whole(self, project, tmp_path):
        kill_at_every_operation(project, tmp_path, fallback=True)


_NEW = {}


def new_state(project, tmp_path):
    """The committed folder after an unkilled build of the changed inputs (computed once)."""
    if "state" not in _NEW or _NEW["for"] != tmp_path:
        clean = Project(tmp_path / "clean", project.mirror)
        shutil.copytree(tmp_path / "template", clean.root)
        assert data(clean, "build") == 0 and data(clean, "commit") == 0
        _NEW.update({"state": state(clean.root), "for": tmp_path})
    return _NEW["state"]
