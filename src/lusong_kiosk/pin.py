"""The technician's PIN: stored as a salted hash, never in plain text, and `lusong-kiosk set-pin`.

A stored PIN reads ``scrypt$16384$8$1$<salt, base64>$<hash, base64>`` (hashlib's scrypt: N, r, p,
a random 16-byte salt and a 32-byte key). Where OpenSSL lacks scrypt, PBKDF2-HMAC-SHA256 with
600,000 iterations is used instead: ``pbkdf2_sha256$600000$<salt>$<hash>``. Checking compares in
constant time. Imports no Qt.

    lusong-kiosk set-pin [--config FILE] [--pin-stdin]

asks for the PIN twice (or reads one line from stdin), checks it is 4-12 digits and writes
``technician_pin_hash = "…"`` into the configuration file (default: ``kiosk.toml`` in the data
folder, which the app reads when no --config is given), keeping every other line.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import os
import re
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


def check_hash(stored: str) -> None:
    """Raise PinError saying what is wrong with a stored hash (format and parameters)."""
    m = _SCRYPT.fullmatch(stored)
    if m:
        n, r, p = (int(g) for g in m.groups()[:3])
        if n < SCRYPT_N or n > 2**20 or n & (n - 1):
            raise PinError(f"scrypt N must be a power of two from {SCRYPT_N} to {2**20}, got {n}")
        if not (1 <= r <= 32 and 1 <= p <= 16):
            raise PinError(f"scrypt r must be 1-32 and p 1-16, got r={r}, p={p}")
        salt, key = _unb64(m.group(4)), _unb64(m.group(5))
    else:
        m = _PBKDF2.fullmatch(stored)
        if not m:
            raise PinError('expected "scrypt$N$r$p$salt$hash" as written by `lusong-kiosk set-pin`')
        if int(m.group(1)) < 200_000:
            raise PinError(f"PBKDF2 needs at least 200,000 iterations, got {int(m.group(1)):,}")
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
    """Set the hash in ``path`` (created if missing), atomically, readable by its owner only."""
    old = ""
    mode = 0o600
    if path.exists():
        old = path.read_text(encoding="utf-8-sig")
        tomllib.loads(old)  # a broken file is not edited (TOMLDecodeError)
        mode = path.stat().st_mode & 0o777
    new = with_hash(old, stored)
    data = tomllib.loads(new)
    if data.get(KEY) != stored or "technician_pin" in data:
        raise PinError(f"could not update {path} safely; edit it by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(new)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
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
