import threading

from emotune.ui.task_runner import SyncTaskRunner, TaskRunner


def test_result_comes_back_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["work_thread"] = threading.get_ident()
        return 41 + 1

    def done(result, error):
        seen.update(result=result, error=error, done_thread=threading.get_ident())

    runner.run_task(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["error"] is None
    assert seen["work_thread"] != gui_thread
    assert seen["done_thread"] == gui_thread
    assert runner.pending == 0


def test_error_is_handed_to_on_done(qtbot):
    runner = TaskRunner()
    seen = {}
    runner.run_task(lambda: 1 / 0, lambda result, error: seen.update(result=result, error=error))
    qtbot.waitUntil(lambda: "error" in seen, timeout=5000)
    assert seen["result"] is None and isinstance(seen["error"], ZeroDivisionError)


def test_post_from_a_worker_runs_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    calls = []
    worker = threading.Thread(target=lambda: runner.post(lambda value: calls.append((value, threading.get_ident())), 7))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    assert calls == [(7, gui_thread)]


def test_sync_runner_runs_at_once():
    runner = SyncTaskRunner()
    seen = []
    runner.run_task(lambda: "x", lambda result, error: seen.append((result, error)))
    runner.post(seen.append, "posted")
    assert seen == [("x", None), "posted"]
