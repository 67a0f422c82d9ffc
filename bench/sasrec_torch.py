"""Times SASRec training epochs in PyTorch, for the ratio to reelrank's own
trainer (bench/bench_sasrec.cpp) on the same data and configuration.

The same architecture as src/core/models/sasrec/sasrec_weights.hpp (pre-LN
blocks, fused QKV, causal attention, positions aligned to the end, final
LayerNorm, scores h . E[j]), the example's module
(examples/pytorch-sasrec/train_and_export.py); full-softmax
cross-entropy at every non-padding position, Adam (0.9, 0.98), dropout.
Each person's train + valid items, one window of the last maxLen + 1 (the
usual SASRec input, left-padded), so it does more padded work than the
core's packed batches.

    /usr/bin/python3 bench/sasrec_torch.py ../shared/data/next-item/kuairand [epochs] [threads]
"""
import os
import sys
import time

import torch
import torch.nn.functional as F


def load(folder):
    seqs, items = {}, {}
    for name in ("train.tsv", "valid.tsv"):
        with open(f"{folder}/{name}") as f:
            for line in f:
                u, i, _ = line.split("\t")
                seqs.setdefault(u, []).append(items.setdefault(i, len(items) + 1))
    return list(seqs.values()), len(items)


# The model is the example's (examples/pytorch-sasrec), whose parameter names
# are the .safetensors names reelrank imports.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "pytorch-sasrec"))
from train_and_export import Sasrec  # noqa: E402


def main():
    folder = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    torch.manual_seed(0)
    d, blocks, heads, max_len, batch, dropout = 64, 2, 1, 100, 128, 0.5
    seqs, items = load(folder)
    inputs = torch.zeros(len(seqs), max_len, dtype=torch.long)
    targets = torch.zeros(len(seqs), max_len, dtype=torch.long)
    for r, s in enumerate(seqs):
        s = s[-(max_len + 1):]
        inputs[r, max_len - len(s) + 1:] = torch.tensor(s[:-1])
        targets[r, max_len - len(s) + 1:] = torch.tensor(s[1:])
    model = Sasrec(items, d, blocks, heads, max_len, dropout)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    print(f"people {len(seqs)}, items {items}, target positions {(targets > 0).sum().item()}, threads {torch.get_num_threads()}")
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(len(seqs))
        total, count = 0.0, 0
        for at in range(0, len(seqs), batch):
            idx = order[at:at + batch]
            h = model(inputs[idx])
            t = targets[idx]
            keep = t > 0
            logits = h[keep] @ model.item_embedding.weight[1:].T
            loss = F.cross_entropy(logits, t[keep] - 1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * keep.sum().item()
            count += keep.sum().item()
        print(f"epoch {epoch}  loss {total / count:.4f}  {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
