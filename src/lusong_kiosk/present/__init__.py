"""How the exhibition says what it shows, without Qt: number, unit, period and date formatting
(``format``), the interface's zh/en texts (``strings``) and the charts' plain numbers with their
computed shares and changes (``charts``). Screens, the presenter, the handout and ``stats`` all
use it, so a figure reads the same way everywhere."""
