# Two entry points: `make run` and `make test` (see README.md). Both work on a fresh machine
# with only Python 3.11 and make: they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CLI    := $(BIN)/cstocorpus

.PHONY: run test fuzz eval eval-search glossary-coverage bench bench-serve bench-quick bench-catalog bench-large-source bench-cluster build install install-test install-cluster clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,xapian]'
	touch $@

$(VENV)/.installed-cluster: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[cluster]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-cluster: $(VENV)/.installed-cluster

build: install
	$(CLI) build

run: build
	@echo; echo '$$ cstocorpus search безопасностью --limit 3    # Russian: any form of the lemma'
	@$(CLI) search безопасностью --limit 3
	@echo; echo '$$ cstocorpus search 文献 --limit 3             # Japanese'
	@$(CLI) search 文献 --limit 3
	@echo; echo '$$ cstocorpus search ก่อการร้าย --limit 3        # Thai: read as the concept terrorism (word family)'
	@$(CLI) search ก่อการร้าย --limit 3
	@echo; echo '$$ cstocorpus search Council of Foreign Ministers --limit 2   # a name typed without quotes'
	@$(CLI) search Council of Foreign Ministers --limit 2
	@echo; echo '$$ cstocorpus search Naryshkin --limit 3        # English (a Latin name inside Thai text)'
	@$(CLI) search Naryshkin --limit 3

# The corpus in a browser at http://127.0.0.1:8000/ (README, "Web"); e.g. SERVE_ARGS="--port 8080".
SERVE_ARGS ?=

serve: build
	$(CLI) serve $(SERVE_ARGS)

test: install-test
	$(BIN)/python -m pytest

# Gold files for `make eval` (UD treebanks: see ../shared/eval/ud/README.md); any CoNLL-U
# files named th_*, ja_*, ru_*, en_* work: `make eval EVAL_FILES="path/to/ru_x-test.conllu"`.
EVAL_DIR   ?= ../shared/eval/ud
EVAL_FILES ?= $(wildcard $(EVAL_DIR)/*.conllu)

eval: install
	@test -n "$(EVAL_FILES)" || { echo "Error: no .conllu files in $(EVAL_DIR); set EVAL_DIR or EVAL_FILES." >&2; exit 2; }
	$(CLI) evaluate $(EVAL_FILES)

# Search quality on the judged relevance set (eval/search/README.md): recall, other-language
# recall and precision@10 per query, per query language and overall. E.g.
# `make eval-search EVAL_SEARCH_ARGS="--format json"`, or another set: JUDGED=path/to/set.yaml.
JUDGED           ?= eval/search/judged-dev.yaml
EVAL_SEARCH_ARGS ?=

eval-search: build
	$(CLI) evaluate-search $(JUDGED) $(EVAL_SEARCH_ARGS)

# Glossary coverage (README, "The glossary commands"): of each language's 300 most frequent
# content words and of the named entities read off the texts (eval/glossary/), how many a
# concept covers, how many are listed as not cross-language, how many remain.
glossary-coverage: build
	$(CLI) glossary coverage

# Benchmarks (bench/run.py): deterministic corpora from the seed passages and ../shared/eval/ud;
# results go to bench/results/<date>.json and BENCHMARKS.md. E.g. BENCH_ARGS="--workers 1".
BENCH_ARGS ?=

bench: install bench-catalog bench-large-source bench-cluster
	$(BIN)/python -m bench.run --size 10000,100000,1000000 $(BENCH_ARGS)

# add, list and a no-op build at 100 and 10,000 catalog documents (bench/catalog.py, a few minutes)
bench-catalog: install
	$(BIN)/python -m bench.catalog --documents 100,10000

# one 50 MB source built alone, with each engine: time and peak memory (bench/large_source.py)
bench-large-source: install
	$(BIN)/python -m bench.large_source --mb 50

# build --cluster against local workers: a scheduler and 2 Dask workers on 127.0.0.1, 10k and 100k
# passages (bench/cluster.py; README, "Scaling out"); e.g. CLUSTER_BENCH_ARGS="--size 10000".
CLUSTER_BENCH_ARGS ?= --size 10000,100000

bench-cluster: install-cluster
	$(BIN)/python -m bench.cluster $(CLUSTER_BENCH_ARGS)

# /api/search under load: 8 concurrent clients on 127.0.0.1, at most 2,000 requests or 60 s
# (bench/serve.py), on the seed corpus and on the 100k Tantivy index of bench/work (generated and
# built first when missing: a few minutes); requests per second, p50/p95/p99 latency, into
# bench/results/serve.jsonl and BENCHMARKS.md. E.g. SERVE_BENCH_ARGS="--workers 2".
SERVE_BENCH_ARGS ?=

bench-serve: build
	$(BIN)/python -m bench.serve --index index --corpus corpus --clients 8 --requests 2000 --seconds 60 $(SERVE_BENCH_ARGS)
	$(BIN)/python -m bench.serve --size 100000 --clients 8 --requests 2000 --seconds 60 $(SERVE_BENCH_ARGS)

bench-quick: install
	$(BIN)/python -m bench.run --size 10000 $(BENCH_ARGS)

# Property tests (tests/test_properties.py) with hypothesis's "fuzz" profile: thousands of
# random examples per property on normalization, the readers, passages and the query parser
# (a few minutes).  Failures are kept in $TMPDIR/cstocorpus-hypothesis and replayed first.
fuzz: install-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py -q

clean:
	rm -rf index .pytest_cache
