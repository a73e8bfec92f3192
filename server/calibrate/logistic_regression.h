// L2-regularised logistic regression on sparse 0/1 indicator features,
// fitted by Newton's method (iteratively reweighted least squares) with
// Eigen. The intercept is not penalised. Pure; thread-safe.
#ifndef LEADGATE_SERVER_CALIBRATE_LOGISTIC_REGRESSION_H_
#define LEADGATE_SERVER_CALIBRATE_LOGISTIC_REGRESSION_H_

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <cstdint>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::calibrate {

using FeatureMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;

struct LogisticModel {
  double intercept = 0;
  Eigen::VectorXd weights;  // one per feature column, in log-odds
  // Standard error of each weight: the square root of the diagonal of the
  // inverse penalised Hessian at the fit (the posterior's curvature).
  Eigen::VectorXd standard_errors;
  int iterations = 0;
  // Linear predictor (log-odds) of each row of `features`.
  Eigen::VectorXd LogOdds(const FeatureMatrix& features) const;
};

struct LogisticOptions {
  // Penalty lambda/2 * |w|^2 on the log-likelihood: a normal prior with
  // variance 1/lambda on each feature's log-odds effect.
  double l2 = 1.0;
  int max_iterations = 50;
  double tolerance = 1e-8;  // on the largest Newton step
};

// Fits outcome ~ features; rows with outcome 1 are positives.
Result<LogisticModel> FitLogistic(const FeatureMatrix& features, const std::vector<uint8_t>& outcome,
                                  const LogisticOptions& options = {});

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_LOGISTIC_REGRESSION_H_
