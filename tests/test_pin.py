"""The technician's PIN: a salted hash in the configuration, never the PIN itself; set-pin."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lusong_kiosk import pin as pinmod
from lusong_kiosk.content.problems import ContentError
from lusong_kiosk.pin import check_hash, hash_pin, verify_pin, with_hash
from lusong_kiosk.settings import Settings, load_settings

PIN = "80417352"  # long enough never to turn up by chance in the base64 of a hash
SCRYPT = re.compile(r"scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=")


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)


def set_pin(config: Path | None, text: str, data: Path) -> subprocess.CompletedProcess[str]:
    """`lusong-kiosk set-pin --pin-stdin` in a subprocess with its own data folder."""
    args = [sys.executable, "-m", "lusong_kiosk", "set-pin", "--pin-stdin"]
    if config is not None:
        args += ["--config", str(config)]
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(data))
    return subprocess.run(args, input=text, env=env, capture_output=True, text=True, timeout=120)


def test_a_hash_is_salted_and_verifies(stored: str) -> None:
    assert SCRYPT.fullmatch(stored), stored
    again = hash_pin(PIN)
    assert again != stored  # a new salt every time
    assert verify_pin(PIN, stored) and verify_pin(PIN, again)
    assert PIN not in stored


@pytest.mark.parametrize("wrong", ["80417353", "8041735", "804173520", "", "8041735a", " 80417352", "８０４１７３５２"])
def test_a_wrong_pin_fails(stored: str, wrong: str) -> None:
    assert not verify_pin(wrong, stored)


@pytest.mark.parametrize("bad", ["", "2468", "scrypt$16384$8$1$abc", "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$"
                                 + "A" * 43 + "=", "scrypt$16384$8$1$!!!!$????", "md5$x$y",
                                 "pbkdf2_sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "="])
def test_a_malformed_hash_never_verifies(bad: str) -> None:
    with pytest.raises(pinmod.PinError):
        check_hash(bad)
    assert not verify_pin("2468", bad)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "１２３４"])
def test_only_4_to_12_ascii_digits_can_be_hashed(pin: str) -> None:
    with pytest.raises(pinmod.PinError):
        hash_pin(pin)


def test_pbkdf2_is_the_fallback_without_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_scrypt(*_a: object, **_k: object) -> bytes:
        raise AttributeError("scrypt")

    monkeypatch.setattr(pinmod, "_scrypt", no_scrypt)
    monkeypatch.setattr(pinmod, "PBKDF2_ITERATIONS", 200_000)  # the least accepted: a faster test
    stored = hash_pin("2468")
    assert re.fullmatch(r"pbkdf2_sha256\$200000\$\S+\$\S+", stored)
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)


def test_a_malformed_hash_is_a_settings_problem(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('mode = "kiosk"\ntechnician_pin_hash = "2468"\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_settings(cfg)
    (p,) = err.value.problems
    assert p.file.endswith("kiosk.toml") and p.field == "technician_pin_hash"
    assert "not a PIN hash" in p.message and "set-pin" in p.message


def test_a_plain_pin_in_the_configuration_is_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('mode = "kiosk"\ntechnician_pin = "2468"\nidle_timeout = -1\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_settings(cfg)
    fields = {p.field: p.message for p in err.value.problems}
    assert set(fields) == {"technician_pin", "idle_timeout"}  # reported with the other problems
    assert "plain text" in fields["technician_pin"] and "lusong-kiosk set-pin" in fields["technician_pin"]
    with pytest.raises(Exception, match="technician_pin"):
        Settings(technician_pin="2468")  # type: ignore[call-arg] - refused on purpose


def test_set_pin_writes_a_hash_the_app_accepts(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('# the museum kiosk\nmode = "kiosk"\ntechnician_pin = "1357"\nidle_timeout = 45\n',
                   encoding="utf-8")
    result = set_pin(cfg, PIN + "\n", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    if os.name == "posix":
        assert cfg.stat().st_mode & 0o777 == 0o600  # its owner's only, whatever it was
    text = cfg.read_text(encoding="utf-8")
    assert PIN not in text and "1357" not in text  # the old plain PIN is gone too
    assert "# the museum kiosk" in text and "idle_timeout = 45" in text
    settings = load_settings(cfg)
    assert settings.mode == "kiosk" and settings.idle_timeout == 45
    assert verify_pin(PIN, settings.technician_pin_hash or "")
    # again: replaced, not added twice
    assert set_pin(cfg, "2468\n", tmp_path / "data").returncode == 0
    text = cfg.read_text(encoding="utf-8")
    assert text.count("technician_pin_hash") == 1
    assert verify_pin("2468", load_settings(cfg).technician_pin_hash or "")
    assert not verify_pin(PIN, load_settings(cfg).technician_pin_hash or "")


def test_set_pin_writes_the_default_config_that_the_app_reads(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    result = set_pin(None, PIN + "\r\n", data)
    assert result.returncode == 0, result.stderr
    cfg = data / "kiosk.toml"
    assert cfg.is_file() and PIN not in cfg.read_text(encoding="utf-8")
    if os.name == "posix":
        assert cfg.stat().st_mode & 0o777 == 0o600  # a new file: its owner only
    assert PIN not in result.stdout + result.stderr

    from lusong_kiosk.app import settings_from_args

    monkeypatch.setenv("LUSONG_KIOSK_DATA", str(data))
    settings = settings_from_args(argparse.Namespace(mode="kiosk"))
    assert settings.mode == "kiosk" and verify_pin(PIN, settings.technician_pin_hash or "")
    other = tmp_path / "other.toml"
    other.write_text('lang = "en"\n', encoding="utf-8")
    assert settings_from_args(argparse.Namespace(config=other)).technician_pin_hash is None  # --config wins


@pytest.mark.parametrize("text", ["12\n", "abcd\n", "\n", "", "1234567890123\n"])
def test_set_pin_refuses_a_pin_that_is_not_4_to_12_digits(tmp_path: Path, text: str) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('mode = "kiosk"\n', encoding="utf-8")
    result = set_pin(cfg, text, tmp_path / "data")
    assert result.returncode == 1 and "4 to 12 digits" in result.stderr
    assert cfg.read_text(encoding="utf-8") == 'mode = "kiosk"\n'


def test_set_pin_leaves_a_broken_config_alone(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("mode = = kiosk\n", encoding="utf-8")
    result = set_pin(cfg, "2468\n", tmp_path / "data")
    assert result.returncode == 1 and "not valid TOML" in result.stderr
    assert cfg.read_text(encoding="utf-8") == "mode = = kiosk\n"


def test_set_pin_asks_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["2468", "2469"])
    monkeypatch.setattr(pinmod.getpass, "getpass", lambda _prompt="": next(answers))
    cfg = tmp_path / "kiosk.toml"
    assert pinmod.run_set_pin(cfg, from_stdin=False) == 1
    assert "differ" in capsys.readouterr().err and not cfg.exists()
    answers = iter(["2468", "2468"])
    assert pinmod.run_set_pin(cfg, from_stdin=False) == 0
    assert verify_pin("2468", load_settings(cfg).technician_pin_hash or "")


def test_with_hash_keeps_tables_and_line_ends() -> None:
    text = 'mode = "kiosk"\r\ntechnician_pin_hash = "old"\r\n[future]\r\ntechnician_pin = 1\r\n'
    out = with_hash(text, "NEW")
    assert out.startswith('technician_pin_hash = "NEW"\r\n')
    assert '"old"' not in out and "[future]\r\ntechnician_pin = 1\r\n" in out


@pytest.mark.parametrize("absurd", [
    "scrypt$1048576$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # N = 2^20
    "scrypt$16384$32$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # r = 32
    "scrypt$16384$8$16$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # p = 16
    "scrypt$65536$16$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # each in range, together too much
    "pbkdf2_sha256$99999999$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "="])
def test_a_hash_that_would_stall_the_screen_is_refused_naming_file_and_field(tmp_path: Path, absurd: str) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'mode = "kiosk"\ntechnician_pin_hash = "{absurd}"\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_settings(cfg)
    (p,) = err.value.problems
    assert p.file.endswith("kiosk.toml") and p.field == "technician_pin_hash"
    assert re.search(r"scrypt|PBKDF2", p.message) and "got" in p.message


@pytest.mark.skipif(os.name != "posix", reason="file modes and symbolic links")
def test_set_pin_writes_0600_even_over_a_world_readable_file(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('mode = "kiosk"\n', encoding="utf-8")
    cfg.chmod(0o666)
    assert set_pin(cfg, PIN + "\n", tmp_path / "data").returncode == 0
    assert cfg.stat().st_mode & 0o777 == 0o600
    assert verify_pin(PIN, load_settings(cfg).technician_pin_hash or "")


@pytest.mark.skipif(os.name != "posix", reason="file modes and symbolic links")
def test_set_pin_does_not_follow_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    target.write_text('mode = "kiosk"\n', encoding="utf-8")
    target.chmod(0o666)
    link = tmp_path / "kiosk.toml"
    link.symlink_to(target)
    result = set_pin(link, PIN + "\n", tmp_path / "data")
    assert result.returncode == 1 and "symbolic link" in result.stderr and str(link) in result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == 'mode = "kiosk"\n'
    assert target.stat().st_mode & 0o777 == 0o666  # untouched
