//! The vector files of `core/tests/vectors/` (written by `generate.sh` from the real runtimes):
//! `#` header lines, then `<seed> <kind> <values...>` rows.

#![allow(dead_code)]

/// Every row of `file`: `(seed, kind, values)`.
pub fn rows(file: &str) -> Vec<(String, String, Vec<String>)> {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut w = l.split(' ');
            let seed = w.next().unwrap().to_owned();
            let kind = w.next().unwrap().to_owned();
            (seed, kind, w.map(str::to_owned).collect())
        })
        .collect()
}

/// The values of the row of `file` with this seed and kind.
pub fn stream(file: &str, seed: &str, kind: &str) -> Vec<String> {
    rows(file)
        .into_iter()
        .find(|r| r.0 == seed && r.1 == kind)
        .unwrap_or_else(|| panic!("{file}: no {seed} {kind}"))
        .2
}
