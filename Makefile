# cloudops.privatecloud: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLLECTION_LINK := build/collections/ansible_collections/cloudops/privatecloud
# awx.awx, unpacked offline from the pinned `ansible` wheel (awx/configure.yml, its lint and the AWX tests)
AWX_COLLECTION := build/collections/ansible_collections/awx/awx/MANIFEST.json
# override both to run sanity beside another run, e.g. SANITY_ROOT=build/sanity-x/ansible_collections/cloudops/privatecloud SANITY_ARGS="--test validate-modules"
SANITY_ROOT ?= build/sanity/ansible_collections/cloudops/privatecloud
SANITY_ARGS ?=
LAB_DIR ?= .lab
# pytest-xdist workers for the unit and integration suites (every lab fixture takes its own ephemeral ports)
PYTEST_WORKERS ?= 2
LAB_WORLD ?= demo
DEMO_CHANGE ?= changes/vpc_peering.yml
LAB_HTTP_PORT ?= 18080
LAB_HTTPS_PORT ?= 18443
LAB_APSARA_HTTP_PORT ?= 18090
LAB_APSARA_HTTPS_PORT ?= 18453
LAB_APSARA_ASAPI_PORT ?= 18099
LAB_SWITCH_WORLD ?= switches_demo
# the demo switches (inventories/lab, group switches) and their SSH ports; empty: lab-up starts no switches
LAB_SWITCH_PORTS ?= DSW-CE-01=18201 DSW-CE-02=18202 CSW-S-01=18203 CSW-S-02=18204 CSW-H3C-01=18205 CSW-H3C-02=18206
GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_24_2.py
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/build/collections
export MOLECULE_GLOB := molecule/*/molecule.yml
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup setup-system demo change store test sanity lint units integration molecule bench lab-up lab-down changelog docs clean

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

## --- setup ---------------------------------------------------------------------------
$(BIN)/.installed: requirements.txt requirements-test.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q --upgrade pip==24.2
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-test.txt -c constraints.txt
	touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

$(AWX_COLLECTION): constraints.txt tools/awx_collection.py | $(BIN)/.installed
	$(BIN)/python tools/awx_collection.py >/dev/null
	touch $@

$(GET_PIP_CACHE): tools/get_pip_standin.py
	mkdir -p $(dir $@)
	cp tools/get_pip_standin.py $@

setup: $(BIN)/.installed $(COLLECTION_LINK) $(GET_PIP_CACHE) $(AWX_COLLECTION)  ## Create .venv with pinned deps (idempotent, fast when nothing changed)

setup-system:  ## Debian packages the tests use (chromium and a CJK font for the report tests, shellcheck for sanity, postgresql for the run store tests); needs root
	@missing=""; for p in chromium shellcheck; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing="$$missing fonts-wqy-zenhei"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "warning: install$$missing (apt) to run every test"; fi; fi

## --- the lab ---------------------------------------------------------------------------
lab-up: setup  ## Start the lab (simulated ZStack and Apsara Stack, and the switches over SSH) in the background on 127.0.0.1
	@if [ -f $(LAB_DIR)/lab.pid ] && kill -0 $$(cat $(LAB_DIR)/lab.pid) 2>/dev/null; then echo "lab already running (pid $$(cat $(LAB_DIR)/lab.pid))"; exit 0; fi; \
	mkdir -p $(LAB_DIR); rm -f $(LAB_DIR)/lab.json; \
	setsid nohup $(BIN)/python -m lab serve --world $(LAB_WORLD) --host 127.0.0.1 \
	  --zstack-http-port $(LAB_HTTP_PORT) --zstack-https-port $(LAB_HTTPS_PORT) \
	  --apsara-http-port $(LAB_APSARA_HTTP_PORT) --apsara-https-port $(LAB_APSARA_HTTPS_PORT) \
	  --apsara-asapi-port $(LAB_APSARA_ASAPI_PORT) --state-dir $(LAB_DIR) \
	  > $(LAB_DIR)/lab.log 2>&1 < /dev/null & echo $$! > $(LAB_DIR)/lab.pid; \
	for i in $$(seq 1 100); do [ -f $(LAB_DIR)/lab.json ] && break; \
	  kill -0 $$(cat $(LAB_DIR)/lab.pid) 2>/dev/null || { cat $(LAB_DIR)/lab.log; exit 1; }; sleep 0.1; done; \
	[ -f $(LAB_DIR)/lab.json ] || { echo "lab did not start"; cat $(LAB_DIR)/lab.log; exit 1; }; \
	if [ -n "$(strip $(LAB_SWITCH_PORTS))" ]; then \
	mkdir -p $(LAB_DIR)/switches; rm -f $(LAB_DIR)/switches/switches.json; \
	setsid nohup $(BIN)/python -m lab.switches serve --world $(LAB_SWITCH_WORLD) --state-dir $(LAB_DIR)/switches --host 127.0.0.1 \
	  $(foreach p,$(LAB_SWITCH_PORTS),--port $(p)) > $(LAB_DIR)/switches.log 2>&1 < /dev/null & echo $$! > $(LAB_DIR)/switches.pid; \
	for i in $$(seq 1 100); do [ -f $(LAB_DIR)/switches/switches.json ] && break; \
	  kill -0 $$(cat $(LAB_DIR)/switches.pid) 2>/dev/null || { cat $(LAB_DIR)/switches.log; exit 1; }; sleep 0.1; done; \
	[ -f $(LAB_DIR)/switches/switches.json ] || { echo "lab switches did not start"; cat $(LAB_DIR)/switches.log; exit 1; }; \
	echo "lab switches up (SSH): $(LAB_SWITCH_PORTS) (log $(LAB_DIR)/switches.log)"; fi; \
	echo "lab up: ZStack http://127.0.0.1:$(LAB_HTTP_PORT) https://127.0.0.1:$(LAB_HTTPS_PORT)," \
	  "Apsara http://127.0.0.1:$(LAB_APSARA_HTTP_PORT) https://127.0.0.1:$(LAB_APSARA_HTTPS_PORT)" \
	  "ASAPI http://127.0.0.1:$(LAB_APSARA_ASAPI_PORT)/asapi/v3 (log $(LAB_DIR)/lab.log)"

lab-down:  ## Stop the lab
	@if [ -f $(LAB_DIR)/lab.pid ]; then kill $$(cat $(LAB_DIR)/lab.pid) 2>/dev/null || true; \
	  for i in $$(seq 1 50); do kill -0 $$(cat $(LAB_DIR)/lab.pid) 2>/dev/null || break; sleep 0.1; done; \
	  rm -f $(LAB_DIR)/lab.pid $(LAB_DIR)/lab.json; echo "lab down"; else echo "lab not running"; fi
	@if [ -f $(LAB_DIR)/switches.pid ]; then kill $$(cat $(LAB_DIR)/switches.pid) 2>/dev/null || true; \
	  for i in $$(seq 1 50); do kill -0 $$(cat $(LAB_DIR)/switches.pid) 2>/dev/null || break; sleep 0.1; done; \
	  rm -f $(LAB_DIR)/switches.pid $(LAB_DIR)/switches/switches.json; echo "lab switches down"; fi

## --- the two commands --------------------------------------------------------------------
demo: setup  ## Start the lab, run the daily inspection, the backup validation (with restore tests), a VPC change (dry run, then for real) and the inspection again (its delta from the run store), write the reports (en + zh_CN), stop the lab
	@$(MAKE) --no-print-directory lab-up
	@status=0; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/inspect.yml || status=$$?; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/validate_backups.yml -e backup_validation_restore_test=true || status=$$?; \
	$(BIN)/python tools/run_change.py --playbook change_vpc.yml --inventory inventories/lab --spec $(DEMO_CHANGE) -e @changes/lab_window.yml --check || status=$$?; \
	$(BIN)/python tools/run_change.py --playbook change_vpc.yml --inventory inventories/lab --spec $(DEMO_CHANGE) -e @changes/lab_window.yml || status=$$?; \
	echo; echo "alarm coverage audit, the month's event list with SLA figures, and an incident opened from the open P1 events"; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/alarm_coverage.yml || status=$$?; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/collect_events.yml -e events_days=30 || status=$$?; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/incident.yml -e incident_pick=open_p1 \
	  -e '{"incident_title": "Open P1 alarms: PS-LOCAL-A nearly full, app-03 memory", "incident_impact": "demo"}' || status=$$?; \
	echo; echo "the next day's inspection: new, resolved and persisting findings against the previous run in the run store"; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/inspect.yml || status=$$?; \
	echo; echo "a VLAN and trunk change on a CloudEngine switch in its window (candidate, commit, verify, save)"; \
	$(BIN)/python tools/run_change.py --playbook change_switch.yml --inventory inventories/lab --spec changes/switch_ce_vlan.yml -e @changes/switch_lab_window.yml --check || status=$$?; \
	$(BIN)/python tools/run_change.py --playbook change_switch.yml --inventory inventories/lab --spec changes/switch_ce_vlan.yml -e @changes/switch_lab_window.yml || status=$$?; \
	$(MAKE) --no-print-directory lab-down; \
	echo; echo "a resize in its window on both clouds (the lab's scaling world: the demo site plus a scaling cluster)"; \
	$(MAKE) --no-print-directory lab-up LAB_WORLD=scaling && { \
	$(BIN)/python tools/run_change.py --playbook scale.yml --inventory inventories/lab --spec changes/scale_resize.yml -e @changes/scale_lab_window.yml --check || status=$$?; \
	$(BIN)/python tools/run_change.py --playbook scale.yml --inventory inventories/lab --spec changes/scale_resize.yml -e @changes/scale_lab_window.yml || status=$$?; \
	} || status=$$?; \
	$(MAKE) --no-print-directory lab-down; \
	echo; echo "a month of lab runs for the demo site, then its monthly service report (zh_CN + en, HTML + PDF)"; \
	$(BIN)/python tools/fill_store.py --dsn "$${CLOUDOPS_STORE_DSN:-sqlite:///$(CURDIR)/reports/store.sqlite3}" --site lab || status=$$?; \
	$(BIN)/ansible-playbook -i inventories/lab playbooks/service_report.yml -e service_report_period=last_month || status=$$?; \
	echo; echo "run store ($${CLOUDOPS_STORE_DSN:-reports/store.sqlite3}), newest first:"; $(BIN)/python tools/store.py list --limit 10 || status=$$?; \
	echo; for kind in inspection backup change events incident; do \
	  [ -e reports/$$kind/latest/report.json ] || continue; run=$$(readlink -f reports/$$kind/latest); \
	  $(BIN)/python tools/render_report.py $$run/report.json --language zh_CN --out $$run/zh_CN >/dev/null; \
	  echo "$$kind report (en):    $$run/report.html"; \
	  echo "$$kind report (zh_CN): $$run/zh_CN/report.html"; done; \
	for f in reports/service/lab/*/report.zh_CN.html reports/service/lab/*/report.zh_CN.pdf; do [ -e "$$f" ] && echo "service report: $$f"; done; \
	echo "Also report.md, report.json, junit.xml in each; all runs: reports/<kind>/index.html; service reports: reports/service/lab/index.html"; \
	exit $$status

change: setup  ## Run one change under ansible-runner: make change SPEC=changes/vpc_peering.yml [PLAYBOOK=change_vpc.yml|scale.yml|change_switch.yml] [CHECK=1] [INVENTORY=inventories/lab] [JOB_TIMEOUT=3600] [EXTRA="-e @changes/lab_window.yml"]
	@test -n "$(SPEC)" || { echo "usage: make change SPEC=changes/<file> (in playbooks/) [PLAYBOOK=change_vpc.yml] [CHECK=1] [EXTRA=...]"; exit 1; }
	$(BIN)/python tools/run_change.py --playbook $(or $(PLAYBOOK),change_vpc.yml) --inventory $(or $(INVENTORY),inventories/lab) --spec $(SPEC) \
	  $(if $(CHECK),--check) $(if $(JOB_TIMEOUT),--job-timeout $(JOB_TIMEOUT)) $(EXTRA)

store: setup  ## The run store: make store ARGS="list --kind inspection" (import, list, export, render, purge, version; docs/store.md)
	$(BIN)/python tools/store.py $(or $(ARGS),list)

test: setup setup-system  ## Run every test: sanity, lint, unit, lab, integration, molecule
	$(MAKE) --no-print-directory sanity lint units integration molecule
	@echo "make test: all suites passed"

## --- the suites --------------------------------------------------------------------------
sanity: setup  ## ansible-test sanity (all tests that apply) on a clean copy of the tracked files
	rm -rf $(SANITY_ROOT) && mkdir -p $(SANITY_ROOT)
	git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C $(SANITY_ROOT)
	cd $(SANITY_ROOT) && git init -q && git add -A && \
	  $(CURDIR)/$(BIN)/ansible-test sanity --venv --python 3.11 --color no $(SANITY_ARGS)

lint: setup  ## ansible-lint, production profile, offline
	$(BIN)/ansible-lint --offline --profile production

units: setup  ## pytest: unit tests, lab protocol tests, report tests
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/unit tests/lab tests/report

integration: setup  ## Playbooks against the lab (pytest starts and stops it)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration

molecule: setup  ## Molecule scenarios (default driver, localhost, against the lab)
	# reset first: a delegated scenario never runs destroy, so its "prepared" state would skip
	# the prepare step (which starts the lab) on the next run
	$(BIN)/molecule reset --all >/dev/null
	$(BIN)/molecule test --all

bench: setup  ## Benchmarks: printed numbers and ratios, not pass/fail
	$(BIN)/python bench/run_all.py

changelog: setup  ## Lint the changelog fragments and regenerate CHANGELOG.rst
	$(BIN)/antsibull-changelog lint && $(BIN)/antsibull-changelog generate

docs: setup  ## Regenerate docs/checks.md and the role's threshold defaults from the check catalogue
	$(BIN)/python tools/gen_catalogue_docs.py

clean: lab-down  ## Remove generated files (keeps .venv)
	rm -rf build tests/output .pytest_cache
