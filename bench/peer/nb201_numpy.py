#!/usr/bin/env python3
"""NAS-Bench-201 (CIFAR-10) search protocol in plain Python 3 + numpy.

A peer implementation to time nas4j's Java search strategies against, on the same table and protocol
(see "NAS-Bench-201" in docs/benchmarks.md):

* a cell has 6 edges, each carrying one of 5 ops; an architecture is the tuple of its 6 op indices;
* one query looks up one architecture and costs 12 * c10v_train_sec_per_epoch + c10v_valid_eval_sec simulated
  seconds; a run has a budget (12,000 s); a query that would overrun the budget ends the run and is not counted;
* while searching only c10v_valid_12ep is visible (reward = it / 100); the run reports the architecture with the
  best signal seen (the first one on ties), scored by its c10_test_200ep.

Usage: python3 nb201_numpy.py --runs 500 --budget 12000 --strategies random,evolution,reinforce --seed 0 [--json]
"""
import argparse
import collections
import csv
import gzip
import json
import os
import time

import numpy as np

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
N_EDGES, N_OPS = 6, len(OPS)
PLACE = N_OPS ** np.arange(N_EDGES - 1, -1, -1)  # base-5 place values: code = ops @ PLACE
DEFAULT_CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "nas4j-bench", "src", "main",
                           "resources", "org", "nas4j", "bench", "nb201", "nb201-cifar10.csv.gz")


class Table:
    """The benchmark, indexed by architecture code (base-5 number of the 6 op indices in arch_str order)."""

    def __init__(self, path):
        op_index = {name: i for i, name in enumerate(OPS)}
        n = N_OPS ** N_EDGES
        self.signal = np.full(n, np.nan)  # c10v_valid_12ep / 100, the only thing a search may see
        self.test = np.full(n, np.nan)    # c10_test_200ep, the reported score
        self.cost = np.full(n, np.nan)    # simulated seconds per query
        with gzip.open(path, "rt", newline="") as f:
            for row in csv.DictReader(f):
                # |op~0|+|op~0|op~1|+|op~0|op~1|op~2|  ->  6 op names, edges into node 1, then 2, then 3
                ops = [tok.split("~")[0] for tok in row["arch_str"].split("|") if tok not in ("", "+")]
                code = 0
                for name in ops:
                    code = code * N_OPS + op_index[name]
                self.signal[code] = float(row["c10v_valid_12ep"]) / 100.0
                self.test[code] = float(row["c10_test_200ep"])
                self.cost[code] = 12.0 * float(row["c10v_train_sec_per_epoch"]) + float(row["c10v_valid_eval_sec"])
        if np.isnan(self.cost).any():
            raise ValueError("table does not cover all %d architectures" % n)


class Run:
    """Budget accounting and best-so-far tracking for one run."""

    def __init__(self, table, budget):
        self.table, self.budget = table, budget
        self.spent, self.queries = 0.0, 0
        self.best_code, self.best_signal = -1, -np.inf

    def query(self, code):
        """Returns the reward of architecture `code`, or None when its cost would overrun the budget (run over)."""
        cost = self.table.cost[code]
        if self.spent + cost > self.budget:
            return None
        self.spent += cost
        self.queries += 1
        reward = self.table.signal[code]
        if reward > self.best_signal:  # strictly better: the first one seen wins ties
            self.best_code, self.best_signal = code, reward
        return reward

    def score(self):
        return self.table.test[self.best_code] if self.best_code >= 0 else np.nan


def random_search(table, budget, rng):
    # Uniform with replacement over the 6 decisions. No query costs less than cost.min(), so a run never asks for
    # more than max_q architectures: draw them all at once and cut the run where the cumulative cost overruns.
    max_q = int(budget // table.cost.min()) + 1
    codes = rng.integers(0, N_OPS, size=(max_q, N_EDGES)) @ PLACE
    n = int(np.searchsorted(np.cumsum(table.cost[codes]), budget, side="right"))  # queries that fit the budget
    if n == 0:
        return 0, np.nan
    best = codes[np.argmax(table.signal[codes[:n]])]  # argmax returns the first maximum: first one on ties
    return n, table.test[best]


def evolution(table, budget, rng, population_size=10, tournament_size=3):
    # Regularized evolution (Real et al. 2019): aging population, tournament selection, one-edge mutation.
    run = Run(table, budget)
    population = collections.deque()  # (ops array, reward), oldest on the left
    while True:
        if len(population) < population_size:  # the first population_size queries are random
            child = rng.integers(0, N_OPS, size=N_EDGES)
        else:
            # tournament drawn uniformly WITH replacement; parent = best reward in it (first on ties)
            picks = rng.integers(0, len(population), size=tournament_size)
            parent = max((population[i] for i in picks), key=lambda member: member[1])[0]
            child = parent.copy()
            edge = rng.integers(N_EDGES)
            child[edge] = (child[edge] + rng.integers(1, N_OPS)) % N_OPS  # a different op, uniformly
        reward = run.query(int(child @ PLACE))
        if reward is None:
            break
        population.append((child, reward))
        if len(population) > population_size:
            population.popleft()  # the oldest dies, not the worst
    return run.queries, run.score()


def reinforce(table, budget, rng, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, decay=0.9):
    # Factorized categorical policy (one softmax per edge) trained by REINFORCE with an EMA baseline and Adam.
    run = Run(table, budget)
    logits = np.zeros((N_EDGES, N_OPS))
    m, v = np.zeros_like(logits), np.zeros_like(logits)
    baseline, step = None, 0
    rows = np.arange(N_EDGES)
    while True:
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        # one categorical sample per edge by inverse CDF (min() guards against rounding in the last bin)
        ops = np.minimum((p.cumsum(axis=1) < rng.random(N_EDGES)[:, None]).sum(axis=1), N_OPS - 1)
        reward = run.query(int(ops @ PLACE))
        if reward is None:
            break
        if baseline is None:
            baseline = reward  # the baseline starts at the first reward, so the first advantage is 0
        advantage = reward - baseline
        baseline = decay * baseline + (1 - decay) * reward
        # gradient of -log p(ops) * advantage w.r.t. the logits: -advantage * (onehot(ops) - p), per edge
        grad = p.copy()
        grad[rows, ops] -= 1.0
        grad *= advantage
        # Adam with bias correction, one step per sample
        step += 1
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        logits -= lr * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    return run.queries, run.score()


STRATEGIES = {"random": random_search, "evolution": evolution, "reinforce": reinforce}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--budget", type=float, default=12000.0)
    ap.add_argument("--strategies", default="random,evolution,reinforce")
    ap.add_argument("--seed", type=int, default=0, help="run i of each strategy uses seed + i")
    ap.add_argument("--csv", default=DEFAULT_CSV)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    names = [s.strip() for s in args.strategies.split(",") if s.strip()]
    for name in names:
        if name not in STRATEGIES:
            ap.error("unknown strategy %r (choose from %s)" % (name, ", ".join(STRATEGIES)))

    t0 = time.perf_counter()
    table = Table(args.csv)
    load_seconds = time.perf_counter() - t0

    results = []
    for name in names:
        search = STRATEGIES[name]
        queries, scores = np.empty(args.runs), np.empty(args.runs)
        t0 = time.perf_counter()
        for i in range(args.runs):
            queries[i], scores[i] = search(table, args.budget, np.random.default_rng(args.seed + i))
        seconds = time.perf_counter() - t0
        results.append({"strategy": name, "runs": args.runs, "queries_mean": float(queries.mean()),
                        "test_mean": float(scores.mean()),
                        "test_std": float(scores.std(ddof=1)) if args.runs > 1 else 0.0,
                        "seconds": seconds})
    search_seconds = sum(r["seconds"] for r in results)

    if args.json:
        print(json.dumps({"load_seconds": load_seconds, "search_seconds": search_seconds, "results": results}))
        return
    print("NAS-Bench-201 CIFAR-10, budget %g s, seeds %d..%d, loaded in %.3f s"
          % (args.budget, args.seed, args.seed + args.runs - 1, load_seconds))
    print("%-10s %5s %9s %17s %9s" % ("strategy", "runs", "queries", "test acc (%)", "seconds"))
    for r in results:
        print("%-10s %5d %9.2f %9.2f +- %5.2f %9.3f" % (r["strategy"], r["runs"], r["queries_mean"],
                                                       r["test_mean"], r["test_std"], r["seconds"]))
    print("%-10s %5s %9s %17s %9.3f" % ("total", "", "", "", search_seconds))


if __name__ == "__main__":
    main()
