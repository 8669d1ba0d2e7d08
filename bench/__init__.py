"""Benchmark harness: deterministic corpora (``bench.corpus``), whole-process measurements
(``bench.run``, ``bench.probe``) and the BENCHMARKS.md table (``bench.report``).

    python -m bench.run --size 10000            # = make bench-quick
    python -m bench.run --size 10000,100000,1000000   # = make bench
"""
