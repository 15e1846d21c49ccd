# Jardam: `make demo` runs a city, `make test` passes the tests. See README.md.
CITY ?= moscow
NETWORK ?= moscow yekaterinburg novosibirsk
DEMO_NEXT ?= $(if $(filter yekaterinburg,$(CITY)),moscow,yekaterinburg)
.PHONY: setup build test up down demo bench bench-compare network chaos

setup:
	bash scripts/setup.sh

build: setup
	swift build --build-tests

test:
	bash scripts/test.sh

up: setup
	swift build
	HA=$(HA) bash scripts/servers.sh start $(CITY)
	bash scripts/services.sh start $(CITY)
	bash scripts/prometheus.sh start $(CITY)
	@echo "city $(CITY) is up; its environment is in .run/$(CITY)/env; stop it with: make down CITY=$(CITY)"

down:
	@for dir in .run/*/; do \
	  [ -d "$$dir" ] || continue; name=$$(basename $$dir); \
	  if [ "$(origin CITY)" = "command line" ] && [ "$$name" != "$(CITY)" ]; then continue; fi; \
	  bash scripts/prometheus.sh stop $$name; bash scripts/services.sh stop $$name; bash scripts/servers.sh stop $$name; \
	done

# The journey in CITY, ending with her case handed over to DEMO_NEXT, linked to CITY as `make network` links.
demo: setup
	swift build
	bash scripts/network.sh start $(CITY) $(DEMO_NEXT)
	bash scripts/prometheus.sh start $(CITY)
	@for city in $(CITY) $(DEMO_NEXT); do (set -a; . .run/$$city/env; set +a; .build/debug/jardamctl seed demo) || exit 1; done
	@set -a; . .run/$(CITY)/env; set +a; .build/debug/jardamctl demo journey --next-city-environment .run/$(DEMO_NEXT)/env
	@echo; set -a; . .run/$(CITY)/env; set +a; .build/debug/jardamctl seed staff
	@echo "demo: the services of $(CITY) and $(DEMO_NEXT) keep running (environments in .run/$(CITY)/env and .run/$(DEMO_NEXT)/env); stop them with: make down"

bench:
	bash scripts/bench.sh

# The city of revision BASE against this tree's, side by side (bench/README.md).
bench-compare:
	BASE="$(BASE)" bash scripts/bench-compare.sh

# Faults under load on an HA city (scripts/chaos.sh): broker node, database primary, a broker node
# cut off, a service killed; prints recovery seconds, lost and duplicated per fault.
chaos: setup
	swift build
	bash scripts/chaos.sh

# The cities of NETWORK, each as `make up` starts it, linked to each other (CONTRACT.md §7).
network: setup
	swift build
	bash scripts/network.sh start $(NETWORK)
	@echo "network: $(NETWORK) are up and linked; see each link with: set -a; . .run/<city>/env; .build/debug/jardamctl network status; stop them with: make down"
