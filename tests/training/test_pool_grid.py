"""A pooling grid keeps apart where on the face a feature fired, and exports like the global pool."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.tools.exported_model import export_and_check

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")


def test_a_quadrant_grid_tells_a_feature_above_from_the_same_feature_below() -> None:
    from emotune.training.model import EmotionNet

    torch.manual_seed(0)
    maps = torch.zeros(2, 16, 6, 6)
    maps[0, 3, 1, 2] = maps[1, 3, 4, 2] = 1.0  # one channel fires high on the face, then low
    for grid, differs in ((1, False), (2, True)):
        head = EmotionNet((8, 8, 16, 16), pool_grid=grid).eval().head
        logits = head(maps)
        assert logits.shape == (2, 7)
        assert (not torch.allclose(logits[0], logits[1])) is differs


def test_a_grid_network_exports_to_a_file_that_computes_what_it_computes(tmp_path: Path) -> None:
    from emotune.training.model import EmotionNet
    from emotune.training.warm_start import load_exported

    torch.manual_seed(1)
    model = EmotionNet((8, 8, 16, 16), pool_grid=2).eval()
    path = tmp_path / "grid.onnx"
    faces = export_and_check(model, path)
    reloaded = EmotionNet((8, 8, 16, 16), pool_grid=2)
    load_exported(reloaded, path)
    with torch.no_grad():
        np.testing.assert_allclose(reloaded.eval()(faces).numpy(), model(faces).numpy(), atol=1e-5)
    with pytest.raises(ValueError, match="shape"):
        load_exported(EmotionNet((8, 8, 16, 16)), path)  # the global pool's head is 4x smaller
