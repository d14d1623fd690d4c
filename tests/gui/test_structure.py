"""How the GUI package is put together: no import cycles between its top-level modules."""

from __future__ import annotations

import grimp


def test_the_launcher_and_the_welcome_screen_do_not_import_each_other():
    graph = grimp.build_graph("annotator")  # every import, those inside functions included
    assert graph.find_shortest_chain("annotator.gui.welcome", "annotator.gui.app") is None
    # the launcher still opens the welcome screen
    assert graph.direct_import_exists(
        importer="annotator.gui.app", imported="annotator.gui.welcome"
    )
