"""Monte Carlo draws (IPCC 2006 GL Vol. 1 Ch. 3, Approach 2) with a leading iteration axis.

A project declares ``uncertainty.monte_carlo`` (iterations, seed, chunk) and, optionally,
distributions of input values by the path the methodology traces them under; parameter rows
that give a distribution, or a range (``min``/``max``, read as triangular about the value),
are drawn too. The methodology's own equations then run on arrays with a leading iteration
axis, chunk by chunk, so memory stays bounded.

Streams: every random variable (and every element of a per-stratum or per-key array) has its
own stream, derived from the seed with ``numpy.random.SeedSequence`` and spawn keys made of the
variable's name, the element and a block of :data:`BLOCK` iterations. The draws of iteration i
are therefore the same whatever the chunk size or the order chunks are computed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from mrv.model.uncertainty import InputDistribution

__all__ = ["BLOCK", "Draw", "Sampler", "relative_draw", "summarise"]

#: Iterations per stream block; draws are made per block and sliced, so chunks may be any size.
BLOCK = 256
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Draw:
    """A distribution in absolute terms: what to draw around a central value."""

    kind: Literal["normal", "lognormal", "uniform", "triangular"]
    sd: FloatArray | float = 0.0
    low: FloatArray | float = 0.0
    mode: FloatArray | float = 0.0
    high: FloatArray | float = 0.0
    mean: FloatArray | float = 0.0


def _key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


class Sampler:
    """Draws the iterations ``start`` to ``stop`` of every random variable, reproducibly."""

    generator = "PCG64"

    def __init__(self, seed: int, start: int, stop: int) -> None:
        self.seed = seed
        self.start = start
        self.stop = stop

    @property
    def size(self) -> int:
        """Iterations in this window."""
        return self.stop - self.start

    def _standard(self, name: str, element: str, kind: str) -> FloatArray:
        """Draw standard values (normal, or uniform on [0, 1)) of one element for this window."""
        first, last = self.start // BLOCK, (self.stop - 1) // BLOCK
        pieces = []
        for block in range(first, last + 1):
            sequence = np.random.SeedSequence(
                self.seed, spawn_key=(_key(name), _key(element), block)
            )
            rng = np.random.Generator(np.random.PCG64(sequence))
            values = rng.standard_normal(BLOCK) if kind == "normal" else rng.random(BLOCK)
            pieces.append(values)
        joined = np.concatenate(pieces)
        offset = self.start - first * BLOCK
        return joined[offset : offset + self.size]

    def _standard_block(self, name: str, width: int, kind: str) -> FloatArray:
        """Draw standard values for ``width`` positional elements, one stream per block."""
        first, last = self.start // BLOCK, (self.stop - 1) // BLOCK
        pieces = []
        for block in range(first, last + 1):
            sequence = np.random.SeedSequence(self.seed, spawn_key=(_key(name), _key("*"), block))
            rng = np.random.Generator(np.random.PCG64(sequence))
            pieces.append(
                rng.standard_normal((BLOCK, width))
                if kind == "normal"
                else rng.random((BLOCK, width))
            )
        offset = self.start - first * BLOCK
        joined = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
        return joined[offset : offset + self.size]

    def draw(self, name: str, elements: Sequence[str] | int, draw: Draw) -> FloatArray:
        """Draw values with shape ``(iterations, elements)``.

        Named elements (stratum ids, parameter keys) each have their own stream, so adding or
        reordering strata leaves the others' draws alone; elements given as a count (plots,
        trees) share one stream per block, ordered by position.
        """
        kind = "normal" if draw.kind in {"normal", "lognormal"} else "uniform"
        if isinstance(elements, int):
            base = self._standard_block(name, elements, kind)
        else:
            columns = [self._standard(name, element, kind) for element in elements]
            base = np.stack(columns, axis=-1) if columns else np.empty((self.size, 0))
        if draw.kind == "normal":
            if (
                isinstance(elements, int)
                and np.shape(draw.sd) == np.shape(draw.mean) == base.shape[1:]
            ):
                base *= draw.sd  # the block's own array: scaled in place, as mean + sd * base
                base += draw.mean
                return base
            return np.asarray(draw.mean + draw.sd * base, dtype=np.float64)
        if draw.kind == "lognormal":
            mean = np.asarray(draw.mean, dtype=np.float64)
            sigma2 = np.log1p((np.asarray(draw.sd) / np.where(mean == 0, 1.0, mean)) ** 2)
            mu = np.log(np.where(mean == 0, 1.0, mean)) - sigma2 / 2
            return np.where(mean == 0, 0.0, np.exp(mu + np.sqrt(sigma2) * base))
        if draw.kind == "uniform":
            return np.asarray(
                draw.low + (np.asarray(draw.high) - draw.low) * base, dtype=np.float64
            )
        low, mode, high = (
            np.asarray(value, dtype=np.float64) for value in (draw.low, draw.mode, draw.high)
        )
        width = np.where(high > low, high - low, 1.0)
        cut = (mode - low) / width
        left = low + np.sqrt(base * width * (mode - low))
        right = high - np.sqrt((1 - base) * width * (high - mode))
        return np.where(high > low, np.where(base < cut, left, right), mode)


def relative_draw(spec: InputDistribution, value: FloatArray | float) -> Draw:
    """Turn a relative input distribution into an absolute one around ``value``."""
    center = np.asarray(value, dtype=np.float64)
    if spec.kind in {"normal", "lognormal"}:
        return Draw(spec.kind, sd=np.abs(center) * float(spec.relative_sd or 0.0), mean=center)
    half = np.abs(center) * float(spec.relative_half_range or 0.0)
    return Draw(spec.kind, low=center - half, mode=center, high=center + half)


def summarise(values: FloatArray) -> dict[str, float | None]:
    """Mean, median, 90 % interval (5th and 95th percentiles) and half-width in per cent."""
    mean = float(np.mean(values))
    low, median, high = (float(value) for value in np.percentile(values, [5, 50, 95]))
    half = (high - low) / 2
    return {
        "mean": mean,
        "median": median,
        "ci90_low": low,
        "ci90_high": high,
        "half_width_percent": 100 * half / abs(mean) if mean else None,
    }
