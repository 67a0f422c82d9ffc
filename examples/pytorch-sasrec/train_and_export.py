"""Trains a SASRec in PyTorch and exports it for reelrank's
rr.Model.fromSafetensors (docs/models.md, "Importing SASRec weights").

The module's parameter names are the .safetensors names reelrank reads
(item_embedding, position_embedding, block.{b}.norm1 / qkv / proj / norm2 /
ffn1 / ffn2, final_norm), so the export is a rename of three embedding keys
and a small header. Input: tab-separated user, item, timestamp rows (the
next-item split files of ../shared/data/next-item are such files).

    /usr/bin/python3 train_and_export.py TRAIN.tsv OUT_DIR [epochs]

writes OUT_DIR/sasrec.safetensors, OUT_DIR/items.json (the ids in embedding
row order: row r + 1 is items[r]) and OUT_DIR/check.json (one person's last
events and the model's top 10 for them, for recommend.mjs to compare).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)  # qkv rows: all of Q, then K, then V
        self.ffn1, self.ffn2 = nn.Linear(d, d), nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        b, length, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(d, dim=-1)
        shape = (b, length, self.heads, d // self.heads)
        q, k, v = (t.reshape(shape).transpose(1, 2) for t in (q, k, v))
        att = ((q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads)).masked_fill(mask, float("-inf")).softmax(-1)
        x = x + self.drop(self.proj((att @ v).transpose(1, 2).reshape(b, length, d)))
        return x + self.drop(self.ffn2(F.relu(self.ffn1(self.norm2(x)))))


class Sasrec(nn.Module):
    def __init__(self, items, d=64, blocks=2, heads=1, max_len=100, dropout=0.5):
        super().__init__()
        self.d, self.heads, self.max_len = d, heads, max_len
        self.item_embedding = nn.Embedding(items + 1, d, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, d)
        for e in (self.item_embedding, self.position_embedding):
            nn.init.normal_(e.weight, std=d ** -0.5)
        with torch.no_grad():
            self.item_embedding.weight[0].zero_()
        self.block = nn.ModuleList(Block(d, heads, dropout) for _ in range(blocks))
        self.final_norm = nn.LayerNorm(d, eps=1e-5)
        self.drop = nn.Dropout(dropout)

    def forward(self, seq):  # seq: [batch, max_len], left-padded with 0, most recent last
        x = self.item_embedding(seq) * math.sqrt(self.d) + self.position_embedding.weight
        x = self.drop(x)
        # Causal, and no real event attends to padding: reelrank runs on the
        # person's events alone (the last at position max_len - 1), so padding
        # must not change them. A padded row attends to itself only (finite).
        L = self.max_len
        causal = torch.triu(torch.ones(L, L, dtype=torch.bool), 1)
        padded_key = (seq == 0)[:, None, None, :] & ~torch.eye(L, dtype=torch.bool)
        mask = causal | padded_key
        for blk in self.block:
            x = blk(x, mask)
        return self.final_norm(x)


def export(model, path):
    """The .safetensors layout: u64 header length, JSON header, raw little-endian float32."""
    rename = {"item_embedding.weight": "item_embedding", "position_embedding.weight": "position_embedding"}
    tensors = {rename.get(k, k): v.detach().float().contiguous() for k, v in model.state_dict().items()}
    header, blobs, at = {}, [], 0
    for name, t in tensors.items():
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(data)]}
        blobs.append(data)
        at += len(data)
    header["__metadata__"] = {"architecture": "sasrec", "max_len": str(model.max_len), "heads": str(model.heads)}
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    train, out = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    torch.manual_seed(0)
    seqs, index = {}, {}
    with open(train) as f:
        for line in f:
            user, item, _ = line.rstrip("\n").split("\t")
            seqs.setdefault(user, []).append(index.setdefault(item, len(index) + 1))
    model = Sasrec(len(index))
    L = model.max_len
    inputs = torch.zeros(len(seqs), L, dtype=torch.long)
    targets = torch.zeros(len(seqs), L, dtype=torch.long)
    for r, s in enumerate(seqs.values()):
        s = s[-(L + 1):]
        inputs[r, L - len(s) + 1:] = torch.tensor(s[:-1])
        targets[r, L - len(s) + 1:] = torch.tensor(s[1:])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(seqs))
        for at in range(0, len(seqs), 128):
            idx = order[at:at + 128]
            h, t = model(inputs[idx]), targets[idx]
            keep = t > 0
            loss = F.cross_entropy(h[keep] @ model.item_embedding.weight[1:].T, t[keep] - 1)
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}", flush=True)
    model.eval()
    os.makedirs(out, exist_ok=True)
    export(model, os.path.join(out, "sasrec.safetensors"))
    ids = [None] * len(index)
    for item, row in index.items():
        ids[row - 1] = item
    with open(os.path.join(out, "items.json"), "w") as f:
        json.dump(ids, f)
    # One person's last events and the model's top 10 (their own items included).
    user, s = next(iter(seqs.items()))
    s = s[-L:]
    seq = torch.zeros(1, L, dtype=torch.long)
    seq[0, L - len(s):] = torch.tensor(s)
    with torch.no_grad():
        scores = model(seq)[0, -1] @ model.item_embedding.weight[1:].T
    top = torch.topk(scores, 10)
    with open(os.path.join(out, "check.json"), "w") as f:
        json.dump({"user": user, "events": [ids[i - 1] for i in s],
                   "top": [ids[i] for i in top.indices.tolist()], "scores": top.values.tolist()}, f)


if __name__ == "__main__":
    main()
