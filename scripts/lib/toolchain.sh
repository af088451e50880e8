# Installs what building and testing need, skipping whatever is already there.
# Versions are the ones measured to work on these machines (see TOOLCHAIN.md in shared/).
# Source it after common.sh.

CARGO_LEPTOS_VERSION=0.3.10

ensure_rust() {
    command -v cargo >/dev/null 2>&1 || die "Rust is not installed: install rustup (https://rustup.rs), then run this again."
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        step "Adding the wasm32 target to Rust (for the browser bundle)"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_cargo_leptos() {
    if cargo leptos --version 2>/dev/null | grep -qw "$CARGO_LEPTOS_VERSION"; then
        return
    fi
    step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine; 15 to 20 minutes on 2 cores)"
    # no_downloads: never fetch sass/wasm-opt binaries from the internet; we use npm's.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
}

ensure_wasm_bindgen() {
    local want have
    want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
    have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
    if [ "$want" != "$have" ]; then
        step "Installing wasm-bindgen-cli $want (must match Cargo.lock; about 2 minutes)"
        # Not --locked: its own lock file pins a webpki-roots that no longer builds.
        cargo install wasm-bindgen-cli --version "$want" --force
    fi
}

# npm ci when node_modules is missing or older than the lock file.
npm_ci_in() {
    local dir="$1" what="$2"
    command -v npm >/dev/null 2>&1 || die "Node.js and npm are needed ($what): install Node.js 20 or newer."
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        step "Installing $what with npm ci"
        (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
}

ensure_build_tools() {
    ensure_rust
    ensure_cargo_leptos
    ensure_wasm_bindgen
    npm_ci_in "$ROOT" "sass and wasm-opt (binaryen)"
}

ensure_chromium() {
    export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
    if [ -z "$CHROMIUM_PATH" ]; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            step "Installing Chromium from Debian (for the browser tests)"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
            export CHROMIUM_PATH=/usr/bin/chromium
        else
            die "Chromium is needed for the browser tests: install your distribution's chromium package, or set CHROMIUM_PATH."
        fi
    fi
}

# The certificate tests render the PDF (pdftoppm, pdftotext) and read its QR code (zbarimg).
ensure_pdf_tools() {
    if command -v pdftoppm >/dev/null 2>&1 && command -v zbarimg >/dev/null 2>&1; then
        return
    fi
    if is_root && command -v apt-get >/dev/null 2>&1; then
        step "Installing poppler-utils and zbar-tools from Debian (to check certificate PDFs)"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils zbar-tools
    else
        die "The certificate tests need pdftoppm, pdftotext and zbarimg: install your distribution's poppler-utils and zbar-tools."
    fi
}

ensure_test_tools() {
    ensure_build_tools
    ensure_chromium
    ensure_pdf_tools
    npm_ci_in "$ROOT/end2end" "the browser-test tools (Playwright, axe-core)"
}
