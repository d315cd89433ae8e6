"""Anonymous, offline visitor analytics in SQLite: ``data_dir()/analytics.sqlite3``.

What is recorded — no personal data, no images, no network, nothing that identifies a person:

- **visits**: when a visit started and ended, the language at its start and at its end, whether
  an accessibility option was used, and the mode (kiosk or demo);
- **views**: each screen shown during a visit (``home``, ``theme:<id>``, ``timeline``,
  ``honours``) with the time it was entered and how long it stayed (dwell, seconds);
- **events**: ``home_tap`` (a tile on the home screen, value: its target), ``timeline_event``
  (a timeline card opened, value: the event id), ``language`` (a switch, value: the new language),
  ``accessibility`` (a choice, value: ``choice=value``).

Visits. In kiosk mode a visit starts at the first touch after the idle reset (or after start-up)
and ends at the idle reset; its end is the visitor's *last* touch, i.e. the reset time minus the
idle timeout (the kiosk waits that long before resetting, and counting it would lengthen every
visit by the same amount). In demo mode there is no idle reset: a visit runs from the app's start
to its quit. Presenter mode records nothing (a talk is not a visit).

Writing never slows or breaks the exhibition. :class:`recorder.Recorder` (GUI thread) only appends
small tuples to a list; a QTimer hands the list every few seconds (and at each visit's end) to
:class:`writer.Writer`, whose own thread owns the SQLite connection and writes each batch in one
transaction. Every sqlite or file error is logged and ignored (the batch is kept, bounded, and
tried again with the next one); a corrupt database is renamed ``analytics.sqlite3.corrupt-<time>``
and a new one started. The file stays bounded: raw rows older than ``retention_days`` (90) are
aggregated into the ``daily`` summary table and deleted, at start-up and once a day.

The modules: ``store`` (the database: schema, one transaction helper, writing, pruning; standard
library only), ``writer`` (the writing thread), ``recorder`` (Qt: what the shell and the kiosk
report), ``report`` (a report read from one or more databases), ``tables`` (the report as a text
table, CSV and PNG) and ``stats`` (the ``lusong-kiosk stats`` command).
"""


