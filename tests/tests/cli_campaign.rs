//! `sessionlab campaign`, `replay` and `merge`, driven in-process.

use sessionlab_tests::{Output, sessionlab};

fn run(args: &[&str]) -> Output {
    sessionlab(args, b"")
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sessionlab-campaign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn the_default_campaign_matrix() {
    // `sessionlab` with no arguments runs the default campaign: every preset, every attacker.
    let o = run(&[]);
    let again = run(&["campaign"]);
    assert_eq!(o.stdout, again.stdout, "deterministic");
    insta::assert_snapshot!("default_matrix", o.stdout);
    // Exit code 0 only if every expectation holds and no attacker is toothless.
    let expect_fail =
        o.stdout.contains("Expectations that failed") || o.stdout.contains("Toothless");
    assert_eq!(o.code, u8::from(expect_fail));
    // The README shows this matrix: it must be the one the campaign prints.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let shown = readme
        .split("## The default campaign")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("the README's default-campaign block");
    assert!(
        o.stdout.starts_with(shown),
        "README.md's default matrix is out of date; the campaign prints:\n{}",
        o.stdout
    );
}

#[test]
fn json_report_has_the_documented_fields() {
    let o = run(&[
        "campaign",
        "--preset",
        "hardened",
        "--preset",
        "legacy-php",
        "--seeds",
        "3",
        "--json",
        "--no-shrink",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let cells = v["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2 * 13);
    for c in cells {
        for key in ["policy", "attacker", "outcome", "runs", "successes"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
        assert_eq!(c["runs"], 3);
        if c["successes"].as_u64().unwrap() > 0 {
            let replay = c["replay"].as_str().unwrap();
            assert!(
                replay.starts_with("sessionlab replay legacy-php:"),
                "{replay}"
            );
        } else {
            assert!(c["replay"].is_null());
        }
    }
}

#[test]
fn replay_reruns_a_failure_bit_for_bit() {
    let o = run(&[
        "campaign",
        "--preset",
        "legacy-php",
        "--attacker",
        "fixation-url",
        "--seeds",
        "2",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let cmd = v["cells"][0]["replay"].as_str().unwrap().to_owned();
    let id = cmd.strip_prefix("sessionlab replay ").unwrap();
    let first = run(&["replay", id]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("outcome: hijacked"),
        "{}",
        first.stdout
    );
    assert!(first.stdout.contains("deterministic: yes"));
    assert_eq!(first.stdout, run(&["replay", id]).stdout);
    for bad in [
        "nope",
        "legacy-php:nope:1",
        "nope:eavesdrop:1",
        "legacy-php:eavesdrop:x",
    ] {
        let o = run(&["replay", bad]);
        assert_eq!(o.code, 2, "{bad}");
        assert_eq!(o.stderr.lines().count(), 1);
    }
}

#[test]
fn shards_merge_into_the_whole() {
    let whole = run(&[
        "campaign",
        "--preset",
        "php8",
        "--preset",
        "hardened",
        "--seeds",
        "4",
        "--json",
        "--no-shrink",
    ]);
    let mut files = Vec::new();
    for i in 1..=3 {
        let part = run(&[
            "campaign",
            "--preset",
            "php8",
            "--preset",
            "hardened",
            "--seeds",
            "4",
            "--json",
            "--no-shrink",
            "--shard",
            &format!("{i}/3"),
        ]);
        let f = temp(&format!("part{i}.json"));
        std::fs::write(&f, part.stdout).unwrap();
        files.push(f.display().to_string());
    }
    let mut args = vec!["merge", "--json"];
    args.extend(files.iter().map(String::as_str));
    let merged = run(&args);
    let w: serde_json::Value = serde_json::from_str(&whole.stdout).unwrap();
    let m: serde_json::Value = serde_json::from_str(&merged.stdout).unwrap();
    for (a, b) in w["cells"]
        .as_array()
        .unwrap()
        .iter()
        .zip(m["cells"].as_array().unwrap())
    {
        for key in [
            "policy",
            "attacker",
            "outcome",
            "runs",
            "successes",
            "outcomes",
        ] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }
    assert_eq!(run(&["merge", "/no/such.json"]).code, 2);
}

#[test]
fn user_policies_with_expect_blocked_and_junit() {
    let shown = run(&["policy", "show", "hardened"]);
    let good = temp("mine.toml");
    std::fs::write(&good, &shown.stdout).unwrap();
    let junit = temp("report.xml");
    let o = run(&[
        "campaign",
        "--policy",
        good.to_str().unwrap(),
        "--seeds",
        "3",
        "--expect",
        "blocked",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuite name=\"mine\" tests=\"13\" failures=\"0\">"),
        "{xml}"
    );

    let weak = temp("weak.toml");
    std::fs::write(&weak, run(&["policy", "show", "php8"]).stdout).unwrap();
    let o = run(&[
        "campaign",
        "--policy",
        weak.to_str().unwrap(),
        "--seeds",
        "3",
        "--expect",
        "blocked",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains(&format!(
            "sessionlab replay --policy {} weak:",
            weak.display()
        )),
        "{}",
        o.stdout
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<failure message=\"expected blocked, got hijacked\">"),
        "{xml}"
    );
}

#[test]
fn check_determinism_counts_no_difference() {
    let o = run(&[
        "campaign",
        "--preset",
        "legacy-php",
        "--seeds",
        "2",
        "--check-determinism",
        "--json",
        "--no-shrink",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(
        v["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["nondeterministic"] == 0)
    );
}

#[test]
fn bad_campaign_arguments() {
    for args in [
        &["campaign", "--seeds", "0"][..],
        &["campaign", "--preset", "nope"],
        &["campaign", "--attacker", "nope"],
        &["campaign", "--shard", "0/2"],
        &["campaign", "--shard", "3/2"],
        &["campaign", "--shard", "x"],
        &["campaign", "--policy", "/no/such.toml"],
        &["campaign", "--expect", "hijacked"],
    ] {
        let o = run(args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stdout);
        assert_eq!(o.stderr.lines().count(), 1, "{args:?}: {}", o.stderr);
    }
}

#[test]
fn readme_attacker_table_is_the_weakness_list() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let table = sessionlab_sim::weaknesses::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's attacker table is out of date; sim/src/weaknesses.rs gives:\n{table}"
    );
    // Every attacker has its entry, in matrix order, and every probe check it names exists.
    let names: Vec<&str> = sessionlab_sim::attackers::all()
        .iter()
        .map(|a| a.name())
        .collect();
    let listed: Vec<&str> = sessionlab_sim::weaknesses::ALL
        .iter()
        .map(|w| w.attacker)
        .collect();
    assert_eq!(names, listed);
    let checks: Vec<&str> = sessionlab_sim::probe::checks::all()
        .iter()
        .map(|c| c.name())
        .collect();
    for w in sessionlab_sim::weaknesses::ALL {
        for c in w.probe_checks {
            assert!(checks.contains(c), "{}: no probe check {c}", w.attacker);
        }
        for p in w.weak_presets {
            assert!(
                sessionlab_core::session::presets::by_name(p).is_some(),
                "{}: no preset {p}",
                w.attacker
            );
        }
    }
}
