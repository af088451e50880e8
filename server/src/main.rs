//! The `server` binary: parses the command line and hands over to `server::cli`.
use mimalloc::MiMalloc;

// argon2 allocates 19 MiB blocks per hash; glibc's allocator fragments on them and the
// process grows without bound (see TOOLCHAIN.md). mimalloc returns the memory.
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

fn main() -> anyhow::Result<()> {
    server::cli::main()
}
