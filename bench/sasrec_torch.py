"""Times SASRec training epochs in PyTorch, for the ratio to reelrank's own
trainer (bench/bench_sasrec.cpp) on the same data and configuration.

The same architecture as src/core/models/sasrec/sasrec_weights.hpp (pre-LN
blocks, fused QKV, causal attention, positions aligned to the end, final
LayerNorm, scores h . E[j]), written independently here; full-softmax
cross-entropy at every non-padding position, Adam (0.9, 0.98), dropout.
Each person's train + valid items, one window of the last maxLen + 1 (the
usual SASRec input, left-padded), so it does more padded work than the
core's packed batches.

    /usr/bin/python3 bench/sasrec_torch.py ../shared/data/next-item/kuairand [epochs] [threads]
"""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def load(folder):
    seqs, items = {}, {}
    for name in ("train.tsv", "valid.tsv"):
        with open(f"{folder}/{name}") as f:
            for line in f:
                u, i, _ = line.split("\t")
                seqs.setdefault(u, []).append(items.setdefault(i, len(items) + 1))
    return list(seqs.values()), len(items)


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ffn1, self.ffn2 = nn.Linear(d, d), nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        b, length, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(d, dim=-1)
        shape = (b, length, self.heads, d // self.heads)
        q, k, v = (t.reshape(shape).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, length, d)
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.ffn2(F.relu(self.ffn1(self.norm2(x)))))


class Sasrec(nn.Module):
    def __init__(self, items, d, blocks, heads, max_len, dropout):
        super().__init__()
        self.d = d
        self.item = nn.Embedding(items + 1, d, padding_idx=0)
        self.pos = nn.Embedding(max_len, d)
        # As the core initialises them (N(0, 1/d), so E sqrt(d) has unit
        # entries): PyTorch's N(0, 1) makes logits of scale sqrt(d), a first
        # loss near 44 and, from the underflowing softmax, denormals that
        # made an epoch ten times slower.
        for emb in (self.item, self.pos):
            nn.init.normal_(emb.weight, std=d ** -0.5)
        with torch.no_grad():
            self.item.weight[0].zero_()
        self.blocks = nn.ModuleList(Block(d, heads, dropout) for _ in range(blocks))
        self.norm = nn.LayerNorm(d, eps=1e-5)
        self.drop = nn.Dropout(dropout)

    def forward(self, seq):
        length = seq.shape[1]
        x = self.item(seq) * math.sqrt(self.d) + self.pos.weight[:length]
        x = self.drop(x)
        # Causal, and no real event attends to padding (as in the core, which
        # runs on a person's events alone); a padded row attends to itself.
        mask = torch.triu(torch.ones(length, length, dtype=torch.bool), 1)
        mask = mask | ((seq == 0)[:, None, None, :] & ~torch.eye(length, dtype=torch.bool))
        for blk in self.blocks:
            x = blk(x, mask)
        return self.norm(x)


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
            logits = h[keep] @ model.item.weight[1:].T
            loss = F.cross_entropy(logits, t[keep] - 1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * keep.sum().item()
            count += keep.sum().item()
        print(f"epoch {epoch}  loss {total / count:.4f}  {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
