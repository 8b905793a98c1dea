"""Train the emotion CNN on FER2013 Training, calibrate it on PublicTest, export it to ONNX.

    python -m emotune.training.train --data data_cache/fer2013.npz --out models/emotion.onnx \
        --run-dir ~/.cache/emotune-train/RUN --soft-out models/teachers/RUN.npz

The shipped output learns the FER2013 label (one-hot, smoothed); the FER+ crowd-vote distribution
is a second head with its own loss (``--ferplus-head-weight``), because the FER+ majority agrees with
the FER2013 label on only two faces in three and would pull the measured output away from it.
``--teacher`` files (soft predictions of earlier runs) turn the run into distillation: their
averaged, tempered distribution is mixed into the label target (``--distill-weight``). ``--init``
starts from an exported model's weights instead of random ones (``warm_start``), batch norms frozen;
``--swa-lr`` then continues it by stochastic weight averaging.

A run is a unit that survives the end of a session: with ``--run-dir`` it saves everything after
every epoch and resumes from there when started again with the same command. The weights that are
evaluated, exported and written as soft predictions are an average of the trained ones: an
exponential moving average (EMA) over steps, or with ``--swa-lr`` the equal average of each epoch's end. ``--mixup`` blends each batch with itself shuffled (``mixup``), for runs of 60+ epochs.
The schedule is fixed (no early stopping, no model selection on PublicTest);
PublicTest is used once, to fit the calibration, and is printed per epoch only to watch the run.
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
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from emotune.inference.emotion_model import preprocess
from emotune.training.export import export_onnx, label_frequencies
from emotune.training.fer_data import FerSplit, load_cache, read_fer_csv
from emotune.training.mixup import Batch, mix, mixing_share
from emotune.training.model import EmotionNet
from emotune.training.warm_start import freeze_batch_norm, load_exported


def ferplus_distribution(split: FerSplit) -> tuple[np.ndarray, np.ndarray]:
    """(N, 7) FER+ vote shares over the 7 classes, and (N,) whether the row has any such votes."""
    votes = split.ferplus_votes.astype(np.float32)
    totals = votes.sum(axis=1, keepdims=True)
    has_votes = totals[:, 0] > 0
    return np.where(has_votes[:, None], votes / np.maximum(totals, 1), 0).astype(np.float32), has_votes


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


def _shifted(inputs: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """The faces moved by (dy, dx) pixels, edges repeated: a crop a little off centre."""
    padded = F.pad(inputs, (2, 2, 2, 2), mode="replicate")
    return padded[:, :, 2 + dy:2 + dy + inputs.shape[2], 2 + dx:2 + dx + inputs.shape[3]]


@torch.no_grad()
def averaged_logits(model: EmotionNet, inputs: torch.Tensor) -> torch.Tensor:
    """Logits averaged over 6 views (the face and its mirror, each centred and shifted 2 px two ways):
    steadier soft predictions for distillation than one view gives."""
    views = [inputs, inputs.flip(3)]
    views += [_shifted(view, d, d) for view in views[:2] for d in (-2, 2)]
    return torch.stack([predict_logits(model, view) for view in views]).mean(0)


def bf16_available(device: torch.device) -> bool:
    """bf16 autocast pays only with native support: AVX512-BF16 / AMX on a CPU, or a CUDA GPU with it."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    return bool(check and check())


def load_teachers(paths: list[Path], n_train: int, temperature: float) -> np.ndarray:
    """Average of the teachers' tempered softmax over the Training rows."""
    shares = []
    for path in paths:
        with np.load(path) as saved:
            logits = saved["training"].astype(np.float32)
        if len(logits) != n_train:
            raise SystemExit(f"{path}: {len(logits)} Training rows, the data has {n_train}")
        shares.append(torch.softmax(torch.from_numpy(logits) / temperature, dim=1).numpy())
    return np.mean(shares, axis=0).astype(np.float32)


def held_out_rows(n_rows: int, folds: int, fold: int) -> np.ndarray:
    """(n_rows,) bool: the Training rows of ``fold`` (row number modulo ``folds``), none when folds is 0.

    A teacher trained without them predicts them as faces it has never seen, which is what
    cross-fitted soft targets are made of (``emotune.training.crossfit`` joins the folds)."""
    if not folds:
        return np.zeros(n_rows, dtype=bool)
    return np.arange(n_rows) % folds == fold


def _save_atomically(state: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(state, partial)
    partial.replace(path)


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
    return float(log_temperature.detach().exp()), bias.detach()


def _same_run(saved: dict[str, str], current: dict[str, str], parser: argparse.ArgumentParser) -> bool:
    """Whether a checkpoint's settings are this command's; one written before an option existed ran
    with that option's default."""
    def setting(key: dict[str, str], name: str) -> str:
        return key.get(name, str(parser.get_default(name)))
    return all(setting(saved, name) == setting(current, name) for name in saved.keys() | current.keys())


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
    parser.add_argument("--blur-pool", action="store_true",
                        help="anti-aliased max-pooling (BlurPool): steadier under one-pixel shifts")
    parser.add_argument("--pool-grid", type=int, default=1,
                        help="average-pool the last feature map to this grid (1 = global, 2 = quadrants)")
    parser.add_argument("--smoothing", type=float, default=0.1, help="label smoothing of the FER2013 target")
    parser.add_argument("--ferplus-weight", type=float, default=0.0,
                        help="share of the FER+ distribution mixed into the main target (0.5 in model v1)")
    parser.add_argument("--ferplus-head-weight", type=float, default=0.5,
                        help="weight of the second head's loss against the FER+ distribution (0 = off)")
    parser.add_argument("--ema-decay", type=float, default=0.999, help="per-step EMA of the weights (0 = off)")
    parser.add_argument("--teacher", type=Path, action="append", default=[],
                        help="soft predictions of a teacher run (repeatable): distil them")
    parser.add_argument("--distill-weight", type=float, default=0.7, help="teacher share of the main target")
    parser.add_argument("--distill-temperature", type=float, default=2.0)
    parser.add_argument("--mixup", type=float, default=0.0,
                        help="blend every batch with itself shuffled, the share drawn from Beta(a, a) (0 = off)")
    parser.add_argument("--init", type=Path,
                        help="start from this exported ONNX model's weights (same widths), batch norms frozen")
    parser.add_argument("--swa-lr", type=float,
                        help="with --init: stochastic weight averaging (Izmailov et al. 2018), a constant learning "
                             "rate and the equal average of the weights at every epoch's end, in place of the "
                             "one-cycle schedule and the EMA")
    parser.add_argument("--precision", choices=("auto", "fp32", "bf16"), default="auto",
                        help="auto: bf16 autocast where the hardware has it; evaluation is always fp32")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = torch's default)")
    parser.add_argument("--limit", type=int, help="use only this many training rows (smoke tests)")
    parser.add_argument("--run-dir", type=Path, help="checkpoint here after every epoch; resume from it")
    parser.add_argument("--soft-out", type=Path,
                        help="write the run's view-averaged logits (float16) for Training and PublicTest here")
    parser.add_argument("--report", type=Path, help="write a JSON summary of the run here")
    parser.add_argument("--folds", type=int, default=0,
                        help="cross-fitting: split Training into this many folds by row number (0 = off)")
    parser.add_argument("--fold", type=int, default=0,
                        help="with --folds: the fold held out of training, whose soft predictions are unseen faces")
    args = parser.parse_args(argv)
    if args.folds and not 0 <= args.fold < args.folds:
        parser.error(f"--fold must lie in 0..{args.folds - 1}")
    if args.swa_lr and not args.init:
        # Trained batch norms would need their statistics recomputed for the averaged weights;
        # the frozen ones of a warm start hold still.
        parser.error("--swa-lr continues an exported model: it needs --init")

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    use_bf16 = args.precision == "bf16" or (args.precision == "auto" and bf16_available(device))
    if args.data.suffix == ".npz":
        data = load_cache(args.data)
    else:
        data = read_fer_csv(args.data, args.ferplus, usages=("Training", "PublicTest"))
    train, public = data.select("Training"), data.select("PublicTest")
    if args.limit:
        train, public = train.take(slice(args.limit)), public.take(slice(args.limit))
    # The very function the app uses turns faces into network input.
    train_x = torch.from_numpy(preprocess(list(train.pixels)))
    targets_np = soft_targets(train, args.ferplus_weight, args.smoothing)
    if args.teacher:
        teacher = load_teachers(args.teacher, len(train), args.distill_temperature)
        targets_np = (1 - args.distill_weight) * targets_np + args.distill_weight * teacher
    train_y = torch.from_numpy(targets_np)
    ferplus_np, has_votes_np = ferplus_distribution(train)
    train_ferplus, train_has_votes = torch.from_numpy(ferplus_np), torch.from_numpy(has_votes_np)
    public_x = torch.from_numpy(preprocess(list(public.pixels)))
    public_y = torch.from_numpy(public.labels)
    all_train_x = train_x
    held_out = held_out_rows(len(train), args.folds, args.fold)
    if held_out.any():
        kept = torch.from_numpy(~held_out)
        train_x, train_y = train_x[kept], train_y[kept]
        train_ferplus, train_has_votes = train_ferplus[kept], train_has_votes[kept]

    widths = tuple(int(w) for w in args.widths.split(","))
    model = EmotionNet(widths, blur_pool=args.blur_pool, pool_grid=args.pool_grid)
    if args.init:
        load_exported(model, args.init)
    model = model.to(device).to(memory_format=torch.channels_last)
    steps_per_epoch = math.ceil(len(train_x) / args.batch_size)
    if args.swa_lr:
        averaged = AveragedModel(model)
        optimizer = torch.optim.AdamW(model.parameters(), lr=args.swa_lr, weight_decay=args.weight_decay)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0)
    else:
        averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(args.ema_decay), use_buffers=True) \
            if args.ema_decay > 0 else None
        optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,
                                                        steps_per_epoch=steps_per_epoch, pct_start=0.15)
    generator = torch.Generator().manual_seed(args.seed)
    mixing = np.random.default_rng([args.seed, 1])
    history: list[dict] = []
    first_epoch, seconds_before = 1, 0.0
    checkpoint = args.run_dir / "checkpoint.pt" if args.run_dir else None
    run_key = {k: str(v) for k, v in vars(args).items() if k not in ("threads", "run_dir", "report", "out", "soft_out")}
    if checkpoint and checkpoint.exists():
        saved = torch.load(checkpoint, map_location=device, weights_only=False)
        if not _same_run(saved["run_key"], run_key, parser):
            raise SystemExit(f"{checkpoint} belongs to another run ({saved['run_key']}); "
                             "use another --run-dir or delete it")
        model.load_state_dict(saved["model"])
        if averaged is not None:
            averaged.load_state_dict(saved["averaged"] if "averaged" in saved else saved["ema"])  # the older name
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        generator.set_state(saved["generator"])
        mixing.bit_generator.state = saved["mixing"]  # older checkpoints fail the run key check above
        history, first_epoch, seconds_before = saved["history"], saved["epoch"] + 1, saved["seconds"]
        print(f"resuming {checkpoint} after epoch {saved['epoch']}", flush=True)
    averaging = f"SWA at lr {args.swa_lr}" if args.swa_lr else f"EMA {args.ema_decay or 'off'}"
    print(f"{len(train_x)} training faces, widths {widths}, {'bf16 autocast' if use_bf16 else 'fp32'}, "
          f"{averaging}, {len(args.teacher)} teacher(s), "
          f"{f'from {args.init}' if args.init else 'from random weights'}", flush=True)
    evaluated = averaged.module if averaged is not None else model
    started = time.perf_counter() - seconds_before
    for epoch in range(first_epoch, args.epochs + 1):
        model.train()
        if args.init:
            freeze_batch_norm(model)
        order = torch.randperm(len(train_x), generator=generator)
        total_loss = 0.0
        for step in range(steps_per_epoch):
            index = order[step * args.batch_size:(step + 1) * args.batch_size]
            batch = Batch(augment(train_x[index], generator).to(device), train_y[index].to(device),
                          train_ferplus[index].to(device), train_has_votes[index].to(device))
            if args.mixup > 0:
                batch = mix(batch, mixing_share(mixing, args.mixup), torch.randperm(len(index), generator=generator))
            inputs, targets = batch.inputs.contiguous(memory_format=torch.channels_last), batch.targets
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
                main_logits, ferplus_logits = model.both_logits(inputs)
            loss = torch.sum(-targets * F.log_softmax(main_logits.float(), dim=1), dim=1).mean()
            if args.ferplus_head_weight > 0:
                ferplus_loss = torch.sum(-batch.ferplus * F.log_softmax(ferplus_logits.float(), dim=1), dim=1)
                voted_mean = (ferplus_loss * batch.voted).sum() / batch.voted.sum().clamp(min=1)
                loss = loss + args.ferplus_head_weight * voted_mean
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            if averaged is not None and not args.swa_lr:
                averaged.update_parameters(model)
            total_loss += loss.item() * len(index)
        if args.swa_lr:
            averaged.update_parameters(model)
        public_acc = float((predict_logits(evaluated, public_x.to(device)).argmax(1).cpu() == public_y).float().mean())
        elapsed = time.perf_counter() - started
        history.append({"epoch": epoch, "loss": total_loss / len(train_x), "public_acc": public_acc,
                        "seconds": elapsed})
        print(f"epoch {epoch:3d}/{args.epochs} loss {total_loss / len(train_x):.4f} "
              f"public acc {public_acc:.4f} [{elapsed:.0f} s]", flush=True)
        if checkpoint:
            _save_atomically({"model": model.state_dict(), "averaged": averaged.state_dict() if averaged else None,
                              "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                              "generator": generator.get_state(), "mixing": mixing.bit_generator.state,
                              "history": history, "epoch": epoch,
                              "seconds": elapsed, "run_key": run_key, "widths": widths,
                              "blur_pool": args.blur_pool, "pool_grid": args.pool_grid,
                              "state": evaluated.state_dict()}, checkpoint)

    evaluated = evaluated.cpu().eval()
    if args.soft_out:
        args.soft_out.parent.mkdir(parents=True, exist_ok=True)
        public_soft = averaged_logits(evaluated, public_x)
        soft_acc = float((public_soft.argmax(1) == public_y).float().mean())
        np.savez_compressed(args.soft_out, training=averaged_logits(evaluated, all_train_x).numpy().astype(np.float16),
                            public=public_soft.numpy().astype(np.float16), held_out=held_out,
                            meta=json.dumps({"widths": widths, "epochs": args.epochs, "seed": args.seed,
                                             "public_acc_view_averaged": round(soft_acc, 4)}))
        print(f"soft predictions -> {args.soft_out} (6-view PublicTest acc {soft_acc:.4f})", flush=True)
    logits = predict_logits(evaluated, public_x)
    temperature, bias = fit_calibration(logits, public_y)
    evaluated.temperature.fill_(temperature)
    evaluated.class_bias.copy_(bias)
    export_onnx(evaluated, args.out, label_frequencies(public.labels))
    summary = {"seed": args.seed, "widths": widths, "epochs": args.epochs, "temperature": temperature,
               "class_bias": bias.tolist(), "precision": "bf16" if use_bf16 else "fp32",
               "train_rows": len(train_x), "seconds": time.perf_counter() - started, "history": history,
               "args": {k: str(v) for k, v in vars(args).items()}}
    print(f"temperature {temperature:.3f}; exported {args.out}", flush=True)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
