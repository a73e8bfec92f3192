// The calibration report as report.json (the keys docs/calibration.md
// lists) and as report.html: a self-contained page, findings in plain words
// first, then inline SVG plots, no external resources; every text from the
// data is escaped. Pure; thread-safe.
#ifndef LEADGATE_SERVER_CALIBRATE_REPORT_WRITERS_H_
#define LEADGATE_SERVER_CALIBRATE_REPORT_WRITERS_H_

#include <string>

#include "calibrate/calibration_report.h"

namespace leadgate::calibrate {

std::string ReportToJson(const CalibrationReport& report);
std::string ReportToHtml(const CalibrationReport& report);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_REPORT_WRITERS_H_
