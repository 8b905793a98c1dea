"""Creating the demo library must not leave its peak behind: the app runs all day after it."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_the_demo_library_gives_its_memory_back(tmp_path):
    # In a child process, so that what the rest of the suite allocated does not blur the figure.
    script = textwrap.dedent(f"""
        from emotune.library.demo_library import generate_demo_library

        def rss_mb():
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024

        before = rss_mb()
        generate_demo_library(__import__("pathlib").Path({str(tmp_path)!r}), seconds=20.0)
        print(rss_mb() - before)
    """)
    grown = float(subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                                 text=True).stdout)
    assert grown < 60, f"RSS grew by {grown:.0f} MB and stayed"  # ~290 MB when the note cache stayed
