# The two commands a person needs: `make run` (set up and launch) and `make test` (set up and test).
.PHONY: run test setup bench

run:
	@scripts/setup.sh
	.venv/bin/emotune $(ARGS)

test:
	@scripts/setup.sh test
	@scripts/run_tests.sh $(ARGS)

bench:
	@scripts/setup.sh
	.venv/bin/python -m emotune.bench.library
	.venv/bin/python -m emotune.bench.perception
