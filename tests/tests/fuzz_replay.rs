//! Replays every input under `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through
//! the fuzz targets' own oracles, on stable and without libFuzzer: what was ever found stays
//! fixed. Inputs are decoded exactly as `cargo fuzz` decodes them.

use std::path::{Path, PathBuf};

use sessionlab_core::check::Violation;
use sessionlab_core::check::fuzz::{TARGETS, Target};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every target: the core crate's and the simulator's.
fn targets() -> Vec<(&'static str, Target)> {
    let mut all = TARGETS.to_vec();
    all.push(("sim_scenario", sessionlab_sim::check::sim_scenario));
    all
}

/// The input files of a directory (README files and dotfiles are notes, not inputs).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, check) in targets() {
        for file in inputs(&fuzz_dir().join(kind).join(name)) {
            let data = std::fs::read(&file).unwrap();
            count += 1;
            let result: Result<(), Violation> = match std::panic::catch_unwind(|| check(&data)) {
                Ok(r) => r,
                Err(_) => Err(Violation {
                    property: "no_panic",
                    detail: "the code under test panicked".into(),
                }),
            };
            if let Err(v) = result {
                failures.push(format!("{}: {v}", file.display()));
            }
        }
    }
    (count, failures)
}

#[test]
fn every_fuzz_target_is_registered_here() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "rs").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    on_disk.sort();
    let mut here: Vec<String> = targets().iter().map(|(n, _)| n.to_string()).collect();
    here.sort();
    assert_eq!(on_disk, here);
}

#[test]
fn corpus_replays_clean() {
    let (count, failures) = replay("corpus");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every target has a seed corpus: an empty directory would make this test vacuous.
    for (name, _) in targets() {
        assert!(
            !inputs(&fuzz_dir().join("corpus").join(name)).is_empty(),
            "fuzz/corpus/{name} is empty"
        );
    }
    assert!(count >= targets().len());
}

#[test]
fn regressions_stay_fixed() {
    let (_, failures) = replay("regressions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
