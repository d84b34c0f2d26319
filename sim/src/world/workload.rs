//! What the victim does: a list of steps drawn from the seed, with swarm features that switch
//! parts of the workload and of the attacker's capabilities on or off per seed.

use std::borrow::Cow;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use sessionlab_core::cookie::BrowserProfile;

/// Per-seed switches (swarm testing): each run exercises a random subset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features {
    /// The victim browses plain-HTTP pages of the shop (cart, help) when the site has them.
    pub browses_http_pages: bool,
    /// The victim follows a link from the shop to an outside site (Referer).
    pub clicks_external_link: bool,
    /// The victim opens the shop's page with a stored XSS payload.
    pub opens_xss_page: bool,
    /// The victim visits the attacker's site while logged in.
    pub visits_attacker_site: bool,
    /// The victim reads a news site over plain HTTP (where an on-path attacker can redirect).
    pub reads_http_news: bool,
    /// The victim visits a sibling subdomain the attacker controls.
    pub visits_sibling_site: bool,
    /// The victim logs in again later.
    pub logs_in_again: bool,
    /// The victim changes their password.
    pub changes_password: bool,
    /// The victim leaves the tab idle for this many seconds.
    pub idles_secs: u64,
    /// The victim logs out at the end.
    pub logs_out: bool,
    /// The browser treats cookies without SameSite as Lax (Chrome) or not (legacy engines).
    pub browser_lax_by_default: bool,
    /// Whose cookie rules the victim's browser follows: the RFC text or Chromium's (drawn by
    /// [`victim_browser`] from the seed; traces from before it existed read `rfc`).
    #[serde(default)]
    pub victim_browser: BrowserProfile,
    /// The attacker is on the network path (open Wi-Fi): sees and alters plain HTTP.
    pub attacker_on_path: bool,
    /// The attacker can read the server's logs.
    pub attacker_reads_logs: bool,
}

impl Features {
    /// Draws the switches from the run's generator.
    pub fn draw(rng: &mut impl Rng) -> Self {
        let mut coin = |p: u32| rng.next_u32() % 100 < p;
        Features {
            browses_http_pages: coin(80),
            clicks_external_link: coin(70),
            opens_xss_page: coin(70),
            visits_attacker_site: coin(70),
            reads_http_news: coin(70),
            visits_sibling_site: coin(70),
            logs_in_again: coin(50),
            changes_password: coin(50),
            idles_secs: if coin(50) { 9 * 3600 } else { 60 },
            logs_out: coin(60),
            browser_lax_by_default: coin(75),
            // Set from the seed by the world (`victim_browser`), on a stream of its own.
            victim_browser: BrowserProfile::Rfc,
            attacker_on_path: coin(80),
            attacker_reads_logs: coin(70),
        }
    }
}

/// The victim's browser profile for a seed, drawn from a generator stream of its own (stream 1
/// of the seed's ChaCha8), so that it takes nothing from the run's other draws: a campaign can
/// tell which browser every run had from its seed alone, and runs against one profile are the
/// runs they were before profiles existed.
pub fn victim_browser(seed: u64) -> BrowserProfile {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(1);
    let all = BrowserProfile::ALL;
    all[rng.next_u32() as usize % all.len()]
}

/// The swarm switches a seed draws, as the world draws them (the first draw of the seed's
/// generator, then the victim's browser from its own stream).
pub fn features_for(seed: u64) -> Features {
    draw_features(&mut ChaCha8Rng::seed_from_u64(seed), seed)
}

/// [`features_for`] from the seed's generator `rng`, which the world goes on drawing from.
pub(crate) fn draw_features(rng: &mut ChaCha8Rng, seed: u64) -> Features {
    Features {
        victim_browser: victim_browser(seed),
        ..Features::draw(rng)
    }
}

/// One thing the victim does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "step")]
pub enum Step {
    /// Opens a shop page (a plain-HTTP link where the site has them).
    Visit {
        /// The path (borrowed for the built-in workload: steps are drawn for every run).
        path: Cow<'static, str>,
    },
    /// Logs in.
    Login,
    /// Opens an account page (sensitive).
    Account,
    /// Follows a link to an outside site.
    ClickExternal,
    /// Opens the shop page carrying a stored XSS payload.
    OpenXssPage,
    /// Visits the attacker's site.
    VisitAttackerSite,
    /// Reads a news site over plain HTTP.
    ReadHttpNews,
    /// Visits the sibling subdomain the attacker controls.
    VisitSiblingSite,
    /// Does nothing for a while.
    Idle {
        /// How long.
        secs: u64,
    },
    /// Changes the password.
    ChangePassword,
    /// Logs out.
    Logout,
}

/// The victim's steps for a run with these features.
pub fn steps(f: &Features) -> Vec<Step> {
    let mut s = vec![Step::Visit { path: "/".into() }];
    if f.visits_sibling_site {
        s.push(Step::VisitSiblingSite);
    }
    if f.reads_http_news {
        s.push(Step::ReadHttpNews);
    }
    s.push(Step::Visit {
        path: "/products".into(),
    });
    s.push(Step::Login);
    s.push(Step::Account);
    if f.browses_http_pages {
        s.push(Step::Visit {
            path: "/cart".into(),
        });
    }
    if f.clicks_external_link {
        s.push(Step::ClickExternal);
    }
    if f.opens_xss_page {
        s.push(Step::OpenXssPage);
    }
    if f.visits_attacker_site {
        s.push(Step::VisitAttackerSite);
    }
    s.push(Step::Account);
    if f.changes_password {
        s.push(Step::ChangePassword);
    }
    if f.logs_in_again {
        s.push(Step::Login);
    }
    s.push(Step::Idle { secs: f.idles_secs });
    s.push(Step::Visit {
        path: "/help".into(),
    });
    if f.logs_out {
        s.push(Step::Logout);
    }
    s
}
