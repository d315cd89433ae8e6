"""The names that ``ui.window`` held before the shell became a package (``ui/shell/``), for the
modules that still import them from here."""

from .shell import INPUT, Shell, build_all, build_later

__all__ = ["INPUT", "Shell", "build_all", "build_later"]
