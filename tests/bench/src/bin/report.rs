//! Writes the results of `cargo bench` (criterion's `estimates.json` files)
//! and the allocation listing into BENCHMARKS.md, between the
//! `<!-- bench:… -->` markers. Run by `tests/bench/bench.sh`.
//!
//! Usage: `bench-report <criterion dir> <BENCHMARKS.md>`
// A reporting tool: a panic with a message is the right failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use oidc_implicit::Completion;
use oidc_implicit_bench::alloc_trace::{Tracing, markdown, trace};
use oidc_implicit_bench::peers::{Floor, RsaCrate};
use oidc_implicit_bench::{Alg, Fixture, fragment_len};

#[global_allocator]
static ALLOCATOR: Tracing = Tracing;

const LOCK: &str = include_str!("../../Cargo.lock");

/// Version of a package in this crate's lock file (the first listed).
fn version(name: &str) -> String {
    let needle = format!("name = \"{name}\"\nversion = \"");
    let start = LOCK.find(&needle).map(|i| i + needle.len()).unwrap();
    LOCK[start..].split('"').next().unwrap().to_string()
}

struct Results {
    dir: PathBuf,
}

impl Results {
    /// Median in nanoseconds, or `None` if that benchmark did not run.
    fn median(&self, group: &str, id: &str) -> Option<f64> {
        let path = self.dir.join(group).join(id).join("new/estimates.json");
        let text = std::fs::read_to_string(path).ok()?;
        let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
        doc["median"]["point_estimate"].as_f64()
    }

    /// The paired overhead measurement of `benches/overhead.rs`.
    fn paired(&self, group: &str) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.dir.join("paired/overhead.json")).ok()?;
        let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
        doc.get(group).cloned()
    }

    fn need(&self, group: &str, id: &str) -> f64 {
        self.median(group, id)
            .unwrap_or_else(|| panic!("no result for {group}/{id}: run `cargo bench` first"))
    }
}

fn time(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 100_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.1} µs", ns / 1_000.0)
    }
}

struct Row {
    id: &'static str,
    label: String,
}

fn rows(alg: Alg) -> Vec<Row> {
    let floor = match alg {
        Alg::Rs256 => "floor: the core's RS256 signature layer (SHA-256, s^65537 by crypto-bigint \
             on the `rsa` key's Montgomery parameters, RFC 8017 encode-and-compare), key built beforehand"
            .to_string(),
        Alg::Es256 => format!(
            "floor: `p256` {} ECDSA verify (SHA-256 + verify), key built beforehand",
            "0.14.0"
        ),
    };
    let row = |id, label: String| Row { id, label };
    vec![
        row(
            "ours_complete",
            "**oidc-implicit `complete`**: redirect URL → `state` → JWS → key → signature → claims → `at_hash`".into(),
        ),
        row(
            "ours_verify",
            "oidc-implicit `UnverifiedResponse::verify` (the ID-token half, what the peers do)".into(),
        ),
        row("floor", floor),
        row(
            "rsa_crate",
            format!(
                "reference: `rsa` {} PKCS#1 v1.5 verify (SHA-256 + its windowed modexp + unpad), key built \
                 beforehand: the floor issue 7 names, and the core's RS256 path until it took e = 65537's",
                "0.10.0-rc.20"
            ),
        ),
        row(
            "openidconnect",
            format!(
                "openidconnect {} (default features off; rsa 0.9, p256 0.14): `from_str` + `claims` + `at_hash`",
                version("openidconnect")
            ),
        ),
        row(
            "jsonwebtoken_rust_crypto",
            format!(
                "jsonwebtoken {} `rust_crypto` (rsa 0.9, p256 0.13): `decode_header` + `decode` + nonce/at_hash",
                version("jsonwebtoken")
            ),
        ),
        row(
            "jsonwebtoken_aws_lc_rs",
            format!(
                "jsonwebtoken {} `aws_lc_rs`: same calls",
                version("jsonwebtoken")
            ),
        ),
        row(
            "jwt_compact",
            format!(
                "jwt-compact {} (rsa 0.9, p256 0.13): `validate` + `validate_expiration` + iss/aud/iat/nonce/at_hash",
                version("jwt-compact")
            ),
        ),
        row(
            "ring",
            format!(
                "ring {} raw verify (signature only; its API parses the key on every call)",
                version("ring")
            ),
        ),
        row(
            "aws_lc_rs",
            format!(
                "aws-lc-rs {} raw verify (signature only; `ParsedPublicKey` built beforehand)",
                version("aws-lc-rs")
            ),
        ),
    ]
}

fn token_table(out: &mut String, r: &Results, f: &Fixture, alg: Alg) {
    let group = alg.name();
    let token = f.token(alg);
    let ours = r.need(group, "ours_complete");
    let floor = r.need(group, "floor");
    let bits = match alg {
        Alg::Rs256 => "RS256, 2048-bit key",
        Alg::Es256 => "ES256, P-256",
    };
    writeln!(
        out,
        "\n### {bits} (ID token {} bytes, redirect URL {} bytes)\n",
        token.id_token.len(),
        token.redirect.len()
    )
    .unwrap();
    writeln!(
        out,
        "| implementation | median | ÷ our floor | its median ÷ our `complete` |\n|---|---:|---:|---:|"
    )
    .unwrap();
    for row in rows(alg) {
        let Some(m) = r.median(group, row.id) else {
            continue;
        };
        let vs_ours = if row.id == "ours_complete" {
            "–".to_string()
        } else {
            format!("{:.2}×", m / ours)
        };
        writeln!(
            out,
            "| {} | {} | {:.3}× | {vs_ours} |",
            row.label,
            time(m),
            m / floor
        )
        .unwrap();
    }
}

fn targets(out: &mut String, r: &Results) -> (usize, usize) {
    let mut met = 0;
    let mut missed = 0;
    writeln!(
        out,
        "\n### Targets (issue 7)\n\n| target | measured | |\n|---|---|---|"
    )
    .unwrap();
    // `None`: a reference figure beside a target, not counted.
    let mut line = |target: String, measured: String, ok: Option<bool>| {
        let status = match ok {
            Some(true) => {
                met += 1;
                "met"
            }
            Some(false) => {
                missed += 1;
                "**missed**"
            }
            None => "reference",
        };
        writeln!(out, "| {target} | {measured} | {status} |").unwrap();
    };
    for alg in Alg::ALL {
        let g = alg.name();
        let ours = r.need(g, "ours_complete");
        let floor = r.need(g, "floor");
        // The paired rounds (benches/overhead.rs) decide: they are immune
        // to load drifting between two criterion benchmarks.
        let (ratio, over, how) = match r.paired(g) {
            Some(p) => (
                p["complete_over_floor"].as_f64().unwrap(),
                p["complete_minus_floor_ns"].as_f64().unwrap(),
                format!(
                    "paired rounds; criterion medians give {:.3}×; `complete_into`, the \
                     result built in the caller's slot: {:.3}×, {} over; medians of \
                     per-call pairs: `complete` {:.3}×, `complete_into` {:.3}×",
                    ours / floor,
                    p["complete_into_over_floor"].as_f64().unwrap(),
                    time(p["complete_into_minus_floor_ns"].as_f64().unwrap()),
                    p["per_call_complete_over_floor"]
                        .as_f64()
                        .unwrap_or(f64::NAN),
                    p["per_call_complete_into_over_floor"]
                        .as_f64()
                        .unwrap_or(f64::NAN),
                ),
            ),
            None => (ours / floor, ours - floor, "criterion medians".into()),
        };
        line(
            format!("{g}: `complete` ≤ 1.03 × floor"),
            format!("{ratio:.3}×, {} over the floor ({how})", time(over)),
            Some(ratio <= 1.03),
        );
        if let Some(reference) = r.median(g, "rsa_crate") {
            let paired = r
                .paired(g)
                .and_then(|p| p["complete_over_rsa_crate"].as_f64());
            let (ratio, how) = match paired {
                Some(p) => (
                    p,
                    format!(
                        "paired rounds; criterion medians give {:.3}×",
                        ours / reference
                    ),
                ),
                None => (ours / reference, "criterion medians".into()),
            };
            line(
                format!(
                    "{g}: `complete` ÷ `rsa` 0.10-rc's own verify, the primitive issue 7 names"
                ),
                format!("{ratio:.3}× ({how})"),
                None,
            );
        }
        let per_call = r
            .paired(g)
            .and_then(|p| p["per_call_complete_minus_floor_ns"].as_f64())
            .map_or(String::new(), |ns| {
                format!(" (paired rounds; median of per-call pairs: {})", time(ns))
            });
        line(
            format!("{g}: everything but the signature ≲ 2 µs"),
            format!("{}{per_call}", time(over)),
            Some(over <= 2_000.0),
        );
    }
    let peers = [
        (Alg::Rs256, "openidconnect", 2.5),
        (Alg::Rs256, "jsonwebtoken_rust_crypto", 2.5),
        (Alg::Rs256, "jwt_compact", 2.5),
        (Alg::Es256, "openidconnect", 1.0),
        (Alg::Es256, "jsonwebtoken_rust_crypto", 1.3),
        (Alg::Es256, "jwt_compact", 1.3),
    ];
    for (alg, id, factor) in peers {
        let g = alg.name();
        let ours = r.need(g, "ours_complete");
        let Some(peer) = r.median(g, id) else {
            continue;
        };
        // The paired rounds decide here too, as for the floor.
        let paired = r
            .paired(g)
            .and_then(|p| p["peer_over_complete"][id].as_f64());
        let (ratio, how) = match paired {
            Some(ratio) => (
                ratio,
                format!(
                    " (paired rounds; criterion medians give {:.2}×)",
                    peer / ours
                ),
            ),
            None => (peer / ours, String::new()),
        };
        let name = match id {
            "jsonwebtoken_rust_crypto" => "jsonwebtoken[rust_crypto]",
            "jwt_compact" => "jwt-compact",
            other => other,
        };
        let goal = if factor > 1.0 {
            format!("≥ {factor}× faster than {name}")
        } else {
            format!("at least as fast as {name}")
        };
        line(
            format!("{g}: `complete` {goal}"),
            format!("{ratio:.2}×{how}"),
            Some(ratio >= factor),
        );
    }
    let fragment = r.need("pieces", "fragment_typical");
    line(
        "fragment parsing of a typical `id_token token` response < 1 µs, allocation-free".into(),
        format!("{} (allocation-free: `tests/alloc.rs`)", time(fragment)),
        Some(fragment < 1_000.0),
    );
    (met, missed)
}

fn pieces(out: &mut String, r: &Results, f: &Fixture) {
    writeln!(
        out,
        "\n### Pieces\n\n| piece | input | median |\n|---|---|---:|"
    )
    .unwrap();
    let items = [
        (
            "fragment_typical",
            "`redirect_state`: parse the whole response",
            format!(
                "RS256 `id_token token` redirect URL, fragment {} bytes",
                fragment_len(&f.rs256.redirect)
            ),
        ),
        (
            "fragment_4k",
            "`redirect_state`",
            "fragment of 4096 bytes (6 parameters, a 3.4 KB ID token)".into(),
        ),
        (
            "accept_redirect",
            "`accept_redirect`: the redirect half of `complete` (URL, `state`, parameters)",
            "the RS256 redirect".into(),
        ),
        (
            "authorize_url",
            "`authorize` + `write_to_slice`: state/nonce derivation and the URL",
            "`id_token token`, scope `openid email`".into(),
        ),
        (
            "jwks_parse_3_keys",
            "`KeySet::parse`",
            format!(
                "the 3-key JWK Set ({} bytes: RSA 2048, P-256, RSA 3072)",
                f.jwks.len()
            ),
        ),
        (
            "pending_serialize",
            "`PendingAuthorization::serialize_into`",
            format!("{} bytes of text", f.pending_text.len()),
        ),
        (
            "pending_deserialize",
            "`PendingAuthorization::deserialize`",
            "the same text".into(),
        ),
    ];
    for (id, what, input) in items {
        if let Some(m) = r.median("pieces", id) {
            writeln!(out, "| {what} | {input} | {} |", time(m)).unwrap();
        }
    }
}

fn allocations(f: &Fixture) -> String {
    let complete = |alg: Alg| {
        let pending = f.pending();
        let redirect = &f.token(alg).redirect;
        let (ok, list) = trace(|| {
            matches!(
                pending.complete(&f.config, redirect, &f.keys, f.now),
                Ok(Completion::Tokens(_))
            )
        });
        assert!(ok);
        list
    };
    let es = complete(Alg::Es256);
    let rs = complete(Alg::Rs256);
    let floor = Floor::new(f);
    let (_, floor_list) = trace(|| floor.verify(Alg::Rs256, f.rs256.signing_input.as_bytes()));
    let rsa_crate = RsaCrate::new(f);
    let (_, rsa_crate_list) = trace(|| rsa_crate.verify(f.rs256.signing_input.as_bytes()));
    let mut out = String::new();
    writeln!(
        out,
        "ES256 `complete`: **{} allocations** ({} bytes). RS256 `complete`: **{} allocations, {} bytes**, all inside \
         `crypto-bigint` (the RS256 floor alone makes {} allocations, {} bytes; the `rsa` crate's own verify, \
         {} allocations, {} bytes):\n",
        es.len(),
        es.iter().map(|a| a.size).sum::<usize>(),
        rs.len(),
        rs.iter().map(|a| a.size).sum::<usize>(),
        floor_list.len(),
        floor_list.iter().map(|a| a.size).sum::<usize>(),
        rsa_crate_list.len(),
        rsa_crate_list.iter().map(|a| a.size).sum::<usize>(),
    )
    .unwrap();
    out.push_str(&markdown(&rs));
    out
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let load_before = std::env::var("BENCH_LOAD_BEFORE").unwrap_or_else(|_| "?".into());
    let load_after = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let date = std::env::var("BENCH_DATE").unwrap_or_else(|_| "?".into());
    format!(
        "- {model}, {cores} cores (a shared VM: no hardware performance counters, other builds running)\n\
         - {rustc}, default `release` profile of the bench crate (opt-level 3, no LTO, codegen-units 16, no `target-cpu`)\n\
         - criterion {}: 2 s warm-up, 4 s measurement, 100 samples; medians\n\
         - load average before / after the run: {load_before} / {load_after}; run on {date}\n",
        version("criterion")
    )
}

fn replace(doc: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- bench:{name}:start -->");
    let end = format!("<!-- bench:{name}:end -->");
    let (Some(a), Some(b)) = (doc.find(&start), doc.find(&end)) else {
        panic!("BENCHMARKS.md lacks the {start} … {end} markers");
    };
    format!("{}{start}\n{body}\n{}", &doc[..a], &doc[b..])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, md] = args.as_slice() else {
        panic!("usage: bench-report <criterion dir> <BENCHMARKS.md>");
    };
    let r = Results {
        dir: Path::new(dir).to_path_buf(),
    };
    let f = Fixture::new();
    let mut results = String::new();
    for alg in Alg::ALL {
        token_table(&mut results, &r, &f, alg);
    }
    let (met, missed) = targets(&mut results, &r);
    pieces(&mut results, &r, &f);
    let doc = std::fs::read_to_string(md).unwrap();
    let doc = replace(&doc, "results", &results);
    let doc = replace(&doc, "allocations", &allocations(&f));
    let doc = replace(&doc, "machine", &machine());
    std::fs::write(md, doc).unwrap();
    println!("{md}: {met} targets met, {missed} missed");
}
