"""Writes float16-vectors.json: NumPy's results for the conformance suite's float16 sweeps
(packages/conformance/src/float16.ts), as SHA-256 digests of the result bytes, so that the oracle
(and through it every backend) is held against NumPy's np.float16 arithmetic.

Run from this folder: python3 float16_vectors.py (NumPy 2). The sweeps, in the order float16Sweeps
makes them: for each array of the op in turn, that array takes all 2^16 patterns while the others
cycle through the partners, times each alpha or ceiling of the grid (prelu and preluGrad: the alphas
as channels, each pattern repeated once per channel). A NaN that arithmetic computes (0 * -Inf, or a
product with a NaN dy) has open bits (docs/semantics.md), so it is written as 0x7e00, as the oracle does.
"""
import hashlib
import json
import math

import numpy as np

F16 = np.float16
SPECIALS = [
    0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7E12, 0xFEAB,
    0x7C01, 0xFC01, 0x7DFF, 0xFDFF, 0x0001, 0x8001, 0x03FF, 0x83FF,
    0x0400, 0x8400, 0x7BFF, 0xFBFF, 0x4600, 0x45FF, 0x4601, 0xC600,
    0x3C00, 0xBC00, 0x3800, 0xB800, 0x8500, 0x8800, 0x9000, 0xA000,
]
PARTNERS = np.concatenate([np.array(SPECIALS, np.uint16), np.array([-3, 2.5, -0.1, 100, -1e-5], F16).view(np.uint16)])
BASE_ALPHAS = [0.0, -0.0, 2**-24, 3 * 2**-20, 2**-14, 1e-3, 0.01, 0.1, 0.2, 1 / 3, 0.5, 0.999, 1, 1.5, 3, 7, 255.9, 1000, 65504]
ALPHAS = [v for a in BASE_ALPHAS for v in ([a] if a == 0 else [a, -a])]
CEILINGS = [2**-24, 2**-14, 0.5, 1, 6, 60000, 65504]
PATTERNS = 65536


def bits(values):
    return np.array(values, F16).view(np.uint16)


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def canonical(result, computed):
    """result's bits, with NaNs in the computed elements written as 0x7e00."""
    b = result.view(np.uint16).copy()
    b[computed & np.isnan(result)] = 0x7E00
    return b


def sweeps(arrays, channels):
    length = PATTERNS * channels
    for k in range(len(arrays)):
        inputs = [np.repeat(np.arange(PATTERNS, dtype=np.uint16), channels) if j == k else np.resize(PARTNERS, length) for j in range(len(arrays))]
        yield [a.view(F16) for a in inputs]


def exact_dalpha(terms, use):
    """Per column: the exact sum of the binary16 terms where use, rounded once to binary16."""
    out = np.empty(terms.shape[1], F16)
    for c in range(terms.shape[1]):
        t = terms[use[:, c], c].astype(np.float64)
        nan = np.isnan(t).any() or ((t == np.inf).any() and (t == -np.inf).any())
        if nan:
            out[c] = np.nan
        elif (t == np.inf).any():
            out[c] = np.inf
        elif (t == -np.inf).any():
            out[c] = -np.inf
        else:
            total = int((t * 2**24).astype(np.int64).sum())  # exact: units of 2^-24, below 2^56 in all
            # Below 2^53 units the double is exact, so np.float16 rounds once; above, it is past 65520: infinite.
            out[c] = F16(total * 2.0**-24) if abs(total) < 2**53 else F16(np.inf if total > 0 else -np.inf)
    return out


HISTOGRAM_EDGES = [  # the histogram op's cases (packages/core/src/ops/histogram.ts), in order
    [-1e4, -100, -1, -0.01, 0, 0.01, 1, 100, 1e4],
    [0, 6],
    [-1e300, -1e-40, 1e-40, 1e300],
]


def histogram(x, edges):
    """[below, np.histogram's bins (last closed), above, NaN] as little-endian u32."""
    v = x.astype(np.float64)
    inside = v[(v >= edges[0]) & (v <= edges[-1])]
    bins = np.histogram(inside, np.array(edges))[0]
    return np.concatenate([[(v < edges[0]).sum()], bins, [(v > edges[-1]).sum(), np.isnan(v).sum()]]).astype("<u4")


def column_sums(x2):
    """Per column, math.fsum of its values (exact, rounded once to float64); NaN for NaN or inf + -inf."""
    out = np.empty(x2.shape[1], np.float64)
    for c in range(x2.shape[1]):
        t = x2[:, c].astype(np.float64)
        pos, neg = (t == np.inf).any(), (t == -np.inf).any()
        out[c] = np.nan if np.isnan(t).any() or (pos and neg) else np.inf if pos else -np.inf if neg else math.fsum(t)
    return out


def main():
    with np.errstate(all="ignore"):
        d = {}
        d["relu"] = [digest(np.where(x < 0, F16(0), x)) for (x,) in sweeps(["x"], 1)]
        d["clippedRelu"] = [digest(np.where(x < 0, F16(0), np.where(x > F16(c), F16(c), x))) for (x,) in sweeps(["x"], 1) for c in CEILINGS]
        d["leakyRelu"] = [digest(canonical(np.where(x < 0, F16(a) * x, x), x < 0)) for (x,) in sweeps(["x"], 1) for a in ALPHAS]
        alpha = np.array(ALPHAS, F16)
        d["prelu"] = []
        for (x,) in sweeps(["x"], len(ALPHAS)):
            x2 = x.reshape(-1, len(ALPHAS))
            d["prelu"].append(digest(canonical(np.where(x2 < 0, alpha * x2, x2), x2 < 0)))
        d["reluGrad"] = [digest(np.where(x <= 0, F16(0), dy)) for dy, x in sweeps(["dy", "x"], 1)]
        d["leakyReluGrad"] = [digest(canonical(np.where(x <= 0, F16(a) * dy, dy), x <= 0)) for dy, x in sweeps(["dy", "x"], 1) for a in ALPHAS]
        d["clippedReluGrad"] = [digest(np.where(((x > 0) & (x < F16(c))) | np.isnan(x), dy, F16(0))) for dy, x in sweeps(["dy", "x"], 1) for c in CEILINGS]
        d["preluGrad"] = []
        for dy, x in sweeps(["dy", "x"], len(ALPHAS)):
            x2 = x.reshape(-1, len(ALPHAS))
            dy2 = dy.reshape(-1, len(ALPHAS))
            use = x2 <= 0
            dx = canonical(np.where(use, alpha * dy2, dy2), use)
            dalpha = exact_dalpha(dy2 * x2, use)
            d["preluGrad"].append({"dx": digest(dx), "dalpha": digest(canonical(dalpha, np.ones(len(ALPHAS), bool)))})
        d["stats"] = [
            {"length": int(x.size), "negative": int((x < 0).sum()), "zero": int((x == 0).sum()), "positive": int((x > 0).sum()), "nan": int(np.isnan(x).sum())}
            for (x,) in sweeps(["x"], 1)
        ]
        d["deadUnits"] = [digest((x.reshape(4096, 16) > 0).sum(axis=0).astype("<u4")) for (x,) in sweeps(["x"], 1)]
        d["histogram"] = [digest(histogram(x, e)) for (x,) in sweeps(["x"], 1) for e in HISTOGRAM_EDGES]
        d["columnSums"] = [digest(column_sums(x.reshape(4096, 16)).astype("<f8")) for (x,) in sweeps(["x"], 1)]
    vectors = {
        "numpy": np.__version__,
        "partners": PARTNERS.tolist(),
        "alphas": bits(ALPHAS).tolist(),
        "ceilings": bits(CEILINGS).tolist(),
        "digests": d,
    }
    with open("float16-vectors.json", "w") as f:
        json.dump(vectors, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
