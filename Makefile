# fuwu — the two commands: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
FUWU_LISTEN ?= 127.0.0.1:8080
FUWU_SIM_LISTEN ?= 127.0.0.1:8091

.PHONY: run test deps web release debug format format-check bench

# The supplier simulator runs beside the server (the demo suppliers' endpoints point at it) and
# stops with it.
run: deps release web
	@mkdir -p var
	@./build/release/fuwu-supplier-sim --listen $(FUWU_SIM_LISTEN) > var/supplier-sim.log 2>&1 & \
	  sim=$$!; trap 'kill $$sim 2>/dev/null' EXIT; \
	  echo "supplier simulator on http://$(FUWU_SIM_LISTEN) (log: var/supplier-sim.log)"; \
	  ./build/release/fuwu serve --demo --demo-trips --db var/fuwu.db --listen $(FUWU_LISTEN) --web-root web/dist

test: deps format-check debug web
	bash tools/run-tests.sh

deps:
	@bash tools/install-deps.sh

web:
	@bash tools/build-web.sh

release:
	cmake --preset release >/dev/null
	cmake --build --preset release

debug:
	cmake --preset debug >/dev/null
	cmake --build --preset debug

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

bench: deps release
	./build/release/fuwu_bench_partner_list --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
	./build/release/fuwu_bench_tier_allocation --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
	./build/release/fuwu_bench_comparison
	rm -f /tmp/fuwu-bench-analytics.db* && ./build/release/fuwu_bench_analytics /tmp/fuwu-bench-analytics.db
	bash bench/search.sh
	bash bench/run.sh
