//! `scripts/bench`'s load generator: runs each scenario against a release server with
//! goose, then prints one table (requests/s, p50/p95/p99, errors, ratio to the
//! `/healthz` floor measured in the same run) and writes it as Markdown and JSON
//! next to goose's HTML reports. It does not start anything: `scripts/bench` does.
mod cpu;
mod journeys;

use journeys::*;

use clap::Parser;
use goose::metrics::GooseMetrics;
use goose::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, atomic::Ordering};
use std::time::Instant;

#[derive(Parser, Debug)]
struct Args {
    /// The server, e.g. http://127.0.0.1:3000
    #[arg(long)]
    host: String,
    /// Where the table and the HTML reports go.
    #[arg(long)]
    out: PathBuf,
    /// The server's process id, to report its peak memory (VmHWM).
    #[arg(long)]
    server_pid: Option<u32>,
    /// How many learners the seeded scale has.
    #[arg(long, default_value_t = 20_000)]
    learners: usize,
    /// Seconds per throughput scenario.
    #[arg(long, default_value_t = 20)]
    seconds: usize,
    /// About a minute in all: short runs, a small spike (for scripts/test).
    #[arg(long)]
    quick: bool,
    /// Only these scenarios, by letter (`--only c,e`), to study one; the floor always
    /// runs, since every ratio needs it.
    #[arg(long, value_delimiter = ',')]
    only: Vec<char>,
    /// The exam spike's sizes, tried in order up to the first that fails (`--spike
    /// 1000` to study one); by default 250 up to 5,000 (50 with `--quick`).
    #[arg(long, value_delimiter = ',')]
    spike: Vec<usize>,
}

impl Args {
    fn runs(&self, scenario: char) -> bool {
        self.only.is_empty() || self.only.contains(&scenario)
    }
}

#[derive(Debug, Serialize)]
struct Row {
    scenario: String,
    request: String,
    users: usize,
    requests: usize,
    requests_per_second: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    errors: usize,
    /// requests/s over the floor's requests/s.
    ratio_to_floor: f64,
}

#[derive(Debug, Serialize, Default)]
struct Summary {
    floor_requests_per_second: f64,
    exam_spike_largest_n: Option<usize>,
    exam_spike_tried: Vec<(usize, bool)>,
    argon2_hashes_per_second: f64,
    sign_ins_per_second: f64,
    sign_in_ratio_to_argon2: f64,
    server_peak_rss_mb: Option<f64>,
    budgets: Vec<(String, bool, String)>,
    /// Where the cores' time went in each scenario.
    cpu: Vec<cpu::Split>,
}

/// One goose run: `users` users, all started within the first second, each running
/// `transactions` in turn (after `on_start`, once) for `seconds` or `iterations`.
struct Attack {
    scenario: String,
    users: usize,
    seconds: Option<usize>,
    iterations: Option<usize>,
    throttle: Option<usize>,
    transactions: Vec<Transaction>,
    on_start: Option<Transaction>,
}

impl Attack {
    /// Runs for a fixed time.
    fn timed(scenario: &str, users: usize, seconds: usize) -> Self {
        Attack {
            scenario: scenario.to_owned(),
            users,
            seconds: Some(seconds),
            iterations: None,
            throttle: None,
            transactions: Vec::new(),
            on_start: None,
        }
    }

    /// Every user runs the transactions once.
    fn once(scenario: &str, users: usize) -> Self {
        Attack {
            seconds: None,
            iterations: Some(1),
            ..Attack::timed(scenario, users, 0)
        }
    }

    fn then(mut self, transaction: Transaction) -> Self {
        self.transactions.push(transaction);
        self
    }

    fn starting_with(mut self, transaction: Transaction) -> Self {
        self.on_start = Some(transaction);
        self
    }
}

/// Runs the attack and gives one row per request type (`floor`: the floor's
/// requests/s, for the ratio; none while measuring the floor itself).
async fn measure(
    args: &Args,
    summary: &mut Summary,
    attack: Attack,
    floor: Option<f64>,
) -> anyhow::Result<Vec<Row>> {
    let slug: String = attack
        .scenario
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let report = args.out.join(format!("{slug}.html"));
    let attack_name = attack.scenario.clone();
    let mut scenario = scenario!("users");
    if let Some(start) = attack.on_start {
        scenario = scenario.register_transaction(start.set_on_start());
    }
    for transaction in attack.transactions {
        scenario = scenario.register_transaction(transaction);
    }
    let mut goose = GooseAttack::initialize_with_config(Default::default())?
        .register_scenario(scenario)
        .set_default(GooseDefault::Host, args.host.as_str())?
        .set_default(GooseDefault::Users, attack.users)?
        // Every user within a tenth of a second: the figures are of the steady load,
        // not of a one-second ramp (which took 5% off a 20 s run's requests/s, and off
        // sign-in against a ceiling measured without one).
        .set_default(
            GooseDefault::IncreaseRate,
            (attack.users * 10).to_string().as_str(),
        )?
        .set_default(GooseDefault::ReportFile, report.to_string_lossy().as_ref())?
        .set_default(GooseDefault::Quiet, 1)?
        .set_default(GooseDefault::NoTelnet, true)?
        .set_default(GooseDefault::NoWebSocket, true)?
        .set_default(GooseDefault::NoPrintMetrics, true)?
        .set_default(
            GooseDefault::CoordinatedOmissionMitigation,
            GooseCoordinatedOmissionMitigation::Average,
        )?;
    if let Some(seconds) = attack.seconds {
        goose = goose.set_default(GooseDefault::RunTime, seconds)?;
    }
    // Keep the start-up (sign-in) requests in the figures; with a number of iterations
    // goose never resets them anyway.
    match attack.iterations {
        Some(iterations) => goose = goose.set_default(GooseDefault::Iterations, iterations)?,
        None => goose = goose.set_default(GooseDefault::NoResetMetrics, true)?,
    }
    if let Some(rate) = attack.throttle {
        goose = goose.set_default(GooseDefault::ThrottleRequests, rate)?;
    }
    let before = cpu::sample(args.server_pid);
    let metrics = goose.execute().await?;
    let split = cpu::since(&before, args.server_pid, &attack_name);
    say(&format!("  {}", split.describe()));
    summary.cpu.push(split);
    // Which scenario grows the server: its resident memory now and at its peak so far.
    if let Some(pid) = args.server_pid {
        let now = proc_status_mb(pid, "VmRSS:").unwrap_or(0.0);
        let peak = proc_status_mb(pid, "VmHWM:").unwrap_or(0.0);
        say(&format!(
            "  server memory: {now:.0} MB resident, {peak:.0} MB peak"
        ));
    }
    Ok(rows(&attack_name, &metrics, floor))
}

fn rows(scenario: &str, metrics: &GooseMetrics, floor: Option<f64>) -> Vec<Row> {
    let seconds = (metrics.duration as f64).max(1.0);
    let mut rows: Vec<Row> = metrics
        .requests
        .iter()
        .map(|(name, aggregate)| {
            let times = &aggregate.raw_data;
            let ms = |p: f32| times.percentile_us(p) as f64 / 1000.0;
            let requests = aggregate.success_count + aggregate.fail_count;
            let rps = requests as f64 / seconds;
            Row {
                scenario: scenario.to_owned(),
                request: name
                    .split_once(' ')
                    .map_or(name.as_str(), |(_, n)| n)
                    .to_owned(),
                users: metrics.maximum_users,
                requests,
                requests_per_second: rps,
                p50_ms: ms(0.50),
                p95_ms: ms(0.95),
                p99_ms: ms(0.99),
                errors: aggregate.fail_count,
                ratio_to_floor: floor.map_or(1.0, |f| rps / f),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.request.cmp(&b.request));
    rows
}

/// argon2id hashes per second with the server's parameters, one thread per core, each
/// keeping its block array from one hash to the next as the server's verification
/// does (a fresh array costs the allocator's zeroing on top of the hash).
fn argon2_ceiling(seconds: f64) -> f64 {
    use argon2::{Argon2, Block, Params};
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let started = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|_| {
            std::thread::spawn(move || {
                let mut memory = vec![Block::default(); Params::default().block_count()];
                let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
                let mut n = 0usize;
                while started.elapsed().as_secs_f64() < seconds {
                    let hashed = Argon2::default().hash_password_into_with_memory(
                        b"benchmark",
                        b"benchmark-salt",
                        &mut out,
                        &mut memory,
                    );
                    n += usize::from(hashed.is_ok());
                }
                n
            })
        })
        .collect();
    let total: usize = threads.into_iter().map(|t| t.join().unwrap_or(0)).sum();
    total as f64 / started.elapsed().as_secs_f64()
}

fn peak_rss_mb(pid: u32) -> Option<f64> {
    proc_status_mb(pid, "VmHWM:")
}

/// A size line of `/proc/{pid}/status` (`VmRSS:`, `VmHWM:`), in MB.
fn proc_status_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn say(what: &str) {
    println!("    {what}");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)?;
    journeys::LEARNERS.store(args.learners, Ordering::Relaxed);
    let seconds = if args.quick { 4 } else { args.seconds };
    let mut table: Vec<Row> = Vec::new();
    let mut summary = Summary::default();
    journeys::discover(&args.host).await?;

    say("floor: GET /healthz, 64 users");
    let floor = Attack::timed("floor", 64, seconds).then(transaction!(healthz));
    let floor_rows = measure(&args, &mut summary, floor, None).await?;
    let floor_rps = floor_rows.first().map_or(1.0, |r| r.requests_per_second);
    summary.floor_requests_per_second = floor_rps;
    table.extend(floor_rows);
    let floor = Some(floor_rps);

    // (a) anonymous pages, each alone at 64 users.
    if args.runs('a') {
        let pages: [(&str, Transaction); 5] = [
            ("a: home", transaction!(home)),
            ("a: catalogue search", transaction!(catalogue)),
            ("a: course page", transaction!(course)),
            ("a: lesson page", transaction!(lesson_anonymous)),
            ("a: verify", transaction!(verify)),
        ];
        for (name, transaction) in pages {
            say(&format!("{name}, 64 users"));
            let attack = Attack::timed(name, 64, seconds).then(transaction);
            table.extend(measure(&args, &mut summary, attack, floor).await?);
        }

        // The same three pages at a fixed offered rate of 500 requests/s.
        say("a: catalogue + course + lesson at 500 requests/s");
        let mut fixed = Attack::timed("a: fixed 500/s", 64, seconds)
            .then(transaction!(catalogue))
            .then(transaction!(course))
            .then(transaction!(lesson_anonymous));
        fixed.throttle = Some(500);
        table.extend(measure(&args, &mut summary, fixed, floor).await?);
    }

    // (b) a signed-in learner.
    if args.runs('b') {
        say("b: signed-in learners (My learning, a lesson, mark done), 64 users");
        let learner = Attack::timed("b: learner", 64, seconds)
            .starting_with(transaction!(sign_in_learner))
            .then(transaction!(my_learning))
            .then(transaction!(lesson_and_done));
        table.extend(measure(&args, &mut summary, learner, floor).await?);
    }

    // (c) the exam spike: the largest N with no error and every p95 under 1 s.
    if args.runs('c') {
        let sizes: &[usize] = if !args.spike.is_empty() {
            &args.spike
        } else if args.quick {
            &[50]
        } else {
            &[250, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000]
        };
        if args.quick {
            journeys::THINK_MILLIS.store(100, Ordering::Relaxed);
        }
        for &n in sizes {
            say(&format!(
                "c: exam spike, {n} learners open the same quiz within a second, answer and submit"
            ));
            *journeys::SPIKE_START
                .lock()
                .map_err(|_| anyhow::anyhow!("lock"))? =
                Some(Arc::new(tokio::sync::Barrier::new(n)));
            journeys::NEXT_LEARNER.store(0, Ordering::Relaxed);
            let spike = Attack::once(&format!("c: exam spike N={n}"), n)
                .starting_with(transaction!(sign_in_and_wait))
                .then(transaction!(sit_exam));
            let spike_rows = measure(&args, &mut summary, spike, floor).await?;
            let held = spike_rows
                .iter()
                .all(|r| r.errors == 0 && (r.request.contains("sign in") || r.p95_ms < 1000.0));
            summary.exam_spike_tried.push((n, held));
            table.extend(spike_rows);
            if !held {
                break;
            }
            summary.exam_spike_largest_n = Some(n);
        }
        *journeys::SPIKE_START
            .lock()
            .map_err(|_| anyhow::anyhow!("lock"))? = None;
    }

    // (d) the partner city's dashboard and CSV of its biggest cohort (5,000 at M).
    if args.runs('d') {
        let admins = |scenario: &str| {
            Attack::timed(scenario, 8, seconds)
                .starting_with(transaction!(sign_in_city_admin))
                .then(transaction!(cohort_dashboard))
                .then(transaction!(cohort_csv))
        };
        say("d: cohort dashboard and CSV export, 8 users");
        let city = admins("d: cohort");
        table.extend(measure(&args, &mut summary, city, floor).await?);
        // The latency budget, at a load a city's admins could make: 8 of them, each
        // opening the dashboard and downloading the CSV once a second (16 requests/s).
        // The run above, with no pause at all, is the ceiling: there a request's time
        // is mostly its wait behind the other seven.
        say("d: cohort dashboard and CSV export, 8 admins once a second each");
        let mut paced = admins("d: cohort, 8 admins at 1/s");
        paced.throttle = Some(16);
        table.extend(measure(&args, &mut summary, paced, floor).await?);
    }

    // (e) sign-in against the argon2id ceiling of the same cores.
    if args.runs('e') {
        say("e: argon2id hashes per second on every core (the ceiling)");
        summary.argon2_hashes_per_second = argon2_ceiling(if args.quick { 2.0 } else { 5.0 });
        say("e: sign-in with production hashes, 16 users");
        let sign_in = Attack::timed("e: sign-in", 16, seconds)
            .starting_with(transaction!(sign_in_client))
            .then(transaction!(sign_in_production_hash));
        let sign_in_rows = measure(&args, &mut summary, sign_in, floor).await?;
        summary.sign_ins_per_second = sign_in_rows
            .iter()
            .find(|r| r.request.contains("argon2id"))
            .map_or(0.0, |r| r.requests_per_second);
        summary.sign_in_ratio_to_argon2 =
            summary.sign_ins_per_second / summary.argon2_hashes_per_second.max(1e-9);
        table.extend(sign_in_rows);
    }

    // (f) Moodle's learner journey, pages per second.
    if args.runs('f') {
        for users in [16, 64] {
            say(&format!("f: Moodle's learner journey, {users} users"));
            let name = format!("f: journey {users} users");
            let journey = Attack::timed(&name, users, seconds).then(transaction!(moodle_journey));
            let journey_rows = measure(&args, &mut summary, journey, floor).await?;
            let pages: f64 = journey_rows.iter().map(|r| r.requests_per_second).sum();
            let errors = journey_rows.iter().map(|r| r.errors).sum();
            let worst = |f: fn(&Row) -> f64| journey_rows.iter().map(f).fold(0.0, f64::max);
            table.push(Row {
                scenario: name.clone(),
                // Pages per second in all; the percentiles are the slowest page's.
                request: "all pages (pages/s; slowest page's times)".into(),
                users,
                requests: journey_rows.iter().map(|r| r.requests).sum(),
                requests_per_second: pages,
                p50_ms: worst(|r| r.p50_ms),
                p95_ms: worst(|r| r.p95_ms),
                p99_ms: worst(|r| r.p99_ms),
                errors,
                ratio_to_floor: pages / floor_rps,
            });
        }
    }

    summary.server_peak_rss_mb = args.server_pid.and_then(peak_rss_mb);
    summary.budgets = budgets(&table, &summary);
    write(&args, &table, &summary)
}

fn find<'a>(table: &'a [Row], scenario: &str, request: &str) -> Option<&'a Row> {
    table
        .iter()
        .find(|r| r.scenario.starts_with(scenario) && r.request.contains(request))
}

/// The budgets, each met or not, with the figure.
fn budgets(table: &[Row], summary: &Summary) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    for (scenario, page) in [
        ("a: catalogue search", "catalogue"),
        ("a: course page", "course"),
        ("a: lesson page", "lesson"),
    ] {
        if let Some(r) = table.iter().find(|r| r.scenario == scenario) {
            let ratio = r.ratio_to_floor;
            out.push((
                format!("{page} page ≥ 50% of the floor at 64 users"),
                ratio >= 0.5,
                format!("{:.0}%", ratio * 100.0),
            ));
        }
    }
    for page in ["courses?q", "courses/{slug}", "lesson"] {
        if let Some(r) = find(table, "a: fixed", page) {
            out.push((
                format!("{} p99 < 25 ms at 500 requests/s", r.request),
                r.p99_ms < 25.0,
                format!("{:.1} ms", r.p99_ms),
            ));
        }
    }
    let n = summary.exam_spike_largest_n.unwrap_or(0);
    out.push(("exam spike N ≥ 2,000".into(), n >= 2000, format!("N = {n}")));
    if let Some(r) = find(table, "d: cohort, 8 admins", "dashboard") {
        out.push((
            "cohort dashboard p95 < 200 ms (8 admins, each once a second)".into(),
            r.p95_ms < 200.0,
            format!("{:.0} ms", r.p95_ms),
        ));
    }
    if let Some(r) = find(table, "d: cohort", "CSV") {
        out.push((
            "big cohort CSV in < 2 s (p95, 8 admins with no pause)".into(),
            r.p95_ms < 2000.0,
            format!("{:.0} ms", r.p95_ms),
        ));
    }
    out.push((
        "sign-in ≥ 85% of the argon2id ceiling".into(),
        summary.sign_in_ratio_to_argon2 >= 0.85,
        format!(
            "{:.0}% ({:.1}/s of {:.1}/s)",
            summary.sign_in_ratio_to_argon2 * 100.0,
            summary.sign_ins_per_second,
            summary.argon2_hashes_per_second
        ),
    ));
    if let Some(mb) = summary.server_peak_rss_mb {
        out.push((
            "server peak RSS < 150 MB".into(),
            mb < 150.0,
            format!("{mb:.0} MB"),
        ));
    }
    out
}

fn write(args: &Args, table: &[Row], summary: &Summary) -> anyhow::Result<()> {
    let mut md = String::from(
        "| scenario | request | users | requests/s | p50 ms | p95 ms | p99 ms | errors | × floor |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in table {
        md.push_str(&format!(
            "| {} | {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {:.2} |\n",
            r.scenario,
            r.request,
            r.users,
            r.requests_per_second,
            r.p50_ms,
            r.p95_ms,
            r.p99_ms,
            r.errors,
            r.ratio_to_floor,
        ));
    }
    md.push_str(&format!(
        "\nfloor: {:.0} requests/s · exam spike: largest N = {} (tried {:?}) · argon2id: {:.1} hashes/s, sign-in {:.1}/s ({:.0}%) · server peak RSS: {}\n\n| budget | met | figure |\n|---|---|---|\n",
        summary.floor_requests_per_second,
        summary.exam_spike_largest_n.map_or("none".into(), |n| n.to_string()),
        summary.exam_spike_tried,
        summary.argon2_hashes_per_second,
        summary.sign_ins_per_second,
        summary.sign_in_ratio_to_argon2 * 100.0,
        summary.server_peak_rss_mb.map_or("unknown".into(), |mb| format!("{mb:.0} MB")),
    ));
    for (budget, met, figure) in &summary.budgets {
        md.push_str(&format!(
            "| {budget} | {} | {figure} |\n",
            if *met { "yes" } else { "NO" }
        ));
    }
    md.push_str(
        "\n| where the cores went | server | load generator | PostgreSQL | idle |\n|---|---:|---:|---:|---:|\n",
    );
    for split in &summary.cpu {
        md.push_str(&split.markdown_row());
    }
    std::fs::write(args.out.join("results.md"), &md)?;
    std::fs::write(
        args.out.join("results.json"),
        serde_json::to_string_pretty(&serde_json::json!({ "rows": table, "summary": summary }))?,
    )?;
    println!("\n{md}");
    // Failed requests are reported, not fatal: the table is the result. A request
    // type that never once succeeded means the benchmark itself is broken.
    if let Some(broken) = table
        .iter()
        .find(|r| r.requests > 0 && r.errors == r.requests)
    {
        anyhow::bail!(
            "every {} request failed in {}",
            broken.request,
            broken.scenario
        );
    }
    Ok(())
}
