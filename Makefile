# Human entry points. Nx runs the project tasks; these targets add set-up around them.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

NODE_BIN := $(CURDIR)/.local/tools/node/bin
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export NX_DAEMON := false
export NX_NO_CLOUD := true
export NX_TUI := false
export NODE_OPTIONS := --disable-warning=TimeoutNegativeWarning
NX := nx run-many --output-style=static
SERVICES := gateway aetherium hall-of-faces great-library engine-core oracle

.PHONY: help up down status test install infra-up infra-down infra-status build lint format \
        typecheck check-generated check-chart contracts check-contracts unit integration e2e fuzz migrate check-migrations \
        env-examples console-api bench-events bench-gateway bench-discovery bench-discovery-azure bench-identity bench-inventory bench-signin bench-console bench-storage bench-cost bench-oracle sandbox-seed clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

up: install infra-up sandbox-seed build migrate ## Install, start infrastructure, migrate and run all six services
	bash tools/dev/services.sh up
	@bash tools/dev/services.sh status
	@echo
	@echo "Codex is running. Logs: .local/run/<service>.log   Stop with: make down"
	@echo "Console: http://127.0.0.1:8080 (tenant acme, admin@acme.test, the password below)"
	@echo "Sign in as the first admin (tenant acme):"
	@echo "  curl -s -X POST http://127.0.0.1:8080/oauth/token -d grant_type=password -d tenant=acme \\"
	@echo "    -d username=admin@acme.test -d password=$$(cat .local/dev-secrets/admin-password)"

down: ## Stop the services and the infrastructure (data is kept)
	bash tools/dev/services.sh down
	bash tools/infra/down.sh

status: ## What runs where
	@bash tools/infra/status.sh
	@bash tools/dev/services.sh status

test: install infra-up build lint typecheck check-generated check-chart unit integration e2e fuzz test-sandboxes ## Everything CI runs
	@echo "make test: all checks passed"

install: .local/tools/node/bin/node node_modules/.install-stamp ## Project Node and npm dependencies

.local/tools/node/bin/node: tools/bootstrap/node-version.txt
	bash tools/bootstrap/ensure-node.sh >/dev/null
	@touch $@

node_modules/.install-stamp: package.json package-lock.json $(wildcard libs/*/package.json services/*/package.json tests/*/package.json)
	@# Not `npm ci`: the registry here serves no other platform's optional binaries, so the
	@# lock lists only this platform's and ci would call it out of sync. The lock still pins every version.
	npm install --no-audit --no-fund --no-save
	@touch $@

infra-up: install ## Install and start PostgreSQL, Redis, Kafka, moto, fake-gcs-server and its front, Azurite, the Azure, Auth0, Graph and LLM sandboxes
	bash tools/infra/up.sh

sandbox-seed: infra-up ## Seed moto with a small AWS estate and the storage sandboxes (idempotent)
	.local/tools/venv/bin/python tools/sandbox/aws/seed.py
	node tools/sandbox/storage/seed.mjs
	NODE_EXTRA_CA_CERTS=$(CURDIR)/.local/tls/azure-sandbox/ca.pem node tools/sandbox/cost/seed.mjs

.PHONY: test-sandboxes test-azure-sandbox
test-sandboxes: install ## The unmodified SDKs against every sandbox (Azure, Auth0, Graph, LLM; each test its own servers) and the identity estate's checks
	bash tools/sandbox/azure/tls.sh
	NODE_EXTRA_CA_CERTS=$(CURDIR)/.local/tls/azure-sandbox/ca.pem node --test 'tools/sandbox/*/*.test.mjs'

test-azure-sandbox: install ## Only the Azure sandbox's SDK tests
	bash tools/sandbox/azure/tls.sh
	NODE_EXTRA_CA_CERTS=$(CURDIR)/.local/tls/azure-sandbox/ca.pem node --test 'tools/sandbox/azure/*.test.mjs'

infra-down: ## Stop the infrastructure
	bash tools/infra/down.sh

infra-status: ## Which infrastructure server runs where
	@bash tools/infra/status.sh

build: install ## Compile every project
	$(NX) -t build

lint: install ## ESLint (zero warnings) and Prettier
	$(NX) -t lint
	prettier --check . --log-level warn

format: install ## Apply Prettier and ESLint fixes
	prettier --write . --log-level warn
	eslint --fix .

typecheck: install ## tsc --noEmit per project
	$(NX) -t typecheck

check-generated: build check-migrations check-contracts ## Fail when a generated file is stale
	node tools/config/env-examples.mjs --check
	node tools/console/check-api-client.mjs
	node tools/console/check-bundle-size.mjs

check-chart: install ## helm lint, render and test the chart, the image Dockerfiles and docker-compose.dev.yml (installs helm the first time)
	bash tools/deploy/check-chart.sh

.PHONY: test-deploy images
test-deploy: .local/tools/node/bin/node ## Install, upgrade and uninstall the chart on a local kube-apiserver (builds the control plane once, cached outside the clone)
	bash tools/deploy/test-deploy.sh

images: ## Build each service's image from deploy/images (where a Docker engine is reachable)
	bash tools/deploy/images.sh build

contracts: install ## Regenerate TypeScript from proto/
	buf generate

check-contracts: install ## buf lint, generated code fresh, buf breaking against main
	bash tools/contracts/check.sh

unit: install ## Unit tier
	$(NX) -t test

integration: build infra-up ## Integration tier (real PostgreSQL, Redis, Kafka)
	$(NX) -t integration --parallel=1

e2e: build infra-up ## Whole-platform tier
	$(NX) -t e2e --parallel=1

fuzz: build infra-up ## schemathesis (installed the first time) against the gateway's OpenAPI on the whole platform: no 5xx, responses match their schemas
	$(NX) -t fuzz --parallel=1

migrate: build infra-up ## Apply pending migrations to each service's database
	bash tools/db/migrate.sh

check-migrations: build infra-up ## Entities and migrations agree, for every service
	bash tools/db/check-migrations.sh

env-examples: build ## Regenerate services/*/.env.example from the config schemas
	node tools/config/env-examples.mjs

console-api: install ## Regenerate the console's API snapshot and types from a running gateway (make up first; GATEWAY=http://…)
	node tools/console/generate-api-client.mjs $(GATEWAY)

bench-gateway: build infra-up ## Latency the gateway adds (auth, rate limit, routing) over calling a service directly and over a bare proxy hop
	bash tools/bench/ensure-vegeta.sh
	node --enable-source-maps bench/dist/gateway.bench.js

bench-discovery: build infra-up ## Discovery vs a plain SDK loop: 10,000 EC2 instances and 500 ECS services (moto), then 5,000 Azure VMs (the Azure sandbox)
	node --enable-source-maps bench/dist/discovery.bench.js
	node --enable-source-maps bench/dist/azure-discovery.bench.js

bench-discovery-azure: build infra-up ## Only the Azure part of bench-discovery (BENCH_AZURE_VMS, default 5000)
	node --enable-source-maps bench/dist/azure-discovery.bench.js

bench-identity: build infra-up ## Full sync of ~65,000 Auth0 and Entra ID users and ~200,000 memberships vs plain SDK paging of the same sandboxes (BENCH_IDENTITY_PEOPLE, default 41000)
	node --enable-source-maps bench/dist/identity-sync.bench.js

bench-inventory: build infra-up ## Filtered inventory lists on 1,000,000 rows, straight to aetherium and through the gateway
	bash tools/bench/ensure-vegeta.sh
	node --enable-source-maps bench/dist/inventory.bench.js

bench-signin: build infra-up ## Another tenant's sign-in latency, idle and while 300+ wrong passwords hit one account (throttled, and with throttling out of reach)
	node --enable-source-maps bench/dist/sign-in.bench.js

bench-console: build infra-up ## First meaningful paint of the console's inventory page with 10,000 resources vs a static HTML page of the same table (Chromium)
	node --enable-source-maps bench/dist/console.bench.js

bench-storage: build infra-up ## Listing 100,000 S3 objects (moto) through the gateway vs plain SDK paging (BENCH_STORAGE_OBJECTS, BENCH_STORAGE_ROUNDS), then the classifier vs a bare scan
	node --enable-source-maps bench/dist/storage-listing.bench.js
	node --enable-source-maps bench/dist/classification.bench.js

bench-cost: build infra-up ## Ingesting 2,000,000 CUR lines vs COPY of the same rows, then a month by service over 10,000,000 lines through the gateway vs the rollup query (BENCH_COST_*)
	node --enable-source-maps --max-old-space-size=6144 bench/dist/cost.bench.js

bench-oracle: build infra-up ## The oracle scoring metrics.sampled (2,000 instances' CPU, a day of 5-minute points) vs a no-op consumer of the same topic (BENCH_ORACLE_*)
	node --enable-source-maps bench/dist/oracle-detector.bench.js

.PHONY: oracle-build oracle-forecast oracle-backtest
oracle-build: install
	npx nx run oracle:build --output-style=static

oracle-forecast: oracle-build ## Forecast a timestamp,value CSV: make oracle-forecast IN=<csv> OUT=<csv> [HORIZON=30] (forecast, 80 % and 95 % intervals)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make oracle-forecast IN=<csv> OUT=<csv> [HORIZON=30]"; exit 2; }
	node --enable-source-maps services/oracle/dist/forecasts/cli/forecast-csv.js "$(IN)" "$(OUT)" $(or $(HORIZON),30)

oracle-backtest: oracle-build ## Rolling-origin backtest of the forecaster on the sandbox cost series and NAB (MASE, interval coverage) into docs/benchmarks.md
	node --enable-source-maps services/oracle/dist/forecasts/backtest/run-backtest.js

bench-events: build infra-up ## Benchmark resource.discovered → inventory (1 and 2 consumer replicas) against the raw limits
	BENCH_REPLICAS=1 node --enable-source-maps bench/dist/events.bench.js
	BENCH_REPLICAS=2 node --enable-source-maps bench/dist/events.bench.js

.PHONY: oracle-nab oracle-nab-score
oracle-nab: ## The oracle's anomaly detector over every <category>/<name>.csv under DATA into OUT (NAB format): make oracle-nab DATA=<dir> OUT=<dir>
	@test -n "$(DATA)" -a -n "$(OUT)" || { echo "usage: make oracle-nab DATA=<dir> OUT=<dir>"; exit 2; }
	npx nx run oracle:build --output-style=static
	node services/oracle/dist/nab/run-nab.js "$(DATA)" "$(OUT)"

oracle-nab-score: ## NAB score of the oracle's detector on ../shared/nab (all three profiles) into docs/benchmarks.md
	npx nx run oracle:build --output-style=static
	node services/oracle/dist/nab/run-nab.js ../shared/nab/data .local/nab/results
	node services/oracle/dist/nab/score-nab.js --results .local/nab/results --labels ../shared/nab/labels/combined_windows.json --json .local/nab/scores.json --doc docs/benchmarks.md

clean: ## Remove build output (keeps .local)
	rm -rf libs/*/dist services/*/dist apps/*/dist bench/dist .nx
