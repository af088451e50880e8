//! Where the CPU went during a scenario. The server, this load generator and
//! PostgreSQL share the same cores, so a throughput figure is read with this split: a
//! scenario whose cores are full of generator or database time is not bounded by the
//! server's own code.
//!
//! Read from `/proc/{pid}/stat` (user + system time of every thread of a process, in
//! clock ticks of 1/100 s, the value of `CLK_TCK` on every Linux we run on).
use serde::Serialize;
use std::time::Instant;

const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds used so far, by process.
pub struct Sample {
    at: Instant,
    server: f64,
    generator: f64,
    postgres: f64,
}

/// CPU seconds used during one scenario, next to what the cores could give.
#[derive(Debug, Serialize, Clone)]
pub struct Split {
    pub scenario: String,
    pub available: f64,
    pub server: f64,
    pub generator: f64,
    pub postgres: f64,
}

impl Split {
    /// Percentages of the available core-seconds: server, generator, PostgreSQL, idle.
    fn shares(&self) -> [f64; 4] {
        let share = |s: f64| 100.0 * s / self.available.max(1e-9);
        let idle = (self.available - self.server - self.generator - self.postgres).max(0.0);
        [
            share(self.server),
            share(self.generator),
            share(self.postgres),
            share(idle),
        ]
    }

    pub fn describe(&self) -> String {
        let [server, generator, postgres, idle] = self.shares();
        format!(
            "cpu: server {server:.0}%, load generator {generator:.0}%, PostgreSQL {postgres:.0}%, idle {idle:.0}% of {:.1} core-seconds",
            self.available,
        )
    }

    /// One row of the results' table of where the cores went.
    pub fn markdown_row(&self) -> String {
        let [server, generator, postgres, idle] = self.shares();
        format!(
            "| {} | {server:.0}% | {generator:.0}% | {postgres:.0}% | {idle:.0}% |\n",
            self.scenario
        )
    }
}

pub fn sample(server_pid: Option<u32>) -> Sample {
    Sample {
        at: Instant::now(),
        server: server_pid.map_or(0.0, |pid| seconds(&pid.to_string(), false)),
        generator: seconds("self", false),
        postgres: postgres_seconds(),
    }
}

pub fn since(before: &Sample, server_pid: Option<u32>, scenario: &str) -> Split {
    let now = sample(server_pid);
    let cores = std::thread::available_parallelism().map_or(2, usize::from) as f64;
    Split {
        scenario: scenario.to_owned(),
        available: cores * now.at.duration_since(before.at).as_secs_f64(),
        server: now.server - before.server,
        generator: now.generator - before.generator,
        postgres: now.postgres - before.postgres,
    }
}

/// User + system seconds of a process; with `reaped`, also of its children that have
/// exited (the postmaster reaps every backend that closes its connection).
fn seconds(pid: &str, reaped: bool) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the parenthesised command name, which may hold spaces: state is
    // field 3 of proc(5), so utime (14) and stime (15) are at 11 and 12, the
    // children's cutime and cstime at 13 and 14.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or(0.0);
    let own = field(11) + field(12);
    let children = if reaped { field(13) + field(14) } else { 0.0 };
    (own + children) / TICKS_PER_SECOND
}

/// Every `postgres` process on the machine, with the backends already gone.
fn postgres_seconds() -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "postgres")
        })
        .map(|pid| seconds(&pid, true))
        .sum()
}
