# Jardam: `make demo` runs a city, `make test` passes the tests. See README.md.
CITY ?= moscow
.PHONY: setup build test up down demo bench

setup:
	bash scripts/setup.sh

build: setup
	swift build --build-tests

test:
	bash scripts/test.sh

up: setup
	swift build
	bash scripts/servers.sh start $(CITY)
	bash scripts/services.sh start $(CITY)
	@echo "city $(CITY) is up; its environment is in .run/$(CITY)/env; stop it with: make down CITY=$(CITY)"

down:
	@for dir in .run/*/; do \
	  [ -d "$$dir" ] || continue; name=$$(basename $$dir); \
	  if [ "$(origin CITY)" = "command line" ] && [ "$$name" != "$(CITY)" ]; then continue; fi; \
	  bash scripts/services.sh stop $$name; bash scripts/servers.sh stop $$name; \
	done

demo: up
	@set -a; . .run/$(CITY)/env; set +a; .build/debug/jardamctl seed demo && .build/debug/jardamctl demo journey
	@echo "demo: the five services of $(CITY) keep running (environment in .run/$(CITY)/env); stop them with: make down"

bench:
	bash scripts/bench.sh
