"""Column arrays for one output table, in the generator's internal form.

Internally a table is a dict of equal-length NumPy arrays keyed by the schema's column names:
dates are int32 day numbers (NODATE = empty), references are row indices into the referenced
table (-1 = empty; extract.py turns them into identifiers), codes are indices into the column's
code list (-1 = empty), flags are int8 (1 Y, 0 N, -1 empty), floats use NaN for empty, and text is
either an object array (None = empty) or a `Txt` of indices into a small vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Frame = dict[str, "np.ndarray | Txt"]


@dataclass(frozen=True)
class Txt:
    """Text drawn from a fixed vocabulary: cheap to build, filter and write."""

    idx: np.ndarray
    vocab: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.idx.size

    def __getitem__(self, key) -> Txt:
        return Txt(self.idx[key], self.vocab)


def txt(idx: np.ndarray, vocab: tuple[str, ...] | list[str]) -> Txt:
    return Txt(np.asarray(idx, dtype=np.int32), tuple(vocab))


def flag(values: np.ndarray, known: np.ndarray | None = None) -> np.ndarray:
    out = np.asarray(values, dtype=bool).astype(np.int8)
    if known is not None:
        out[~np.asarray(known, dtype=bool)] = -1
    return out


def nrows(frame: Frame) -> int:
    return next(iter(frame.values())).size if frame else 0


def take(frame: Frame, idx: np.ndarray) -> Frame:
    return {k: v[idx] for k, v in frame.items()}


def concat(frames: list[Frame]) -> Frame:
    """Append frames with the same columns; Txt columns are merged onto one vocabulary."""
    frames = [f for f in frames if f]
    out: Frame = {}
    for k, first in frames[0].items():
        parts = [f[k] for f in frames]
        if isinstance(first, Txt):
            vocab = tuple(dict.fromkeys(w for p in parts for w in p.vocab))
            pos = {w: i for i, w in enumerate(vocab)}
            idx = []
            for p in parts:
                remap = np.array([pos[w] for w in p.vocab] + [-1], dtype=np.int32)
                idx.append(remap[p.idx])  # index -1 picks the trailing -1: empty stays empty
            out[k] = Txt(np.concatenate(idx), vocab)
        else:
            out[k] = np.concatenate(parts)
    return out


def numbered(prefix: str, n: int, width: int = 6, first: int = 1) -> np.ndarray:
    """Identifiers like CPM000001 for n rows, built by NumPy string operations (no per-row loop)."""
    digits = np.char.zfill(np.arange(first, first + n).astype(str), width)
    return np.char.add(prefix, digits).astype(object)
