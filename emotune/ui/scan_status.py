"""Scan and mood-analysis progress for the status bar, and the dialog listing skipped files."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from emotune.ui.scan_controller import ScanController
from emotune.wording import counted


class SkippedFilesDialog(QDialog):
    def __init__(self, skipped: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Files the scan skipped")
        self.resize(760, 380)
        intro = QLabel(f"{counted(len(skipped), 'file')} could not be added to the library. The reason is given for each; "
                       "fix the file or its permissions and scan again.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(skipped), 2)
        self.table.setHorizontalHeaderLabels(["File", "Reason"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(skipped):
            path_item = QTableWidgetItem(item.path)
            path_item.setToolTip(item.path)
            self.table.setItem(row, 0, path_item)
            reason_item = QTableWidgetItem(item.reason)
            reason_item.setToolTip(item.reason)
            self.table.setItem(row, 1, reason_item)
        self.table.setWordWrap(True)  # a long reason wraps onto more lines instead of being cut off
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


class ScanStatus(QWidget):
    """``Scanning… 120 found · 80 added · 3 skipped [====  ] Cancel``, then ``3 skipped…`` after the scan."""

    def __init__(self, controller: ScanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.skipped: list = []
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setFixedHeight(8)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(controller.cancel)
        self.skipped_button = QPushButton()
        self.skipped_button.setFlat(True)
        self.skipped_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.skipped_button.clicked.connect(self.show_skipped)
        self.dialog: SkippedFilesDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(8)
        for widget in (self.label, self.bar, self.cancel_button, self.skipped_button):
            layout.addWidget(widget)
        controller.scan_started.connect(self._scan_started)
        controller.scan_progressed.connect(self._scan_progressed)
        controller.scan_finished.connect(self._scan_finished)
        controller.scan_failed.connect(self._failed)
        controller.analysis_started.connect(self._analysis_started)
        controller.analysis_progressed.connect(self._analysis_progressed)
        controller.analysis_finished.connect(self._analysis_finished)
        controller.analysis_failed.connect(self._failed)
        self._set_running(False)
        self.skipped_button.hide()

    def _set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running)

    def show_busy(self, text: str) -> None:
        """Work without counts (creating the demo library): a moving bar and what is happening."""
        self.bar.show()
        self.bar.setRange(0, 0)
        self.cancel_button.hide()
        self.label.setText(text)

    def _scan_started(self) -> None:
        self._set_running(True)
        self.skipped_button.hide()
        self.bar.setRange(0, 0)  # busy until the walk knows how many files there are
        self.label.setText("Scanning your music…")

    def _scan_progressed(self, progress) -> None:
        total = max(progress.total_estimate, progress.files_seen)
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(total, progress.added + progress.updated + progress.skipped))
        self.label.setText(f"Scanning… {progress.files_seen} found · {progress.added} added"
                           f" · {progress.skipped} skipped")

    def _scan_finished(self, report) -> None:
        self._set_running(False)
        self.skipped = list(report.skipped)
        parts = [f"{report.files_seen} found", f"{report.added} added"]
        if report.updated:
            parts.append(f"{report.updated} updated")
        if report.removed:
            parts.append(f"{report.removed} removed")
        verb = "Scan cancelled" if getattr(report, "cancelled", False) else "Scan done"
        unreachable = list(getattr(report, "unreachable", []))
        if unreachable:
            parts.append(f"{counted(len(unreachable), 'folder')} not reachable, tracks kept")
        self.label.setText(f"{verb}: " + " · ".join(parts))
        self.label.setToolTip("\n".join(f"Not reachable (unplugged or not mounted?): {folder}"
                                        for folder in unreachable))
        self._show_skipped_button()

    def _show_skipped_button(self) -> None:
        self.skipped_button.setText(f"{len(self.skipped)} skipped…")
        self.skipped_button.setToolTip("Show the files that could not be added or analysed, with the reason")
        self.skipped_button.setVisible(bool(self.skipped))

    def _analysis_started(self) -> None:
        self._set_running(True)
        self.bar.setRange(0, 0)
        self.label.setText("Reading moods from the audio…")

    def _analysis_progressed(self, done: int, total: int, path: str) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        self.label.setText(f"Reading moods from the audio… {done} of {total}")

    def _analysis_finished(self, report) -> None:
        self._set_running(False)
        text = "Moods ready"
        if report.analysed:
            text += f": {report.analysed} estimated from the audio"
        self.label.setText(text)
        if report.skipped:
            self.skipped += list(report.skipped)
            self._show_skipped_button()

    def _failed(self, error) -> None:
        self._set_running(False)
        self.label.setText(error.short)
        self.label.setToolTip(error.detail)

    def show_skipped(self) -> SkippedFilesDialog:
        self.dialog = SkippedFilesDialog(self.skipped, self.window())
        self.dialog.show()
        return self.dialog
