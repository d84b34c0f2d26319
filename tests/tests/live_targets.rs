//! The attacker catalogue against live servers on loopback: the same outcome as in process,
//! and `sessionlab campaign --site` over a site file.

use std::net::SocketAddr;

use sessionlab_core::session::presets;
use sessionlab_servers::{
    Overrides, TowerOptions, sites, start_reference, start_tower_sessions_app, tower_app,
};
use sessionlab_sim::catalogue::{Catalogue, TargetReport};
use sessionlab_sim::oracle::Outcome;
use sessionlab_sim::probe::ProbeConfig;
use sessionlab_sim::target::{LiveOptions, TargetSpec};
use sessionlab_tests::sessionlab;

const SEEDS: u64 = 3;

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The site file of either example server.
fn site_file(base_url: &str) -> String {
    site_file_with(base_url, "")
}

/// The site file with more top-level keys.
fn site_file_with(base_url: &str, extra: &str) -> String {
    let extra = format!(
        "sensitive_paths = [\"/account/settings\"]\npassword_change_path = \"/account/password\"\n{extra}"
    );
    sites::site_file(base_url, &extra, "\n[race]\nslow_path = \"/slow?ms=500\"\n")
}

fn live(base_url: &str) -> TargetSpec {
    let config = ProbeConfig::from_toml(&site_file(base_url)).expect("the site file parses");
    TargetSpec::live("live", &config, LiveOptions::default()).expect("the server is usable")
}

fn outcomes(r: &TargetReport) -> Vec<(String, Outcome)> {
    r.cells
        .iter()
        .map(|c| (c.attacker.clone(), c.outcome))
        .collect()
}

#[test]
fn tower_sessions_live_is_tower_sessions_in_process() {
    let server = start_tower_sessions_app(&TowerOptions::default(), loopback()).expect("started");
    let live = Catalogue::new(live(&server.base_url()))
        .seeds(SEEDS)
        .shrink(false)
        .run();
    // In process, the same application with the same description (its cookie is `id`, and
    // the live site file's markers are the protected page's).
    let mut site = sites::tower_sessions_app();
    site.served_as_body = "account of {user}".into();
    site.password_change_path = Some("/account/password".into());
    site.sensitive_paths = vec!["/account/settings".into(), "/account".into()];
    let in_process = Catalogue::tower("in-process", site, || {
        tower_app::router(&TowerOptions::default())
    })
    .seeds(SEEDS)
    .shrink(false)
    .run();
    assert_eq!(
        outcomes(&live),
        outcomes(&in_process),
        "live:\n{}\nin process:\n{}",
        live.table(),
        in_process.table()
    );
    assert_eq!(live.outcome("logout-race"), Some(Outcome::Hijacked));
}

#[test]
fn the_reference_server_live_is_the_model() {
    for preset in ["hardened", "tower-sessions", "express-session"] {
        let policy = presets::by_name(preset).unwrap().policy;
        let server =
            start_reference(policy.clone(), &Overrides::default(), loopback()).expect("started");
        // The reference server says who a page was served as on every page.
        let file = site_file_with(
            &server.base_url(),
            r#"served_as_body = "signed in as {user}""#,
        );
        let config = ProbeConfig::from_toml(&file).expect("the site file parses");
        let spec = TargetSpec::live("live", &config, LiveOptions::default()).expect("usable");
        let live = Catalogue::new(spec).seeds(SEEDS).shrink(false).run();
        let model = Catalogue::new(TargetSpec::model(preset, policy))
            .seeds(SEEDS)
            .shrink(false)
            .run();
        // Every attacker the live server supports (its clock does not move, its logs are not
        // readable; the model's HTTP pages are HTTPS behind the reference server's proxy).
        for (l, m) in live.cells.iter().zip(&model.cells) {
            if l.skipped.is_some() || matches!(l.attacker.as_str(), "replay" | "id-leak") {
                continue;
            }
            assert_eq!(
                (l.attacker.as_str(), l.outcome.is_success()),
                (m.attacker.as_str(), m.outcome.is_success()),
                "{preset}: live\n{}\nmodel\n{}",
                live.table(),
                model.table()
            );
        }
    }
}

#[test]
fn campaign_over_a_site_file() {
    let server = start_tower_sessions_app(&TowerOptions::default(), loopback()).expect("started");
    let path = std::env::temp_dir().join(format!("sessionlab-site-{}.toml", std::process::id()));
    std::fs::write(&path, site_file(&server.base_url())).unwrap();
    let file = path.to_str().unwrap();
    let out = sessionlab(
        &[
            "campaign",
            "--site",
            file,
            "--seeds",
            "2",
            "--no-shrink",
            "--json",
            "--attacker",
            "logout-race",
            "--attacker",
            "xss-theft",
        ],
        b"",
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let cells = report["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2, "{report}");
    let stem = path.file_stem().unwrap().to_str().unwrap();
    assert!(
        cells
            .iter()
            .all(|c| c["target"] == stem && c.get("policy").is_none()),
        "{report}"
    );
    assert_eq!(cells[0]["outcome"], "hijacked", "{report}");
    assert_eq!(cells[1]["outcome"], "blocked", "{report}");
    let replay = cells[0]["replay"].as_str().unwrap();
    assert!(replay.starts_with(&format!(
        "sessionlab replay --site {file} {stem}:logout-race:"
    )));
    assert_eq!(out.code, 0);
    // --expect blocked makes the hijack fail CI.
    let out = sessionlab(
        &[
            "campaign",
            "--site",
            file,
            "--seeds",
            "1",
            "--no-shrink",
            "--attacker",
            "logout-race",
            "--expect",
            "blocked",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    // The replay runs the same steps again and says whether the outcome repeated.
    let id = replay.rsplit(' ').next().unwrap();
    let out = sessionlab(&["replay", "--site", file, id], b"");
    assert!(
        out.stdout
            .contains("outcome repeated: yes (hijacked twice)"),
        "{}",
        out.stdout
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn bad_site_files_are_one_line_errors() {
    let path = std::env::temp_dir().join(format!("sessionlab-badsite-{}.toml", std::process::id()));
    // Not loopback: refused before anything is sent.
    std::fs::write(&path, site_file("http://192.0.2.1:80")).unwrap();
    let out = sessionlab(&["campaign", "--site", path.to_str().unwrap()], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("loopback") && out.stderr.trim().lines().count() == 1,
        "{}",
        out.stderr
    );
    // A marker that does not name the user cannot tell the victim's pages.
    let server = start_tower_sessions_app(&TowerOptions::default(), loopback()).expect("started");
    let text = site_file(&server.base_url()).replace("account of {user}", "account of");
    std::fs::write(&path, text).unwrap();
    let out = sessionlab(&["campaign", "--site", path.to_str().unwrap()], b"");
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("logged_in_body"), "{}", out.stderr);
    let _ = std::fs::remove_file(&path);
}
