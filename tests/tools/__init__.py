"""Test utilities: synthetic webcam frames and videos built from real FER2013 faces (also used by
``python -m emotune.bench.perception``, run from the repository root)."""
