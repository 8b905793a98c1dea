from emotune.library.library_scanner import scan_folders
from emotune.library.track_snapshot import TrackSnapshot
from emotune.ui.scan_controller import ScanController
from emotune.ui.scan_status import ScanStatus
from emotune.ui.task_runner import SyncTaskRunner, TaskRunner


def test_scan_shows_counts_and_lists_skipped_files(qtbot, database, demo_library):
    (demo_library / "broken.mp3").write_bytes(b"this is not audio at all" * 10)
    controller = ScanController(database, SyncTaskRunner(), scan_folders, analyse=None)
    status = ScanStatus(controller)
    qtbot.addWidget(status)
    progressed = []
    controller.scan_progressed.connect(progressed.append)
    with qtbot.waitSignal(controller.scan_finished) as finished:
        controller.start_scan([str(demo_library)])
    report = finished.args[0]
    assert report.added == 15 and len(report.skipped) == 1
    assert progressed, "the scan reported progress"
    assert status.label.text() == "Scan done: 16 found · 15 added"
    assert status.skipped_button.text() == "1 skipped…"
    dialog = status.show_skipped()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text().endswith("broken.mp3")
    assert dialog.table.item(0, 1).text()  # a reason a person can read
    assert database.count() == 15


def test_scan_in_a_worker_thread_reports_progress(qtbot, database, demo_library):
    controller = ScanController(database, TaskRunner(), scan_folders, analyse=None)
    status = ScanStatus(controller)
    qtbot.addWidget(status)
    status.show()
    with qtbot.waitSignal(controller.scan_started, timeout=1000):
        controller.start_scan([str(demo_library)])
    assert status.bar.isVisible() and status.cancel_button.isVisible()
    with qtbot.waitSignal(controller.scan_finished, timeout=20000):
        pass
    assert not status.bar.isVisible()
    assert "15 added" in status.label.text()


def test_analysis_runs_after_the_scan(qtbot, database, demo_library):
    from emotune.moods.mood_analysis_job import analyse_library

    untagged = demo_library / "untagged"
    untagged.mkdir()
    calm = sorted((demo_library / "calm").iterdir())[0]
    target = untagged / ("plain" + calm.suffix)
    target.write_bytes(calm.read_bytes())
    from mutagen import File
    audio = File(target, easy=True)
    audio.delete()  # no MOOD tag and no mood folder: the analysis must listen to it
    audio.save()
    controller = ScanController(database, SyncTaskRunner(), scan_folders, analyse=analyse_library)
    status = ScanStatus(controller)
    qtbot.addWidget(status)
    progressed = []
    controller.analysis_progressed.connect(lambda done, total, path: progressed.append((done, total)))
    with qtbot.waitSignal(controller.analysis_finished) as finished:
        controller.start_scan([str(demo_library)])
    report = finished.args[0]
    assert report.analysed == 1 and progressed[-1] == (1, 1)
    assert status.label.text() == "Moods ready: 1 estimated from the audio"
    track = database.track_by_path(str(target))
    assert track.mood_source == "audio" and track.mood


def test_an_empty_library_folder_is_said_to_be_unreachable_and_its_tracks_stay(qtbot, database, demo_library, tmp_path):
    controller = ScanController(database, SyncTaskRunner(), scan_folders, analyse=None)
    status = ScanStatus(controller)
    qtbot.addWidget(status)
    controller.start_scan([str(demo_library)])
    demo_library.rename(tmp_path / "unplugged")
    demo_library.mkdir()
    with qtbot.waitSignal(controller.scan_finished):
        controller.start_scan([str(demo_library)])
    assert status.label.text() == "Scan done: 0 found · 0 added · 1 folder not reachable, tracks kept"
    assert str(demo_library) in status.label.toolTip()
    assert database.count() == 15


def test_the_skipped_list_shows_long_reasons_whole(qtbot):
    from emotune.library.library_scanner import SkippedFile
    from emotune.ui.scan_status import SkippedFilesDialog

    reason = "the folder is empty: is the drive unplugged or not mounted? " * 3
    dialog = SkippedFilesDialog([SkippedFile("/media/usb", reason)])
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == reason and dialog.table.item(0, 1).toolTip() == reason
    assert dialog.table.wordWrap()


def test_a_rescan_and_an_analysis_that_change_nothing_do_not_reload_the_table(qtbot, database, demo_library):
    from emotune.moods.mood_analysis_job import analyse_library

    controller = ScanController(database, SyncTaskRunner(), scan_folders, analyse=analyse_library)
    reloads = []
    controller.library_changed.connect(lambda: reloads.append(1))
    with qtbot.waitSignal(controller.analysis_finished):
        controller.start_scan([str(demo_library)])
    assert len(reloads) == 1  # the first scan added 15 tracks; the analysis had nothing to estimate
    with qtbot.waitSignal(controller.analysis_finished):
        controller.start_scan([str(demo_library)])
    assert len(reloads) == 1
    (demo_library / "happy" / sorted(p.name for p in (demo_library / "happy").iterdir())[0]).unlink()
    with qtbot.waitSignal(controller.analysis_finished):
        controller.start_scan([str(demo_library)])
    assert len(reloads) == 2


def test_estimates_reach_the_table_and_the_dj_snapshot_while_the_analysis_runs(qtbot, database, demo_library, tmp_path):
    from mutagen import File

    from emotune.moods.mood_analysis_job import analyse_library
    from emotune.settings import Settings
    from emotune.ui.library_controller import LibraryController
    from emotune.ui.library_model import LibraryTableModel

    untagged = demo_library / "untagged"
    untagged.mkdir()
    for number, source in enumerate(sorted((demo_library / "calm").iterdir())[:2]):
        target = untagged / f"plain{number}{source.suffix}"
        target.write_bytes(source.read_bytes())
        audio = File(target, easy=True)
        audio.delete()  # no MOOD tag and no mood folder: the analysis must listen to it
        audio.save()
    runner = SyncTaskRunner()
    scans = ScanController(database, runner, scan_folders, analyse=analyse_library, estimate_refresh_s=0.0)
    model = LibraryTableModel()
    dj_tracks = TrackSnapshot()
    library = LibraryController(settings=Settings(tmp_path / "settings.json"), database=database, runner=runner,
                                scans=scans, model=model, make_demo_library=lambda _folder: [],
                                demo_dir=tmp_path / "demo", track_source=dj_tracks)
    seen_during_analysis = []

    def estimated(track_ids):
        assert scans.analysing
        for track_id in track_ids:
            shown = model.track_at(model.row_of(track_id))
            snapshot = next(t for t in dj_tracks() if t.id == track_id)  # what the DJ chooses from
            seen_during_analysis.append((shown.mood_source, snapshot.mood_source))

    scans.tracks_estimated.connect(estimated)  # after the library controller's own slot
    with qtbot.waitSignal(scans.analysis_finished):
        library.add_folder(str(demo_library))
    assert seen_during_analysis == [("audio", "audio"), ("audio", "audio")]
