"""The pictures a start drew before its first frame (the home screen's icons and drawings), kept
on disk, so that the next start on the same files shows them without reading, checking, parsing
and drawing their SVGs again: those were ~15 ms of the first frame, the pictures' pixels are one
read of a file.

The app opens the store before it builds the window (:meth:`PictureStore.open`) and saves it
as the first frame's paint pass ends (:meth:`PictureStore.save_after_paint`); nothing else uses
it (tests and exports draw every picture). A picture is kept under the key the drawn ones are
kept under in memory (icons.py): the SVG's path, size in bytes and modification time, the size
drawn and the tint -- so a changed file misses it and is read, checked and drawn as before, as
validated.py does for the content.
The file names the Qt that drew them too. A file that cannot be read or written only costs time
(logged).

It keeps the home page's fitted layout too (:meth:`PictureStore.fit` and :meth:`PictureStore.fitted`):
which of its choices (a title size, the drawings' least height) the page took, under a key made of
what decides it (the page's words, the window's size, the language...). The page tries that choice
first, and keeps it only if it still fits and the one before it does not (ui/fit.py).

The file: one line of JSON (what it holds, and where), then the pixels, row after row.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, qVersion
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

FORMAT = 1
MAX_BYTES = 64_000_000  # a larger file is not read (a 4K home's pictures are ~7 MB)
PIXELS = QImage.Format.Format_ARGB32_Premultiplied

FileKey = tuple[str, int, int]  # an SVG's path, size in bytes and modification time (ns)
Key = tuple[str, int, int, int, int, str]  # ... and the width, height and tint it was drawn at


class PictureStore:
    def __init__(self) -> None:
        self.path: Path | None = None
        self._raw: bytes | memoryview = b""
        self._where: dict[Key, int] = {}  # the file's pictures: where their pixels start in _raw
        self._sizes: dict[FileKey, tuple[int, int]] = {}  # the file's SVGs: their own size (w, h)
        self.used: dict[Key, QImage] = {}  # drawn or taken since open(): what save() writes
        self.used_sizes: dict[FileKey, tuple[int, int]] = {}
        self._fits: dict[str, int] = {}  # the file's fitted layouts: a page's key -> the choice it took
        self.used_fits: dict[str, int] = {}
        self.drew = False  # something was drawn (or a size read) that the file did not hold

    @property
    def recording(self) -> bool:
        return self.path is not None

    def open(self, path: Path) -> None:
        """Read the pictures kept at ``path``, and note those this start takes or draws, until save()."""
        self.path = path
        try:
            with open(path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise ValueError("too large")
            # the pixels seen where they were read (a partition copied them, ~1 ms of the first frame)
            end = raw.find(b"\n")
            head, pixels = (raw[:end], memoryview(raw)[end + 1:]) if end >= 0 else (raw, memoryview(b""))
            data = json.loads(head)
            if data.get("format") != FORMAT or data.get("qt") != qVersion():
                return  # drawn by another Qt (or an older app): drawn again
            where: dict[Key, int] = {}
            for path_, nbytes, mtime, w, h, tint, offset in data["pictures"]:
                if offset < 0 or w <= 0 or h <= 0 or offset + w * h * 4 > len(pixels):
                    raise ValueError("a picture runs past the end of the file")
                where[(str(path_), int(nbytes), int(mtime), int(w), int(h), str(tint))] = int(offset)
            sizes = {(str(p), int(n), int(m)): (int(w), int(h)) for p, n, m, w, h in data["sizes"]}
            fits = {str(k): int(v) for k, v in data.get("fits", {}).items()}
        except FileNotFoundError:
            return
        except Exception as exc:  # noqa: BLE001 - a damaged file is only a slower start
            log.warning("ignoring the kept pictures %s: %s", path, exc)
            return
        self._raw, self._where, self._sizes, self._fits = pixels, where, sizes, fits

    def image(self, key: Key) -> QImage | None:
        """The picture kept under ``key``, or None."""
        offset = self._where.get(key)
        if offset is None:
            return None
        w, h = key[3], key[4]
        img = QImage(self._raw[offset:offset + w * h * 4], w, h, w * 4, PIXELS).copy()  # its own pixels
        if self.recording:
            self.used[key] = img
        return img

    def size(self, file: FileKey) -> tuple[int, int] | None:
        """The SVG's own size as kept, or None."""
        size = self._sizes.get(file)
        if size is not None and self.recording:
            self.used_sizes[file] = size
        return size

    def fit(self, key: str) -> int | None:
        """The choice a page fitted under ``key`` took at the last start, or None."""
        return self._fits.get(key) if self.recording else None

    def fitted(self, key: str, choice: int) -> None:
        if self.recording:
            self.used_fits[key] = choice

    def drawn(self, key: Key, img: QImage) -> None:
        if self.recording and img.format() == PIXELS and img.bytesPerLine() == img.width() * 4:
            self.used[key] = img
            self.drew = True

    def sized(self, file: FileKey, size: tuple[int, int]) -> None:
        if self.recording:
            self.used_sizes[file] = size
            self.drew = True

    def save_after_paint(self, widget: QObject) -> None:
        """:meth:`save` once ``widget``'s first paint pass has ended."""
        store = self

        class _Painted(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    obj.removeEventFilter(self)
                    QTimer.singleShot(0, store.save)  # after this paint pass
                return False

        widget.installEventFilter(_Painted(widget))

    def save(self) -> None:
        """Write the pictures this start took or drew, if they are not what the file holds; then
        note nothing more (the screens built later are not the first frame's)."""
        path, self.path = self.path, None
        used, used_sizes, self.used, self.used_sizes = self.used, self.used_sizes, {}, {}
        used_fits, self.used_fits = self.used_fits, {}
        unchanged = (not self.drew and used.keys() == self._where.keys() and used_sizes.keys() == self._sizes.keys()
                     and used_fits == self._fits)
        self._raw, self._where, self._sizes, self._fits, self.drew = b"", {}, {}, {}, False
        if path is None or unchanged:
            return
        pictures, chunks, offset = [], [], 0
        for key, img in used.items():
            pictures.append([*key, offset])
            chunks.append(bytes(img.constBits()))
            offset += len(chunks[-1])
        head = {"format": FORMAT, "qt": qVersion(), "pictures": pictures,
                "sizes": [[*file, w, h] for file, (w, h) in used_sizes.items()], "fits": used_fits}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")
                for chunk in chunks:
                    f.write(chunk)
            os.replace(tmp, path)  # atomic: the next start reads the old file or the new one
        except OSError as exc:
            log.warning("cannot keep the pictures in %s: %s", path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()


PICTURES = PictureStore()
