"""Train the emotion CNN on FER2013 Training, calibrate it on PublicTest, export it to ONNX.

Reproduces the shipped model (see models/MODEL_CARD.md for the exact command and seed):

    python -m emotune.training.train --data data_cache/fer2013.npz --out models/emotion.onnx

Targets mix the original FER2013 label with the FER+ crowd-vote distribution of the same face
(``--ferplus-weight``): the crowd votes soften the noisy single labels. The schedule is fixed (no
early stopping, no model selection on PublicTest); PublicTest is used once, to fit the calibration
(temperature and per-class bias), and is printed per epoch only to watch the run.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from emotune.inference.emotion_model import preprocess
from emotune.training.export import export_onnx, label_frequencies
from emotune.training.fer_data import FerSplit, load_cache, read_fer_csv
from emotune.training.model import EmotionNet


def soft_targets(split: FerSplit, ferplus_weight: float, smoothing: float) -> np.ndarray:
    """(N, 7) targets: (1 - w) * smoothed one-hot FER2013 label + w * FER+ vote distribution."""
    n_classes = split.ferplus_votes.shape[1]
    onehot = np.full((len(split), n_classes), smoothing / n_classes, dtype=np.float32)
    onehot[np.arange(len(split)), split.labels] += 1.0 - smoothing
    votes = split.ferplus_votes.astype(np.float32)
    totals = votes.sum(axis=1, keepdims=True)
    has_votes = totals[:, 0] > 0
    targets = onehot.copy()
    targets[has_votes] = (1 - ferplus_weight) * onehot[has_votes] + ferplus_weight * votes[has_votes] / totals[has_votes]
    return targets


def augment(batch: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random flip, rotation (±12°), scale (0.88–1.12), shift (±10%), brightness/contrast, erasing."""
    n = batch.shape[0]
    angle = (torch.rand(n, generator=generator) * 2 - 1) * math.radians(12)
    scale = 1 + (torch.rand(n, generator=generator) * 2 - 1) * 0.12
    flip = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
    shift = (torch.rand(n, 2, generator=generator) * 2 - 1) * 0.2
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, shift[:, 0]], 1),
                         torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    out = F.grid_sample(batch, grid, mode="bilinear", padding_mode="border", align_corners=False)
    contrast = 1 + (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * 0.3
    brightness = (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * 0.1
    mean = out.mean(dim=(2, 3), keepdim=True)
    out = ((out - mean) * contrast + mean + brightness).clamp(0, 1)
    erase = torch.rand(n, generator=generator) < 0.25
    for i in torch.nonzero(erase).flatten().tolist():
        size = int(torch.randint(8, 20, (1,), generator=generator))
        y, x = (int(v) for v in torch.randint(0, 48 - size, (2,), generator=generator))
        out[i, :, y:y + size, x:x + size] = float(torch.rand(1, generator=generator))
    return out


@torch.no_grad()
def predict_logits(model: EmotionNet, inputs: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    model.eval()
    return torch.cat([model.logits(inputs[i:i + batch_size].contiguous(memory_format=torch.channels_last))
                      for i in range(0, len(inputs), batch_size)])


def fit_calibration(logits: torch.Tensor, labels: torch.Tensor) -> tuple[float, torch.Tensor]:
    """A softmax temperature and one bias per class minimising negative log-likelihood (vector scaling
    restricted to a shared temperature, Guo et al. 2017).

    The per-class bias undoes the prior shift that the FER+ soft targets bring (FER+ voters say
    "neutral" far more often than FER2013's labels do), which a temperature alone cannot."""
    log_temperature = torch.zeros((), requires_grad=True)
    bias = torch.zeros(logits.shape[1], requires_grad=True)
    optimizer = torch.optim.LBFGS([log_temperature, bias], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = F.cross_entropy(logits / log_temperature.exp() + bias, labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_temperature.exp()), bias.detach()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="cache from emotune.training.prepare, or a FER2013 CSV")
    parser.add_argument("--ferplus", type=Path, help="fer2013new.csv, when --data is a CSV")
    parser.add_argument("--out", type=Path, default=Path("models/emotion.onnx"))
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--widths", type=str, default="24,48,96,192")
    parser.add_argument("--ferplus-weight", type=float, default=0.5)
    parser.add_argument("--smoothing", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = torch's default)")
    parser.add_argument("--limit", type=int, help="use only this many training rows (smoke tests)")
    parser.add_argument("--checkpoint", type=Path, help="save the model state here after every epoch")
    parser.add_argument("--report", type=Path, help="write a JSON summary of the run here")
    args = parser.parse_args(argv)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if args.data.suffix == ".npz":
        data = load_cache(args.data)
    else:
        data = read_fer_csv(args.data, args.ferplus, usages=("Training", "PublicTest"))
    train, public = data.select("Training"), data.select("PublicTest")
    if args.limit:
        train, public = train.take(slice(args.limit)), public.take(slice(args.limit))
    # The very function the app uses turns faces into network input.
    train_x = torch.from_numpy(preprocess(list(train.pixels)))
    train_y = torch.from_numpy(soft_targets(train, args.ferplus_weight, args.smoothing))
    public_x = torch.from_numpy(preprocess(list(public.pixels)))
    public_y = torch.from_numpy(public.labels)

    widths = tuple(int(w) for w in args.widths.split(","))
    model = EmotionNet(widths).to(device).to(memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = math.ceil(len(train_x) / args.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,
                                                    steps_per_epoch=steps_per_epoch, pct_start=0.15)
    generator = torch.Generator().manual_seed(args.seed)
    history = []
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        total_loss = 0.0
        for step in range(steps_per_epoch):
            index = order[step * args.batch_size:(step + 1) * args.batch_size]
            inputs = augment(train_x[index], generator).to(device).contiguous(memory_format=torch.channels_last)
            targets = train_y[index].to(device)
            loss = torch.sum(-targets * F.log_softmax(model.logits(inputs), dim=1), dim=1).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(index)
        public_acc = float((predict_logits(model, public_x.to(device)).argmax(1).cpu() == public_y).float().mean())
        history.append({"epoch": epoch, "loss": total_loss / len(train_x), "public_acc": public_acc})
        print(f"epoch {epoch:3d}/{args.epochs} loss {total_loss / len(train_x):.4f} "
              f"public acc {public_acc:.4f} [{time.perf_counter() - started:.0f} s]", flush=True)
        if args.checkpoint:
            args.checkpoint.parent.mkdir(parents=True, exist_ok=True)
            torch.save({"state": model.state_dict(), "widths": widths, "epoch": epoch}, args.checkpoint)

    logits = predict_logits(model, public_x.to(device)).cpu()
    temperature, bias = fit_calibration(logits, public_y)
    model.temperature.fill_(temperature)
    model.class_bias.copy_(bias)
    export_onnx(model.cpu(), args.out, label_frequencies(public.labels))
    summary = {"seed": args.seed, "widths": widths, "epochs": args.epochs, "temperature": temperature,
               "class_bias": bias.tolist(),
               "train_rows": len(train_x), "seconds": time.perf_counter() - started, "history": history,
               "args": {k: str(v) for k, v in vars(args).items()}}
    print(f"temperature {temperature:.3f}; exported {args.out}", flush=True)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
