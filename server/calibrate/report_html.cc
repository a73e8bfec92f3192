// report.html: one self-contained page. Plots are inline SVG drawn here
// (no scripts, fonts or stylesheets from elsewhere); every string that comes
// from the policy or the data goes through EscapeHtml().
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "base/html_text.h"
#include "calibrate/answers.h"
#include "calibrate/report_writers.h"

namespace leadgate::calibrate {
namespace {

std::string Num(double value, int digits = 1) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string Pct(double share) { return Num(share * 100, 0) + "%"; }

// Tick values at a round step (1, 2 or 5 times a power of ten) covering
// [low, high], about `count` of them.
std::vector<double> NiceTicks(double low, double high, int count) {
  if (!(high > low)) return {low};
  const double raw = (high - low) / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * power;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double tick = std::ceil(low / step) * step; tick <= high + step * 1e-9; tick += step)
    ticks.push_back(std::round(tick / step) * step);
  return ticks;
}

// A plot area: maps data coordinates into a width x height box with margins.
struct Frame {
  double width = 420, height = 300, left = 48, right = 12, top = 12, bottom = 40;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  double X(double x) const { return left + (x - x0) / (x1 - x0 == 0 ? 1 : x1 - x0) * (width - left - right); }
  double Y(double y) const {
    return height - bottom - (y - y0) / (y1 - y0 == 0 ? 1 : y1 - y0) * (height - top - bottom);
  }
  std::string Open(const std::string& title) const {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + Num(width, 0) + "\" height=\"" +
           Num(height, 0) + "\" viewBox=\"0 0 " + Num(width, 0) + " " + Num(height, 0) + "\"><title>" +
           EscapeHtml(title) + "</title>";
  }
  std::string Axes(const std::string& x_label, const std::string& y_label, int ticks = 4, bool y_ticks = true) const {
    std::string svg = "<g class=\"axes\"><line x1=\"" + Num(left) + "\" y1=\"" + Num(Y(y0)) + "\" x2=\"" +
                      Num(width - right) + "\" y2=\"" + Num(Y(y0)) + "\"/><line x1=\"" + Num(left) + "\" y1=\"" +
                      Num(top) + "\" x2=\"" + Num(left) + "\" y2=\"" + Num(Y(y0)) + "\"/>";
    for (double x : NiceTicks(x0, x1, ticks)) {
      svg += "<text x=\"" + Num(X(x)) + "\" y=\"" + Num(Y(y0) + 14) + "\" text-anchor=\"middle\">" + FormatNumber(x) +
             "</text>";
    }
    for (double y : y_ticks ? NiceTicks(y0, y1, ticks) : std::vector<double>{}) {
      svg += "<text x=\"" + Num(left - 4) + "\" y=\"" + Num(Y(y) + 4) + "\" text-anchor=\"end\">" + FormatNumber(y) +
             "</text>";
    }
    svg += "<text x=\"" + Num((left + width - right) / 2) + "\" y=\"" + Num(height - 6) + "\" text-anchor=\"middle\">" +
           EscapeHtml(x_label) + "</text>";
    svg += "<text transform=\"translate(12," + Num((top + height - bottom) / 2) +
           ") rotate(-90)\" text-anchor=\"middle\">" + EscapeHtml(y_label) + "</text></g>";
    return svg;
  }
  std::string Polyline(const std::vector<std::pair<double, double>>& points, const std::string& css) const {
    std::string svg = "<polyline class=\"" + css + "\" points=\"";
    const size_t step = std::max<size_t>(1, points.size() / 400);
    for (size_t i = 0; i < points.size(); i += step)
      svg += Num(X(points[i].first)) + "," + Num(Y(points[i].second)) + " ";
    if (!points.empty()) svg += Num(X(points.back().first)) + "," + Num(Y(points.back().second));
    return svg + "\"/>";
  }
};

std::string RocPlot(const CalibrationReport& report) {
  Frame frame;
  frame.width = 340;
  std::string svg = frame.Open("ROC curve on the held-out leads");
  svg += frame.Axes("false positive rate", "true positive rate");
  svg += frame.Polyline({{0, 0}, {1, 1}}, "chance");
  svg += frame.Polyline(report.roc_model, "model");
  svg += frame.Polyline(report.roc_points, "points");
  svg += "<text x=\"60\" y=\"24\" class=\"legend-points\">points table AUC " + Num(report.auc_points.auc, 3) +
         "</text><text x=\"60\" y=\"40\" class=\"legend-model\">unrounded model AUC " + Num(report.auc_model.auc, 3) +
         "</text></svg>";
  return svg;
}

std::string AnswerPlot(const FactStats& fact, double base_rate) {
  Frame frame;
  frame.left = 170;
  frame.height = 30 + 22.0 * fact.answers.size() + 30;
  frame.top = 30;
  std::string svg = frame.Open("Conversion by answer: " + fact.fact_id);
  svg += "<text x=\"4\" y=\"18\" class=\"fact\">" + EscapeHtml(fact.fact_id) + (fact.askable ? " (question)" : "") +
         "</text>";
  svg += frame.Axes("conversion rate (95% interval)", "", 4, /*y_ticks=*/false);
  const double base_x = frame.X(base_rate);
  svg += "<line class=\"base\" x1=\"" + Num(base_x) + "\" y1=\"" + Num(frame.top) + "\" x2=\"" + Num(base_x) +
         "\" y2=\"" + Num(frame.Y(0)) + "\"/>";
  for (size_t i = 0; i < fact.answers.size(); ++i) {
    const AnswerStats& answer = fact.answers[i];
    const double y = frame.top + 12 + 22.0 * i;
    std::string label = answer.answer + " (" + FormatNumber(answer.rows) + ")";
    if (label.size() > 28) label = label.substr(0, 27) + "…";
    svg += "<text x=\"" + Num(frame.left - 6) + "\" y=\"" + Num(y + 4) + "\" text-anchor=\"end\">" + EscapeHtml(label) +
           "</text>";
    if (answer.rows == 0) continue;
    svg += "<line class=\"whisker\" x1=\"" + Num(frame.X(answer.interval.low)) + "\" y1=\"" + Num(y) + "\" x2=\"" +
           Num(frame.X(answer.interval.high)) + "\" y2=\"" + Num(y) + "\"/>";
    svg += "<circle class=\"" + std::string(answer.significant ? "significant" : "plain") + "\" cx=\"" +
           Num(frame.X(answer.rate)) + "\" cy=\"" + Num(y) + "\" r=\"4\"/>";
  }
  return svg + "</svg>";
}

std::string ScorePlot(const CalibrationReport& report) {
  const auto& scores = report.holdout_scores;
  if (scores.empty()) return "";
  const double low = *std::min_element(scores.begin(), scores.end());
  const double high = *std::max_element(scores.begin(), scores.end());
  const int bins = static_cast<int>(std::clamp(high - low + 1, 1.0, 30.0));
  const double width = (high - low + 1) / bins;
  std::vector<double> yes(bins), no(bins);
  double total_yes = 0, total_no = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    const int bin = std::min(bins - 1, static_cast<int>((scores[i] - low) / width));
    (report.holdout_converted[i] ? yes : no)[bin] += 1;
    (report.holdout_converted[i] ? total_yes : total_no) += 1;
  }
  double top = 0;
  for (int b = 0; b < bins; ++b) {
    yes[b] /= std::max(total_yes, 1.0), no[b] /= std::max(total_no, 1.0);
    top = std::max({top, yes[b], no[b]});
  }
  Frame frame;
  frame.x0 = low, frame.x1 = high + 1, frame.y1 = top > 0 ? top : 1;
  std::string svg = frame.Open("Score distribution of held-out leads");
  svg += frame.Axes("points", "share of leads");
  for (int b = 0; b < bins; ++b) {
    const double x = frame.X(low + b * width), w = frame.X(low + (b + 1) * width) - x;
    svg += "<rect class=\"no\" x=\"" + Num(x) + "\" y=\"" + Num(frame.Y(no[b])) + "\" width=\"" + Num(w / 2) +
           "\" height=\"" + Num(frame.Y(0) - frame.Y(no[b])) + "\"/>";
    svg += "<rect class=\"yes\" x=\"" + Num(x + w / 2) + "\" y=\"" + Num(frame.Y(yes[b])) + "\" width=\"" + Num(w / 2) +
           "\" height=\"" + Num(frame.Y(0) - frame.Y(yes[b])) + "\"/>";
  }
  const double bar_x = frame.X(report.bar);
  svg += "<line class=\"bar\" x1=\"" + Num(bar_x) + "\" y1=\"" + Num(frame.top) + "\" x2=\"" + Num(bar_x) + "\" y2=\"" +
         Num(frame.Y(0)) + "\"/>";
  svg += "<text x=\"" + Num(frame.left + 8) + "\" y=\"24\" class=\"legend-yes\">converted</text><text x=\"" +
         Num(frame.left + 8) + "\" y=\"40\" class=\"legend-no\">not converted</text></svg>";
  return svg;
}

std::string AcceptancePlot(const CalibrationReport& report) {
  if (report.tradeoff.size() < 2) return "";
  Frame frame;
  frame.x0 = report.tradeoff.front().bar, frame.x1 = report.tradeoff.back().bar;
  std::vector<std::pair<double, double>> accept, missed;
  for (const TradeoffRow& row : report.tradeoff) {
    if (row.holdout.mqls > 0) accept.emplace_back(row.bar, row.holdout.converted_share());
    missed.emplace_back(row.bar, row.holdout.missed_share());
  }
  std::string svg = frame.Open("Acceptance against the bar (held-out leads)");
  svg += frame.Axes("bar (mql.points)", "share");
  svg += frame.Polyline(accept, "points") + frame.Polyline(missed, "model");
  const double bar_x = frame.X(report.bar);
  svg += "<line class=\"bar\" x1=\"" + Num(bar_x) + "\" y1=\"" + Num(frame.top) + "\" x2=\"" + Num(bar_x) + "\" y2=\"" +
         Num(frame.Y(0)) + "\"/>";
  svg +=
      "<text x=\"60\" y=\"24\" class=\"legend-points\">share of MQLs that convert</text><text x=\"60\" y=\"40\" "
      "class=\"legend-model\">share of conversions missed</text></svg>";
  return svg;
}

const char kStyle[] =
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}.verdict{font-size:1.1rem;padding:.8rem 1rem;"
    "border-left:4px solid #36c;background:#f3f6fb}.nosignal{border-color:#c63;background:#fbf4f0}"
    "table{border-collapse:collapse;font-size:.9rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;"
    "text-align:right}td:first-child,th:first-child{text-align:left}.chosen{background:#fff4c2}"
    "svg{display:block;margin:.5rem 0;font-size:11px}.axes line{stroke:#888}polyline{fill:none;stroke-width:2}"
    ".points{stroke:#36c}.model{stroke:#c63;stroke-dasharray:4 3}.chance{stroke:#bbb}.whisker{stroke:#555}"
    ".significant{fill:#36c}.plain{fill:#bbb}.base,.bar{stroke:#c63;stroke-dasharray:3 3}.yes{fill:#36c}"
    ".no{fill:#bbb}.legend-points,.legend-yes{fill:#36c}.legend-model{fill:#c63}.legend-no{fill:#888}"
    ".fact{font-weight:bold;font-size:13px}.scroll{max-height:24rem;overflow:auto}";

}  // namespace

std::string ReportToHtml(const CalibrationReport& report) {
  std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Calibration of " +
                     EscapeHtml(report.policy_name) + "</title><style>" + kStyle + "</style></head><body>";
  html += "<h1>Calibration of " + EscapeHtml(report.policy_name) + " (revision " +
          std::to_string(report.policy_revision) + ")</h1>";
  html += "<p class=\"verdict" + std::string(report.signal ? "" : " nosignal") + "\">" + EscapeHtml(report.verdict) +
          "</p>";
  html += "<h2>What was found</h2><ul>";
  html += "<li>" + std::to_string(report.train_rows + report.holdout_rows) + " leads with a sales outcome" +
          (report.grouped ? " from " + std::to_string(report.train_groups + report.holdout_groups) + " accounts" : "") +
          "; " + Pct(report.base_rate) + " of them converted. The criteria were fitted on " +
          std::to_string(report.train_rows) + " and checked on the other " + std::to_string(report.holdout_rows) +
          ", which the fit never saw.</li>";
  if (report.signal) {
    html += "<li>With the bar at <b>" + FormatNumber(report.bar) + " points</b> (target " +
            EscapeHtml(report.target.spec) + (report.target_met ? "" : ", not reachable: the closest bar was taken") +
            "), " + Pct(report.precision) + " of the held-out leads that pass convert, and they include " +
            Pct(report.recall) + " of all held-out conversions.</li>";
    html += "<li>The form asks " + Num(report.questions_calibrated, 1) + " questions on average, against " +
            FormatNumber(report.questions_full_form) + " for the full form.</li>";
    html += "<li>" + FormatNumber(report.points_per_doubling) +
            " points double a lead's odds of converting. The rules:</li></ul>";
    html += "<table><tr><th>rule</th><th>points</th><th>leads</th><th>converted</th><th>lift (95% interval)</th></tr>";
    for (const RuleStats& rule : report.rules) {
      html += "<tr><td>" + EscapeHtml(rule.fact_id) + ": " + EscapeHtml(rule.answer) + "</td><td>" +
              std::to_string(rule.points) + "</td><td>" + FormatNumber(rule.stats.rows) + "</td><td>" +
              Pct(rule.stats.rate) + "</td><td>" + Num(rule.stats.lift, 2) + " (" +
              Num(rule.stats.lift_interval.low, 2) + "–" + Num(rule.stats.lift_interval.high, 2) + ")</td></tr>";
    }
    html += "</table>";
  } else {
    html += "<li>No rules are proposed: criteria taken from noise would turn good leads away at random.</li></ul>";
  }
  html +=
      "<h2>How well the scores rank leads</h2><p>The curve shows, for every bar, the share of converted leads "
      "that pass against the share of the others that pass. The closer to the top left, the better.</p>";
  html += RocPlot(report);
  html += "<h2>Scores of converted and other leads</h2>" + ScorePlot(report);
  html +=
      "<h2>Moving the bar</h2><p>A higher bar passes fewer leads: more of them convert, but more conversions are "
      "missed.</p>" +
      AcceptancePlot(report);
  html +=
      "<div class=\"scroll\"><table><tr><th>bar</th><th>MQLs (training)</th><th>convert</th><th>missed</th>"
      "<th>MQLs (held out)</th><th>convert</th><th>missed</th></tr>";
  for (const TradeoffRow& row : report.tradeoff) {
    html += "<tr" + std::string(row.bar == report.bar ? " class=\"chosen\"" : "") + "><td>" + FormatNumber(row.bar) +
            "</td><td>" + FormatNumber(row.train.mqls) + "</td><td>" + Pct(row.train.converted_share()) + "</td><td>" +
            Pct(row.train.missed_share()) + "</td><td>" + FormatNumber(row.holdout.mqls) + "</td><td>" +
            Pct(row.holdout.converted_share()) + "</td><td>" + Pct(row.holdout.missed_share()) + "</td></tr>";
  }
  html += "</table></div>";
  html +=
      "<h2>Conversion by answer</h2><p>Each dot is the share of training leads with that answer who converted, "
      "with its 95% interval" +
      std::string(report.grouped ? " (accounts counted, not rows)" : "") +
      "; the dashed line is the overall rate. Blue dots differ from the rest beyond chance, after allowing for the "
      "number of answers compared.</p>";
  for (const FactStats& fact : report.facts) html += AnswerPlot(fact, report.base_rate);
  html += "</body></html>\n";
  return html;
}

}  // namespace leadgate::calibrate
