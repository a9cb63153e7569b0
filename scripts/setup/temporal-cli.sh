#!/usr/bin/env bash
# Temporal CLI, whose `server start-dev` is the local Temporal server (SQLite, Web UI).
source "$(dirname "$0")/lib.sh"
source "$SETUP_DIR/go-tool.sh"
step "Temporal CLI $TEMPORAL_CLI_VERSION (dev server)"
if [ -n "${TEMPORAL_BIN:-}" ]; then
  [ -x "$TEMPORAL_BIN" ] || fail "TEMPORAL_BIN=$TEMPORAL_BIN is not an executable file."
  info "using TEMPORAL_BIN=$TEMPORAL_BIN"; exit 0
fi
# A release build prints "temporal version 1.5.1"; a `go install` build prints 0.0.0-DEV with the
# server version that v1.5.1 embeds.
if command -v temporal >/dev/null 2>&1 && temporal --version 2>/dev/null | grep -Eq "version ${TEMPORAL_CLI_VERSION#v} |\(Server $TEMPORAL_CLI_SERVER_VERSION,"; then
  mkdir -p "$SPINWAY_TOOLS_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/bin"
  ln -sf "$(command -v temporal)" "$SPINWAY_TOOLS_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/bin/temporal"
  info "using temporal on the PATH: $(command -v temporal)"; exit 0
fi
# Later CLI versions carry a `replace` directive that `go install` refuses; v1.5.1 is the newest that builds.
go_tool temporal-cli github.com/temporalio/cli/cmd/temporal "$TEMPORAL_CLI_VERSION" temporal
