"""Tools for developers and technicians, never loaded by the running exhibition: ``bench`` (how
fast it starts, paints and answers, and what memory it keeps), ``soak`` (thousands of random
visitor inputs against the real shell) and ``chaos`` (the content files broken and restored while
the soak runs)."""
