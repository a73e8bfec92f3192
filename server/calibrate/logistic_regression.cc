// Newton's method on the penalised log-likelihood. The Hessian X'WX of
// indicator features is formed sparsely (each row touches one entry per
// fact), then solved densely: features number in the tens or hundreds.
#include "calibrate/logistic_regression.h"

#include <cmath>

namespace leadgate::calibrate {

Eigen::VectorXd LogisticModel::LogOdds(const FeatureMatrix& features) const {
  Eigen::VectorXd eta = features * weights;
  eta.array() += intercept;
  return eta;
}

Result<LogisticModel> FitLogistic(const FeatureMatrix& features, const std::vector<uint8_t>& outcome,
                                  const LogisticOptions& options) {
  const Eigen::Index rows = features.rows(), columns = features.cols();
  if (rows == 0 || static_cast<size_t>(rows) != outcome.size())
    return Status::InvalidArgument("logistic regression needs one outcome per row");
  Eigen::VectorXd y(rows);
  for (Eigen::Index i = 0; i < rows; ++i) y[i] = outcome[i];
  // The column of ones for the intercept is appended as the last parameter.
  FeatureMatrix design(rows, columns + 1);
  {
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(features.nonZeros() + rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      for (FeatureMatrix::InnerIterator it(features, i); it; ++it) entries.emplace_back(i, it.col(), it.value());
      entries.emplace_back(i, columns, 1.0);
    }
    design.setFromTriplets(entries.begin(), entries.end());
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(columns + 1);
  const double mean = y.mean();
  if (mean > 0 && mean < 1) beta[columns] = std::log(mean / (1 - mean));
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(columns + 1, options.l2);
  penalty[columns] = 0;
  LogisticModel model;
  Eigen::MatrixXd hessian;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const Eigen::VectorXd eta = design * beta;
    Eigen::VectorXd p(rows), w(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      p[i] = 1 / (1 + std::exp(-eta[i]));
      w[i] = std::max(p[i] * (1 - p[i]), 1e-10);
    }
    const Eigen::VectorXd gradient = design.transpose() * (y - p) - penalty.cwiseProduct(beta);
    const FeatureMatrix weighted = w.asDiagonal() * design;
    hessian = Eigen::MatrixXd(design.transpose() * weighted);
    hessian.diagonal() += penalty;
    // A tiny ridge on the intercept keeps the solve defined with no features.
    hessian(columns, columns) += 1e-9;
    Eigen::LDLT<Eigen::MatrixXd> solver(hessian);
    if (solver.info() != Eigen::Success) return Status::Internal("logistic regression: singular Hessian");
    const Eigen::VectorXd step = solver.solve(gradient);
    beta += step;
    model.iterations = iteration;
    if (!step.allFinite()) return Status::Internal("logistic regression diverged");
    if (step.cwiseAbs().maxCoeff() < options.tolerance) break;
  }
  model.intercept = beta[columns];
  model.weights = beta.head(columns);
  const Eigen::MatrixXd covariance =
      Eigen::LDLT<Eigen::MatrixXd>(hessian).solve(Eigen::MatrixXd::Identity(columns + 1, columns + 1));
  model.standard_errors = covariance.diagonal().head(columns).cwiseMax(0).cwiseSqrt();
  return model;
}

}  // namespace leadgate::calibrate
