"""Anti-aliased pooling: half the size, steadier under a one-pixel shift, and the same in the file."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.exported_model import export_and_check

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")


def _shift_change(pool: torch.nn.Module, images: torch.Tensor) -> float:
    """Mean change of the pooled map when the image moves one pixel right (border columns left out)."""
    moved = torch.roll(images, 1, dims=3)
    return float((pool(moved)[..., 2:-2] - pool(images)[..., 2:-2]).abs().mean())


def test_blur_pool_halves_the_map_and_moves_less_than_max_pooling_under_a_one_pixel_shift() -> None:
    from emotune.training.model import BlurPool

    torch.manual_seed(0)
    images = torch.rand(4, 3, 48, 48)
    blur, plain = BlurPool(), torch.nn.MaxPool2d(2)
    assert blur(images).shape == plain(images).shape == (4, 3, 24, 24)
    assert _shift_change(blur, images) < 0.6 * _shift_change(plain, images)
    constant = torch.full((1, 3, 48, 48), 0.25)
    torch.testing.assert_close(blur(constant), torch.full((1, 3, 24, 24), 0.25))  # no dimming at the edges


def test_a_blur_pool_network_exports_to_a_file_that_computes_what_it_computes(tmp_path: Path) -> None:
    from emotune.training.model import EmotionNet

    torch.manual_seed(1)
    model = EmotionNet((8, 8, 16, 16), blur_pool=True).eval()
    export_and_check(model, tmp_path / "blur.onnx")
