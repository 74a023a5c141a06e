"""`--dist loadgroup` that honours `xdist_group` marks under pytest 9.2.

pytest-xdist 3.8 tells its scheduler about a test's group by appending "@group" to the test's node id on the worker;
pytest 9.2 builds node ids another way, so that edit is lost and grouped tests are spread over the workers like any
others (pytest-xdist issue 1386): the demo module then loaded the demo on both workers. Here each worker writes its
tests' groups to a file when it has collected them, and the scheduler reads the files before it hands out work.
With an xdist that keeps the "@group" suffix, the suffix still decides.

When there are more workers than cores, as `--numprocesses auto` asks for (tests/conftest.py), the tests that
mostly wait (the browser journeys play video and wait for heartbeats in real time; the task-worker tests wait for
another process) form the group `WAITS`, and one worker runs that group and nothing else while the others keep the
cores busy: its waits no longer leave a core idle. Where both workers met the journeys at the same time, the cores
were a fifth idle for the last minute of the run.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

from xdist.scheduler import LoadGroupScheduling

OPTION = "jindu_xdist_groups"


def group_of(item):
    names = set()
    for mark in item.iter_markers("xdist_group"):
        names.add(str(mark.args[0] if mark.args else mark.kwargs.get("name", "default")))
    return "_".join(sorted(names))


def folder(config):
    """The controller's folder for the workers' group files (made on first use)."""
    path = getattr(config, "_jindu_xdist_groups", None)
    if path is None:
        path = config._jindu_xdist_groups = Path(tempfile.mkdtemp(prefix="jindu-xdist-groups-"))
    return path


def configure_node(node):
    """Controller: tell a worker where to write its groups."""
    node.workerinput[OPTION] = str(folder(node.config) / f"{node.gateway.id}.json")


def write_groups(config, items):
    """Worker: after collection, write {node id: group} for the tests with an xdist_group mark."""
    path = getattr(config, "workerinput", {}).get(OPTION)
    if not path or not config.getvalue("loadgroup"):
        return
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    partial = path + ".partial"
    Path(partial).write_text(json.dumps(groups))
    os.replace(partial, path)


def remove_folder(config):
    path = getattr(config, "_jindu_xdist_groups", None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


WAITS = "waits"


def cores():
    return len(os.sched_getaffinity(0))


def worker_to_spare(config):
    """In an xdist worker: are there more workers than cores (then the `WAITS` group has a worker of its own)?"""
    workerinput = getattr(config, "workerinput", None)
    return workerinput is not None and workerinput["workercount"] > cores()


class MarkedGroupScheduling(LoadGroupScheduling):
    """LoadGroupScheduling whose groups come from the workers' files when node ids carry none, and which gives the
    `WAITS` group a worker of its own when there is a worker to spare."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.groups = {}
        self.waits_node = None

    def _assign_work_unit(self, node):
        if node is self.waits_node:  # its group is handed out: it takes nothing else
            node.shutdown()
            return
        if self.waits_node is None and len(self.nodes) > cores():
            self.waits_node = node
            if WAITS not in self.workqueue:
                node.shutdown()
                return
            self.workqueue.move_to_end(WAITS, last=False)
        super()._assign_work_unit(node)

    def schedule(self):
        if self.collection is None:
            for path in folder(self.config).glob("*.json"):
                self.groups.update(json.loads(path.read_text()))
        super().schedule()

    def _split_scope(self, nodeid):
        if "@" not in nodeid and nodeid in self.groups:
            return self.groups[nodeid]
        return super()._split_scope(nodeid)
