"""Live content updates in kiosk mode: a curator edits ``content/`` or ``assets/`` while the
exhibition runs, and the change appears without a restart -- never under a visitor's finger.

- Watching: only the files the app reads (content/files.py: the content files, and the assets
  and fonts the content names), by a QFileSystemWatcher on them and their folders (re-armed
  after every change: editors replace a file by renaming a new one over it, and the watcher
  drops the old one), plus a poll of their sizes and mtimes every ``poll_ms`` (watchers miss
  some atomic renames). Other files -- a video, a folder of photos -- are never looked at.
- Editor temp files are ignored: names starting with ``.``, ending with ``~``, ``.swp``,
  ``.swx``, ``.tmp``, ``.part``, or ``#...#``, and vim's ``4913``.
- A change is debounced (``debounce_ms``), then the files must stay unchanged -- the same
  sizes and mtimes -- for ``stable_ms`` (2 s): a slow USB copy that pauses mid-file is not taken
  half-written. (Copying to a temporary name and renaming it is instant and always whole.)
  Time is read from ``clock`` (tests inject one). The whole content is then loaded and checked,
  as at start-up, in a worker thread (a large file never freezes the screen); the result is
  taken on the GUI thread; if the files changed while loading, it is thrown away and the
  check starts again.
- Valid: applied at the next safe point -- at once when the kiosk shows the home screen and
  nobody touched it for ``quiet_ms``; otherwise at the next idle reset (the reset has just sent
  the kiosk home). Applying replaces the exhibition, drops the built screens and rebuilds home
  (``Shell.replace_exhibition``); the log says "content updated". A replaced icon or picture is
  drawn again then (the screens' SVG cache is keyed by each file's size and mtime); a deleted
  one keeps its last good picture (ui/widgets.py ``keep_last_good``).
- Invalid: ignored. The kiosk keeps the last good content; each problem is logged once per
  version of its file (file: field: message) and :attr:`LiveContent.marker` is set -- a
  technician-only marker: a small amber dot in the corner of the technician's PIN pad (never on
  a visitor's screen). Fixing the files applies them and clears the marker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from .content import ContentError, Problem
from .content.files import Stamp, content_files, stamp, stamps

if TYPE_CHECKING:  # annotations only
    from PySide6.QtGui import QPaintEvent

    from .modes.kiosk import KioskMode
    from .ui.shell import Shell

log = logging.getLogger(__name__)

Snapshot = dict[str, Stamp]  # path -> (mode, size, mtime_ns)
TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_temp(name: str) -> bool:
    """An editor's temporary, backup, lock or swap file (never content)."""
    return (name.startswith(".") or name.endswith(TEMP_SUFFIXES) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


class ProblemDot(QWidget):
    """The technician-only marker: a small amber dot in a corner of the PIN pad."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("LiveProblemDot")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(18, 18)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#E0A030"))
        p.drawEllipse(self.rect().adjusted(2, 2, -2, -2))
        p.end()


class LiveContent(QObject):
    """Watch a kiosk's content and assets folders and apply valid changes at safe points."""

    applied = Signal()  # the new content is on screen
    rejected = Signal(list)  # the changed content has problems (list of Problem)
    _loaded = Signal(object)  # from the worker thread: (snapshot, exhibition or None, problems, reads)

    def __init__(self, shell: Shell, kiosk: KioskMode | None, content_dir: Path, assets_dir: Path, *,
                 poll_ms: int = 1000, debounce_ms: int = 500, stable_ms: int = 2000, quiet_ms: int = 2000,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(shell)
        self.shell, self.kiosk = shell, kiosk
        self.content_dir, self.assets_dir = Path(content_dir), Path(assets_dir)
        self.quiet_ms = quiet_ms
        self.stable_ms = stable_ms
        self.clock = clock
        self.problems: list[Problem] = []  # the last rejected change's problems
        self.pending = None  # a valid Exhibition waiting for a safe moment
        self.loads = 0  # how many times the content was loaded (tests)
        self.checks = 0  # changes seen through to the end (loaded, or found to be no change)
        self.updates = 0
        self.refused = 0  # changes found to have problems
        self._reads: set[str] = set()  # the assets and fonts the content names (from the last load)
        self._seen = self.snapshot()  # the state last loaded (or started with)
        self._candidate: Snapshot | None = None
        self._since = 0.0  # clock() when the candidate was first seen
        self._logged: set[tuple[object, Stamp]] = set()  # (problem, its file's stamp) logged once
        self._worker: threading.Thread | None = None
        self._stopped = False
        self._loaded.connect(self._take)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self._arm()
        self.poll = QTimer(self)
        self.poll.setInterval(poll_ms)
        self.poll.timeout.connect(self._poll)
        self.poll.start()
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(self._settle)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.timeout.connect(self._settle)
        self.safe_check = QTimer(self)  # while a valid change waits: is it safe now?
        self.safe_check.setInterval(250)
        self.safe_check.timeout.connect(self._try_apply)
        self.dot: ProblemDot | None = None
        if kiosk is not None:
            kiosk.idle_reset_done.connect(self._at_idle_reset)
            kiosk.live = self  # the admin view (PIN pad) reads kiosk.live.marker / .problems
            self.dot = ProblemDot(kiosk.pinpad)
            kiosk.pinpad.installEventFilter(self)
        self._load(self._seen, first=True)  # learns which assets the content names; applies nothing new
        log.info("live content updates: watching %s and %s", self.content_dir, self.assets_dir)

    @property
    def marker(self) -> bool:
        """True while the files on disk have problems (the kiosk shows the last good content)."""
        return bool(self.problems)

    # watching ------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """Stamps of the files the app reads: the content files (a new theme file too) and the
        assets the content names."""
        return stamps([*content_files(self.content_dir), *sorted(self._reads)])

    def _arm(self) -> None:
        """(Re-)watch those files and their folders; editors that rename over a file drop its watch."""
        files = [p for p, st in self._seen.items() if st[1] >= 0]
        want = set(files) | {os.path.dirname(p) for p in self._seen}
        want |= {str(self.content_dir), str(self.content_dir / "themes")}
        want = {p for p in want if os.path.exists(p)}
        have = set(self.watcher.files()) | set(self.watcher.directories())
        missing = sorted(want - have)
        if missing:
            self.watcher.addPaths(missing)

    def _changed(self, path: str = "") -> None:
        if path and is_temp(os.path.basename(path)):
            return  # a folder's change (a temp file appeared) is checked against the snapshot
        self.debounce.start()  # restarts: a burst of changes is one change

    def _poll(self) -> None:
        if self.debounce.isActive() or self.settle.isActive() or self._worker is not None:
            return
        if self.snapshot() != self._seen:
            self._changed()

    def _settle(self) -> None:
        """Load once the files have stayed the same for ``stable_ms`` by the clock."""
        if self._worker is not None:  # a load is running: look again when it is done
            self.settle.start(max(50, self.stable_ms // 4))
            return
        now = self.snapshot()
        if now != self._candidate:
            self._candidate, self._since = now, self.clock()
            self.settle.start(self.stable_ms)
            return
        left_ms = self.stable_ms - (self.clock() - self._since) * 1000
        if left_ms > 0:
            self.settle.start(max(50, int(left_ms)))
            return
        self._candidate = None
        self.checks += 1
        if now == self._seen:
            return  # touched but not changed (or changed back), or only temp files
        self._load(now)

    def _load(self, snap: Snapshot, first: bool = False) -> None:
        """Load and check in a worker thread; :meth:`_take` gets the result on the GUI thread."""
        if not first:
            self.loads += 1

        def work() -> None:
            reads: set[str] = set()
            try:
                from .validated import load_content  # a good result also serves the next start

                ex, problems = load_content(self.content_dir, self.assets_dir, reads), []
            except ContentError as err:
                ex, problems = None, list(err.problems)
            except Exception as exc:
                log.exception("live content: loading failed")
                ex, problems = None, [Problem(str(self.content_dir), "", f"could not load ({exc})")]
            if not self._stopped:
                with contextlib.suppress(RuntimeError):  # the app quit while loading: nobody left to tell
                    self._loaded.emit((snap, ex, problems, reads, first))

        self._worker = threading.Thread(target=work, name="lusong-live-load", daemon=True)
        self._worker.start()

    def _take(self, result: tuple) -> None:
        snap, ex, problems, reads, first = result
        self._worker = None
        if self._stopped:
            return
        self._reads = reads
        if stamps(snap) != snap:  # written to while loading
            self._changed()
            return
        self._seen = self.snapshot()  # with the assets this version names
        self._arm()
        if ex is None:
            self.pending = None
            self.safe_check.stop()
            if not first:
                self.refused += 1
            self._log_problems(problems)
            self.problems = problems
            self._show_marker()
            self.rejected.emit(problems)
            return
        if self.problems:
            log.info("live content: the problems are fixed")
        self.problems = []
        self._show_marker()
        if first:
            return  # what is on the screen already
        self.pending = ex
        log.info("live content: a valid change is waiting for a safe moment")
        self._try_apply()
        if self.pending is not None:
            self.safe_check.start()

    def _log_problems(self, problems: list[Problem]) -> None:
        """Each problem once per version of its file: a file left broken for a week, or saved
        again with the same mistake, is not logged at every look."""
        new = [p for p in problems if (p, stamp(p.file)) not in self._logged]
        if not new:
            return
        log.warning("live content: the content on disk has %d problem(s); the kiosk keeps showing "
                    "the last good content", len(problems))
        for p in new:
            self._logged.add((p, stamp(p.file)))
            log.warning("live content: %s", p)

    # applying ------------------------------------------------------------------
    def safe_now(self) -> bool:
        """At home, no transition, no overlay, and nobody touched the kiosk for ``quiet_ms``."""
        shell = self.shell
        if shell.current_target != "home" or shell.stage.in_transition():
            return False
        k = self.kiosk
        if k is None:
            return True
        if k.pinpad.isVisible():
            return False
        panel = shell.access_panel
        if panel is not None and panel.isVisible():
            return False
        if k.attract.running() or not k.idle.isActive():
            return True  # the visitor has gone
        since_input = k.idle.interval() - k.idle.remainingTime()  # the idle timer restarts on every input
        return since_input >= self.quiet_ms

    def _try_apply(self) -> None:
        if self.pending is not None and self.safe_now():
            self._apply()

    def _at_idle_reset(self) -> None:
        if self.pending is not None:
            self._apply()

    def _apply(self) -> None:
        ex, self.pending = self.pending, None
        self.safe_check.stop()
        try:
            self.shell.replace_exhibition(ex)
            if self.kiosk is not None:
                attract = self.kiosk.attract
                attract.highlights = [(t, t.figure(fid)) for t in ex.themes for fid in t.highlights]
                if attract.running():
                    attract.stop()
                    attract.start()
        except Exception:
            log.exception("live content: applying the change failed")
            return
        self.updates += 1
        log.info("content updated (%d themes)", len(ex.themes))
        # the other screens are built again in the background by replace_exhibition (build_later)
        self.applied.emit()

    # the marker ----------------------------------------------------------------
    def started_with_problems(self, problems: list) -> None:
        """The kiosk started on the last good content because the files on disk have these
        problems (logged at start): the marker shows until they are fixed."""
        self.problems = list(problems)
        self.logged_already(problems)
        self._show_marker()

    def logged_already(self, problems: list) -> None:
        """These problems were logged at start: the first look at the same files logs them not again."""
        self._logged.update((p, stamp(p.file)) for p in problems)

    def _show_marker(self) -> None:
        if self.dot is None:
            return
        self.dot.setVisible(self.marker)
        self.dot.setToolTip("\n".join(map(str, self.problems)))
        self._place_dot()

    def _place_dot(self) -> None:
        if self.dot is not None:
            pad = self.dot.parentWidget()
            self.dot.move(pad.width() - self.dot.width() - 8, 8)
            self.dot.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place_dot()
        return False

    def stop(self) -> None:
        self._stopped = True
        for t in (self.poll, self.debounce, self.settle, self.safe_check):
            t.stop()
        worker = self._worker
        if worker is not None:
            worker.join(10)  # a load in progress ends by itself: the loader has its own limits
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
