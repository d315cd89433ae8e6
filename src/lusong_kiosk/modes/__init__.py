"""Modes are policy, not drawing: each attaches itself to the shell."""
