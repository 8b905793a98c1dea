from PySide6.QtGui import QColor, QImage

from emotune.ui.camera_panel import CameraPanel, CameraPreview


def test_toggle_emits_and_shows_the_off_state(qtbot):
    panel = CameraPanel()
    qtbot.addWidget(panel)
    assert panel.pages.currentWidget() is panel.off_page
    with qtbot.waitSignal(panel.camera_toggled) as toggled:
        panel.toggle.click()
    assert toggled.args == [True]
    assert panel.pages.currentWidget() is panel.preview
    with qtbot.waitSignal(panel.camera_toggled) as toggled:
        panel.toggle.click()
    assert toggled.args == [False]
    assert panel.pages.currentWidget() is panel.off_page
    assert panel.status.text() == "Off"


def test_hidden_preview_still_says_the_camera_is_on(qtbot):
    panel = CameraPanel(show_preview=False)
    qtbot.addWidget(panel)
    panel.set_camera_on(True)
    assert panel.pages.currentWidget() is panel.hidden_page
    image = QImage(64, 48, QImage.Format.Format_RGB888)
    panel.show_frame(image)
    assert panel.preview.image is None  # hidden preview: frames are not even stored
    panel.set_show_preview(True)
    assert panel.pages.currentWidget() is panel.preview


def test_no_camera_offers_a_video_file(qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    panel = CameraPanel()
    qtbot.addWidget(panel)
    panel.show_no_camera("No camera at index 0.")
    assert panel.pages.currentWidget() is panel.no_camera_page
    assert "No camera at index 0." in panel.no_camera_page.text.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("/videos/face.mp4", ""))
    with qtbot.waitSignal(panel.video_file_chosen) as chosen:
        panel.choose_video_file()
    assert chosen.args == ["/videos/face.mp4"]


def test_preview_boxes_the_followed_face(qtbot):
    panel = CameraPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 330)
    panel.set_camera_on(True)
    image = QImage(320, 200, QImage.Format.Format_RGB888)
    image.fill(QColor("#000000"))
    panel.show_frame(image)
    panel.preview.set_faces([(100, 50, 80, 80)], 0)
    grabbed = panel.preview.grab().toImage()
    accent = QColor("#8B7BFF")
    def near(c):
        return abs(c.red() - accent.red()) < 40 and abs(c.green() - accent.green()) < 40 and abs(c.blue() - accent.blue()) < 40
    assert any(near(grabbed.pixelColor(x, y)) for x in range(grabbed.width()) for y in range(0, grabbed.height(), 2))


def test_a_video_that_cannot_be_read_says_why_in_the_body(qtbot):
    from emotune.errors import CameraError
    from PySide6.QtWidgets import QPushButton

    panel = CameraPanel()
    qtbot.addWidget(panel)
    panel.set_video_chosen("/videos/clip.avi")
    panel.set_camera_on(True)
    panel.show_no_camera(CameraError("Video cut short", "clip.avi stops after 2.0 s of 4.0 s."))
    assert panel.pages.currentWidget() is panel.problem_page
    assert panel.problem_page.title.text() == "Video cut short"
    assert panel.problem_page.text.text() == "clip.avi stops after 2.0 s of 4.0 s."
    assert panel.status.text() == "Video cut short" and panel.camera_on  # the toggle still says what runs
    buttons = [b.text() for b in panel.problem_page.findChildren(QPushButton) if not b.isHidden()]
    assert buttons == ["Use another video…", "Use the webcam"]
    assert panel.toggle.toolTip() == "Turn face reading off (Ctrl+K)"


def test_the_preview_says_how_many_pixels_it_shows(qtbot):
    preview = CameraPreview()
    qtbot.addWidget(preview)
    sizes = []
    preview.size_changed.connect(lambda width, height: sizes.append((width, height)))
    preview.show()
    qtbot.waitExposed(preview)
    preview.resize(400, 300)
    ratio = preview.devicePixelRatioF()
    assert sizes[-1] == (round(400 * ratio), round(300 * ratio))
