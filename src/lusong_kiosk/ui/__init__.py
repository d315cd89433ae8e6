"""Qt widgets of the kiosk (charts are imported lazily: they pull in pyqtgraph)."""
