"""Live content updates in kiosk mode: a curator edits ``content/`` or ``assets/`` while the
exhibition runs, and the change appears without a restart -- never under a visitor's finger.

- Watching: a QFileSystemWatcher on the folders and files (re-armed after every change: editors
  replace a file by renaming a new one over it, and the watcher drops the old one), plus a cheap
  poll of names, sizes and mtimes every ``poll_ms`` (watchers miss some atomic renames).
- Editor temp files are ignored: names starting with ``.``, ending with ``~``, ``.swp``,
  ``.swx``, ``.tmp``, ``.part``, or ``#...#``, and vim's ``4913``.
- A change is debounced (``debounce_ms``), then the files must be stable: the same names, sizes
  and mtimes on two checks ``stable_ms`` apart (a file saved half-written is still growing). The
  whole content is then loaded and checked, as at start-up; if the files changed while loading,
  the result is thrown away and the check starts again.
- Valid: applied at the next safe point -- at once when the kiosk shows the home screen and
  nobody touched it for ``quiet_ms``; otherwise at the next idle reset (the reset has just sent
  the kiosk home). Applying replaces the exhibition, drops the built screens and rebuilds home
  (``Shell.replace_exhibition``); the log says "content updated".
- Invalid: ignored. The kiosk keeps the last good content; every problem is logged (file: field:
  message) and :attr:`LiveContent.marker` is set -- a technician-only marker: a small amber dot in
  the corner of the technician's PIN pad (never on a visitor's screen). Fixing the files applies
  them and clears the marker.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from .content import ContentError

log = logging.getLogger(__name__)

Snapshot = dict[str, tuple[int, int]]  # path -> (size, mtime_ns)
TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_temp(name: str) -> bool:
    """An editor's temporary, backup, lock or swap file (never content)."""
    return (name.startswith(".") or name.endswith(TEMP_SUFFIXES) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


def snapshot(*roots: Path) -> Snapshot:
    """Every non-temporary file under ``roots`` with its size and mtime (missing roots: none)."""
    out: Snapshot = {}
    for root in roots:
        stack = [str(root)]
        while stack:
            d = stack.pop()
            try:
                entries = list(os.scandir(d))
            except OSError:
                continue
            for e in entries:
                if is_temp(e.name):
                    continue
                try:
                    if e.is_dir(follow_symlinks=False):
                        stack.append(e.path)
                    elif e.is_file():
                        st = e.stat()
                        out[e.path] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    continue
    return out


class ProblemDot(QWidget):
    """The technician-only marker: a small amber dot in a corner of the PIN pad."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("LiveProblemDot")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(18, 18)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
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

    def __init__(self, shell, kiosk, content_dir: Path, assets_dir: Path, *,  # noqa: ANN001
                 poll_ms: int = 1000, debounce_ms: int = 500, stable_ms: int = 250, quiet_ms: int = 2000):
        super().__init__(shell)
        self.shell, self.kiosk = shell, kiosk
        self.content_dir, self.assets_dir = Path(content_dir), Path(assets_dir)
        self.quiet_ms = quiet_ms
        self.stable_ms = stable_ms
        self.problems: list = []  # the last rejected change's problems (content.problems.Problem)
        self.pending = None  # a valid Exhibition waiting for a safe point
        self.loads = 0  # how many times the content was loaded (tests)
        self.checks = 0  # changes seen through to the end (loaded, or found to be no change)
        self.updates = 0
        self._seen = snapshot(self.content_dir, self.assets_dir)  # the state last loaded (or started with)
        self._candidate: Snapshot | None = None

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
        self.settle.setInterval(stable_ms)
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
        log.info("live content updates: watching %s and %s", self.content_dir, self.assets_dir)

    @property
    def marker(self) -> bool:
        """True while the files on disk have problems (the kiosk shows the last good content)."""
        return bool(self.problems)

    # watching ------------------------------------------------------------------
    def _arm(self) -> None:
        """(Re-)watch every folder and file; editors that rename over a file drop its watch."""
        want: set[str] = set()
        for root in (self.content_dir, self.assets_dir):
            if root.is_dir():
                want.add(str(root))
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames[:] = [d for d in dirnames if not is_temp(d)]
                    want.update(os.path.join(dirpath, d) for d in dirnames)
                    want.update(os.path.join(dirpath, f) for f in filenames if not is_temp(f))
        have = set(self.watcher.files()) | set(self.watcher.directories())
        missing = sorted(want - have)
        if missing:
            self.watcher.addPaths(missing)

    def _changed(self, path: str = "") -> None:
        if path and is_temp(os.path.basename(path)):
            return  # a folder's change (a temp file appeared) is checked against the snapshot
        self.debounce.start()  # restarts: a burst of changes is one change

    def _poll(self) -> None:
        if self.debounce.isActive() or self.settle.isActive():
            return
        if snapshot(self.content_dir, self.assets_dir) != self._seen:
            self._changed()

    def _settle(self) -> None:
        """Load once the files stay the same on two checks ``stable_ms`` apart."""
        self._arm()
        now = snapshot(self.content_dir, self.assets_dir)
        if now != self._candidate:
            self._candidate = now
            self.settle.start()
            return
        self._candidate = None
        self.checks += 1
        if now == self._seen:
            return  # touched but not changed (or changed back), or only temp files
        self._load(now)

    def _load(self, snap: Snapshot) -> None:
        self.loads += 1
        try:
            from .validated import load_content  # checks the files; a good result also serves the next start

            ex = load_content(self.content_dir, self.assets_dir)
        except ContentError as err:
            ex, problems = None, list(err.problems)
        except Exception as exc:  # noqa: BLE001 - the loader should not raise anything else; never crash
            log.exception("live content: loading failed")
            ex, problems = None, [f"{self.content_dir}: could not load ({exc})"]
        else:
            problems = []
        if snapshot(self.content_dir, self.assets_dir) != snap:  # written to while loading
            self._changed()
            return
        self._seen = snap
        if ex is None:
            self.pending = None
            self.safe_check.stop()
            if problems != self.problems:
                log.warning("live content: the changed content has %d problem(s); the kiosk keeps showing "
                            "the last good content", len(problems))
                for p in problems:
                    log.warning("live content: %s", p)
            self.problems = problems
            self._show_marker()
            self.rejected.emit(problems)
            return
        if self.problems:
            log.info("live content: the problems are fixed")
        self.problems = []
        self._show_marker()
        self.pending = ex
        log.info("live content: a valid change is waiting for a safe moment")
        self._try_apply()
        if self.pending is not None:
            self.safe_check.start()

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
        panel = getattr(shell, "access_panel", None)
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
        except Exception:  # noqa: BLE001 - a failure here must not take the kiosk down
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
        self._show_marker()

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

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place_dot()
        return False

    def stop(self) -> None:
        for t in (self.poll, self.debounce, self.settle, self.safe_check):
            t.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
