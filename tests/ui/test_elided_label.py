"""Track titles in a narrow player bar end in "…" (with the whole title as tooltip), never cut mid-letter."""
from emotune.ui.elided_label import ElidedLabel


def test_text_that_does_not_fit_ends_in_an_ellipsis_and_the_tooltip_has_it_all(qtbot):
    label = ElidedLabel("Sunny Side Street, the long extended version")
    qtbot.addWidget(label)
    label.resize(90, 20)
    label.show()
    qtbot.waitExposed(label)
    assert label.text().endswith("…") and label.text() != label.full_text
    assert label.toolTip() == "Sunny Side Street, the long extended version"
    label.resize(label.fontMetrics().horizontalAdvance(label.full_text) + 10, 20)
    assert label.text() == label.full_text and label.toolTip() == ""


def test_a_tooltip_of_its_own_is_kept(qtbot):
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.setToolTip("/music/a.ogg")
    label.setText("A title far too long for thirty pixels")
    label.resize(30, 20)
    assert label.toolTip() == "/music/a.ogg"
