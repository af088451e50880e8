# Shared by scripts/run and scripts/test: logging, paths, the cargo target dir.
# Source it; it does nothing on its own.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

# One line per step, so a newcomer waiting on a first build knows what is happening.
step() { printf '\n\033[1;34m==>\033[0m \033[1m%s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Builds share one target dir outside the clone, so a fresh clone on a warm machine
# reuses earlier work (and two clones never build twice). Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ihrec-learn/target}"
mkdir -p "$CARGO_TARGET_DIR"
# Incremental caches grow by gigabytes per build of the app and the scripts rebuild
# from scratch-ish anyway; without them the shared dir stays a sane size.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# cargo-leptos finds sass and wasm-opt in the root node_modules/.bin.
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

is_root() { [ "$(id -u)" -eq 0 ]; }
