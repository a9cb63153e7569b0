# Shared helpers for the setup scripts: sourced, never run.
# Tools live outside the clone, keyed by version, so a fresh clone (CI) reuses earlier builds.
set -euo pipefail
SETUP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SETUP_DIR/../.." && pwd)"
# shellcheck source=versions.env
source "$SETUP_DIR/versions.env"
SPINWAY_TOOLS_DIR="${SPINWAY_TOOLS_DIR:-$HOME/.cache/spinway/tools}"
mkdir -p "$SPINWAY_TOOLS_DIR"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\n\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed. $2"; }
