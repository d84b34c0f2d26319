//! The bias map: three stacked panels drawn with plotters' SVG backend (text is SVG `<text>`,
//! so no font files are needed): the share of ones of each bit position against the monobit
//! bounds, -log10 of each bit position's combined p-value against the 1% line, and the same for
//! each character position. Failing positions are red.

use plotters::coord::Shift;
use plotters::prelude::*;
use sessionlab_core::token::analysis::{HEADLINE_LEVEL, Report};

const PASS: RGBColor = RGBColor(70, 110, 170);
const FAIL: RGBColor = RGBColor(200, 40, 40);
/// p-values below 10^-12 are drawn at 12.
const MAX_LOG_P: f64 = 12.0;

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// The SVG document.
pub(super) fn render(r: &Report) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 780)).into_drawing_area();
        draw(r, &root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw(r: &Report, root: &DrawingArea<SVGBackend<'_>, Shift>) -> Drawn {
    root.fill(&WHITE)?;
    let panels = root.split_evenly((3, 1));
    let bits = &r.bits.positions;
    let n = r.samples as f64;
    let (lo, hi) = r.bits.fips_bounds.monobit;

    let title = format!(
        "share of ones per bit position ({} tokens; dashed: FIPS 140-2 monobit bounds)",
        r.samples
    );
    let shares = bits.iter().map(|b| (b.ones as f64 / n, b.p_value));
    bars(
        &panels[0],
        &title,
        "bit",
        (0.0, 1.0),
        0.5,
        shares,
        &[lo / n, hi / n],
    )?;

    let title = "-log10 p per bit position (all six tests combined; dashed: 1%)";
    let ps = bits.iter().map(|b| (log_p(b.p_value), b.p_value));
    let one_percent = -HEADLINE_LEVEL.log10();
    bars(
        &panels[1],
        title,
        "bit",
        (0.0, MAX_LOG_P),
        0.0,
        ps,
        &[one_percent],
    )?;

    let title = "-log10 p per character position (distribution and transitions; dashed: 1%)";
    let chars = r
        .characters
        .positions
        .iter()
        .map(|c| (log_p(c.p_value), c.p_value));
    bars(
        &panels[2],
        title,
        "character",
        (0.0, MAX_LOG_P),
        0.0,
        chars,
        &[one_percent],
    )?;
    Ok(())
}

fn log_p(p: f64) -> f64 {
    if p <= 0.0 {
        MAX_LOG_P
    } else {
        (-p.log10()).clamp(0.0, MAX_LOG_P)
    }
}

/// One bar per position from `base` to its value, red when its p-value is below 1%, with
/// dashed horizontal reference lines.
fn bars(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    x_desc: &str,
    (y0, y1): (f64, f64),
    base: f64,
    values: impl ExactSizeIterator<Item = (f64, f64)>,
    lines: &[f64],
) -> Drawn {
    // Position i is centred on x = i, so the axis labels sit under their bars.
    let count = values.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d(-0.5..count - 0.5, y0..y1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .x_desc(x_desc)
        .x_label_formatter(&|x| match x.fract() {
            0.0 if *x >= 0.0 => format!("{x:.0}"),
            _ => String::new(),
        })
        .draw()?;
    chart.draw_series(values.enumerate().map(|(i, (v, p))| {
        let color = if p < HEADLINE_LEVEL { FAIL } else { PASS };
        let x = i as f64;
        let v = v.clamp(y0, y1);
        Rectangle::new([(x - 0.4, base), (x + 0.4, v)], color.filled())
    }))?;
    // 120 dashes across the panel, whatever the number of positions.
    let step = count / 120.0;
    for &y in lines {
        let dashes = (0..120).map(|k| {
            let x = k as f64 * step - 0.5;
            PathElement::new(vec![(x, y), (x + step / 2.0, y)], BLACK.stroke_width(1))
        });
        chart.draw_series(dashes)?;
    }
    Ok(())
}
