"""The technician's PIN: stored as a salted hash, never in plain text, and `lusong-kiosk set-pin`.

A stored PIN reads ``scrypt$16384$8$1$<salt, base64>$<hash, base64>`` (hashlib's scrypt: N, r, p,
a random 16-byte salt and a 32-byte key). Where OpenSSL lacks scrypt, PBKDF2-HMAC-SHA256 with
600,000 iterations is used instead: ``pbkdf2_sha256$600000$<salt>$<hash>``. Checking compares in
constant time. Imports no Qt.

    lusong-kiosk set-pin [--config FILE] [--pin-stdin]

asks for the PIN twice (or reads one line from stdin), checks it is 4-12 digits and writes
``technician_pin_hash = "…"`` into the configuration file (default: ``kiosk.toml`` in the data
folder, which the app reads when no --config is given), keeping every other line. The file is
replaced atomically and left readable by its owner only (0600); a symbolic link is refused.
Stored hashes whose cost would stall the screen at each check are refused (:func:`check_hash`).
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import os
import re
import stat
import sys
import tempfile
import tomllib
from pathlib import Path

PIN_PATTERN = re.compile(r"[0-9]{4,12}")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MB, the "interactive login" parameters
PBKDF2_ITERATIONS = 600_000
SALT_BYTES = 16
KEY_BYTES = 32
KEY = "technician_pin_hash"

_B64 = r"[A-Za-z0-9+/]+={0,2}"
_SCRYPT = re.compile(rf"scrypt\$([0-9]{{1,8}})\$([0-9]{{1,3}})\$([0-9]{{1,3}})\$({_B64})\$({_B64})")
_PBKDF2 = re.compile(rf"pbkdf2_sha256\$([0-9]{{1,8}})\$({_B64})\$({_B64})")


class PinError(ValueError):
    """A PIN or a stored hash that cannot be used; the message says why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise PinError("its salt or hash is not valid base64") from None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = KEY_BYTES) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=128 * n * r * p + 2**24)


def hash_pin(pin: str) -> str:
    """A new salted hash of ``pin`` (a different one on every call)."""
    if not PIN_PATTERN.fullmatch(pin):
        raise PinError("a PIN is 4 to 12 digits")
    salt = os.urandom(SALT_BYTES)
    try:
        key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    except (AttributeError, ValueError):  # no scrypt in this OpenSSL
        key = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, PBKDF2_ITERATIONS, KEY_BYTES)
        return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${_b64(salt)}${_b64(key)}"
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


# The bounds of a stored hash's cost: a PIN check runs on the screen's thread, so a hash made
# (or edited) with a huge cost would freeze the kiosk for minutes at each try. 2^16 x 8 is ~0.25 s
# on the 2-core kiosk PC, four times the default; as is 1,000,000 PBKDF2 rounds.
SCRYPT_N_MAX = 2**16
SCRYPT_WORK_MAX = 2**16 * 8  # N x r x p
PBKDF2_MIN, PBKDF2_MAX = 200_000, 1_000_000


def check_hash(stored: str) -> None:
    """Raise PinError saying what is wrong with a stored hash (format and parameters)."""
    m = _SCRYPT.fullmatch(stored)
    if m:
        n, r, p = (int(g) for g in m.groups()[:3])
        if n < SCRYPT_N or n > SCRYPT_N_MAX or n & (n - 1):
            raise PinError(f"scrypt N must be a power of two from {SCRYPT_N} to {SCRYPT_N_MAX}, got {n}")
        if not (8 <= r <= 16 and 1 <= p <= 4):
            raise PinError(f"scrypt r must be 8-16 and p 1-4, got r={r}, p={p}")
        if n * r * p > SCRYPT_WORK_MAX:
            raise PinError(f"scrypt N x r x p must be at most {SCRYPT_WORK_MAX:,} (each check would stall "
                           f"the screen), got {n * r * p:,}")
        salt, key = _unb64(m.group(4)), _unb64(m.group(5))
    else:
        m = _PBKDF2.fullmatch(stored)
        if not m:
            raise PinError('expected "scrypt$N$r$p$salt$hash" as written by `lusong-kiosk set-pin`')
        rounds = int(m.group(1))
        if not PBKDF2_MIN <= rounds <= PBKDF2_MAX:
            raise PinError(f"PBKDF2 needs {PBKDF2_MIN:,} to {PBKDF2_MAX:,} iterations, got {rounds:,}")
        salt, key = _unb64(m.group(2)), _unb64(m.group(3))
    if len(salt) < 8 or len(key) < 16:
        raise PinError("its salt or hash is too short")


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    try:
        check_hash(stored)
    except PinError:
        return False
    shaped = bool(PIN_PATTERN.fullmatch(pin))  # any other PIN is still hashed: the same time
    m = _SCRYPT.fullmatch(stored)
    if m:
        n, r, p = (int(g) for g in m.groups()[:3])
        salt, want = _unb64(m.group(4)), _unb64(m.group(5))
        try:
            got = _scrypt(pin, salt, n, r, p, len(want))
        except (AttributeError, ValueError, MemoryError):  # no scrypt here, or not enough memory
            return False
    else:
        m = _PBKDF2.fullmatch(stored)
        assert m is not None
        salt, want = _unb64(m.group(2)), _unb64(m.group(3))
        got = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, int(m.group(1)), len(want))
    return hmac.compare_digest(got, want) and shaped


# -- the configuration file ---------------------------------------------------------------------

_LINE = re.compile(r"^\s*(technician_pin_hash|technician_pin|\"technician_pin(_hash)?\")\s*=")


def with_hash(text: str, stored: str) -> str:
    """``text`` (a TOML configuration) with ``technician_pin_hash`` set and any plain PIN removed.

    Only top-level lines (before the first [table]) are touched; the rest is kept as it is.
    """
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    out: list[str] = []
    top = True
    for line in lines:
        if line.lstrip().startswith("["):
            top = False
        if top and _LINE.match(line):
            continue
        out.append(line)
    return f'{KEY} = "{stored}"{newline}' + "".join(out)


def write_config(path: Path, stored: str) -> None:
    """Set the hash in ``path`` (created if missing) by an atomic replace, readable by its owner
    only (0600, whatever the old file's mode). A symbolic link or anything but a regular file is
    refused, never followed: its target could be a file others may write."""
    old = ""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise PinError(f"{path} is a symbolic link; not followed. Replace it with the file itself "
                           "(or give its target with --config)")
        if not stat.S_ISREG(st.st_mode):
            raise PinError(f"{path} is not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            old = f.read().decode("utf-8-sig")
        tomllib.loads(old)  # a broken file is not edited (TOMLDecodeError)
    new = with_hash(old, stored)
    data = tomllib.loads(new)
    if data.get(KEY) != stored or "technician_pin" in data:
        raise PinError(f"could not update {path} safely; edit it by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml.tmp", dir=path.parent)  # made 0600
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(new)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)  # replaces a link made meanwhile, never writes through it
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New technician PIN (4-12 digits): ")
    if PIN_PATTERN.fullmatch(first) and getpass.getpass("The same PIN again: ") != first:
        raise PinError("the two PINs differ; nothing was changed")
    return first


def run_set_pin(path: Path, from_stdin: bool) -> int:
    """`lusong-kiosk set-pin`: 0 when written to the configuration at ``path``, 1 (with a
    message on stderr) otherwise."""
    try:
        pin = read_pin(from_stdin)
        if not PIN_PATTERN.fullmatch(pin):
            raise PinError("a PIN is 4 to 12 digits (0-9); nothing was changed")
        write_config(path, hash_pin(pin))
    except (PinError, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, EOFError) as exc:
        what = f"{path}: not valid TOML ({exc}); fix it first" if isinstance(exc, tomllib.TOMLDecodeError) else exc
        print(f"set-pin: {what}", file=sys.stderr)
        return 1
    print(f"technician PIN set in {path} (stored as a salted hash)")
    return 0
