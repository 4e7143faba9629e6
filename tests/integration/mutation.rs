//! Property test: no edit of the worked example makes roadbook panic or hang.
//! Copies of `content/` and `roadbook.toml` get random byte edits, deleted,
//! duplicated and swapped lines, truncations, invalid UTF-8 and NUL bytes
//! (fixed seed, bounded number of cases). Each run must succeed, or fail
//! with exit 1 and a diagnostic naming a `file:line:col`; never exit 101
//! (panic) or run past a timeout.

use crate::harness::{repo, walkdir, Site};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The worked example's files: (path relative to the site root, bytes).
fn example_files() -> Vec<(String, Vec<u8>)> {
    let root = repo();
    let mut files: Vec<(String, Vec<u8>)> = walkdir(&root.join("content"))
        .into_iter()
        .map(|p| (p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap()))
        .collect();
    files.push(("roadbook.toml".to_string(), std::fs::read(root.join("roadbook.toml")).unwrap()));
    files.sort();
    files
}

fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0).chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)).collect()
}

/// One random edit of `bytes`; returns what it did, for the failure message.
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let len = bytes.len().max(1);
    let lines = line_starts(bytes);
    let line_range = |i: usize, bytes: &Vec<u8>| {
        let start = lines[i];
        let end = lines.get(i + 1).copied().unwrap_or(bytes.len());
        start..end
    };
    match rng.below(9) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let at = rng.below(len).min(bytes.len().saturating_sub(1));
                if let Some(b) = bytes.get_mut(at) {
                    *b = rng.next() as u8;
                }
            }
            format!("{n} random bytes")
        }
        1 => {
            let i = rng.below(lines.len());
            let range = line_range(i, bytes);
            bytes.drain(range);
            format!("deleted line {}", i + 1)
        }
        2 => {
            let i = rng.below(lines.len());
            let range = line_range(i, bytes);
            let copy = bytes[range.clone()].to_vec();
            let at = range.end;
            bytes.splice(at..at, copy);
            format!("duplicated line {}", i + 1)
        }
        3 => {
            let at = rng.below(len + 1).min(bytes.len());
            bytes.truncate(at);
            format!("truncated at byte {at}")
        }
        4 => {
            let at = rng.below(len + 1).min(bytes.len());
            let bad: &[u8] =
                [&[0xff][..], &[0xc3], &[0xe2, 0x82], &[0xed, 0xa0, 0x80], &[0xf4, 0x90, 0x80, 0x80]][rng.below(5)];
            bytes.splice(at..at, bad.iter().copied());
            format!("invalid UTF-8 at byte {at}")
        }
        5 => {
            let at = rng.below(len + 1).min(bytes.len());
            bytes.splice(at..at, [0u8; 3]);
            format!("NUL bytes at byte {at}")
        }
        6 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            let (a, b) = (a.min(b), a.max(b));
            if a != b {
                let (ra, rb) = (line_range(a, bytes), line_range(b, bytes));
                let mut out = bytes[..ra.start].to_vec();
                out.extend_from_slice(&bytes[rb.clone()]);
                out.extend_from_slice(&bytes[ra.end..rb.start]);
                out.extend_from_slice(&bytes[ra.clone()]);
                out.extend_from_slice(&bytes[rb.end..]);
                *bytes = out;
            }
            format!("swapped lines {} and {}", a + 1, b + 1)
        }
        7 => {
            // Structural characters where they hurt most.
            let at = rng.below(len + 1).min(bytes.len());
            let junk: &[u8] =
                [&b"+++\n"[..], b"[[", b"\"\"\"", b"]]\n", b"```\n", b"{#", b"@milestone:", b"\r", b"\t"][rng.below(9)];
            bytes.splice(at..at, junk.iter().copied());
            format!("inserted {:?} at byte {at}", String::from_utf8_lossy(junk))
        }
        _ => {
            let i = rng.below(lines.len());
            let range = line_range(i, bytes);
            bytes.splice(range.start..range.start, b"x = 1\n".iter().copied());
            format!("inserted an unknown field before line {}", i + 1)
        }
    }
}

/// Runs the binary with a timeout; `None` when it had to be killed.
pub fn run_with_timeout(args: &[&str], root: &Path, limit: Duration) -> Option<(i32, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn roadbook");
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some((status.code().unwrap_or(-1), reader.join().unwrap_or_default()));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `--> path:line:col` somewhere in the diagnostics.
fn names_a_place(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        let Some(rest) = l.trim_start().strip_prefix("--> ") else { return false };
        let mut parts = rest.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        let number = |s: Option<&str>| s.is_some_and(|s| s.parse::<usize>().is_ok_and(|n| n >= 1));
        number(col) && number(line) && file.is_some_and(|f| !f.is_empty())
    })
}

const CASES: usize = 48;
const SEED: u64 = 0x5eed_7007;

#[test]
fn mutated_examples_fail_cleanly_or_build() {
    let files = example_files();
    let mut rng = Rng::new(SEED);
    let mut jobs = Vec::new();
    for case in 0..CASES {
        let mut copy = files.clone();
        // One to three edits, in one or several files.
        let edits = 1 + rng.below(3);
        let mut what = Vec::new();
        for _ in 0..edits {
            let f = rng.below(copy.len());
            let did = mutate(&mut copy[f].1, &mut rng);
            what.push(format!("{}: {did}", copy[f].0));
        }
        let command = if case % 6 == 0 { "build" } else { "check" };
        jobs.push((case, command, copy, what.join("; ")));
    }
    let outcomes = std::sync::Mutex::new((0usize, 0usize));
    let queue = std::sync::Mutex::new(jobs);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some((case, command, copy, what)) = queue.lock().unwrap().pop() else { return };
                let site = Site::new();
                for (rel, bytes) in &copy {
                    site.write(rel, bytes);
                }
                let Some((code, stderr)) = run_with_timeout(&[command], site.path(), Duration::from_secs(30)) else {
                    panic!("case {case} ({what}): `roadbook {command}` did not finish in 30 s");
                };
                assert!(!stderr.contains("panicked"), "case {case} ({what}): panic\n{stderr}");
                match code {
                    0 => outcomes.lock().unwrap().0 += 1,
                    1 => {
                        assert!(
                            names_a_place(&stderr),
                            "case {case} ({what}): exit 1 without a file:line:col\n{stderr}"
                        );
                        outcomes.lock().unwrap().1 += 1;
                    }
                    other => panic!("case {case} ({what}): `roadbook {command}` exited {other}\n{stderr}"),
                }
            });
        }
    });
    let (ok, failed) = outcomes.into_inner().unwrap();
    eprintln!("mutation: {CASES} runs of the binary, {ok} succeeded, {failed} failed cleanly");
    // Most edits break something; some are harmless. Both must occur, or the test is not testing.
    assert!(failed > CASES / 3 && ok + failed == CASES, "{ok} succeeded, {failed} failed");
}

/// Cases run in process: the same on every machine, whatever its load.
const CASES_IN_PROCESS: usize = 200;

/// Many more cases in process, through the loader and pipeline the fuzz
/// targets run (`roadbook::fuzz::Harness`), under catch_unwind.
#[test]
fn mutated_examples_never_panic_in_process() {
    let harness = roadbook::fuzz::Harness::new();
    let files = example_files();
    let mut rng = Rng::new(SEED ^ 0xabcdef);
    for case in 1..=CASES_IN_PROCESS {
        let mut copy = files.clone();
        let f = rng.below(copy.len());
        let did = mutate(&mut copy[f].1, &mut rng);
        let what = format!("{}: {did}", copy[f].0);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let config = copy.iter().find(|(p, _)| p == "roadbook.toml").map(|(_, b)| b.as_slice());
            let refs: Vec<(&str, &[u8])> = copy.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
            harness.site(config, &refs)
        }));
        assert!(result.is_ok(), "case {case} ({what}) panicked");
    }
}
