"""`lusong-kiosk export --pdf handout.pdf [--lang zh|en|both] [--paper A4|A3]`: a printable handout.

Laid out and paginated by Qt, offscreen, no window. The whole handout is one ``QTextDocument`` with
its page size set, so Qt's text layout wraps every line and carries text and tables over to the next
page; each part (cover, theme, timeline, honours, source) starts a page (``PageBreak_AlwaysBefore``):

- a cover (title, subtitle, source, contents with page numbers);
- per theme: title, tagline and headline, the highlight figures, the charts with their figures as
  text (``present.charts.table_rows``, computed values marked), the stories, the remaining figures
  and the source lines;
- the timeline as a dated list grouped by era, the honours, and the source and credits.

The charts are text objects (``QTextObjectInterface``) drawn as vector paths from the same
``present.charts.ChartSpec`` as the kiosk's charts (pyqtgraph is never rasterised). After a layout
pass, a heading that would end a page, or a block of cells that would be cut by a page's end,
starts the next page instead (Qt has no keep-with-next), and the document is laid out again.

``both`` is a bilingual cover followed by the complete Chinese handout and then the complete
English one; page numbers run on. A3 is the A4 layout enlarged by √2: the same pages, bigger type.
The document is painted page by page with ``QPainter`` on a ``QPdfWriter`` -- with the running
header and the page number, which a text document has no notion of -- in the bundled font, which
the PDF embeds (as subsets), so it prints the same anywhere and its text can be searched and copied.
"""


from .pdf import PAPERS, Handout, run_handout, write_handout

__all__ = ["Handout", "PAPERS", "run_handout", "write_handout"]
