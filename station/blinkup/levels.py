"""Turning slot brightness into symbol levels when gain, offset and gamma are unknown.

Start from the two levels the preamble shows for sure, interpolate the others, then let the data
itself refine every level (a few rounds of 1-D k-means): hundreds of frames pin each level down far
better than a preamble could.
"""

from __future__ import annotations

import numpy as np


def classify(means: np.ndarray, centers: np.ndarray, rounds: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Nearest-center levels for ``means`` after refining ``centers`` (kept sorted) on them."""
    c = np.sort(np.asarray(centers, dtype=float))
    labels = np.zeros(len(means), dtype=int)
    for _ in range(rounds):
        labels = np.argmin(np.abs(means[:, None] - c[None, :]), axis=1)
        new = c.copy()
        for k in range(len(c)):
            sel = means[labels == k]
            if len(sel) >= 2:
                new[k] = float(np.mean(sel))
        new = np.sort(new)
        if np.allclose(new, c):
            break
        c = new
    labels = np.argmin(np.abs(means[:, None] - c[None, :]), axis=1)
    return labels, c
