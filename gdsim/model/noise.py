"""Seeded Gaussian noise on the gradient a ball follows: g̃ = ∇f(x) + σ·ξ with ξ ~ N(0, I).

ξ is a pure function of (seed, stream, step, coordinate), counter-based: each number is hashed from its
counter with SplitMix64's finaliser (Steele, Lea and Flood 2014, the mixer numpy's SeedSequence work
also builds on) and two such uniforms give one normal by Box–Muller. No generator carries state from
step to step, so a run restored from a checkpoint, a branch, a step back or a replay draws exactly
the noise the first run drew, and a fan's N runs are N seeds of the same streams, all drawn at once
in a few numpy passes (numpy's Philox would need a generator object per ball and step).

A run's ball i uses stream i and the run's seed (`--seed`); run r of a fan uses seed + r, so a fan's
run 0 is the plain run.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from gdsim.model.limits import quoted

MAX_SEED = 2**32 - 1  # a run's noise seed is a whole number from 0 to this (a lesson's `seed`, the window's box)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = (np.uint64(k) for k in (30, 27, 31, 11))


def checked_seed(value) -> int:
    """A run's noise seed as an int, or ValueError saying what is allowed (a whole number 0 … MAX_SEED)."""
    whole = not isinstance(value, bool) and (isinstance(value, numbers.Integral) or (
        isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer()))
    if not whole or not 0 <= value <= MAX_SEED:  # a TOML integer may be of any size: no float() before this
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED:,}, got {quoted(value)}")
    return int(value)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a bijection of uint64 whose every output bit depends on every input bit."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def stream_keys(seeds, streams) -> np.ndarray:
    """One uint64 key per ball from its seed and its stream (both whole numbers ≥ 0)."""
    seeds = np.asarray(seeds, dtype=np.uint64)
    streams = np.asarray(streams, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _mix(_mix(seeds + _GOLDEN) ^ (streams * _GOLDEN + np.uint64(1)))


def standard_normal(keys: np.ndarray, step: int, dim: int) -> np.ndarray:
    """ξ of every key at `step`: an array (len(keys), dim) of independent N(0, 1) numbers."""
    keys = np.asarray(keys, dtype=np.uint64).reshape(-1, 1)
    with np.errstate(over="ignore"):
        at_step = _mix(keys ^ _mix(np.uint64(step) * _GOLDEN + np.uint64(0xD1B54A32D192ED03)))
        counters = np.arange(2 * dim, dtype=np.uint64) * _GOLDEN
        bits = _mix(at_step + counters)
    uniform = (bits >> _S11).astype(float) * 2.0 ** -53  # [0, 1)
    radius = np.sqrt(-2.0 * np.log1p(-uniform[:, :dim]))  # 1 − u is in (0, 1]: the log is finite
    return radius * np.cos(2.0 * np.pi * uniform[:, dim:])


class GradientNoise:
    """The noise of a run's balls: σ, seed and stream per ball; `shifts(t)` is every ball's σ·ξ at step t."""

    def __init__(self, sigmas, seeds, streams, dim: int):
        self.sigmas = np.asarray(sigmas, dtype=float).reshape(-1, 1)
        self.keys = stream_keys(np.broadcast_to(seeds, len(self.sigmas)), streams)
        self.dim = dim
        self.any = bool(np.any(self.sigmas))

    def shifts(self, step: int) -> np.ndarray:
        """σ·ξ of every ball at step `step` (counted from 0): zeros for a ball without noise."""
        return self.sigmas * standard_normal(self.keys, step, self.dim)


def shifted(gradient, shift: np.ndarray):
    """The gradient function `gradient` with `shift` added: what a noisy ball looks at (Nesterov's look-ahead too)."""
    return lambda points: gradient(points) + shift
