#!/usr/bin/python3
"""PyTorch peer of bench/checkpoint_bench.cpp: torch.save / torch.load of the Keras MNIST
convnet with its Adam state (one step taken), the whole model object and a state-dict
checkpoint, median of REPS.   /usr/bin/python3 bench/peer_checkpoint.py [REPS] [FOLDER]"""
import os
import statistics
import sys
import tempfile
import time

import torch

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
folder = sys.argv[2] if len(sys.argv) > 2 else tempfile.gettempdir()
torch.set_num_threads(2)
nn = torch.nn


def build():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, 10))


model = build()
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss = nn.functional.cross_entropy(model(torch.rand(64, 1, 28, 28)), torch.randint(0, 10, (64,)))
loss.backward()
opt.step()


def median_ms(body):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        body()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


print(f"{'format':18s} {'save ms':>10s} {'load ms':>10s} {'MB':>10s}")
path = os.path.join(folder, "peer_checkpoint.pt")
checkpoint = lambda: {"model": model.state_dict(), "optimizer": opt.state_dict()}  # noqa: E731
save = median_ms(lambda: torch.save(checkpoint(), path))


# As load_model does: build the model afresh, then load the weights and the optimizer state.
def load():
    state = torch.load(path)
    fresh = build()
    fresh.load_state_dict(state["model"])
    torch.optim.Adam(fresh.parameters()).load_state_dict(state["optimizer"])


load_ms = median_ms(load)
print(f"{'state_dict .pt':18s} {save:10.1f} {load_ms:10.1f} {os.path.getsize(path) / 1e6:10.1f}")
os.remove(path)
